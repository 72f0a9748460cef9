//! The spinner as a tokio task: Fluent Python's `spinner_asyncio.py`, where
//! the supervisor cancels the task instead of flipping a flag.

use std::convert::Infallible;
use std::future::Future;
use std::io::{self, Write};
use std::time::Duration;

use tokio::task::JoinError;
use tokio_util::sync::CancellationToken;

use crate::line::SpinnerLine;

/// The body of the task spinner: draws a frame, sleeps `interval`, forever.
///
/// It never returns `Ok`: it ends only when it is cancelled, and in Rust a
/// cancelled future is a *dropped* future. Python's version catches
/// `CancelledError` to clear the line; here that cleanup lives in a `Drop`
/// impl, so it also runs when the task is aborted, when the runtime shuts
/// down, or when the future is dropped by a `select!` that chose another
/// branch. Each `.await` (here, the sleep) is a point where that can happen,
/// and the only such points.
///
/// # Cancel safety
/// Dropping it at any `.await` clears the line and loses nothing else.
///
/// # Errors
/// Returns only if writing to `out` fails.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{spin_task, SharedOutput};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let output = SharedOutput::new();
/// let spinner = tokio::spawn(spin_task("thinking!", Duration::from_millis(100), output.clone()));
/// tokio::time::sleep(Duration::from_millis(250)).await; // the paused clock jumps
/// spinner.abort();
/// assert!(spinner.await.unwrap_err().is_cancelled());
/// let transcript = output.transcript();
/// assert_eq!(transcript.frames, vec!['|', '/', '-']);
/// assert!(transcript.cleared);
/// # }
/// ```
// ANCHOR: spin_task
pub async fn spin_task<W: Write>(
    message: impl Into<String>,
    interval: Duration,
    out: W,
) -> io::Result<Infallible> {
    let mut line = ClearOnDrop(SpinnerLine::new(message, out));
    loop {
        line.0.draw()?;
        tokio::time::sleep(interval).await; // the cancellation point
    }
}
// ANCHOR_END: spin_task

/// Clears the spinner's line when the future that owns it is dropped:
/// the Rust spelling of `except CancelledError: ...clear the line...`.
// ANCHOR: clear_on_drop
struct ClearOnDrop<W: Write>(SpinnerLine<W>);

impl<W: Write> Drop for ClearOnDrop<W> {
    fn drop(&mut self) {
        // Drop cannot report an error; a spinner that cannot clear its line
        // has nothing better to do.
        let _ = self.0.clear();
    }
}
// ANCHOR_END: clear_on_drop

/// The task spinner with cooperative cancellation: spins until `token` is
/// cancelled, then clears the line and returns the writer.
///
/// `tokio::select!` waits for whichever comes first, the next tick or the
/// token. Unlike [`spin_task`] under `abort`, the spinner decides where it
/// stops and can hand things back, which is how you stop a task that must
/// flush, save or say goodbye.
///
/// # Cancel safety
/// Dropping this future instead of cancelling the token loses only the
/// writer; the line is left as it was after the last frame.
///
/// # Errors
/// Any error from writing to `out`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{spin_task_until_cancelled, Transcript};
/// use tokio_util::sync::CancellationToken;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() -> std::io::Result<()> {
/// let token = CancellationToken::new();
/// token.cancel(); // already cancelled: one frame, then the clear
/// let out = spin_task_until_cancelled("thinking!", Duration::from_secs(1), token, Vec::new()).await?;
/// let transcript = Transcript::parse(&String::from_utf8(out).unwrap());
/// assert_eq!(transcript.frames, vec!['|']);
/// assert!(transcript.cleared);
/// # Ok(()) }
/// ```
// ANCHOR: spin_task_until_cancelled
pub async fn spin_task_until_cancelled<W: Write>(
    message: impl Into<String>,
    interval: Duration,
    token: CancellationToken,
    out: W,
) -> io::Result<W> {
    let mut line = SpinnerLine::new(message, out);
    loop {
        line.draw()?;
        tokio::select! {
            () = token.cancelled() => break,
            () = tokio::time::sleep(interval) => {}
        }
    }
    line.clear()?;
    Ok(line.into_inner())
}
// ANCHOR_END: spin_task_until_cancelled

/// Runs `slow` while [`spin_task`] animates in a spawned task, then cancels
/// the spinner with [`JoinHandle::abort`](tokio::task::JoinHandle::abort) and
/// returns what `slow` returned: the seed's asyncio `supervisor()`.
///
/// `abort` only *requests* cancellation; the task is dropped the next time
/// the runtime gets to it. Awaiting the handle afterwards waits for that drop,
/// so the line is clear before the caller prints the answer (Python's
/// `await spinner` after `spinner.cancel()` does the same).
///
/// # Errors
/// The spinner's write error, if it had one.
///
/// # Panics
/// If the spinner task panicked, the panic is resumed here. Must be called
/// inside a tokio runtime with the time driver enabled.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{slow_async, supervisor_abort, SharedOutput};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() -> std::io::Result<()> {
/// let output = SharedOutput::new();
/// let slow = slow_async(Duration::from_secs(3));
/// let answer = supervisor_abort("thinking!", Duration::from_millis(100), output.clone(), slow).await?;
/// assert_eq!(answer, 42);
/// assert!(output.transcript().frames.len() >= 30);
/// assert!(output.transcript().cleared);
/// # Ok(()) }
/// ```
// ANCHOR: supervisor_abort
pub async fn supervisor_abort<T, W>(
    message: &str,
    interval: Duration,
    out: W,
    slow: impl Future<Output = T>,
) -> io::Result<T>
where
    W: Write + Send + 'static,
{
    let spinner = tokio::spawn(spin_task(message.to_owned(), interval, out));
    let result = slow.await;
    spinner.abort();
    match spinner.await {
        Err(join_error) => cancelled_or_resume(join_error)?,
        Ok(Err(write_error)) => return Err(write_error),
        Ok(Ok(never)) => match never {},
    }
    Ok(result)
}
// ANCHOR_END: supervisor_abort

/// Runs `slow` while [`spin_task_until_cancelled`] animates in a spawned task,
/// then cancels the token and waits for the spinner to finish on its own.
///
/// # Errors
/// The spinner's write error, if it had one.
///
/// # Panics
/// If the spinner task panicked, the panic is resumed here. Must be called
/// inside a tokio runtime with the time driver enabled.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{slow_async, supervisor_token, SharedOutput};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() -> std::io::Result<()> {
/// let output = SharedOutput::new();
/// let slow = slow_async(Duration::from_secs(1));
/// let answer = supervisor_token("thinking!", Duration::from_millis(100), output.clone(), slow).await?;
/// assert_eq!(answer, 42);
/// assert!(output.transcript().cleared);
/// # Ok(()) }
/// ```
pub async fn supervisor_token<T, W>(
    message: &str,
    interval: Duration,
    out: W,
    slow: impl Future<Output = T>,
) -> io::Result<T>
where
    W: Write + Send + 'static,
{
    let token = CancellationToken::new();
    let spinner = tokio::spawn(spin_task_until_cancelled(
        message.to_owned(),
        interval,
        token.clone(),
        out,
    ));
    let result = slow.await;
    token.cancel();
    match spinner.await {
        Ok(written) => written.map(|_| result),
        Err(join_error) => {
            cancelled_or_resume(join_error)?;
            Ok(result)
        }
    }
}

/// The instructive mistake: the "slow function" blocks the thread (a
/// `std::thread::sleep`, a heavy computation, a synchronous HTTP call) inside
/// async code.
///
/// The supervisor spawns the spinner and yields once, so the first frame
/// appears; then it calls `slow`, which never reaches an `.await`. On a
/// current-thread runtime (asyncio's model: one thread, one loop) nothing
/// else can run until `slow` returns, so the spinner is frozen on its first
/// frame for the whole wait, and is then cancelled having drawn exactly one.
/// On a multi-threaded runtime the spinner may move to another worker and
/// hide the mistake, until every worker is blocked the same way.
///
/// # Errors
/// The spinner's write error, if it had one.
///
/// # Panics
/// If the spinner task panicked, the panic is resumed here. Must be called
/// inside a tokio runtime with the time driver enabled.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{supervisor_blocked, SharedOutput};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let output = SharedOutput::new();
/// let answer = supervisor_blocked("thinking!", Duration::from_millis(1), output.clone(), || 42).await?;
/// assert_eq!(answer, 42);
/// assert_eq!(output.transcript().frames.len(), 1); // frozen after the first frame
/// # Ok(()) }
/// ```
// ANCHOR: supervisor_blocked
pub async fn supervisor_blocked<T, W>(
    message: &str,
    interval: Duration,
    out: W,
    slow: impl FnOnce() -> T,
) -> io::Result<T>
where
    W: Write + Send + 'static,
{
    let slow_as_written = async {
        // Let the spinner draw its first frame, so the freeze is visible...
        tokio::task::yield_now().await;
        // ...then block: no `.await` inside, so this thread serves no one else.
        slow()
    };
    supervisor_abort(message, interval, out, slow_as_written).await
}
// ANCHOR_END: supervisor_blocked

/// The seed's asyncio `slow_function`: waits `delay` without blocking the
/// thread (other tasks run meanwhile), then returns 42.
///
/// # Panics
/// Outside a tokio runtime with the time driver enabled.
///
/// ```
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// assert_eq!(aio_spinner::slow_async(std::time::Duration::from_secs(3)).await, 42);
/// # }
/// ```
pub async fn slow_async(delay: Duration) -> u32 {
    tokio::time::sleep(delay).await;
    42
}

/// A cancelled join is the expected end of an aborted spinner; a panic is not.
fn cancelled_or_resume(join_error: JoinError) -> io::Result<()> {
    if join_error.is_cancelled() {
        Ok(())
    } else {
        std::panic::resume_unwind(join_error.into_panic())
    }
}
