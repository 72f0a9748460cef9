//! `wait`: run futures until a condition, and hand back the ones still pending.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};

/// When [`wait`] returns (asyncio's `FIRST_COMPLETED`, `FIRST_EXCEPTION`,
/// `ALL_COMPLETED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnWhen {
    /// As soon as any future completes.
    FirstCompleted,
    /// As soon as any future completes with an `Err`, or when all completed.
    FirstException,
    /// When every future completed.
    AllCompleted,
}

/// A future tagged with its position in the input.
#[derive(Debug)]
struct Indexed<F> {
    index: usize,
    future: F,
}

impl<F: Future + Unpin> Future for Indexed<F> {
    type Output = (usize, F::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let index = self.index;
        Pin::new(&mut self.future)
            .poll(cx)
            .map(|output| (index, output))
    }
}

/// What [`wait`] returns: the outputs of the futures that completed, and the
/// futures that did not, each with its index in the input.
pub struct Waited<F: Future> {
    /// `(index, output)`, in completion order.
    pub done: Vec<(usize, F::Output)>,
    /// `(index, future)`, not cancelled: poll them again, or drop them.
    pub pending: Vec<(usize, F)>,
}

impl<F: Future> std::fmt::Debug for Waited<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let done: Vec<usize> = self.done.iter().map(|(index, _)| *index).collect();
        let pending: Vec<usize> = self.pending.iter().map(|(index, _)| *index).collect();
        f.debug_struct("Waited")
            .field("done", &done)
            .field("pending", &pending)
            .finish()
    }
}

/// Runs `futures` until `return_when` is met or `timeout` passes, and
/// returns the outputs so far and the futures still pending (asyncio's
/// `asyncio.wait`). The pending futures are handed back, not cancelled: a
/// spawned task's `JoinHandle` keeps running; a plain future pauses until
/// it is polled again.
///
/// The futures must be `Unpin` to be handed back: pass `JoinHandle`s (as
/// asyncio passes tasks) or `Box::pin(future)`s.
///
/// # Cancel safety
///
/// Dropping `wait` drops every future it holds.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_tasks::{wait, ReturnWhen};
/// use tokio::time::sleep;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let tasks: Vec<_> = [30, 10, 20]
///     .into_iter()
///     .map(|ms| tokio::spawn(async move {
///         sleep(Duration::from_millis(ms)).await;
///         ms
///     }))
///     .collect();
/// let waited = wait(tasks, None, ReturnWhen::FirstCompleted).await;
/// assert_eq!(waited.done.len(), 1);
/// assert_eq!(waited.done[0].0, 1); // the 10 ms task, index 1
/// assert_eq!(*waited.done[0].1.as_ref().unwrap(), 10);
/// assert_eq!(waited.pending.len(), 2); // still running
/// # }
/// ```
// ANCHOR: wait
pub async fn wait<I, F, T, E>(
    futures: I,
    timeout: Option<Duration>,
    return_when: ReturnWhen,
) -> Waited<F>
where
    I: IntoIterator<Item = F>,
    F: Future<Output = Result<T, E>> + Unpin,
{
    let mut running: FuturesUnordered<Indexed<F>> = futures
        .into_iter()
        .enumerate()
        .map(|(index, future)| Indexed { index, future })
        .collect();
    let mut done = Vec::new();
    let collect = async {
        while let Some((index, output)) = running.next().await {
            let failed = output.is_err();
            done.push((index, output));
            match return_when {
                ReturnWhen::FirstCompleted => break,
                ReturnWhen::FirstException if failed => break,
                _ => {}
            }
        }
    };
    match timeout {
        Some(timeout) => {
            // Elapsed or not, what finished is in `done`.
            let _ = tokio::time::timeout(timeout, collect).await;
        }
        None => collect.await,
    }
    let pending = running
        .into_iter()
        .map(|indexed| (indexed.index, indexed.future))
        .collect();
    Waited { done, pending }
}
// ANCHOR_END: wait
