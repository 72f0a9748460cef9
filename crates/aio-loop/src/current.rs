//! The loop of the current thread: asyncio's `get_event_loop`,
//! `set_event_loop`, `new_event_loop` and `get_running_loop`.
//!
//! asyncio keeps one loop per thread in its event loop policy, and code
//! finds it implicitly. Rust code usually passes the loop (or a
//! [`LoopHandle`](crate::LoopHandle)) explicitly instead: the type system
//! then shows which code needs a loop, and a thread without one is a compile
//! error rather than the `RuntimeError: There is no current event loop in
//! thread` that seed 002 warns about. These functions exist for the
//! few places that cannot take a parameter, such as [`sleep`](crate::sleep).

use std::cell::RefCell;

use crate::error::LoopError;
use crate::event_loop::EventLoop;

thread_local! {
    static CURRENT: RefCell<Option<EventLoop>> = const { RefCell::new(None) };
    static RUNNING: RefCell<Option<EventLoop>> = const { RefCell::new(None) };
}

/// A new event loop (asyncio's `new_event_loop()`); it is not made current.
///
/// # Errors
///
/// As [`EventLoop::new`].
pub fn new_event_loop() -> Result<EventLoop, LoopError> {
    EventLoop::new()
}

/// Makes `lp` this thread's current loop (`None` unsets it), asyncio's
/// `set_event_loop`. Each thread has its own.
///
/// # Examples
///
/// ```
/// use aio_loop::{get_event_loop, new_event_loop, set_event_loop, LoopError};
///
/// assert_eq!(get_event_loop().unwrap_err(), LoopError::NoEventLoop);
/// let lp = new_event_loop()?;
/// set_event_loop(Some(lp.clone()));
/// assert!(get_event_loop()?.ptr_eq(&lp));
/// // Another thread has no current loop until it sets one.
/// let there = std::thread::spawn(|| get_event_loop().is_err()).join().unwrap();
/// assert!(there);
/// set_event_loop(None);
/// # Ok::<(), LoopError>(())
/// ```
pub fn set_event_loop(lp: Option<EventLoop>) {
    CURRENT.with(|current| *current.borrow_mut() = lp);
}

/// The running loop if there is one, else this thread's current loop
/// (asyncio's `get_event_loop`, 3.12 semantics: it never creates one).
///
/// # Errors
///
/// [`LoopError::NoEventLoop`] if this thread has neither.
// ANCHOR: get_event_loop
pub fn get_event_loop() -> Result<EventLoop, LoopError> {
    get_running_loop()
        .or_else(|_| CURRENT.with(|current| current.borrow().clone().ok_or(LoopError::NoEventLoop)))
}
// ANCHOR_END: get_event_loop

/// The loop running on this thread (asyncio's `get_running_loop`): the one
/// inside whose `run_*` the caller is.
///
/// # Errors
///
/// [`LoopError::NoEventLoop`] outside a running loop.
///
/// # Examples
///
/// ```
/// let lp = aio_loop::EventLoop::new()?;
/// assert!(aio_loop::get_running_loop().is_err());
/// let same = lp.run_until_complete(async {
///     aio_loop::get_running_loop().unwrap()
/// })?;
/// assert!(same.ptr_eq(&lp));
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub fn get_running_loop() -> Result<EventLoop, LoopError> {
    RUNNING.with(|running| running.borrow().clone().ok_or(LoopError::NoEventLoop))
}

/// Marks `lp` as this thread's running loop until the guard drops.
pub(crate) fn enter(lp: &EventLoop) -> Result<RunningGuard, LoopError> {
    RUNNING.with(|running| {
        let mut running = running.borrow_mut();
        if running.is_some() {
            return Err(LoopError::AnotherLoopRunning);
        }
        *running = Some(lp.clone());
        Ok(RunningGuard(()))
    })
}

pub(crate) struct RunningGuard(());

impl Drop for RunningGuard {
    fn drop(&mut self) {
        // `try_with`: the thread-local may be gone if the thread is exiting.
        let _ = RUNNING.try_with(|running| running.borrow_mut().take());
    }
}
