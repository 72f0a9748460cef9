//! `as_completed`: outputs in the order the futures finish.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use futures::stream::FuturesUnordered;
use tokio::time::Sleep;

use crate::error::TimeoutError;

/// A stream of the outputs of `futures` in completion order (asyncio's
/// `as_completed`). With a `timeout`, the stream yields
/// `Err(TimeoutError)` once it passes, and then ends, dropping the futures
/// still running.
///
/// # Cancel safety
///
/// Dropping the stream drops every future it holds.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use futures::StreamExt;
/// use tokio::time::sleep;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let after = |ms: u64| async move {
///     sleep(Duration::from_millis(ms)).await;
///     ms
/// };
/// let order: Vec<_> = aio_tasks::as_completed([after(30), after(10), after(20)], None)
///     .map(Result::unwrap)
///     .collect()
///     .await;
/// assert_eq!(order, [10, 20, 30]);
///
/// let mut within = aio_tasks::as_completed([after(30), after(10)], Some(Duration::from_millis(15)));
/// assert_eq!(within.next().await, Some(Ok(10)));
/// assert_eq!(within.next().await, Some(Err(aio_tasks::TimeoutError)));
/// assert_eq!(within.next().await, None);
/// # }
/// ```
pub fn as_completed<I, F>(futures: I, timeout: Option<Duration>) -> AsCompleted<F>
where
    I: IntoIterator<Item = F>,
    F: Future,
{
    AsCompleted {
        running: futures.into_iter().collect(),
        deadline: timeout.map(|timeout| Box::pin(tokio::time::sleep(timeout))),
        finished: false,
    }
}

/// The stream of [`as_completed`].
#[must_use = "streams do nothing unless polled"]
pub struct AsCompleted<F> {
    running: FuturesUnordered<F>,
    deadline: Option<Pin<Box<Sleep>>>,
    finished: bool,
}

// ANCHOR: as_completed_poll
impl<F: Future> Stream for AsCompleted<F> {
    type Item = Result<F::Output, TimeoutError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        // A future that is ready now wins over a deadline that passed now.
        match Pin::new(&mut self.running).poll_next(cx) {
            Poll::Ready(Some(output)) => return Poll::Ready(Some(Ok(output))),
            Poll::Ready(None) => {
                self.finished = true;
                return Poll::Ready(None);
            }
            Poll::Pending => {}
        }
        if let Some(deadline) = &mut self.deadline
            && deadline.as_mut().poll(cx).is_ready()
        {
            self.finished = true;
            self.running.clear();
            return Poll::Ready(Some(Err(TimeoutError)));
        }
        Poll::Pending
    }
}
// ANCHOR_END: as_completed_poll

impl<F> std::fmt::Debug for AsCompleted<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsCompleted")
            .field("running", &self.running.len())
            .field("finished", &self.finished)
            .finish()
    }
}
