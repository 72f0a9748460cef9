//! `gather` and `gather_settled`: run futures together, results in input order.

use std::future::Future;

use futures::FutureExt;
use futures::stream::{FuturesUnordered, StreamExt};

/// Runs every future concurrently and returns their values in input order
/// (asyncio's `gather`). The first error wins: it is returned at once and
/// the futures still running are dropped, that is, cancelled.
///
/// That last point differs from asyncio, where the other awaitables keep
/// running after `gather` raised: a Rust future only runs while someone
/// polls it, so when `gather` returns, they stop. Spawn them
/// (`tokio::spawn`) and gather the `JoinHandle`s to keep them running.
///
/// All futures run on the calling task (no spawning, no `Send` needed).
/// Each completion costs O(1): a future is polled only when its waker fired.
///
/// # Cancel safety
///
/// Dropping `gather` drops every future it holds.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tokio::time::sleep;
///
/// async fn fetch(ms: u64, outcome: Result<u32, String>) -> Result<u32, String> {
///     sleep(Duration::from_millis(ms)).await;
///     outcome
/// }
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let values = aio_tasks::gather([fetch(30, Ok(1)), fetch(10, Ok(2)), fetch(20, Ok(3))]).await;
/// assert_eq!(values, Ok(vec![1, 2, 3])); // input order, not completion order
///
/// // The first error wins; the 30 ms future is dropped unfinished.
/// let failing = aio_tasks::gather([fetch(30, Ok(1)), fetch(10, Err("boom".into()))]).await;
/// assert_eq!(failing, Err("boom".to_owned()));
/// # }
/// ```
// ANCHOR: gather
pub async fn gather<I, F, T, E>(futures: I) -> Result<Vec<T>, E>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>>,
{
    let mut running: FuturesUnordered<_> = futures
        .into_iter()
        .enumerate()
        .map(|(index, future)| future.map(move |output| (index, output)))
        .collect();
    let mut values: Vec<Option<T>> = (0..running.len()).map(|_| None).collect();
    while let Some((index, output)) = running.next().await {
        values[index] = Some(output?);
    }
    Ok(values
        .into_iter()
        .map(|value| value.expect("every future completed"))
        .collect())
}
// ANCHOR_END: gather

/// Runs every future concurrently and returns every output, errors
/// included, in input order (asyncio's `gather(..., return_exceptions=True)`).
/// Nothing is cancelled: an error is just one more output.
///
/// # Cancel safety
///
/// Dropping it drops every future it holds.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// async fn attempt(outcome: Result<i32, &'static str>) -> Result<i32, &'static str> {
///     outcome
/// }
/// let outcomes =
///     aio_tasks::gather_settled([attempt(Ok(1)), attempt(Err("no luck")), attempt(Ok(3))]).await;
/// assert_eq!(outcomes, [Ok(1), Err("no luck"), Ok(3)]);
/// # }
/// ```
pub async fn gather_settled<I, F>(futures: I) -> Vec<F::Output>
where
    I: IntoIterator<Item = F>,
    F: Future,
{
    let mut running: FuturesUnordered<_> = futures
        .into_iter()
        .enumerate()
        .map(|(index, future)| future.map(move |output| (index, output)))
        .collect();
    let mut outputs: Vec<Option<F::Output>> = (0..running.len()).map(|_| None).collect();
    while let Some((index, output)) = running.next().await {
        outputs[index] = Some(output);
    }
    outputs
        .into_iter()
        .map(|output| output.expect("every future completed"))
        .collect()
}
