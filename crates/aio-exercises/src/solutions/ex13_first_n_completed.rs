//! Reference solution of exercise 13 (see the exercise file for the task).

use std::future::Future;

use futures::StreamExt;

/// The outputs of the first `n` futures to finish, in completion order;
/// the other futures are dropped, that is, cancelled.
pub async fn first_n<I, F>(futures: I, n: usize) -> Vec<F::Output>
where
    I: IntoIterator<Item = F>,
    F: Future,
{
    if n == 0 {
        return Vec::new(); // dropping `futures` drops them all, unpolled
    }
    // Without a timeout the stream never yields Err. Returning drops the
    // stream, and with it every future that has not finished.
    aio_tasks::as_completed(futures, None)
        .take(n)
        .map(|output| output.expect("no timeout was set"))
        .collect()
        .await
}
