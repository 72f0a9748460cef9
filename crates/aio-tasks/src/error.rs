//! Errors of the combinators.

use std::error::Error;
use std::fmt;

/// A deadline passed before the future completed (asyncio's `TimeoutError`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_tasks::{wait_for, TimeoutError};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let slow = tokio::time::sleep(Duration::from_secs(10));
/// let err = wait_for(slow, Duration::from_secs(1)).await.unwrap_err();
/// assert_eq!(err, TimeoutError);
/// assert_eq!(err.to_string(), "the deadline passed before the future completed");
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutError;

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the deadline passed before the future completed")
    }
}

impl Error for TimeoutError {}
