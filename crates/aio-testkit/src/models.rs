//! What every shuttle model test shares (compiled only under
//! `--cfg aio_shuttle`): how many schedules to try, and with which
//! schedulers. Each scenario runs under a random scheduler and under PCT
//! (probabilistic concurrency testing), which is better at finding bugs that
//! need a few preemptions at precise points.

/// Schedules per scheduler per scenario: enough to find each crate's broken
/// variant many times over, few enough for all model tests to finish in
/// well under a minute in release.
pub const ITERATIONS: usize = 20_000;

/// Preemption bound for PCT.
pub const PCT_DEPTH: usize = 3;

/// Runs `scenario` under shuttle's random and PCT schedulers.
pub fn check<F>(scenario: F)
where
    F: Fn() + Send + Sync + Clone + 'static,
{
    shuttle::check_random(scenario.clone(), ITERATIONS);
    shuttle::check_pct(scenario, ITERATIONS, PCT_DEPTH);
}
