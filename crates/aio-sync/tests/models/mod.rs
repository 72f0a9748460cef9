//! What the shuttle model tests of aio-sync share: the schedulers and
//! schedule counts of every model test (from `aio-testkit`), and a counter
//! of tasks inside a critical section.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[allow(unused_imports)] // each test file uses its own subset
pub(crate) use aio_testkit::models::{ITERATIONS, check};

/// Counts how many tasks are inside a critical section, and the most ever seen.
#[derive(Debug, Default, Clone)]
pub(crate) struct Occupancy {
    inside: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
}

impl Occupancy {
    pub(crate) fn enter(&self) {
        let now = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
    }

    pub(crate) fn leave(&self) {
        self.inside.fetch_sub(1, Ordering::SeqCst);
    }

    pub(crate) fn most(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}
