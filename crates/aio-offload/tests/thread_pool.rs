//! `ThreadPool`: results and their order, thread names and count, panics,
//! shutdown with and without cancelling queued jobs, cancel, and awaiting
//! from two runtimes. A job is held on a channel, never by a sleep.
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Barrier};
use std::thread;

use aio_loop::{ConcurrentFuture, FutureError};
use aio_offload::{PoolShutDown, ThreadPool};

fn thread_name() -> String {
    thread::current().name().unwrap_or("<unnamed>").to_owned()
}

/// A job that reports it started, then runs until `release` says go: it
/// keeps its worker busy for as long as the test needs.
fn held_job(pool: &ThreadPool) -> (ConcurrentFuture<&'static str>, Sender<()>) {
    let (started_tx, started_rx) = mpsc::channel();
    let (release_tx, release_rx): (Sender<()>, Receiver<()>) = mpsc::channel();
    let job = pool
        .submit(move || {
            started_tx.send(()).unwrap();
            release_rx.recv().unwrap();
            "held job done"
        })
        .unwrap();
    started_rx.recv().unwrap(); // it is running now, on the pool's only thread
    (job, release_tx)
}

/// A job that records whether it ever ran.
fn flagged_job(pool: &ThreadPool, ran: &Arc<AtomicBool>) -> ConcurrentFuture<u32> {
    let ran = ran.clone();
    pool.submit(move || {
        ran.store(true, Ordering::SeqCst);
        7
    })
    .unwrap()
}

#[test]
fn submit_returns_every_result_to_its_own_future() {
    let pool = ThreadPool::new(3);
    let jobs: Vec<_> = (0..50u64)
        .map(|n| pool.submit(move || n * n).unwrap())
        .collect();
    let squares: Vec<u64> = jobs.into_iter().map(|job| job.wait().unwrap()).collect();
    assert_eq!(squares, (0..50u64).map(|n| n * n).collect::<Vec<_>>());
}

#[test]
fn map_keeps_input_order() {
    let pool = ThreadPool::new(4);
    let words = [
        "the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog",
    ];
    let lengths: Vec<_> = pool
        .map(|word: &str| word.len(), words)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lengths, [3, 5, 5, 3, 5, 4, 1, 4, 3]);
}

#[test]
fn threads_are_named_after_the_prefix_and_never_more_than_max_workers() {
    let pool = ThreadPool::with_prefix("blocks", 3);
    // Three jobs that wait for each other can only finish on three threads.
    let barrier = Arc::new(Barrier::new(3));
    let meeting: Vec<_> = (0..3)
        .map(|_| {
            let barrier = barrier.clone();
            pool.submit(move || {
                barrier.wait();
                thread_name()
            })
            .unwrap()
        })
        .collect();
    let names: BTreeSet<String> = meeting.into_iter().map(|job| job.wait().unwrap()).collect();
    let expected: BTreeSet<String> = ["blocks_0", "blocks_1", "blocks_2"]
        .map(String::from)
        .into();
    assert_eq!(names, expected);
    assert_eq!(pool.threads(), 3);

    // Many more jobs reuse those three threads.
    let more: Vec<_> = (0..40).map(|_| pool.submit(thread_name).unwrap()).collect();
    let more: BTreeSet<String> = more.into_iter().map(|job| job.wait().unwrap()).collect();
    assert!(more.is_subset(&expected), "unexpected threads: {more:?}");
    assert_eq!(pool.threads(), 3);
}

#[test]
fn default_names_start_with_thread_pool() {
    let pool = ThreadPool::new(1);
    assert_eq!(
        pool.submit(thread_name).unwrap().wait().unwrap(),
        "ThreadPool_0"
    );
}

#[test]
fn a_panicking_job_fails_its_future_and_the_worker_goes_on() {
    let pool = ThreadPool::with_prefix("sturdy", 1);
    assert_eq!(
        pool.submit(thread_name).unwrap().wait().unwrap(),
        "sturdy_0"
    );
    let boom = pool.submit(|| -> u32 { panic!("boom") }).unwrap();
    assert_eq!(boom.wait(), Err(FutureError::Panicked("boom".into())));
    // The same thread serves the next job: no worker was lost or added.
    assert_eq!(
        pool.submit(thread_name).unwrap().wait().unwrap(),
        "sturdy_0"
    );
    assert_eq!(pool.submit(|| 2 + 2).unwrap().wait(), Ok(4));
    assert_eq!(pool.threads(), 1);
}

#[test]
fn shutdown_without_cancel_runs_every_queued_job() {
    let pool = ThreadPool::new(1);
    let (held, release) = held_job(&pool);
    let counter = Arc::new(AtomicUsize::new(0));
    let queued: Vec<_> = (0..5)
        .map(|n| {
            let counter = counter.clone();
            pool.submit(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                n
            })
            .unwrap()
        })
        .collect();
    assert_eq!(pool.queued(), 5);
    // Shut down while five jobs wait: they are kept, not cancelled.
    pool.shutdown(false, false);
    assert_eq!(pool.queued(), 5);
    assert_eq!(pool.submit(|| 0).unwrap_err(), PoolShutDown);
    release.send(()).unwrap();
    pool.shutdown(true, false); // returns once the worker has run them all
    assert_eq!(counter.load(Ordering::SeqCst), 5);
    assert_eq!(held.wait(), Ok("held job done"));
    let results: Vec<_> = queued.into_iter().map(|job| job.wait().unwrap()).collect();
    assert_eq!(results, [0, 1, 2, 3, 4]);
}

#[test]
fn shutdown_wait_true_returns_after_queued_jobs_ran() {
    let pool = ThreadPool::new(2);
    let counter = Arc::new(AtomicUsize::new(0));
    for _ in 0..20 {
        let counter = counter.clone();
        pool.submit(move || counter.fetch_add(1, Ordering::SeqCst))
            .unwrap();
    }
    pool.shutdown(true, false);
    assert_eq!(counter.load(Ordering::SeqCst), 20);
    assert_eq!(pool.queued(), 0);
}

#[test]
fn shutdown_with_cancel_pending_cancels_queued_jobs_and_finishes_the_running_one() {
    let pool = ThreadPool::new(1);
    let (held, release) = held_job(&pool);
    let flags: Vec<_> = (0..3).map(|_| Arc::new(AtomicBool::new(false))).collect();
    let queued: Vec<_> = flags.iter().map(|ran| flagged_job(&pool, ran)).collect();
    assert_eq!(pool.queued(), 3);

    pool.shutdown(false, true);
    assert_eq!(pool.queued(), 0);
    for job in &queued {
        assert!(job.is_done(), "a cancelled job is done at once");
    }
    release.send(()).unwrap();
    assert_eq!(held.wait(), Ok("held job done"));
    pool.shutdown(true, true); // join the worker: nothing else can run now

    for (job, ran) in queued.into_iter().zip(&flags) {
        assert_eq!(job.wait(), Err(FutureError::Cancelled));
        assert!(!ran.load(Ordering::SeqCst), "a cancelled job ran");
    }
}

#[test]
fn submit_and_map_after_shutdown_are_refused() {
    let pool = ThreadPool::new(2);
    pool.shutdown(true, false);
    assert_eq!(pool.submit(|| 1).unwrap_err(), PoolShutDown);
    assert!(matches!(pool.map(|n: u8| n, [1, 2]), Err(PoolShutDown)));
}

#[test]
fn cancel_of_a_queued_job_succeeds_and_it_never_runs() {
    let pool = ThreadPool::new(1);
    let (held, release) = held_job(&pool);
    let ran = Arc::new(AtomicBool::new(false));
    let queued = flagged_job(&pool, &ran);
    assert!(queued.cancel());
    assert!(!queued.cancel(), "cancelling twice reports the first");
    release.send(()).unwrap();
    assert_eq!(held.wait(), Ok("held job done"));
    pool.shutdown(true, false); // the worker has popped and skipped it
    assert_eq!(queued.wait(), Err(FutureError::Cancelled));
    assert!(!ran.load(Ordering::SeqCst));
}

#[test]
fn cancel_of_a_running_job_fails_and_it_finishes() {
    let pool = ThreadPool::new(1);
    let (held, release) = held_job(&pool);
    assert!(!held.cancel(), "a running job cannot be stopped");
    release.send(()).unwrap();
    assert_eq!(held.wait(), Ok("held job done"));
}

#[test]
fn cancel_of_a_finished_job_fails() {
    let pool = ThreadPool::new(1);
    let job = pool.submit(|| 5).unwrap();
    pool.shutdown(true, false);
    assert!(job.is_done());
    assert!(!job.cancel());
    assert_eq!(job.wait(), Ok(5));
}

#[test]
fn awaited_from_a_tokio_runtime() {
    let pool = ThreadPool::with_prefix("for_tokio", 2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (sum, name) = runtime.block_on(async {
        let a = pool.submit(|| 40).unwrap();
        let b = pool.submit(|| 2).unwrap();
        let name = pool.submit(thread_name).unwrap();
        (a.await.unwrap() + b.await.unwrap(), name.await.unwrap())
    });
    assert_eq!(sum, 42);
    assert!(name.starts_with("for_tokio_"), "{name}");
}

#[test]
fn awaited_from_a_multi_thread_tokio_runtime_while_tasks_run() {
    let pool = Arc::new(ThreadPool::new(3));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let total = runtime.block_on(async {
        let tasks: Vec<_> = (0..10u64)
            .map(|n| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.submit(move || n * 10).unwrap().await.unwrap() })
            })
            .collect();
        let mut total = 0;
        for task in tasks {
            total += task.await.unwrap();
        }
        total
    });
    assert_eq!(total, 450);
}

#[test]
fn awaited_from_futures_block_on() {
    let pool = ThreadPool::new(2);
    let results = futures::executor::block_on(async {
        let jobs: Vec<_> = (1..=4)
            .map(|n| pool.submit(move || n * 2).unwrap())
            .collect();
        futures::future::join_all(jobs).await
    });
    assert_eq!(results, [Ok(2), Ok(4), Ok(6), Ok(8)]);
}
