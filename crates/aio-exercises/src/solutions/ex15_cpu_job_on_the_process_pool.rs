//! Reference solution of exercise 15 (see the exercise file for the task).

use std::error::Error;
use std::fmt;
use std::sync::Arc;

pub use aio_loop::FutureError;
pub use aio_offload::{PoolShutDown, ProcessPool};

/// The error of asking for zero chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZeroChunks;

impl fmt::Display for ZeroChunks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the range must be cut into at least one chunk")
    }
}

impl Error for ZeroChunks {}

/// The sum of the square roots of `start..end`, computed in `chunks` jobs
/// `"sqrt_sum"` on the worker processes of `pool`.
///
/// # Errors
///
/// [`ZeroChunks`] (as `FutureError::Exception`) if `chunks` is zero; else
/// the error of the first chunk that failed.
pub fn parallel_sqrt_sum(
    pool: &ProcessPool,
    start: u64,
    end: u64,
    chunks: usize,
) -> Result<f64, FutureError> {
    if chunks == 0 {
        return Err(FutureError::Exception(Arc::new(ZeroChunks)));
    }
    let end = end.max(start);
    let chunks = chunks as u64;
    let step = (end - start) / chunks;
    // Every chunk is submitted before any is waited for: the workers run
    // side by side while this thread waits.
    let parts = (0..chunks)
        .map(|i| {
            let lo = start + i * step;
            let hi = if i + 1 == chunks { end } else { lo + step };
            pool.submit::<_, f64>("sqrt_sum", &(lo, hi))
                .map_err(|shut_down| FutureError::Exception(Arc::new(shut_down)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut total = 0.0;
    for part in parts {
        total += part.wait()?;
    }
    Ok(total)
}
