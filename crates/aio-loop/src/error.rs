//! The loop's errors: misuse that asyncio reports with an exception.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// Why the loop refused a request: asyncio's `RuntimeError`s about the loop.
///
/// # Examples
///
/// ```
/// use aio_loop::{EventLoop, LoopError};
///
/// let lp = EventLoop::new()?;
/// lp.close()?;
/// let err = lp.call_soon(|| {}).unwrap_err();
/// assert_eq!(err, LoopError::Closed);
/// assert_eq!(err.to_string(), "the event loop is closed");
/// # Ok::<(), LoopError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoopError {
    /// The loop was closed: nothing can be scheduled on it any more.
    Closed,
    /// `run_*` or `close` was called while the loop is running.
    Running,
    /// `run_*` was called while another loop runs on this thread.
    AnotherLoopRunning,
    /// `run_until_complete` returned because `stop()` was called first.
    StoppedBeforeComplete,
    /// No loop was set for this thread (`get_event_loop`), or none is running
    /// (`get_running_loop`).
    NoEventLoop,
    /// The future given to `run_until_complete` did not produce its output:
    /// it was cancelled or it panicked.
    Future(FutureError),
    /// The operating system refused a request (creating the wake-up pipe,
    /// registering a file descriptor); the message is its error's.
    Io(String),
}

impl fmt::Display for LoopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoopError::Closed => f.write_str("the event loop is closed"),
            LoopError::Running => f.write_str("the event loop is already running"),
            LoopError::AnotherLoopRunning => f.write_str(
                "cannot run the event loop while another loop is running on this thread",
            ),
            LoopError::StoppedBeforeComplete => {
                f.write_str("the event loop stopped before the future completed")
            }
            LoopError::NoEventLoop => f.write_str("there is no current event loop in this thread"),
            LoopError::Future(err) => write!(f, "the future did not complete: {err}"),
            LoopError::Io(msg) => write!(f, "the event loop's I/O failed: {msg}"),
        }
    }
}

impl Error for LoopError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            LoopError::Future(err) => Some(err),
            _ => None,
        }
    }
}

impl From<std::io::Error> for LoopError {
    fn from(err: std::io::Error) -> Self {
        LoopError::Io(err.to_string())
    }
}

/// Why a [`LoopFuture`](crate::LoopFuture) or [`Task`](crate::Task) has no
/// value to give: asyncio's `CancelledError`, the exception set on a future,
/// a panic inside a task, or `InvalidStateError` for a result asked for too
/// early.
///
/// # Examples
///
/// ```
/// use aio_loop::{EventLoop, FutureError};
///
/// let lp = EventLoop::new()?;
/// let fut = lp.create_future::<u32>();
/// assert!(matches!(fut.result(), Err(FutureError::InvalidState(_))));
/// fut.cancel();
/// assert_eq!(fut.result().unwrap_err().to_string(), "the future was cancelled");
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum FutureError {
    /// It was cancelled (asyncio's `CancelledError`).
    Cancelled,
    /// An error was set on it with `set_exception`.
    Exception(Arc<dyn Error + Send + Sync>),
    /// The task's future panicked; the panic's message.
    Panicked(String),
    /// It is not done yet, or its output was already taken
    /// (asyncio's `InvalidStateError`).
    InvalidState(&'static str),
}

impl PartialEq for FutureError {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (FutureError::Cancelled, FutureError::Cancelled) => true,
            (FutureError::Exception(a), FutureError::Exception(b)) => {
                a.to_string() == b.to_string()
            }
            (FutureError::Panicked(a), FutureError::Panicked(b)) => a == b,
            (FutureError::InvalidState(a), FutureError::InvalidState(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for FutureError {}

impl fmt::Display for FutureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FutureError::Cancelled => f.write_str("the future was cancelled"),
            FutureError::Exception(err) => write!(f, "the future failed: {err}"),
            FutureError::Panicked(msg) => write!(f, "the task panicked: {msg}"),
            FutureError::InvalidState(msg) => write!(f, "invalid state: {msg}"),
        }
    }
}

impl Error for FutureError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            FutureError::Exception(err) => Some(&**err),
            _ => None,
        }
    }
}

/// A future's result or exception was set a second time (asyncio's
/// `InvalidStateError`). The refused value is dropped.
///
/// # Examples
///
/// ```
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let fut = lp.create_future();
/// fut.set_result(1)?;
/// let err = fut.set_result(2).unwrap_err();
/// assert_eq!(err.to_string(), "invalid state: the future is already done");
/// assert_eq!(fut.result(), Ok(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidStateError;

impl fmt::Display for InvalidStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid state: the future is already done")
    }
}

impl Error for InvalidStateError {}

/// The message of a caught panic's payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-string payload".to_owned()
    }
}
