//! What the loop reports: panics it caught, and (in debug mode) slow callbacks.

use std::fmt;
use std::time::Duration;

use crate::handle::Origin;

/// A panic the loop caught in a callback or a task (asyncio's exception
/// handler `context` dict), passed to the handler set with
/// [`EventLoop::set_exception_handler`](crate::EventLoop::set_exception_handler).
/// The loop goes on after reporting it.
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let seen = Rc::new(RefCell::new(Vec::new()));
/// let log = seen.clone();
/// lp.set_exception_handler(move |ctx| log.borrow_mut().push(ctx.panic().to_owned()));
/// lp.call_soon(|| panic!("boom"))?;
/// lp.run_until_complete(async {})?;
/// assert_eq!(*seen.borrow(), ["boom"]);
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExceptionContext {
    pub(crate) message: &'static str,
    pub(crate) origin: Origin,
    pub(crate) panic: String,
}

impl ExceptionContext {
    /// What happened: "Exception in callback", "Task exception was never
    /// retrieved".
    pub fn message(&self) -> &'static str {
        self.message
    }

    /// The callback or task that panicked.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The panic's message.
    pub fn panic(&self) -> &str {
        &self.panic
    }
}

impl fmt::Display for ExceptionContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.message, self.origin, self.panic)
    }
}

/// A callback or task step that ran longer than the loop's
/// `slow_callback_duration`, reported in debug mode (asyncio's
/// "Executing <Handle ...> took 0.501 seconds" warning).
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use std::time::Duration;
/// use aio_loop::{Clock, EventLoop, ManualClock};
///
/// let clock = ManualClock::new();
/// let lp = EventLoop::with_clock(Clock::Manual(clock.clone()))?;
/// lp.set_debug(true);
/// let slow = Rc::new(RefCell::new(Vec::new()));
/// let log = slow.clone();
/// lp.set_slow_callback_handler(move |report| log.borrow_mut().push(report.duration()));
/// // A callback that blocks for half a second (the test moves the clock instead).
/// lp.call_soon(move || clock.advance(Duration::from_millis(500)))?;
/// lp.run_until_complete(async {})?;
/// assert_eq!(*slow.borrow(), [Duration::from_millis(500)]);
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SlowCallback {
    pub(crate) origin: Origin,
    pub(crate) duration: Duration,
    pub(crate) is_task: bool,
}

impl SlowCallback {
    /// The callback or task that was slow.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// How long it ran, by the loop's clock.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// True for one step of a task (one `poll`), false for a plain callback.
    pub fn is_task(&self) -> bool {
        self.is_task
    }
}

impl fmt::Display for SlowCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_task {
            "a step of task"
        } else {
            "callback"
        };
        write!(
            f,
            "Executing {what} {} took {:.3} seconds",
            self.origin,
            self.duration.as_secs_f64()
        )
    }
}
