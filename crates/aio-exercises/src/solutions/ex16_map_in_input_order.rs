//! Reference solution of exercise 16 (see the exercise file for the task).

use std::sync::Arc;

pub use aio_loop::FutureError;
pub use aio_offload::{PoolShutDown, ThreadPool};

/// Runs `f` on every item on `pool`, all submitted at once; the results
/// come back in the order of `items`.
pub fn map_in_order<I, F, T>(pool: &ThreadPool, f: F, items: I) -> Vec<Result<T, FutureError>>
where
    I: IntoIterator,
    I::Item: Send + 'static,
    F: Fn(I::Item) -> T + Send + Sync + 'static,
    T: Send + 'static,
{
    let f = Arc::new(f);
    // Submit everything first (collect, not a lazy iterator: a lazy map
    // would submit and wait one item at a time).
    let jobs: Vec<_> = items
        .into_iter()
        .map(|item| {
            let f = f.clone();
            pool.submit(move || f(item))
        })
        .collect();
    // Then wait in input order; a job that finished early just waits in
    // its future until its turn.
    jobs.into_iter()
        .map(|job| match job {
            Ok(job) => job.wait(),
            Err(shut_down) => Err(FutureError::Exception(Arc::new(shut_down))),
        })
        .collect()
}
