//! Reference solution of exercise 14 (see the exercise file for the task).

use std::io;
use std::path::PathBuf;

pub use crate::given::{blocking_checksum, checksum};
pub use aio_offload::ThreadPool;

/// The checksum of every file in `paths`, in order, each computed by
/// [`blocking_checksum`] on a thread of `pool`.
///
/// # Errors
///
/// The first failed checksum's `io::Error`, in the order of `paths`.
pub async fn checksum_all(pool: &ThreadPool, paths: &[PathBuf]) -> io::Result<Vec<u64>> {
    // Submit every read first, so they run side by side on the pool...
    let jobs = paths
        .iter()
        .map(|path| {
            let path = path.clone();
            pool.submit(move || blocking_checksum(&path))
                .map_err(io::Error::other)
        })
        .collect::<io::Result<Vec<_>>>()?;
    // ...then await each: the task yields while a pool thread reads.
    let mut sums = Vec::with_capacity(jobs.len());
    for job in jobs {
        sums.push(job.await.map_err(io::Error::other)??);
    }
    Ok(sums)
}
