//! # Exercise 09: a periodic callback that does not drift
//!
//! Read first: "Time and timers" (`book/src/loop/timers.md`), "Periodic
//! callbacks, without drift"; the example `periodic_callback`.
//!
//! asyncio has no periodic callback: a callback that reschedules itself is
//! enough. Implement [`start_periodic`] on an `aio_loop::EventLoop`: run
//! `callback` at `first`, `first + period`, `first + 2 * period`, ... until
//! it has run `limit` times (`None`: forever) or [`Periodic::cancel`] is
//! called.
//!
//! - Schedule each tick with `lp.call_at(when, ...)`; when a tick has run,
//!   schedule the next one at `when + period`: the *planned* time of the
//!   tick that just ran, plus a period. Not `call_later(period)`: that
//!   counts from whenever the tick finished, so the tick's own work and the
//!   loop's lateness add up, tick after tick (the tests' callbacks advance
//!   the manual clock to simulate work).
//! - If a tick finished after later beats were due (the next planned time
//!   is strictly before `lp.time()`), skip those beats: keep adding
//!   `period` until the next time is not in the past. Skipped beats do not
//!   run and do not count towards `limit`.
//! - [`Periodic::cancel`] stops the ticks, even when called from inside the
//!   callback: no tick runs after it returns. Keep the pending
//!   `TimerHandle` and cancel it, and check the flag before rescheduling.
//! - Count the ticks that ran in `ticks` (read by [`Periodic::ticks`]).
//!
//! The callback runs inside the loop and may call [`Periodic::cancel`]: do
//! not hold a `RefCell` borrow of something `cancel` needs while it runs.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex09`.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_loop::{EventLoop, LoopError, TimerHandle};

/// What the ticks share (a suggestion: change the fields as you like).
struct Inner {
    lp: EventLoop,
    period: Duration,
    limit: Option<usize>,
    callback: RefCell<Box<dyn FnMut()>>,
    /// The timer of the next tick, to cancel it.
    timer: RefCell<Option<TimerHandle>>,
    cancelled: Cell<bool>,
    ticks: Cell<usize>,
}

/// A running periodic callback: read its progress, or cancel it.
pub struct Periodic {
    inner: Rc<Inner>,
}

/// Runs `callback` on `lp` at `first`, then every `period` on that grid,
/// `limit` times in all (`None`: until cancelled).
///
/// # Errors
/// [`LoopError::Closed`] if the loop is closed.
pub fn start_periodic(
    lp: &EventLoop,
    first: Instant,
    period: Duration,
    limit: Option<usize>,
    callback: impl FnMut() + 'static,
) -> Result<Periodic, LoopError> {
    let _ = (lp, first, period, limit, callback);
    todo!(
        "exercise 09: call_at(first, a tick that runs the callback and reschedules at when + period)"
    )
}

impl Periodic {
    /// Stops the ticks: none runs after this returns.
    pub fn cancel(&self) {
        todo!("exercise 09: set the flag and cancel the pending timer")
    }

    /// True once [`cancel`](Periodic::cancel) was called. (Given.)
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.get()
    }

    /// How many ticks have run. (Given.)
    pub fn ticks(&self) -> usize {
        self.inner.ticks.get()
    }
}

impl fmt::Debug for Periodic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let _ = (&inner.lp, &inner.callback, &inner.timer);
        f.debug_struct("Periodic")
            .field("period", &inner.period)
            .field("limit", &inner.limit)
            .field("ticks", &inner.ticks.get())
            .field("cancelled", &inner.cancelled.get())
            .finish()
    }
}
