//! # Exercise 11: gather with a deadline for the whole batch
//!
//! Read first: "gather and wait" (`book/src/tasks/gather.md`) and
//! "Timeouts and cancellation" (`book/src/tasks/timeouts.md`).
//!
//! In asyncio you would write
//! `await asyncio.wait_for(asyncio.gather(*jobs), timeout=1)`: either every
//! result, in input order, or the first exception, or `TimeoutError`, and
//! on timeout every job is cancelled. In Rust, cancelling a future means
//! dropping it: it never runs again, and only its `Drop`s run.
//!
//! Implement [`gather_within`]:
//! - run every future concurrently; return `Ok` with every value, in input
//!   order (not completion order), if they all succeed before `timeout`;
//! - if a future fails first, return [`GatherError::Failed`] with its error
//!   at once, dropping the futures still running;
//! - if `timeout` passes first, return [`GatherError::TimedOut`], having
//!   dropped every future that had not finished (none of them may run on).
//!
//! `aio_tasks::gather` and `aio_tasks::wait_for` do most of the work: the
//! lesson is how the two outcomes nest, and that dropping is cancelling.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex11`.

use std::future::Future;
use std::time::Duration;

/// Why [`gather_within`] gave no values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatherError<E> {
    /// A future failed before the deadline: the first error.
    Failed(E),
    /// The deadline passed before every future had finished.
    TimedOut,
}

impl<E: std::fmt::Display> std::fmt::Display for GatherError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GatherError::Failed(error) => write!(f, "a task failed: {error}"),
            GatherError::TimedOut => f.write_str("the deadline passed before every task finished"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for GatherError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GatherError::Failed(error) => Some(error),
            GatherError::TimedOut => None,
        }
    }
}

/// Runs `futures` concurrently for at most `timeout`: every value in input
/// order, or the first error, or [`GatherError::TimedOut`].
pub async fn gather_within<I, F, T, E>(
    futures: I,
    timeout: Duration,
) -> Result<Vec<T>, GatherError<E>>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>>,
{
    let _ = (futures, timeout);
    todo!(
        "exercise 11: wait_for(gather(futures), timeout), then map both error layers to GatherError"
    )
}
