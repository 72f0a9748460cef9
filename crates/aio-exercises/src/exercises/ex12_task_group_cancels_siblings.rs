//! # Exercise 12: a task group that cancels the siblings of a failed task
//!
//! Read first: "TaskGroup" (`book/src/tasks/task-group.md`).
//!
//! Python 3.11's `async with asyncio.TaskGroup() as tg:` runs its tasks
//! until all are done; the first task to fail cancels the others, and the
//! block raises an `ExceptionGroup` with every failure. tokio's
//! [`JoinSet`](tokio::task::JoinSet) runs tasks and hands their outputs
//! back as they finish, but it is not a task group: it does not cancel the
//! siblings on the first error, nor collect every error. That logic is
//! yours.
//!
//! Implement [`run_all`] on a `tokio::task::JoinSet`:
//! - spawn every task; if all succeed, return `Ok` with their values in
//!   spawn order (not completion order);
//! - on the first `Err`, abort every other task (`JoinSet::abort_all`):
//!   they are dropped at their `.await`, and the code after it never runs;
//! - return `Err` with every error that happened: tasks that failed at the
//!   same instant as the first one still count, but a task that was
//!   aborted is not a failure (its `JoinError::is_cancelled()`);
//! - return only when every task has ended (structured concurrency: no
//!   task outlives the call);
//! - a task that panics: resume its panic (`JoinError::into_panic`).
//!
//! Hint: spawn each task tagged with its index, `async move { (index,
//! task.await) }`, and file each value in its slot as `join_next` returns it.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex12`.

use std::future::Future;

/// Runs every task on the runtime; every value in spawn order, or, after
/// the first failure cancelled the others, every error that happened.
pub async fn run_all<I, F, T, E>(tasks: I) -> Result<Vec<T>, Vec<E>>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let _ = tasks.into_iter();
    todo!(
        "exercise 12: spawn (index, task.await) on a JoinSet; on the first Err abort_all, keep joining"
    )
}
