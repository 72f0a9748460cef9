//! The multi-threaded `aio_loop::ThreadedLoop` (one shared ready queue behind
//! a `Mutex` and a `Condvar`, seed 003's design) against tokio's
//! multi-thread runtime (a local queue per worker, work stealing), at 1 and
//! 2 workers. `BenchmarkId::new(impl, workers)`; throughput is one element
//! per task, timer, job or callback, so criterion reports the time of one.
//!
//! - `threaded/spawn_join`: `SPAWN_TASKS` trivial tasks spawned, then each
//!   one awaited. `threaded_loop`: `ThreadedLoop::spawn` from the bench
//!   thread, then `ConcurrentFuture::wait` on each, still from the bench
//!   thread. `tokio`: `block_on` of an async block that `tokio::spawn`s and
//!   awaits each `JoinHandle`, i.e. from inside the runtime's context, as a
//!   tokio program would. Where the spawns come from: in both cases the
//!   bench thread, which is not a worker. The threaded loop has one queue,
//!   so every caller, outside or inside, pushes to it the same way; tokio
//!   sends a spawn from a non-worker thread (the `block_on` thread) to its
//!   shared injection queue, from which the workers take tasks in batches;
//!   only a spawn from a task already on a worker lands on that worker's
//!   local queue.
//! - `threaded/timers`: `TIMERS` timers with pseudo-random delays
//!   (xorshift64, fixed seed) in `0..MAX_TIMER_DELAY_MICROS` µs; all fire,
//!   each bumps a counter, and the count is asserted. `threaded_loop`:
//!   `call_later` from the bench thread, which then blocks until the last
//!   one fired. `tokio`: one spawned task per timer awaiting
//!   `tokio::time::sleep_until` (the deadline taken at spawn time, as
//!   `call_later` does), joined inside `block_on`. tokio's timer wheel
//!   rounds deadlines up to 1 ms slots; the loop's scheduler thread waits
//!   on a `Condvar` with the exact timeout.
//! - `threaded/mixed`: `MIXED_JOBS` jobs, each a CPU burst (about 2 µs of
//!   arithmetic), then a timer of `0..MAX_MIXED_DELAY_MICROS` µs, then a
//!   second burst. `threaded_loop`: `call_soon` (burst, then `call_later`
//!   from inside the callback) whose timer callback runs the second burst.
//!   `tokio`: `tokio::spawn` of burst, `tokio::time::sleep`, burst.
//! - `threaded/call_soon`: `CALLBACKS` callbacks that each bump an atomic.
//!   `threaded_loop`: `call_soon` from the bench thread. `tokio`:
//!   `tokio::spawn` of ready tasks whose `JoinHandle`s are dropped (tokio's
//!   smallest unit of work, as in `loop/call_soon` of `benches/event_loop.rs`),
//!   from inside `block_on`. This is the contention case: with more
//!   workers, the threaded loop's workers queue up on its one lock.
//!
//! Completion is never polled with sleeps: the callback that brings the
//! count to its target wakes the waiting thread (a `Condvar` for the bench
//! thread, `tokio::sync::Notify` inside `block_on`). Each group builds one
//! loop and one runtime per worker count, outside `iter`, and stops the
//! loop before building the next pair, so that only one pair of thread
//! sets exists at a time on this 2-core machine. CPython twin (one thread):
//! `benches/python/threaded_loop.py`.

mod common;

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use aio_loop::ThreadedLoop;
use common::{configure, join_all, multi_thread_runtime, multi_thread_timer_runtime};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tokio::sync::Notify;

/// Worker threads of the loop and of the runtime.
const WORKERS: [usize; 2] = [1, 2];
/// Tasks per iteration of `threaded/spawn_join`.
const SPAWN_TASKS: usize = 10_000;
/// Timers per iteration of `threaded/timers`.
const TIMERS: usize = 10_000;
/// Timer delays of `threaded/timers` are drawn from `0..` this, in µs.
const MAX_TIMER_DELAY_MICROS: u64 = 1_000;
/// Jobs per iteration of `threaded/mixed`.
const MIXED_JOBS: usize = 2_000;
/// Timer delays of `threaded/mixed` are drawn from `0..` this, in µs.
const MAX_MIXED_DELAY_MICROS: u64 = 500;
/// Rounds of arithmetic in one burst: about 2 µs on this machine.
const BURST_ROUNDS: u32 = 1_700;
/// Callbacks per iteration of `threaded/call_soon`.
const CALLBACKS: usize = 100_000;

// ---- shared pieces -------------------------------------------------------------

/// `n` delays in `0..max_micros` µs, from xorshift64 with a fixed seed: the
/// same for every implementation and every run (and for the CPython twin).
fn delays(n: usize, max_micros: u64) -> Arc<[Duration]> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Duration::from_micros(state % max_micros)
        })
        .collect()
}

/// A short CPU burst: `BURST_ROUNDS` steps of a linear congruential
/// generator, each passed through `black_box` so that the loop stays.
fn burst(seed: u64) -> u64 {
    let mut x = seed;
    for _ in 0..BURST_ROUNDS {
        x = black_box(
            x.wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407),
        );
    }
    x
}

/// Counts callbacks on any thread; the one that reaches `target` wakes the
/// bench thread blocked in [`wait`](Self::wait).
struct Countdown {
    count: AtomicUsize,
    target: usize,
    done: Mutex<bool>,
    finished: Condvar,
}

impl Countdown {
    fn new(target: usize) -> Arc<Self> {
        Arc::new(Countdown {
            count: AtomicUsize::new(0),
            target,
            done: Mutex::new(false),
            finished: Condvar::new(),
        })
    }

    fn tick(&self) {
        if self.count.fetch_add(1, Ordering::Relaxed) + 1 == self.target {
            *self.done.lock().unwrap_or_else(PoisonError::into_inner) = true;
            self.finished.notify_one();
        }
    }

    /// Blocks until `target` ticks, then returns the count.
    fn wait(&self) -> usize {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        while !*done {
            done = self
                .finished
                .wait(done)
                .unwrap_or_else(PoisonError::into_inner);
        }
        self.count.load(Ordering::Relaxed)
    }
}

// ---- threaded/spawn_join ---------------------------------------------------------

fn spawn_join_threaded(lp: &ThreadedLoop, n: usize) {
    let futures: Vec<_> = (0..n)
        .map(|i| lp.spawn(async move { black_box(i) }).expect("loop open"))
        .collect();
    for (i, future) in futures.into_iter().enumerate() {
        assert_eq!(future.wait().expect("task"), i);
    }
}

async fn spawn_join_tokio(n: usize) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::spawn(async move { black_box(i) }))
        .collect();
    for (i, handle) in handles.into_iter().enumerate() {
        assert_eq!(handle.await.expect("task"), i);
    }
}

fn threaded_spawn_join(c: &mut Criterion) {
    let mut group = c.benchmark_group("threaded/spawn_join");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(SPAWN_TASKS as u64));
    for workers in WORKERS {
        let lp = ThreadedLoop::new(workers).expect("threaded loop");
        let rt = multi_thread_runtime(workers);
        group.bench_function(BenchmarkId::new("threaded_loop", workers), |b| {
            b.iter(|| spawn_join_threaded(&lp, SPAWN_TASKS));
        });
        group.bench_function(BenchmarkId::new("tokio", workers), |b| {
            b.to_async(&rt).iter(|| spawn_join_tokio(SPAWN_TASKS));
        });
        lp.join();
    }
    group.finish();
}

// ---- threaded/timers -------------------------------------------------------------

fn timers_threaded(lp: &ThreadedLoop, delays: &[Duration]) {
    let fired = Countdown::new(delays.len());
    for &delay in delays {
        let fired = Arc::clone(&fired);
        drop(
            lp.call_later(delay, move || fired.tick())
                .expect("loop open"),
        );
    }
    assert_eq!(fired.wait(), delays.len());
}

async fn timers_tokio(delays: Arc<[Duration]>) {
    let fired = Arc::new(AtomicUsize::new(0));
    let handles = delays
        .iter()
        .map(|&delay| {
            let fired = Arc::clone(&fired);
            let deadline = tokio::time::Instant::now() + delay;
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline).await;
                fired.fetch_add(1, Ordering::Relaxed);
            })
        })
        .collect();
    join_all(handles).await;
    assert_eq!(fired.load(Ordering::Relaxed), delays.len());
}

fn threaded_timers(c: &mut Criterion) {
    let mut group = c.benchmark_group("threaded/timers");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(TIMERS as u64));
    let delays = delays(TIMERS, MAX_TIMER_DELAY_MICROS);
    for workers in WORKERS {
        let lp = ThreadedLoop::new(workers).expect("threaded loop");
        let rt = multi_thread_timer_runtime(workers);
        group.bench_function(BenchmarkId::new("threaded_loop", workers), |b| {
            b.iter(|| timers_threaded(&lp, &delays));
        });
        group.bench_function(BenchmarkId::new("tokio", workers), |b| {
            b.to_async(&rt).iter(|| timers_tokio(Arc::clone(&delays)));
        });
        lp.join();
    }
    group.finish();
}

// ---- threaded/mixed --------------------------------------------------------------

fn mixed_threaded(lp: &ThreadedLoop, delays: &[Duration]) {
    let finished = Countdown::new(delays.len());
    for (i, &delay) in delays.iter().enumerate() {
        let finished = Arc::clone(&finished);
        let handle = lp.handle();
        let seed = i as u64;
        let job = move || {
            let first = burst(seed);
            let second_half = move || {
                black_box(burst(first));
                finished.tick();
            };
            drop(handle.call_later(delay, second_half).expect("loop open"));
        };
        drop(lp.call_soon(job).expect("loop open"));
    }
    assert_eq!(finished.wait(), delays.len());
}

async fn mixed_tokio(delays: Arc<[Duration]>) {
    let finished = Arc::new(AtomicUsize::new(0));
    let handles = delays
        .iter()
        .enumerate()
        .map(|(i, &delay)| {
            let finished = Arc::clone(&finished);
            tokio::spawn(async move {
                let first = burst(i as u64);
                tokio::time::sleep(delay).await;
                black_box(burst(first));
                finished.fetch_add(1, Ordering::Relaxed);
            })
        })
        .collect();
    join_all(handles).await;
    assert_eq!(finished.load(Ordering::Relaxed), delays.len());
}

fn threaded_mixed(c: &mut Criterion) {
    let mut group = c.benchmark_group("threaded/mixed");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(MIXED_JOBS as u64));
    let delays = delays(MIXED_JOBS, MAX_MIXED_DELAY_MICROS);
    for workers in WORKERS {
        let lp = ThreadedLoop::new(workers).expect("threaded loop");
        let rt = multi_thread_timer_runtime(workers);
        group.bench_function(BenchmarkId::new("threaded_loop", workers), |b| {
            b.iter(|| mixed_threaded(&lp, &delays));
        });
        group.bench_function(BenchmarkId::new("tokio", workers), |b| {
            b.to_async(&rt).iter(|| mixed_tokio(Arc::clone(&delays)));
        });
        lp.join();
    }
    group.finish();
}

// ---- threaded/call_soon ----------------------------------------------------------

fn call_soon_threaded(lp: &ThreadedLoop, n: usize) {
    let count = Countdown::new(n);
    for _ in 0..n {
        let count = Arc::clone(&count);
        drop(lp.call_soon(move || count.tick()).expect("loop open"));
    }
    assert_eq!(count.wait(), n);
}

async fn call_soon_tokio(n: usize) {
    let count = Arc::new(AtomicUsize::new(0));
    let all_ran = Arc::new(Notify::new());
    for _ in 0..n {
        let count = Arc::clone(&count);
        let all_ran = Arc::clone(&all_ran);
        drop(tokio::spawn(async move {
            if count.fetch_add(1, Ordering::Relaxed) + 1 == n {
                // Stores a permit if the spawning task is not waiting yet.
                all_ran.notify_one();
            }
        }));
    }
    all_ran.notified().await;
    assert_eq!(count.load(Ordering::Relaxed), n);
}

fn threaded_call_soon(c: &mut Criterion) {
    let mut group = c.benchmark_group("threaded/call_soon");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(CALLBACKS as u64));
    for workers in WORKERS {
        let lp = ThreadedLoop::new(workers).expect("threaded loop");
        let rt = multi_thread_runtime(workers);
        group.bench_function(BenchmarkId::new("threaded_loop", workers), |b| {
            b.iter(|| call_soon_threaded(&lp, CALLBACKS));
        });
        group.bench_function(BenchmarkId::new("tokio", workers), |b| {
            b.to_async(&rt).iter(|| call_soon_tokio(CALLBACKS));
        });
        lp.join();
    }
    group.finish();
}

criterion_group!(
    benches,
    threaded_spawn_join,
    threaded_timers,
    threaded_mixed,
    threaded_call_soon
);
criterion_main!(benches);
