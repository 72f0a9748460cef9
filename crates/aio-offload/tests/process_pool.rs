//! `ProcessPool` through real worker processes (the `offload_worker` binary,
//! which serves `aio_offload::jobs::demo_registry`): round trips, crashes,
//! protocol errors, and shutdown leaving no child behind.
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use aio_loop::FutureError;
use aio_offload::jobs::sqrt_sum;
use aio_offload::{PoolShutDown, ProcessError, ProcessPool};

const WORKER: &str = env!("CARGO_BIN_EXE_offload_worker");

fn pool(workers: usize) -> ProcessPool {
    ProcessPool::with_program(WORKER, Vec::new(), workers)
}

/// The `ProcessError` inside a failed job's `FutureError::Exception`.
fn process_error(err: FutureError) -> ProcessError {
    match err {
        FutureError::Exception(err) => err
            .downcast_ref::<ProcessError>()
            .expect("a ProcessError")
            .clone(),
        other => panic!("expected an exception, got {other:?}"),
    }
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

fn pid_of_a_worker(pool: &ProcessPool) -> u32 {
    pool.submit::<_, u32>("pid", &()).unwrap().wait().unwrap()
}

/// A named pipe that holds a worker before it starts serving: the worker
/// is `sh -c 'read < gate; exec offload_worker'`, so the job it was started
/// for stays running (and the rest queued) until the test opens the gate.
struct Gate {
    path: PathBuf,
}

impl Gate {
    fn new(name: &str) -> Gate {
        let path =
            std::env::temp_dir().join(format!("aio-offload-gate-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let made = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success(), "mkfifo failed");
        Gate { path }
    }

    /// A one-worker pool whose worker waits at this gate.
    fn pool(&self) -> ProcessPool {
        let script = r#"read line < "$1"; exec "$0""#;
        let args: Vec<OsString> = vec![
            script.into(),
            WORKER.into(),
            self.path.clone().into_os_string(),
        ];
        ProcessPool::with_program(
            "sh",
            [OsString::from("-c")].into_iter().chain(args).collect(),
            1,
        )
    }

    /// Blocks until the worker is waiting at the gate (so the job it was
    /// started for has left the queue), and returns the key that opens it.
    fn worker_arrived(&self) -> std::fs::File {
        OpenOptions::new().write(true).open(&self.path).unwrap()
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[test]
fn square_and_sqrt_sum_round_trip() {
    let pool = pool(2);
    assert_eq!(
        pool.submit::<_, u64>("square", &7u64).unwrap().wait(),
        Ok(49)
    );
    let chunks = [(0u64, 250_000u64), (250_000, 500_000), (500_000, 1_000_000)];
    let jobs: Vec<_> = chunks
        .iter()
        .map(|chunk| pool.submit::<_, f64>("sqrt_sum", chunk).unwrap())
        .collect();
    let from_pool: f64 = jobs.into_iter().map(|job| job.wait().unwrap()).sum();
    let here = sqrt_sum((0, 1_000_000));
    assert!(
        (from_pool - here).abs() <= here * 1e-12,
        "{from_pool} vs {here}"
    );
    // The same job with the arguments typed in a JSON-compatible shape.
    assert_eq!(
        pool.submit::<_, f64>("sqrt_sum", &[0u64, 5])
            .unwrap()
            .wait()
            .map(f64::round),
        Ok(6.0) // 0 + 1 + 1.41 + 1.73 + 2
    );
}

#[test]
fn jobs_run_in_worker_processes_not_here() {
    let pool = pool(2);
    let jobs: Vec<_> = (0..12)
        .map(|_| pool.submit::<_, u32>("pid", &()).unwrap())
        .collect();
    let pids: BTreeSet<u32> = jobs.into_iter().map(|job| job.wait().unwrap()).collect();
    let workers: BTreeSet<u32> = pool.worker_pids().into_iter().collect();
    assert!(!pids.is_empty() && pids.len() <= 2, "{pids:?}");
    assert!(pids.is_subset(&workers), "{pids:?} not in {workers:?}");
    assert!(!pids.contains(&std::process::id()));
    assert!(pool.processes_started() <= 2);
}

#[test]
fn a_worker_that_exits_mid_job_fails_that_job_and_is_replaced() {
    let pool = pool(1);
    let first = pid_of_a_worker(&pool);
    assert_eq!(pool.processes_started(), 1);

    let died = pool
        .submit::<_, u64>("exit", &3i32)
        .unwrap()
        .wait()
        .unwrap_err();
    match process_error(died) {
        ProcessError::WorkerDied(why) => assert!(why.contains('3'), "{why}"),
        other => panic!("expected WorkerDied, got {other:?}"),
    }

    // The next job gets a fresh worker. The slot's manager reaps the dead
    // one after failing its job, before it takes the next: it is gone now.
    assert_eq!(
        pool.submit::<_, u64>("square", &9u64).unwrap().wait(),
        Ok(81)
    );
    assert!(!alive(first), "the dead worker was reaped");
    assert_eq!(pool.processes_started(), 2);
    let second = pid_of_a_worker(&pool);
    assert_ne!(first, second);
    assert_eq!(pool.worker_pids(), [second]);
}

#[test]
fn a_malformed_frame_is_an_error_not_a_hang_and_the_pool_goes_on() {
    let pool = pool(1);
    let before = pid_of_a_worker(&pool);
    let garbage = pool
        .submit::<_, u64>("garbage", &())
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(
        matches!(process_error(garbage), ProcessError::MalformedFrame(_)),
        "expected MalformedFrame"
    );
    assert_eq!(
        pool.submit::<_, u64>("square", &4u64).unwrap().wait(),
        Ok(16)
    );
    assert!(!alive(before), "the confused worker was retired");
    assert_eq!(pool.processes_started(), 2);
}

#[test]
fn a_panicking_job_fails_and_the_same_worker_survives() {
    let pool = pool(1);
    let before = pid_of_a_worker(&pool);
    let panicked = pool
        .submit::<_, u64>("panic", &"boom")
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(
        process_error(panicked),
        ProcessError::JobPanicked("boom".into())
    );
    assert_eq!(pid_of_a_worker(&pool), before);
    assert_eq!(pool.processes_started(), 1);
}

#[test]
fn an_unknown_job_is_reported_by_name() {
    let pool = pool(1);
    let unknown = pool
        .submit::<_, u64>("nope", &())
        .unwrap()
        .wait()
        .unwrap_err();
    assert_eq!(
        process_error(unknown),
        ProcessError::UnknownJob("nope".into())
    );
    assert_eq!(
        process_error(
            pool.submit::<_, u64>("nope", &())
                .unwrap()
                .wait()
                .unwrap_err()
        )
        .to_string(),
        "no job named \"nope\" is registered in the worker"
    );
    assert_eq!(pool.processes_started(), 1, "the worker survives");
}

#[test]
fn wrong_argument_or_result_types_are_serde_errors() {
    let pool = pool(1);
    let bad_args = pool
        .submit::<_, u64>("square", &"seven")
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(process_error(bad_args), ProcessError::Serde(_)));
    let bad_result = pool
        .submit::<_, String>("square", &7u64)
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(process_error(bad_result), ProcessError::Serde(_)));
    assert_eq!(
        pool.submit::<_, u64>("square", &7u64).unwrap().wait(),
        Ok(49)
    );
    assert_eq!(pool.processes_started(), 1, "the worker survives");
}

#[test]
fn a_program_that_cannot_start_is_a_spawn_error() {
    let pool = ProcessPool::with_program("/nonexistent/aio-offload-worker", Vec::new(), 1);
    let failed = pool
        .submit::<_, u64>("square", &2u64)
        .unwrap()
        .wait()
        .unwrap_err();
    assert!(matches!(process_error(failed), ProcessError::Spawn(_)));
    assert!(pool.worker_pids().is_empty());
}

#[test]
fn shutdown_leaves_no_child_behind() {
    let pool = pool(2);
    // Hand out enough work that both slots have likely started a worker.
    let jobs: Vec<_> = (0..8u64)
        .map(|n| pool.submit::<_, u64>("square", &n).unwrap())
        .collect();
    for job in jobs {
        job.wait().unwrap();
    }
    let pids = pool.worker_pids();
    assert!(!pids.is_empty());
    assert!(pids.iter().all(|pid| alive(*pid)));
    pool.shutdown(true, false);
    assert!(pool.worker_pids().is_empty());
    for pid in pids {
        assert!(!alive(pid), "worker {pid} left behind");
    }
    assert_eq!(
        pool.submit::<_, u64>("square", &1u64).unwrap_err(),
        PoolShutDown
    );
}

#[test]
fn dropping_the_pool_leaves_no_child_behind() {
    let pool = pool(2);
    let jobs: Vec<_> = (0..8u64)
        .map(|n| pool.submit::<_, u64>("square", &n).unwrap())
        .collect();
    for job in jobs {
        job.wait().unwrap();
    }
    let pids = pool.worker_pids();
    assert!(!pids.is_empty());
    drop(pool);
    for pid in pids {
        assert!(!alive(pid), "worker {pid} left behind");
    }
}

/// Waits until the pool's managers have taken every job but `n` out of the
/// queue. Workers start with the pool, so a worker at the gate does not
/// mean its first job left the queue yet; the queue says so.
fn wait_until_queued(pool: &ProcessPool, n: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while pool.queued() != n {
        assert!(
            std::time::Instant::now() < deadline,
            "{} jobs still queued, expected {n}",
            pool.queued()
        );
        std::thread::yield_now();
    }
}

#[test]
fn shutdown_without_cancel_finishes_queued_jobs() {
    let gate = Gate::new("finish");
    let pool = gate.pool();
    let running = pool.submit::<_, u64>("square", &3u64).unwrap();
    let queued: Vec<_> = (4..7u64)
        .map(|n| pool.submit::<_, u64>("square", &n).unwrap())
        .collect();
    let mut key = gate.worker_arrived();
    pool.shutdown(false, false); // three jobs still queued: they are kept
    writeln!(key, "go").unwrap();
    drop(key);
    assert_eq!(running.wait(), Ok(9));
    let results: Vec<_> = queued.into_iter().map(|job| job.wait().unwrap()).collect();
    assert_eq!(results, [16, 25, 36]);
    let pids = pool.worker_pids();
    pool.shutdown(true, false);
    assert!(pids.iter().all(|pid| !alive(*pid)));
}

#[test]
fn shutdown_with_cancel_pending_cancels_queued_jobs() {
    let gate = Gate::new("cancel");
    let pool = gate.pool();
    let running = pool.submit::<_, u64>("square", &3u64).unwrap();
    let queued: Vec<_> = (4..7u64)
        .map(|n| pool.submit::<_, u64>("square", &n).unwrap())
        .collect();
    // The worker waits at the gate; its manager has taken the first job out
    // of the queue (workers start with the pool, so wait for the queue, not
    // for the worker), and the other three are queued.
    let mut key = gate.worker_arrived();
    wait_until_queued(&pool, 3);
    // Read now: once shut down and idle, the worker is retired at any moment.
    let pids = pool.worker_pids();
    pool.shutdown(false, true);
    for job in &queued {
        assert!(job.is_done(), "cancelled at shutdown");
    }
    writeln!(key, "go").unwrap();
    drop(key);
    assert_eq!(running.wait(), Ok(9), "the running job finishes");
    for job in queued {
        assert_eq!(job.wait(), Err(FutureError::Cancelled));
    }
    assert_eq!(pids.len(), 1);
    pool.shutdown(true, false);
    assert!(!alive(pids[0]), "worker left behind");
    assert_eq!(
        pool.processes_started(),
        1,
        "no worker started for the cancelled jobs"
    );
}

#[test]
fn cancel_of_a_queued_job_skips_it() {
    let gate = Gate::new("skip");
    let pool = gate.pool();
    let running = pool.submit::<_, u32>("pid", &()).unwrap();
    let skipped = pool.submit::<_, u64>("exit", &1i32).unwrap();
    let after = pool.submit::<_, u32>("pid", &()).unwrap();
    let mut key = gate.worker_arrived();
    wait_until_queued(&pool, 2);
    assert!(skipped.cancel());
    assert!(!running.cancel(), "a job already sent to a worker runs on");
    writeln!(key, "go").unwrap();
    drop(key);
    let pid = running.wait().unwrap();
    assert_eq!(skipped.wait(), Err(FutureError::Cancelled));
    // Had the `exit` job run, the next job would have met a new worker.
    assert_eq!(after.wait(), Ok(pid));
    assert_eq!(pool.processes_started(), 1);
}

#[test]
fn awaited_from_tokio_and_from_futures_block_on() {
    let pool = pool(2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let from_tokio = runtime.block_on(async {
        let a = pool.submit::<_, u64>("square", &5u64).unwrap();
        let b = pool.submit::<_, u64>("square", &6u64).unwrap();
        a.await.unwrap() + b.await.unwrap()
    });
    assert_eq!(from_tokio, 61);
    let from_futures = futures::executor::block_on(async {
        pool.submit::<_, u64>("square", &11u64).unwrap().await
    });
    assert_eq!(from_futures, Ok(121));
}
