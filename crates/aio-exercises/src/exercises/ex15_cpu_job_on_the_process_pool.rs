//! # Exercise 15: run a CPU job on the process pool
//!
//! Read first: "Processes for CPU work" (`book/src/offload/processes.md`).
//!
//! Seed 002's CPU job, the sum of the square roots of `start..end`, is
//! registered in the worker processes as the job `"sqrt_sum"` (see
//! [`aio_offload::jobs::demo_registry`]): its argument is a `(u64, u64)`
//! range, its result an `f64`. Python's version cuts the range into chunks
//! and hands each to `run_in_executor(process_pool, sqrt_sum, start, end)`.
//!
//! Implement [`parallel_sqrt_sum`]:
//! - if `chunks` is zero, return `Err(FutureError::Exception(Arc::new(ZeroChunks)))`
//!   without submitting anything;
//! - otherwise cut `start..end` into `chunks` ranges of `(end - start) /
//!   chunks` numbers each, in order, the last one also taking the
//!   remainder (so with more chunks than numbers, every chunk but the last
//!   is empty, and that is fine);
//! - submit every chunk first (`pool.submit::<_, f64>("sqrt_sum", &(lo, hi))`),
//!   so the workers compute side by side, then `wait()` for each and add
//!   the parts up;
//! - a job that fails (a worker that died or could not start) fails the
//!   whole sum with that job's `FutureError`; `submit` after shutdown
//!   becomes `FutureError::Exception(Arc::new(PoolShutDown))`.
//!
//! Compute nothing in this process: the job runs in the workers, and the
//! arguments and results travel through pipes as JSON. (In Rust, a
//! `ThreadPool` or rayon would be as fast: processes are for isolation.)
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex15`.

use std::error::Error;
use std::fmt;

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
    let _ = (pool, start, end, chunks);
    todo!(
        "exercise 15: cut the range into chunks, submit a \"sqrt_sum\" job for each, add the results"
    )
}
