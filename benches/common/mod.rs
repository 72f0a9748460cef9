//! What the benches share: the one runtime every implementation runs under,
//! the short criterion settings, and joining spawned tasks.
#![allow(dead_code)] // each bench uses its own subset

use std::time::Duration;

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;

/// tokio's current-thread runtime: every implementation of a workload runs
/// under it, so the comparison is between the primitives, not the runtimes.
pub(crate) fn runtime() -> Runtime {
    Builder::new_current_thread().build().expect("runtime")
}

/// tokio's multi-thread runtime with `workers` workers: for the variants that
/// show what changes when the two sides of a primitive run on different threads.
pub(crate) fn multi_thread_runtime(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .build()
        .expect("runtime")
}

/// Short runs, so that a whole bench file finishes in a few minutes on 2
/// cores: 30 samples, 1 s of warm-up, `measurement` of measuring.
pub(crate) fn configure(group: &mut BenchmarkGroup<'_, WallTime>, measurement: Duration) {
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(measurement);
}

/// Waits for every task; a panicked task fails the bench.
pub(crate) async fn join_all(handles: Vec<JoinHandle<()>>) {
    for handle in handles {
        handle.await.expect("task");
    }
}

/// [`runtime`] with tokio's timer driver on: for the workloads that sleep
/// (`tokio::time::sleep`, `tokio_util::time::DelayQueue`). The scheduler is
/// the same current-thread one.
pub(crate) fn timer_runtime() -> Runtime {
    Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

/// [`multi_thread_runtime`] with tokio's timer driver on: for the
/// multi-threaded workloads that sleep.
pub(crate) fn multi_thread_timer_runtime(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_time()
        .build()
        .expect("runtime")
}
