//! Helpers shared by the aio-tasks test files: `ms`, an ordered log, and a
//! drop flag that writes to it.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// An ordered log of what ran and what was dropped.
#[derive(Clone, Default)]
pub(crate) struct Log(pub(crate) Arc<Mutex<Vec<String>>>);

impl Log {
    pub(crate) fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap().push(entry.into());
    }

    pub(crate) fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }

    pub(crate) fn has(&self, entry: &str) -> bool {
        self.entries().iter().any(|e| e == entry)
    }
}

/// Writes `drop NAME` to the log when dropped: the drop flag.
pub(crate) struct OnDrop {
    pub(crate) log: Log,
    pub(crate) name: &'static str,
}

impl Drop for OnDrop {
    fn drop(&mut self) {
        self.log.push(format!("drop {}", self.name));
    }
}
