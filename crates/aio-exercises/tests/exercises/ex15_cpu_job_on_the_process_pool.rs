use std::sync::Arc;

use aio_exercises::ex15_cpu_job_on_the_process_pool::{
    FutureError, ProcessPool, ZeroChunks, parallel_sqrt_sum,
};
use aio_exercises::support::run_with_deadline;
use aio_offload::jobs::sqrt_sum;

const WORKER: &str = env!("CARGO_BIN_EXE_exercise_worker");

fn pool() -> ProcessPool {
    ProcessPool::with_program(WORKER, Vec::new(), 2)
}

fn assert_close(got: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (got - expected).abs() <= tolerance,
        "got {got}, the serial sum is {expected}"
    );
}

#[test]
fn the_parallel_sum_equals_the_serial_one() {
    let total = run_with_deadline(|| parallel_sqrt_sum(&pool(), 0, 200_000, 4));
    assert_close(total.expect("every chunk succeeds"), sqrt_sum((0, 200_000)));
}

#[test]
fn any_number_of_chunks_gives_the_same_sum() {
    let sums = run_with_deadline(|| {
        let pool = pool();
        [1, 2, 7]
            .map(|chunks| (chunks, parallel_sqrt_sum(&pool, 10, 10_013, chunks)))
            .to_vec()
    });
    for (chunks, total) in sums {
        let total = total.unwrap_or_else(|err| panic!("{chunks} chunks: {err}"));
        assert_close(total, sqrt_sum((10, 10_013)));
    }
}

#[test]
fn more_chunks_than_numbers_still_counts_every_number() {
    let total = run_with_deadline(|| parallel_sqrt_sum(&pool(), 3, 5, 7));
    assert_close(total.expect("every chunk succeeds"), sqrt_sum((3, 5)));
}

#[test]
fn zero_chunks_is_an_error() {
    let result = run_with_deadline(|| parallel_sqrt_sum(&pool(), 0, 100, 0));
    assert_eq!(result, Err(FutureError::Exception(Arc::new(ZeroChunks))));
}

#[test]
fn the_work_runs_in_worker_processes() {
    let (total, started, pids) = run_with_deadline(|| {
        let pool = pool();
        let total = parallel_sqrt_sum(&pool, 0, 50_000, 3);
        (total, pool.processes_started(), pool.worker_pids())
    });
    assert_close(total.expect("every chunk succeeds"), sqrt_sum((0, 50_000)));
    assert!(started >= 1, "no worker process was started");
    assert!(!pids.is_empty(), "no worker process is alive");
    assert!(
        !pids.contains(&std::process::id()),
        "a worker pid is the test's own pid"
    );
}

#[test]
fn the_sum_fails_when_no_worker_can_start() {
    // A pool whose workers cannot start fails every job: a sum computed in
    // this process instead of the workers would not notice.
    let result = run_with_deadline(|| {
        let pool = ProcessPool::with_program("/nonexistent/aio-exercise-worker", Vec::new(), 1);
        parallel_sqrt_sum(&pool, 0, 1_000, 2)
    });
    match result {
        Err(FutureError::Exception(err)) => assert!(
            err.to_string().contains("could not start"),
            "unexpected error: {err}"
        ),
        other => panic!("expected the worker's start failure, got {other:?}"),
    }
}
