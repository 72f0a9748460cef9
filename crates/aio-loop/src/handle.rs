//! `Handle` and `TimerHandle`: what `call_soon` and `call_later` give back.

use std::fmt;
use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Instant;

/// Where a callback came from: its type name and the line that scheduled it.
/// Debug mode and the exception handler print this.
///
/// # Examples
///
/// ```
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let handle = lp.call_soon(|| {})?;
/// assert!(handle.origin().location().file().ends_with(".rs"));
/// assert!(handle.origin().to_string().contains("closure"));
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    name: &'static str,
    location: &'static Location<'static>,
}

impl Origin {
    pub(crate) fn new(name: &'static str, location: &'static Location<'static>) -> Self {
        Origin { name, location }
    }

    /// The callback's or the future's type name (closures are named after the
    /// function they are written in).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The line that scheduled it (`call_soon`, `create_task`, ...).
    pub fn location(&self) -> &'static Location<'static> {
        self.location
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} scheduled at {}", self.name, self.location)
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Whoever owns the heap a timer sits in: told when a timer is cancelled, so
/// that a loop asleep until that timer wakes up and recomputes its sleep.
pub(crate) trait TimerOwner: Send + Sync {
    fn timer_cancelled(&self);
}

/// The state a handle shares with the loop's queue entry: a cancel flag. It
/// is atomic so that handles are `Send` and the multi-threaded loop can use
/// the same type.
pub(crate) struct HandleState {
    cancelled: AtomicBool,
    /// For timers: still in the loop's heap (asyncio's `_scheduled`).
    scheduled: AtomicBool,
    origin: Origin,
}

impl HandleState {
    pub(crate) fn new(origin: Origin) -> Arc<Self> {
        Arc::new(HandleState {
            cancelled: AtomicBool::new(false),
            scheduled: AtomicBool::new(false),
            origin,
        })
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    pub(crate) fn origin(&self) -> Origin {
        self.origin
    }

    pub(crate) fn set_scheduled(&self, scheduled: bool) {
        self.scheduled.store(scheduled, Ordering::SeqCst);
    }

    /// Sets the flag; true if this call cancelled it.
    fn cancel(&self) -> bool {
        !self.cancelled.swap(true, Ordering::SeqCst)
    }
}

/// A scheduled callback (asyncio's `asyncio.Handle`), returned by
/// [`EventLoop::call_soon`](crate::EventLoop::call_soon). Cancelling it
/// before it runs means it never runs.
///
/// Handles are `Send + Sync + Clone`: a clone cancels the same callback.
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let ran = Rc::new(Cell::new(false));
/// let flag = ran.clone();
/// let handle = lp.call_soon(move || flag.set(true))?;
/// handle.cancel();
/// assert!(handle.is_cancelled());
/// lp.run_until_complete(async {})?;
/// assert!(!ran.get());
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Clone)]
pub struct Handle {
    pub(crate) state: Arc<HandleState>,
}

impl Handle {
    pub(crate) fn new(state: Arc<HandleState>) -> Self {
        Handle { state }
    }

    // ANCHOR: handle_cancel
    /// Cancels the callback: if it has not run yet, it never will. Cancelling
    /// twice, or after it ran, does nothing.
    pub fn cancel(&self) {
        self.state.cancel();
    }
    // ANCHOR_END: handle_cancel

    /// True once [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.state.is_cancelled()
    }

    /// Where the callback came from.
    pub fn origin(&self) -> Origin {
        self.state.origin()
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("origin", &self.origin())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

/// A callback scheduled for a time (asyncio's `asyncio.TimerHandle`),
/// returned by [`EventLoop::call_later`](crate::EventLoop::call_later) and
/// [`EventLoop::call_at`](crate::EventLoop::call_at).
///
/// Cancelling a timer wakes the loop if it is asleep waiting for it, so the
/// loop recomputes how long to sleep instead of waking at a deadline nobody
/// waits for. A `TimerHandle` is `Send`: another thread may cancel it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let timer = lp.call_later(Duration::from_secs(3600), || unreachable!())?;
/// assert!(timer.when() > lp.time());
/// timer.cancel();
/// lp.run_until_complete(async {})?; // returns at once: the timer is gone
/// assert!(timer.is_cancelled());
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Clone)]
pub struct TimerHandle {
    handle: Handle,
    when: Instant,
    owner: Weak<dyn TimerOwner>,
}

impl TimerHandle {
    pub(crate) fn new(state: Arc<HandleState>, when: Instant, owner: Weak<dyn TimerOwner>) -> Self {
        TimerHandle {
            handle: Handle::new(state),
            when,
            owner,
        }
    }

    /// The loop time at which the callback is due (asyncio's `when()`).
    pub fn when(&self) -> Instant {
        self.when
    }

    // ANCHOR: timer_cancel
    /// Cancels the timer; if the loop sleeps waiting for it, wakes the loop.
    pub fn cancel(&self) {
        let state = &self.handle.state;
        if state.cancel()
            && state.scheduled.load(Ordering::SeqCst)
            && let Some(owner) = self.owner.upgrade()
        {
            owner.timer_cancelled();
        }
    }
    // ANCHOR_END: timer_cancel

    /// True once [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.handle.is_cancelled()
    }

    /// Where the callback came from.
    pub fn origin(&self) -> Origin {
        self.handle.origin()
    }

    /// The plain [`Handle`] of this timer.
    pub fn as_handle(&self) -> &Handle {
        &self.handle
    }
}

impl fmt::Debug for TimerHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimerHandle")
            .field("origin", &self.origin())
            .field("when", &self.when)
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}
