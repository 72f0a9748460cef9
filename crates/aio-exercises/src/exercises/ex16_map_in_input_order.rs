//! # Exercise 16: map over a thread pool, in input order
//!
//! Read first: "Threads for blocking I/O" (`book/src/offload/threads.md`).
//!
//! Python's `executor.map(f, items)` submits every call at once and yields
//! the results in the order of `items`, whatever order the calls finish in.
//! Rebuild it on [`ThreadPool::submit`] (without `ThreadPool::map`, which
//! is the answer).
//!
//! Implement [`map_in_order`]:
//! - submit `f(item)` for **every** item before waiting for any result;
//! - then collect one result per item, in input order (`wait()` on each
//!   future in turn is fine: this is a plain function, not async code);
//! - a job that panics gives `Err(FutureError::Panicked(message))` in its
//!   own place, and every other item still gets its result; a `submit`
//!   refused after shutdown gives `Err(FutureError::Exception(Arc::new(PoolShutDown)))`
//!   in that item's place.
//!
//! Why everything at once? Jobs may depend on one another. The tests make
//! item `i` wait for item `i + 1` to finish, so they finish in reverse
//! order: submitting one item and waiting for it before submitting the
//! next deadlocks on the very first item (it waits for a job that was
//! never submitted).
//!
//! `f` is shared by every job: put it in an `Arc` and clone the `Arc` into
//! each job.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex16`.

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
    let _ = (pool, f, items.into_iter());
    todo!("exercise 16: submit every item first, then wait for each future in input order")
}
