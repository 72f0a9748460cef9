//! Reference solution of exercise 11 (see the exercise file for the task).

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
    // gather drops the others on the first error; wait_for drops gather
    // (and with it every future still running) when the deadline passes.
    match aio_tasks::wait_for(aio_tasks::gather(futures), timeout).await {
        Ok(Ok(values)) => Ok(values),
        Ok(Err(error)) => Err(GatherError::Failed(error)),
        Err(aio_tasks::TimeoutError) => Err(GatherError::TimedOut),
    }
}
