//! The event loop of `aio-loop` against tokio's current-thread scheduler, on
//! the three things a loop does all day.
//!
//! - `loop/call_soon`: schedule `n` callbacks that each bump a counter, then
//!   run them. `aio_loop`: `EventLoop::call_soon` `n` times, then `run_once`
//!   until the counter reads `n` (one iteration runs them all). `tokio`:
//!   `tokio::spawn` of `n` ready tasks whose `JoinHandle`s are dropped, then
//!   the spawning task yields until the counter reads `n`. tokio has no
//!   bare callback queue: a spawned task is the smallest unit of work it
//!   schedules, so "spawn a task that is ready at once and forget it" is the
//!   fair twin of "call this soon". Awaiting each `JoinHandle` instead would
//!   add a join per callback that `call_soon` does not pay; that cost is
//!   measured on its own in `loop/spawn_join`.
//! - `loop/timers`: `n` timers with pseudo-random delays (xorshift64, fixed
//!   seed) in `0..MAX_DELAY_MICROS` µs; every second one is cancelled before
//!   it can fire, and the rest fire. `aio_loop`: `call_later` +
//!   `TimerHandle::cancel`, then `run_once` until the heap is empty.
//!   `tokio_sleep`: one spawned task per timer that awaits
//!   `tokio::time::sleep_until` (its deadline computed at spawn time, as
//!   `call_later` does), cancelled with `JoinHandle::abort`. `delay_queue`:
//!   `tokio_util::time::DelayQueue`, tokio's timer collection, `insert`,
//!   `remove` of half the keys, then drained with `next()`. Every
//!   implementation counts the timers that fired and asserts `n / 2`.
//! - `loop/spawn_join`: `n` trivial tasks created and then awaited one by one
//!   from a single main task. `aio_loop`: `create_task` + `Task` awaits,
//!   inside `run_until_complete`. `tokio`: `tokio::spawn` + `JoinHandle`
//!   awaits, inside `block_on`.
//!
//! Real time passes in `loop/timers`: the loop must wait for the last timer,
//! up to `MAX_DELAY_MICROS` after it was scheduled. The delays are kept under
//! 1 ms so that the wait is small next to the scheduling work of 100k timers
//! (both tokio timer implementations also round deadlines up to their 1 ms
//! wheel slots, so they may wait up to a millisecond more than `aio_loop`,
//! whose `ppoll(2)` timeout is a nanosecond `timespec`).
//!
//! Unlike the other benches, `aio_loop` brings its own executor: it runs
//! under `b.iter` on one `EventLoop` built once per group, while the tokio
//! variants run under one current-thread runtime (`common::runtime()`, and
//! `common::timer_runtime()` where timers need tokio's time driver). Both
//! are single-threaded; the comparison is between the two schedulers.
//! Throughput is one element per callback, timer or task, so criterion
//! reports the time of one. CPython twin: `benches/python/event_loop.py`.

mod common;

use std::cell::Cell;
use std::hint::black_box;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aio_loop::{EventLoop, TimerHandle};
use common::{configure, runtime, timer_runtime};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures::StreamExt;
use tokio_util::time::DelayQueue;

/// Callbacks, timers or tasks per iteration.
const SIZES: [usize; 2] = [1_000, 100_000];
/// Timer delays are drawn from `0..MAX_DELAY_MICROS` microseconds.
const MAX_DELAY_MICROS: u64 = 1_000;

// ---- loop/call_soon ----------------------------------------------------------

fn call_soon_aio_loop(lp: &EventLoop, n: usize) {
    let count = Rc::new(Cell::new(0));
    for _ in 0..n {
        let count = Rc::clone(&count);
        lp.call_soon(move || count.set(count.get() + 1))
            .expect("loop open");
    }
    while count.get() < n {
        lp.run_once();
    }
    assert_eq!(count.get(), n);
}

/// `tokio::spawn` needs `Send` tasks, hence an atomic counter where the loop
/// uses a `Cell` (uncontended, on one thread: a few nanoseconds).
async fn call_soon_tokio(n: usize) {
    let count = Arc::new(AtomicUsize::new(0));
    for _ in 0..n {
        let count = Arc::clone(&count);
        drop(tokio::spawn(async move {
            count.fetch_add(1, Ordering::Relaxed);
        }));
    }
    while count.load(Ordering::Relaxed) < n {
        tokio::task::yield_now().await;
    }
    assert_eq!(count.load(Ordering::Relaxed), n);
}

fn loop_call_soon(c: &mut Criterion) {
    let mut group = c.benchmark_group("loop/call_soon");
    configure(&mut group, Duration::from_secs(3));
    let lp = EventLoop::new().expect("event loop");
    let rt = runtime();
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("aio_loop", n), &n, |b, &n| {
            b.iter(|| call_soon_aio_loop(&lp, n));
        });
        group.bench_with_input(BenchmarkId::new("tokio", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| call_soon_tokio(n));
        });
    }
    group.finish();
    lp.close().expect("not running");
}

// ---- loop/timers -------------------------------------------------------------

/// `n` delays in `0..MAX_DELAY_MICROS` µs, from xorshift64 with a fixed seed:
/// the same for every implementation and every run.
fn delays(n: usize) -> Arc<[Duration]> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Duration::from_micros(state % MAX_DELAY_MICROS)
        })
        .collect()
}

/// Timer `index` is cancelled when its index is odd: half of them, spread
/// over the whole range of delays.
fn cancelled(index: usize) -> bool {
    index % 2 == 1
}

/// How many of `n` timers fire.
fn expected_fired(n: usize) -> usize {
    (0..n).filter(|&index| !cancelled(index)).count()
}

fn timers_aio_loop(lp: &EventLoop, delays: &[Duration]) {
    let fired = Rc::new(Cell::new(0));
    let handles: Vec<TimerHandle> = delays
        .iter()
        .map(|&delay| {
            let fired = Rc::clone(&fired);
            lp.call_later(delay, move || fired.set(fired.get() + 1))
                .expect("loop open")
        })
        .collect();
    for (index, handle) in handles.iter().enumerate() {
        if cancelled(index) {
            handle.cancel();
        }
    }
    // The heap empties once every live timer fired and the cancelled ones
    // were dropped from its head, so nothing is left for the next iteration.
    while lp.scheduled_timers() > 0 {
        lp.run_once();
    }
    assert_eq!(fired.get(), expected_fired(delays.len()));
}

async fn timers_tokio_sleep(delays: Arc<[Duration]>) {
    let fired = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = delays
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
    for (index, handle) in handles.iter().enumerate() {
        if cancelled(index) {
            handle.abort();
        }
    }
    for (index, handle) in handles.into_iter().enumerate() {
        match handle.await {
            Ok(()) => assert!(!cancelled(index)),
            Err(err) => assert!(err.is_cancelled() && cancelled(index)),
        }
    }
    assert_eq!(fired.load(Ordering::Relaxed), expected_fired(delays.len()));
}

async fn timers_delay_queue(delays: Arc<[Duration]>) {
    let mut queue = DelayQueue::with_capacity(delays.len());
    let keys: Vec<_> = delays
        .iter()
        .enumerate()
        .map(|(index, &delay)| queue.insert(index, delay))
        .collect();
    for (index, key) in keys.iter().enumerate() {
        if cancelled(index) {
            queue.remove(key);
        }
    }
    let mut fired = 0;
    // `next()` yields each timer as it expires and `None` once the queue is
    // empty.
    while let Some(expired) = queue.next().await {
        assert!(!cancelled(expired.into_inner()));
        fired += 1;
    }
    assert_eq!(fired, expected_fired(delays.len()));
}

fn loop_timers(c: &mut Criterion) {
    let mut group = c.benchmark_group("loop/timers");
    configure(&mut group, Duration::from_secs(4));
    let lp = EventLoop::new().expect("event loop");
    let rt = timer_runtime();
    for n in SIZES {
        let delays = delays(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("aio_loop", n), &delays, |b, delays| {
            b.iter(|| timers_aio_loop(&lp, delays));
        });
        group.bench_with_input(BenchmarkId::new("tokio_sleep", n), &delays, |b, delays| {
            b.to_async(&rt)
                .iter(|| timers_tokio_sleep(Arc::clone(delays)));
        });
        group.bench_with_input(BenchmarkId::new("delay_queue", n), &delays, |b, delays| {
            b.to_async(&rt)
                .iter(|| timers_delay_queue(Arc::clone(delays)));
        });
    }
    group.finish();
    lp.close().expect("not running");
}

// ---- loop/spawn_join ---------------------------------------------------------

fn spawn_join_aio_loop(lp: &EventLoop, n: usize) {
    let spawner = lp.clone();
    lp.run_until_complete(async move {
        let tasks: Vec<_> = (0..n)
            .map(|i| {
                spawner
                    .create_task(async move { black_box(i) })
                    .expect("loop open")
            })
            .collect();
        for task in tasks {
            black_box(task.await.expect("task"));
        }
    })
    .expect("run");
}

async fn spawn_join_tokio(n: usize) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::spawn(async move { black_box(i) }))
        .collect();
    for handle in handles {
        black_box(handle.await.expect("task"));
    }
}

fn loop_spawn_join(c: &mut Criterion) {
    let mut group = c.benchmark_group("loop/spawn_join");
    configure(&mut group, Duration::from_secs(3));
    let lp = EventLoop::new().expect("event loop");
    let rt = runtime();
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("aio_loop", n), &n, |b, &n| {
            b.iter(|| spawn_join_aio_loop(&lp, n));
        });
        group.bench_with_input(BenchmarkId::new("tokio", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| spawn_join_tokio(n));
        });
    }
    group.finish();
    lp.close().expect("not running");
}

criterion_group!(benches, loop_call_soon, loop_timers, loop_spawn_join);
criterion_main!(benches);
