//! Types the exercises build on (given, not to be changed).

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// A stop signal a thread can wait on with a timeout (Python's
/// `threading.Event`).
///
/// ```
/// use std::time::Duration;
/// let stop = aio_exercises::given::StopSignal::new();
/// assert!(!stop.wait_timeout(Duration::from_millis(1)));
/// stop.set();
/// assert!(stop.wait_timeout(Duration::from_secs(3600))); // returns at once
/// ```
#[derive(Debug, Default)]
pub struct StopSignal {
    set: Mutex<bool>,
    changed: Condvar,
}

impl StopSignal {
    /// A signal not set yet.
    pub fn new() -> Self {
        StopSignal::default()
    }

    /// Sets the signal and wakes every waiter.
    pub fn set(&self) {
        *self.set.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    /// Waits until the signal is set or `timeout` passes; true if it is set.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        let (set, _) = self
            .changed
            .wait_timeout_while(set, timeout, |set| !*set)
            .unwrap_or_else(PoisonError::into_inner);
        *set
    }
}
