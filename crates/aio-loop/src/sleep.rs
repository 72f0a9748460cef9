//! `sleep` and `yield_now`: asyncio's `asyncio.sleep`, built on `call_later`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::current::get_running_loop;
use crate::event_loop::EventLoop;
use crate::future::LoopFuture;
use crate::handle::TimerHandle;

/// Waits `delay` on the running loop (asyncio's `asyncio.sleep`): a timer
/// whose callback completes a future the task awaits.
///
/// # Panics
///
/// When first polled outside a running [`EventLoop`] (`run_forever`,
/// `run_until_complete` or `run_once`), as asyncio raises
/// `RuntimeError: no running event loop`; use [`EventLoop::sleep`] to name
/// the loop explicitly.
///
/// # Cancel safety
///
/// Dropping the future cancels its timer.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// # let lp = aio_loop::EventLoop::new()?;
/// let start = lp.time();
/// lp.run_until_complete(aio_loop::sleep(Duration::from_millis(5)))?;
/// assert!(lp.time() - start >= Duration::from_millis(5));
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub fn sleep(delay: Duration) -> Sleep {
    Sleep {
        lp: None,
        delay,
        timer: None,
    }
}

/// The future of [`sleep`] and [`EventLoop::sleep`].
#[must_use = "futures do nothing unless awaited"]
pub struct Sleep {
    lp: Option<EventLoop>,
    delay: Duration,
    timer: Option<(TimerHandle, LoopFuture<()>)>,
}

impl EventLoop {
    /// Waits `delay` on this loop (the explicit form of [`sleep`]).
    ///
    /// # Panics
    ///
    /// When polled after the loop was closed.
    ///
    /// ```
    /// use std::time::Duration;
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let nap = lp.sleep(Duration::from_millis(1));
    /// lp.run_until_complete(nap)?;
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    pub fn sleep(&self, delay: Duration) -> Sleep {
        Sleep {
            lp: Some(self.clone()),
            delay,
            timer: None,
        }
    }
}

// ANCHOR: sleep_poll
impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.timer.is_none() {
            let lp = match &self.lp {
                Some(lp) => lp.clone(),
                None => get_running_loop()
                    .expect("aio_loop::sleep must be awaited inside a running EventLoop"),
            };
            let done = lp.create_future::<()>();
            let fire = done.clone();
            let timer = lp
                .call_later(self.delay, move || {
                    let _ = fire.set_result(());
                })
                .expect("aio_loop::sleep on a closed EventLoop");
            self.timer = Some((timer, done));
        }
        let (_, done) = self.timer.as_mut().expect("set above");
        Pin::new(done).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some((timer, _)) = &self.timer {
            timer.cancel();
        }
    }
}
// ANCHOR_END: sleep_poll

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sleep")
            .field("delay", &self.delay)
            .field("started", &self.timer.is_some())
            .finish()
    }
}

/// Gives the other ready callbacks and tasks a turn (asyncio's
/// `await asyncio.sleep(0)`): the task wakes itself and waits for the next
/// iteration.
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// # let lp = aio_loop::EventLoop::new()?;
/// let log = Rc::new(RefCell::new(Vec::new()));
/// for name in ["a", "b"] {
///     let log = log.clone();
///     lp.create_task(async move {
///         log.borrow_mut().push(format!("{name}1"));
///         aio_loop::yield_now().await;
///         log.borrow_mut().push(format!("{name}2"));
///     })?;
/// }
/// lp.run_until_complete(async { aio_loop::yield_now().await; aio_loop::yield_now().await })?;
/// assert_eq!(*log.borrow(), ["a1", "b1", "a2", "b2"]);
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// The future of [`yield_now`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
