//! # Exercise 14: move a blocking call off the loop
//!
//! Read first: "Why blocking calls freeze the loop" (`book/src/offload/index.md`)
//! and "Blocking the loop" (`book/src/tasks/blocking.md`).
//!
//! [`blocking_checksum`] reads a file with `std::fs`: a blocking call. The
//! naive async version calls it right in the task:
//!
//! ```text
//! async fn checksum_all(pool: &ThreadPool, paths: &[PathBuf]) -> io::Result<Vec<u64>> {
//!     paths.iter().map(|path| blocking_checksum(path)).collect() // blocks the loop
//! }
//! ```
//!
//! Wrap that in `aio_tasks::detect_blocking(checksum_all(..), threshold)`
//! and it is flagged: the whole read happens inside one poll of the task,
//! so the poll takes as long as the reads (milliseconds, or seconds on a
//! slow disk, where a poll should take microseconds), and the detector
//! reports a `SlowPoll` ("a poll blocked the executor's thread"). On a
//! current-thread runtime no other task runs meanwhile. Python's
//! `asyncio.run(main(), debug=True)` warns the same way: "Executing <Task
//! ...> took 0.6 seconds".
//!
//! Implement [`checksum_all`], the `run_in_executor` cure:
//! - run every `blocking_checksum(path)` on `pool` (with
//!   [`ThreadPool::submit`]), never on the task's own thread;
//! - `.await` the futures the pool hands back (never `wait()` on them: that
//!   blocks the loop's thread just the same);
//! - return the checksums in the order of `paths`, or the first error in
//!   that order (a missing file is `io::ErrorKind::NotFound`); a job that
//!   panicked or a pool that is shut down becomes an `io::Error` too
//!   (`io::Error::other`).
//!
//! A pool job must be `'static`: move an owned `PathBuf` into each one.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex14`.

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
    let _ = (pool, paths);
    todo!("exercise 14: submit blocking_checksum to the pool for each path and await the futures")
}
