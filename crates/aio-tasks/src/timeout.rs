//! `wait_for` and `timeout`: deadlines, fixed or movable.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};
use std::time::Duration;

use tokio::time::Instant;

use crate::error::TimeoutError;

/// Awaits `future` for at most `timeout` (asyncio's `wait_for`). On timeout
/// the future is dropped, which is how Rust cancels it: its `Drop`s run,
/// and it never runs again.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let quick = async { 7 };
/// assert_eq!(aio_tasks::wait_for(quick, Duration::from_secs(1)).await, Ok(7));
/// # }
/// ```
// ANCHOR: wait_for
pub async fn wait_for<F: Future>(future: F, timeout: Duration) -> Result<F::Output, TimeoutError> {
    tokio::time::timeout(timeout, future)
        .await
        .map_err(|_| TimeoutError)
}
// ANCHOR_END: wait_for

#[derive(Debug)]
struct Shared {
    deadline: Option<Instant>,
    /// Bumped by every `reschedule`, so the running scope resets its timer.
    generation: u64,
    expired: bool,
    waker: Option<Waker>,
}

/// A deadline for a block of async code whose deadline can move (asyncio's
/// `async with asyncio.timeout(delay) as cm: ... cm.reschedule(when)`).
///
/// Make one with [`timeout`] or [`timeout_at`], take a [`TimeoutHandle`]
/// to move the deadline from inside the block (or from anywhere: it is
/// `Send + Sync`), then [`run`](Self::run) the block.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tokio::time::{sleep, Instant};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let scope = aio_tasks::timeout(Duration::from_secs(1));
/// let handle = scope.handle();
/// let outcome = scope
///     .run(async move {
///         sleep(Duration::from_millis(500)).await;
///         // Halfway there: we need longer.
///         handle.reschedule(Some(Instant::now() + Duration::from_secs(2)));
///         sleep(Duration::from_millis(1500)).await;
///         "finished"
///     })
///     .await;
/// assert_eq!(outcome, Ok("finished"));
/// # }
/// ```
#[derive(Debug)]
pub struct Timeout {
    shared: Arc<Mutex<Shared>>,
}

/// Moves or reads the deadline of a [`Timeout`] (asyncio's `Timeout.reschedule`,
/// `when`, `expired`).
#[derive(Debug, Clone)]
pub struct TimeoutHandle {
    shared: Arc<Mutex<Shared>>,
}

/// A scope that times out `delay` from now.
pub fn timeout(delay: Duration) -> Timeout {
    timeout_at(Some(Instant::now() + delay))
}

/// A scope that times out at `deadline` (`None`: never, until rescheduled).
pub fn timeout_at(deadline: Option<Instant>) -> Timeout {
    Timeout {
        shared: Arc::new(Mutex::new(Shared {
            deadline,
            generation: 0,
            expired: false,
            waker: None,
        })),
    }
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Timeout {
    /// A handle that moves this scope's deadline.
    pub fn handle(&self) -> TimeoutHandle {
        TimeoutHandle {
            shared: self.shared.clone(),
        }
    }

    /// Runs `future` until it completes or the deadline passes; then it is
    /// dropped (cancelled) and the result is `Err(TimeoutError)`.
    // ANCHOR: timeout_run
    pub async fn run<F: Future>(self, future: F) -> Result<F::Output, TimeoutError> {
        let mut future = pin!(future);
        let mut timer = pin!(tokio::time::sleep_until(Instant::now()));
        let mut armed_generation = None;
        poll_fn(|cx| {
            if let Poll::Ready(output) = future.as_mut().poll(cx) {
                return Poll::Ready(Ok(output));
            }
            let mut shared = lock(&self.shared);
            shared.waker = Some(cx.waker().clone());
            let Some(deadline) = shared.deadline else {
                return Poll::Pending;
            };
            // The deadline moved since the timer was armed: re-arm it.
            if armed_generation != Some(shared.generation) {
                armed_generation = Some(shared.generation);
                timer.as_mut().reset(deadline);
            }
            if timer.as_mut().poll(cx).is_ready() {
                shared.expired = true;
                return Poll::Ready(Err(TimeoutError));
            }
            Poll::Pending
        })
        .await
    }
    // ANCHOR_END: timeout_run
}

impl TimeoutHandle {
    /// Moves the deadline (`None`: no deadline). Takes effect at once, even
    /// when the scope is waiting.
    pub fn reschedule(&self, deadline: Option<Instant>) {
        let waker = {
            let mut shared = lock(&self.shared);
            shared.deadline = deadline;
            shared.generation += 1;
            shared.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// The current deadline (asyncio's `when()`).
    pub fn when(&self) -> Option<Instant> {
        lock(&self.shared).deadline
    }

    /// True once the scope timed out (asyncio's `expired()`).
    pub fn expired(&self) -> bool {
        lock(&self.shared).expired
    }
}
