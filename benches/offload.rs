//! Getting work off the calling thread: what one round trip costs, and how
//! well each pool spreads a CPU-bound job over the cores.
//!
//! - `offload/roundtrip`: one trivial job (`n + 1`) handed off and its result
//!   taken back, per iteration. `thread_pool_wait`: [`ThreadPool::submit`] +
//!   `wait()` from the bench thread. `thread_pool_await`: the same future
//!   `.await`ed inside tokio's current-thread runtime (`run_in_executor`).
//!   `spawn_blocking`: `tokio::task::spawn_blocking` awaited in the same
//!   runtime, tokio's answer to `run_in_executor`. `rayon_bridge_wait`:
//!   [`rayon_bridge::spawn`] + `wait()`. `rayon_spawn_channel`: the raw peer,
//!   `rayon::spawn` sending the result over a `std::sync::mpsc` channel.
//!   `process_pool_wait`: [`ProcessPool`] with one warm worker, the job
//!   `add_one` sent as a JSON frame through the child's stdin and the reply
//!   read from its stdout. Every pool is built once, before the clock runs,
//!   so the threads (and the worker process) are warm.
//! - `offload/cpu`: seed 002's [`sqrt_sum`] over `0..CPU_END`, cut into
//!   `CHUNKS` equal chunks. `serial`: the chunks one after the other on the
//!   bench thread. `thread_pool`: a [`ThreadPool`] of 2 threads, one job per
//!   chunk. `process_pool`: a [`ProcessPool`] of 2 warm workers, one job per
//!   chunk. `rayon_par_iter`: `chunks.par_iter().map(sqrt_sum).sum()` on
//!   rayon's global pool (one thread per core). `rayon_bridge`:
//!   [`rayon_bridge::spawn`] per chunk, then `wait()` on each. Every variant
//!   checks its sum against the serial one (the order of the additions
//!   differs, so the check allows a relative error of 1e-9).
//!
//! The process pool needs a worker program, and a bench has no
//! `CARGO_BIN_EXE_*`: the bench binary is its own worker. The first line of
//! `main` serves jobs and exits when the pool started this process
//! (`AIO_OFFLOAD_WORKER` is set); otherwise it returns and the benches run.
//! That is why `main` is written out instead of `criterion_main!`.
//!
//! CPython twin: `benches/python/offload.py` (`run_in_executor` with a
//! `ThreadPoolExecutor` and a `ProcessPoolExecutor`; the CPU job serial, in
//! threads, where the GIL serialises it, and in processes).

mod common;

use std::hint::black_box;
use std::sync::mpsc;
use std::time::Duration;

use aio_offload::jobs::{demo_registry, sqrt_sum};
use aio_offload::process_pool::Registry;
use aio_offload::{ProcessPool, ThreadPool, rayon_bridge};
use common::{configure, runtime};
use criterion::{Criterion, SamplingMode};
use rayon::prelude::*;

/// The CPU job sums the square roots of `0..CPU_END`.
const CPU_END: u64 = 20_000_000;
/// Equal chunks the CPU job is cut into, for every variant.
const CHUNKS: u64 = 4;
/// Threads or processes in the CPU group's pools: one per core of the CI box.
const WORKERS: usize = 2;

/// The demo jobs plus the round trip's trivial one.
fn registry() -> Registry {
    demo_registry().register("add_one", |n: u64| n + 1)
}

/// `0..end` cut into `CHUNKS` chunks, the last one taking the remainder.
fn chunks(end: u64) -> Vec<(u64, u64)> {
    let step = end / CHUNKS;
    (0..CHUNKS)
        .map(|i| (i * step, if i + 1 == CHUNKS { end } else { (i + 1) * step }))
        .collect()
}

/// Fails the bench unless `sum` equals `expected` up to rounding.
fn check(sum: f64, expected: f64) -> f64 {
    assert!(
        ((sum - expected) / expected).abs() < 1e-9,
        "sum {sum} differs from the serial {expected}"
    );
    sum
}

/// A process pool of `workers` processes, all started before the clock runs.
///
/// A pool starts a slot's process with the first job that slot takes, and
/// one slot may take every warm-up job while the others are still waking
/// up: rounds of `workers` jobs are sent until every slot has its process.
fn warm_process_pool(workers: usize) -> ProcessPool {
    let pool = ProcessPool::new(workers).expect("current exe");
    for _ in 0..1_000 {
        let jobs: Vec<_> = (0..workers)
            .map(|_| pool.submit::<_, u32>("pid", &()).expect("pool open"))
            .collect();
        for job in jobs {
            job.wait().expect("worker started");
        }
        if pool.worker_pids().len() == workers {
            return pool;
        }
    }
    panic!("only {:?} of {workers} workers started", pool.worker_pids());
}

fn roundtrip(c: &mut Criterion) {
    let mut group = c.benchmark_group("offload/roundtrip");
    configure(&mut group, Duration::from_secs(3));
    let rt = runtime();

    let pool = ThreadPool::new(1);
    group.bench_function("thread_pool_wait", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let x = black_box(n);
            let job = pool.submit(move || x + 1).expect("pool open");
            assert_eq!(job.wait(), Ok(n + 1));
        });
    });
    group.bench_function("thread_pool_await", |b| {
        let mut n = 0u64;
        b.to_async(&rt).iter(|| {
            n += 1;
            let x = black_box(n);
            let job = pool.submit(move || x + 1).expect("pool open");
            async move { assert_eq!(job.await, Ok(x + 1)) }
        });
    });
    group.bench_function("spawn_blocking", |b| {
        let mut n = 0u64;
        b.to_async(&rt).iter(|| {
            n += 1;
            let x = black_box(n);
            async move {
                let sum = tokio::task::spawn_blocking(move || x + 1).await;
                assert_eq!(sum.expect("job"), x + 1);
            }
        });
    });
    group.bench_function("rayon_bridge_wait", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let x = black_box(n);
            assert_eq!(rayon_bridge::spawn(move || x + 1).wait(), Ok(n + 1));
        });
    });
    group.bench_function("rayon_spawn_channel", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let x = black_box(n);
            let (tx, rx) = mpsc::channel();
            rayon::spawn(move || tx.send(x + 1).expect("receiver"));
            assert_eq!(rx.recv(), Ok(n + 1));
        });
    });
    let processes = warm_process_pool(1);
    group.bench_function("process_pool_wait", |b| {
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            let job = processes
                .submit::<_, u64>("add_one", &black_box(n))
                .expect("pool open");
            assert_eq!(job.wait(), Ok(n + 1));
        });
    });
    // One worker for the whole group: none crashed and none was replaced.
    assert_eq!(processes.processes_started(), 1);
    processes.shutdown(true, false);
    group.finish();
}

fn cpu(c: &mut Criterion) {
    let mut group = c.benchmark_group("offload/cpu");
    // One iteration takes tens of milliseconds: the same iterations in
    // every sample, 10 samples.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let chunks = chunks(CPU_END);
    let expected = sqrt_sum((0, CPU_END));

    group.bench_function("serial", |b| {
        b.iter(|| {
            check(
                black_box(&chunks).iter().copied().map(sqrt_sum).sum(),
                expected,
            )
        });
    });
    let threads = ThreadPool::new(WORKERS);
    group.bench_function("thread_pool", |b| {
        b.iter(|| {
            let jobs: Vec<_> = black_box(&chunks)
                .iter()
                .map(|&chunk| threads.submit(move || sqrt_sum(chunk)).expect("pool open"))
                .collect();
            check(
                jobs.into_iter().map(|job| job.wait().expect("job")).sum(),
                expected,
            )
        });
    });
    let processes = warm_process_pool(WORKERS);
    group.bench_function("process_pool", |b| {
        b.iter(|| {
            let jobs: Vec<_> = black_box(&chunks)
                .iter()
                .map(|chunk| {
                    processes
                        .submit::<_, f64>("sqrt_sum", chunk)
                        .expect("pool open")
                })
                .collect();
            check(
                jobs.into_iter().map(|job| job.wait().expect("job")).sum(),
                expected,
            )
        });
    });
    assert_eq!(processes.processes_started(), WORKERS);
    processes.shutdown(true, false);
    group.bench_function("rayon_par_iter", |b| {
        b.iter(|| {
            check(
                black_box(&chunks).par_iter().copied().map(sqrt_sum).sum(),
                expected,
            )
        });
    });
    group.bench_function("rayon_bridge", |b| {
        b.iter(|| {
            let jobs: Vec<_> = black_box(&chunks)
                .iter()
                .map(|&chunk| rayon_bridge::spawn(move || sqrt_sum(chunk)))
                .collect();
            check(
                jobs.into_iter().map(|job| job.wait().expect("job")).sum(),
                expected,
            )
        });
    });
    group.finish();
}

fn main() {
    // Worker processes of the ProcessPool (this same binary) stop here.
    registry().serve_if_worker();
    let mut criterion = Criterion::default().configure_from_args();
    roundtrip(&mut criterion);
    cpu(&mut criterion);
    criterion.final_summary();
}
