//! # Exercise 13: the first n to finish, and drop the rest
//!
//! Read first: "as_completed" (`book/src/tasks/as-completed.md`).
//!
//! Ask five mirrors for the same file and keep the first two answers: in
//! asyncio you loop over `asyncio.as_completed(jobs)`, break after two, and
//! must remember to cancel the tasks still running. In Rust the outputs
//! come in completion order from `aio_tasks::as_completed` (or a
//! `futures::stream::FuturesUnordered`), and the futures still in the
//! stream are cancelled simply by dropping it.
//!
//! Implement [`first_n`]:
//! - run every future concurrently, on the calling task;
//! - return the outputs of the first `n` to finish, in the order they
//!   finished, as soon as the `n`th has finished;
//! - drop every other future then: none of them may run on;
//! - with fewer than `n` futures, return every output; with `n == 0`,
//!   return at once without polling any.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex13`.

use std::future::Future;

/// The outputs of the first `n` futures to finish, in completion order;
/// the other futures are dropped, that is, cancelled.
pub async fn first_n<I, F>(futures: I, n: usize) -> Vec<F::Output>
where
    I: IntoIterator<Item = F>,
    F: Future,
{
    let _ = (futures.into_iter(), n);
    todo!("exercise 13: take n items from as_completed (or FuturesUnordered), then drop the rest")
}
