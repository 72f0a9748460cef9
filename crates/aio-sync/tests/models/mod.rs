//! What the shuttle model tests share: how many schedules to try, and with
//! which schedulers. Each scenario runs under a random scheduler and under
//! PCT (probabilistic concurrency testing), which is better at finding bugs
//! that need a few preemptions at precise points.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Schedules per scheduler per scenario: enough to find the broken variant's
/// hang many times over, small enough for all model tests to finish in
/// well under a minute.
pub(crate) const ITERATIONS: usize = 20_000;

/// Preemption bound for PCT.
pub(crate) const PCT_DEPTH: usize = 3;

/// Runs `scenario` under shuttle's random and PCT schedulers.
pub(crate) fn check<F>(scenario: F)
where
    F: Fn() + Send + Sync + Clone + 'static,
{
    shuttle::check_random(scenario.clone(), ITERATIONS);
    shuttle::check_pct(scenario, ITERATIONS, PCT_DEPTH);
}

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
