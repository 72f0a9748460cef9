//! Reference solution of exercise 09 (see the exercise file for the task).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_loop::{EventLoop, LoopError, TimerHandle};

/// What the ticks share.
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
    let inner = Rc::new(Inner {
        lp: lp.clone(),
        period,
        limit,
        callback: RefCell::new(Box::new(callback)),
        timer: RefCell::new(None),
        cancelled: Cell::new(false),
        ticks: Cell::new(0),
    });
    if limit != Some(0) {
        schedule(&inner, first)?;
    }
    Ok(Periodic { inner })
}

fn schedule(inner: &Rc<Inner>, when: Instant) -> Result<(), LoopError> {
    let ticking = inner.clone();
    let timer = inner.lp.call_at(when, move || tick(ticking, when))?;
    *inner.timer.borrow_mut() = Some(timer);
    Ok(())
}

fn tick(inner: Rc<Inner>, when: Instant) {
    if inner.cancelled.get() {
        return;
    }
    // Only the callback is borrowed while it runs: `cancel` touches the
    // flag and the timer, never the callback.
    (inner.callback.borrow_mut())();
    inner.ticks.set(inner.ticks.get() + 1);
    if inner.cancelled.get() || inner.limit.is_some_and(|limit| inner.ticks.get() >= limit) {
        return;
    }
    // The planned grid, not "a period from now": lateness and work don't add up.
    let now = inner.lp.time();
    let mut next = when + inner.period;
    while next < now {
        next += inner.period; // a missed beat: skip it, no catch-up burst
    }
    // A closed loop runs nothing more; there is no one to report to.
    let _ = schedule(&inner, next);
}

impl Periodic {
    /// Stops the ticks: none runs after this returns.
    pub fn cancel(&self) {
        self.inner.cancelled.set(true);
        if let Some(timer) = self.inner.timer.borrow_mut().take() {
            timer.cancel();
        }
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
        f.debug_struct("Periodic")
            .field("period", &inner.period)
            .field("limit", &inner.limit)
            .field("ticks", &inner.ticks.get())
            .field("cancelled", &inner.cancelled.get())
            .finish()
    }
}
