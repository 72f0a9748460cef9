//! Errors shared by the pools.

use std::error::Error;
use std::fmt;

/// A job was submitted after the pool's `shutdown` (Python's
/// `RuntimeError: cannot schedule new futures after shutdown`).
///
/// ```
/// let pool = aio_offload::ThreadPool::new(1);
/// pool.shutdown(true, false);
/// let err = pool.submit(|| 1).unwrap_err();
/// assert_eq!(err.to_string(), "cannot schedule new jobs after shutdown");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolShutDown;

impl fmt::Display for PoolShutDown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot schedule new jobs after shutdown")
    }
}

impl Error for PoolShutDown {}

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
