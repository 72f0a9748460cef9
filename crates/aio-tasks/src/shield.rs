//! `shield`: keep a future running when its awaiter is cancelled.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::task::JoinHandle;

/// Protects `future` from the cancellation of whoever awaits it (asyncio's
/// `shield`): it is spawned as a task, and the returned [`Shielded`] awaits
/// that task. Dropping the `Shielded` (a timeout, a cancelled caller)
/// detaches the task instead of stopping it; it runs to completion.
///
/// # Panics
///
/// Awaiting the `Shielded` resumes the panic if the task panicked. Must be
/// called inside a tokio runtime.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::time::Duration;
/// use tokio::time::sleep;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let saved = Arc::new(AtomicBool::new(false));
/// let flag = saved.clone();
/// let save = aio_tasks::shield(async move {
///     sleep(Duration::from_secs(2)).await;
///     flag.store(true, Ordering::SeqCst);
/// });
/// // The caller gives up after one second...
/// assert!(aio_tasks::wait_for(save, Duration::from_secs(1)).await.is_err());
/// // ...but the shielded work goes on and finishes.
/// sleep(Duration::from_secs(2)).await;
/// assert!(saved.load(Ordering::SeqCst));
/// # }
/// ```
pub fn shield<F>(future: F) -> Shielded<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Shielded {
        task: tokio::spawn(future),
    }
}

/// The future of [`shield`].
#[must_use = "futures do nothing unless awaited"]
pub struct Shielded<T> {
    task: JoinHandle<T>,
}

// ANCHOR: shielded_poll
impl<T> Future for Shielded<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        Pin::new(&mut self.task)
            .poll(cx)
            .map(|joined| match joined {
                Ok(value) => value,
                Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
                // Nobody aborts a shielded task but the runtime shutting down.
                Err(err) => panic!("the shielded task was cancelled: {err}"),
            })
    }
}
// ANCHOR_END: shielded_poll

impl<T> fmt::Debug for Shielded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shielded")
            .field("finished", &self.task.is_finished())
            .finish()
    }
}
