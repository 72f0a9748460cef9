//! The synchronization primitives, side by side, per operation.
//!
//! - `lock/uncontended`: one task locks and unlocks `OPS` times in a row.
//!   `aio_sync` (`aio_sync::Lock`), `tokio` (`tokio::sync::Mutex`),
//!   `async_lock` (`async_lock::Mutex`), `std` (`std::sync::Mutex`).
//! - `lock/contended`: `n` tasks each take the lock `ROUNDS` times and hold
//!   it across a `yield_now`, so nearly every acquisition waits for a handover.
//!   `aio_sync`, `tokio`, `async_lock`.
//! - `semaphore/limit`: `n` tasks each take one of `PERMITS` permits
//!   `ROUNDS` times, holding it across a `yield_now`. `aio_sync`
//!   (`aio_sync::Semaphore`), `tokio` (`tokio::sync::Semaphore`), `async_lock`
//!   (`async_lock::Semaphore`).
//! - `event/fanout`: `WAITERS` tasks park on one event, one `set` wakes
//!   them all, all return. `aio_sync` (`aio_sync::Event`), `tokio_notify`
//!   (`tokio::sync::Notify::notify_waiters`), `tokio_watch` (`tokio::sync::watch`).
//! - `condition/pingpong`: two tasks hand a turn back and forth `TURNS`
//!   times through a condition. `aio_sync` (`aio_sync::Condition<bool>`),
//!   `tokio` (a `tokio::sync::Mutex<bool>` plus a `Notify`: tokio has no condition).
//!
//! Every implementation runs under the same executor, tokio's current-thread
//! runtime, with `tokio::spawn`ed tasks: a bench compares primitives, not
//! schedulers. Throughput is one element per acquisition, per waiter or per
//! turn, so criterion reports the time of one operation.
//! CPython twin: `benches/python/sync.py`.

mod common;

use std::future::poll_fn;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{configure, join_all, runtime};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tokio::sync::{Notify, watch};
use tokio::task::{JoinHandle, yield_now};

/// Lock/unlock pairs per iteration of `lock/uncontended`.
const OPS: usize = 1_000;
/// Task counts of `lock/contended`.
const LOCK_TASKS: [usize; 3] = [2, 16, 256];
/// Task counts of `semaphore/limit`.
const SEMAPHORE_TASKS: [usize; 2] = [16, 256];
/// Acquisitions per task in the contended workloads.
const ROUNDS: usize = 32;
/// Permits of the semaphore in `semaphore/limit`.
const PERMITS: usize = 4;
/// Tasks waiting on the one event of `event/fanout`.
const WAITERS: usize = 1_000;
/// Turns taken (by both tasks together) per iteration of `condition/pingpong`.
const TURNS: usize = 1_000;

/// Spawns `tasks` copies of `work`, each with its own clone of `shared`.
fn spawn_each<S, F>(
    tasks: usize,
    shared: &Arc<S>,
    work: impl Fn(Arc<S>) -> F,
) -> Vec<JoinHandle<()>>
where
    S: Send + Sync + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    (0..tasks)
        .map(|_| tokio::spawn(work(Arc::clone(shared))))
        .collect()
}

// ---- lock/uncontended --------------------------------------------------------

async fn uncontended_aio_sync(lock: &aio_sync::Lock<u64>) {
    for _ in 0..OPS {
        *lock.lock().await += 1;
    }
}

async fn uncontended_tokio(lock: &tokio::sync::Mutex<u64>) {
    for _ in 0..OPS {
        *lock.lock().await += 1;
    }
}

async fn uncontended_async_lock(lock: &async_lock::Mutex<u64>) {
    for _ in 0..OPS {
        *lock.lock().await += 1;
    }
}

async fn uncontended_std(lock: &std::sync::Mutex<u64>) {
    for _ in 0..OPS {
        *lock.lock().expect("not poisoned") += 1;
    }
}

fn lock_uncontended(c: &mut Criterion) {
    let mut group = c.benchmark_group("lock/uncontended");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(OPS as u64));
    let rt = runtime();
    let id = |name| BenchmarkId::new(name, 1);
    let lock = aio_sync::Lock::new(0);
    group.bench_function(id("aio_sync"), |b| {
        b.to_async(&rt).iter(|| uncontended_aio_sync(&lock));
    });
    let lock = tokio::sync::Mutex::new(0);
    group.bench_function(id("tokio"), |b| {
        b.to_async(&rt).iter(|| uncontended_tokio(&lock));
    });
    let lock = async_lock::Mutex::new(0);
    group.bench_function(id("async_lock"), |b| {
        b.to_async(&rt).iter(|| uncontended_async_lock(&lock));
    });
    let lock = std::sync::Mutex::new(0);
    group.bench_function(id("std"), |b| {
        b.to_async(&rt).iter(|| uncontended_std(&lock));
    });
    group.finish();
}

// ---- lock/contended ----------------------------------------------------------
// Holding the lock across `yield_now` lets every other task reach the lock and
// queue. aio_sync and tokio are FIFO: each release hands the lock to the oldest
// waiter, so nearly every acquisition waits. async_lock lets the releasing task
// take the lock straight back (barging): at n = 2 and 16 only ~2-3% of its
// acquisitions wait, while the woken task finds the lock taken and re-queues.
// The same holds for the semaphores below: compare aio_sync with tokio for the
// cost of a fair handover, with async_lock for the cost of fairness.

async fn contended_aio_sync(tasks: usize) {
    let lock = Arc::new(aio_sync::Lock::new(0));
    let handles = spawn_each(tasks, &lock, |lock| async move {
        for _ in 0..ROUNDS {
            let mut count = lock.lock().await;
            *count += 1;
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert_eq!(*lock.lock().await, tasks * ROUNDS);
}

async fn contended_tokio(tasks: usize) {
    let lock = Arc::new(tokio::sync::Mutex::new(0));
    let handles = spawn_each(tasks, &lock, |lock| async move {
        for _ in 0..ROUNDS {
            let mut count = lock.lock().await;
            *count += 1;
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert_eq!(*lock.lock().await, tasks * ROUNDS);
}

async fn contended_async_lock(tasks: usize) {
    let lock = Arc::new(async_lock::Mutex::new(0));
    let handles = spawn_each(tasks, &lock, |lock| async move {
        for _ in 0..ROUNDS {
            let mut count = lock.lock().await;
            *count += 1;
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert_eq!(*lock.lock().await, tasks * ROUNDS);
}

fn lock_contended(c: &mut Criterion) {
    let mut group = c.benchmark_group("lock/contended");
    configure(&mut group, Duration::from_secs(3));
    let rt = runtime();
    for n in LOCK_TASKS {
        group.throughput(Throughput::Elements((n * ROUNDS) as u64));
        group.bench_with_input(BenchmarkId::new("aio_sync", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| contended_aio_sync(n));
        });
        group.bench_with_input(BenchmarkId::new("tokio", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| contended_tokio(n));
        });
        group.bench_with_input(BenchmarkId::new("async_lock", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| contended_async_lock(n));
        });
    }
    group.finish();
}

// ---- semaphore/limit ---------------------------------------------------------

async fn limit_aio_sync(tasks: usize) {
    let semaphore = Arc::new(aio_sync::Semaphore::new(PERMITS));
    let handles = spawn_each(tasks, &semaphore, |semaphore| async move {
        for _ in 0..ROUNDS {
            let _permit = semaphore.acquire().await;
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert_eq!(semaphore.available_permits(), PERMITS);
}

async fn limit_tokio(tasks: usize) {
    let semaphore = Arc::new(tokio::sync::Semaphore::new(PERMITS));
    let handles = spawn_each(tasks, &semaphore, |semaphore| async move {
        for _ in 0..ROUNDS {
            let _permit = semaphore.acquire().await.expect("never closed");
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert_eq!(semaphore.available_permits(), PERMITS);
}

async fn limit_async_lock(tasks: usize) {
    let semaphore = Arc::new(async_lock::Semaphore::new(PERMITS));
    let handles = spawn_each(tasks, &semaphore, |semaphore| async move {
        for _ in 0..ROUNDS {
            let _permit = semaphore.acquire().await;
            yield_now().await;
        }
    });
    join_all(handles).await;
    assert!(semaphore.try_acquire().is_some());
}

fn semaphore_limit(c: &mut Criterion) {
    let mut group = c.benchmark_group("semaphore/limit");
    configure(&mut group, Duration::from_secs(3));
    let rt = runtime();
    for n in SEMAPHORE_TASKS {
        group.throughput(Throughput::Elements((n * ROUNDS) as u64));
        group.bench_with_input(BenchmarkId::new("aio_sync", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| limit_aio_sync(n));
        });
        group.bench_with_input(BenchmarkId::new("tokio", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| limit_tokio(n));
        });
        group.bench_with_input(BenchmarkId::new("async_lock", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| limit_async_lock(n));
        });
    }
    group.finish();
}

// ---- event/fanout ------------------------------------------------------------
// Each waiter counts itself in after its first poll returned `Pending` (by
// then it is in the primitive's wait list), and the setter sets only when all
// are counted. The time covers spawn, registration, the set, every wake-up and
// every join, per waiter.

/// Awaits `wait`, counting itself in `registered` after its first `Pending`.
async fn wait_counted<F: Future>(wait: F, registered: &AtomicUsize) -> F::Output {
    let mut wait = pin!(wait);
    let mut counted = false;
    poll_fn(|cx| {
        let poll = wait.as_mut().poll(cx);
        if poll.is_pending() && !counted {
            counted = true;
            registered.fetch_add(1, Ordering::Release);
        }
        poll
    })
    .await
}

/// Yields until `waiters` waiters have counted themselves in.
async fn until_registered(registered: &AtomicUsize, waiters: usize) {
    while registered.load(Ordering::Acquire) < waiters {
        yield_now().await;
    }
}

async fn fanout_aio_sync(waiters: usize) {
    let event = Arc::new(aio_sync::Event::new());
    let registered = Arc::new(AtomicUsize::new(0));
    let handles = spawn_each(waiters, &event, |event| {
        let registered = Arc::clone(&registered);
        async move { wait_counted(event.wait(), &registered).await }
    });
    until_registered(&registered, waiters).await;
    event.set();
    join_all(handles).await;
}

/// `notify_waiters` wakes only the waiters already in the list, and a
/// `Notified` joins the list on its first poll (or `enable`): the counting
/// above is what makes this correct, not just fair.
async fn fanout_tokio_notify(waiters: usize) {
    let notify = Arc::new(Notify::new());
    let registered = Arc::new(AtomicUsize::new(0));
    let handles = spawn_each(waiters, &notify, |notify| {
        let registered = Arc::clone(&registered);
        async move { wait_counted(notify.notified(), &registered).await }
    });
    until_registered(&registered, waiters).await;
    notify.notify_waiters();
    join_all(handles).await;
}

/// A `watch` receiver compares versions, so it cannot miss the send even
/// unpolled; it is counted in like the others all the same.
async fn fanout_tokio_watch(waiters: usize) {
    let (sender, receiver) = watch::channel(false);
    let registered = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..waiters)
        .map(|_| {
            let registered = Arc::clone(&registered);
            let mut receiver = receiver.clone();
            tokio::spawn(async move {
                let changed = wait_counted(receiver.changed(), &registered).await;
                changed.expect("sender alive");
            })
        })
        .collect();
    until_registered(&registered, waiters).await;
    sender.send_replace(true);
    join_all(handles).await;
}

fn event_fanout(c: &mut Criterion) {
    let mut group = c.benchmark_group("event/fanout");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(WAITERS as u64));
    let rt = runtime();
    let id = |name| BenchmarkId::new(name, WAITERS);
    group.bench_function(id("aio_sync"), |b| {
        b.to_async(&rt).iter(|| fanout_aio_sync(WAITERS));
    });
    group.bench_function(id("tokio_notify"), |b| {
        b.to_async(&rt).iter(|| fanout_tokio_notify(WAITERS));
    });
    group.bench_function(id("tokio_watch"), |b| {
        b.to_async(&rt).iter(|| fanout_tokio_watch(WAITERS));
    });
    group.finish();
}

// ---- condition/pingpong ------------------------------------------------------
// The turn is a bool: the task `me` waits until `turn == me`, flips it and
// notifies. Every turn is a wait, a notify and a lock handover.

async fn take_turns_aio_sync(cond: Arc<aio_sync::Condition<bool>>, me: bool, turns: usize) {
    for _ in 0..turns {
        let turn = cond.lock().await;
        let mut turn = cond.wait_for(turn, |turn| *turn == me).await;
        *turn = !me;
        cond.notify(&turn, 1);
    }
}

async fn pingpong_aio_sync(turns: usize) {
    let cond = Arc::new(aio_sync::Condition::new(false));
    let ping = tokio::spawn(take_turns_aio_sync(Arc::clone(&cond), false, turns / 2));
    let pong = tokio::spawn(take_turns_aio_sync(Arc::clone(&cond), true, turns / 2));
    join_all(vec![ping, pong]).await;
    assert!(!*cond.lock().await);
}

/// tokio has no condition variable; this is the usual emulation: a mutex
/// around the state and a `Notify`. Like `Condition::wait`, a waiter
/// registers (`enable`) *before* it releases the mutex, and the notifier
/// notifies while holding it, so no notification falls in between.
/// `notify_waiters` rather than `notify_one`: a `notify_one` with nobody
/// waiting would store a permit and wake the next waiter spuriously.
#[derive(Debug, Default)]
struct TokioCondition {
    turn: tokio::sync::Mutex<bool>,
    changed: Notify,
}

async fn take_turns_tokio(cond: Arc<TokioCondition>, me: bool, turns: usize) {
    for _ in 0..turns {
        let mut turn = cond.turn.lock().await;
        while *turn != me {
            let mut changed = pin!(cond.changed.notified());
            changed.as_mut().enable();
            drop(turn);
            changed.await;
            turn = cond.turn.lock().await;
        }
        *turn = !me;
        cond.changed.notify_waiters();
    }
}

async fn pingpong_tokio(turns: usize) {
    let cond = Arc::new(TokioCondition::default());
    let ping = tokio::spawn(take_turns_tokio(Arc::clone(&cond), false, turns / 2));
    let pong = tokio::spawn(take_turns_tokio(Arc::clone(&cond), true, turns / 2));
    join_all(vec![ping, pong]).await;
    assert!(!*cond.turn.lock().await);
}

fn condition_pingpong(c: &mut Criterion) {
    let mut group = c.benchmark_group("condition/pingpong");
    configure(&mut group, Duration::from_secs(3));
    group.throughput(Throughput::Elements(TURNS as u64));
    let rt = runtime();
    let id = |name| BenchmarkId::new(name, TURNS);
    group.bench_function(id("aio_sync"), |b| {
        b.to_async(&rt).iter(|| pingpong_aio_sync(TURNS));
    });
    group.bench_function(id("tokio"), |b| {
        b.to_async(&rt).iter(|| pingpong_tokio(TURNS));
    });
    group.finish();
}

criterion_group!(
    benches,
    lock_uncontended,
    lock_contended,
    semaphore_limit,
    event_fanout,
    condition_pingpong
);
criterion_main!(benches);
