//! The loop's clock: the monotonic system clock, or a manual one for tests.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Where an [`EventLoop`](crate::EventLoop) reads the time (asyncio's
/// `loop.time()`, which is `time.monotonic()`).
///
/// [`Clock::Manual`] makes time a test's decision: it moves only when the
/// test calls [`ManualClock::advance`], or when the loop has nothing to do
/// but wait for a timer, in which case it jumps straight to that timer
/// instead of sleeping (like tokio's paused clock). A test that schedules a
/// timer an hour ahead finishes at once and deterministically.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_loop::{Clock, EventLoop, ManualClock};
///
/// let clock = ManualClock::new();
/// let lp = EventLoop::with_clock(Clock::Manual(clock.clone()))?;
/// let start = lp.time();
/// lp.run_until_complete(aio_loop::sleep(Duration::from_secs(3600)))?;
/// assert_eq!(lp.time() - start, Duration::from_secs(3600));
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// `Instant::now()`.
    #[default]
    System,
    /// A clock that moves only when told to, or jumps to the next timer.
    Manual(ManualClock),
}

// ANCHOR: clock_impl
impl Clock {
    pub(crate) fn now(&self) -> Instant {
        match self {
            Clock::System => Instant::now(),
            Clock::Manual(clock) => clock.now(),
        }
    }

    /// Moves a manual clock forward to `when` (never backwards).
    pub(crate) fn advance_to(&self, when: Instant) {
        if let Clock::Manual(clock) = self {
            let mut now = clock.lock();
            if *now < when {
                *now = when;
            }
        }
    }
}
// ANCHOR_END: clock_impl

/// A clock that a test moves by hand. Clones share the same time.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_loop::ManualClock;
///
/// let clock = ManualClock::new();
/// let t0 = clock.now();
/// clock.advance(Duration::from_millis(500));
/// assert_eq!(clock.now() - t0, Duration::from_millis(500));
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<Instant>>,
}

impl ManualClock {
    /// A clock that starts at the current instant and stands still.
    pub fn new() -> Self {
        ManualClock {
            now: Arc::new(Mutex::new(Instant::now())),
        }
    }

    /// The clock's current time.
    pub fn now(&self) -> Instant {
        *self.lock()
    }

    /// Moves the clock forward (a test's stand-in for `time.sleep`).
    pub fn advance(&self, by: Duration) {
        *self.lock() += by;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Instant> {
        self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}
