//! `aio-tasks`' combinators against the ecosystem's, on `n` futures at once.
//!
//! - `tasks/gather`: `n` ready futures (`futures::future::ready(Ok(i))`), all
//!   awaited, values collected in input order. `aio_tasks` (`aio_tasks::gather`),
//!   `try_join_all` (`futures::future::try_join_all`), `tokio_joinset`
//!   (`tokio::task::JoinSet`: spawn `n` tasks, `join_next` until empty, each
//!   value put back at its index so the output matches `gather`'s).
//!   The settled variant (every `Result` kept, nothing cancelled):
//!   `aio_tasks_settled` (`aio_tasks::gather_settled`) against `join_all`
//!   (`futures::future::join_all`).
//! - `tasks/as_completed`: `n` futures that finish in a staggered order
//!   without timers: future `i` returns `Pending` `i % 7` times (waking itself
//!   each time, see [`YieldN`]) before it is ready. Outputs consumed in
//!   completion order. `aio_tasks` (`aio_tasks::as_completed(.., None)`),
//!   `futures_unordered` (`futures::stream::FuturesUnordered`), `tokio_joinset`
//!   (`JoinSet::join_next`, tokio's own "next one to finish").
//!
//! `YieldN` wakes its own waker rather than calling `tokio::task::yield_now`:
//! tokio's `yield_now` parks the waker in the scheduler's defer list and costs
//! a scheduler pass, which would measure the runtime, not the combinator.
//! Every implementation runs under tokio's current-thread runtime
//! (`common::runtime()`); the futures-based ones poll everything on the
//! benchmark's own task, `JoinSet` spawns one task per future. Every
//! implementation checks its output (length, order or sum). Throughput is one
//! element per future, so criterion reports the time of one.
//! CPython twin: `benches/python/tasks.py`.

mod common;

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use common::{configure, runtime};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures::StreamExt;
use futures::future::{Ready, join_all, ready, try_join_all};
use futures::stream::FuturesUnordered;
use tokio::task::JoinSet;

/// Futures per iteration.
const SIZES: [usize; 2] = [1_000, 100_000];
/// Future `i` of `tasks/as_completed` is pending `i % STAGGER` times.
const STAGGER: usize = 7;

// ---- tasks/gather ------------------------------------------------------------

/// `n` futures that are ready at their first poll, with value `i` at index `i`.
fn ready_futures(n: usize) -> impl Iterator<Item = Ready<Result<usize, ()>>> {
    (0..n).map(|i| ready(Ok(i)))
}

/// Input order kept: value `i` at index `i`.
fn check_in_order(values: &[usize], n: usize) {
    assert_eq!(values.len(), n);
    assert!(values.iter().enumerate().all(|(i, &v)| i == v));
}

async fn gather_aio_tasks(n: usize) {
    let values = aio_tasks::gather(ready_futures(n)).await.expect("all ok");
    check_in_order(black_box(&values), n);
}

async fn gather_try_join_all(n: usize) {
    let values = try_join_all(ready_futures(n)).await.expect("all ok");
    check_in_order(black_box(&values), n);
}

async fn gather_joinset(n: usize) {
    let mut set = JoinSet::new();
    for i in 0..n {
        set.spawn(async move { (i, Ok::<usize, ()>(i)) });
    }
    let mut values = vec![0; n];
    while let Some(joined) = set.join_next().await {
        let (index, value) = joined.expect("task");
        values[index] = value.expect("ok");
    }
    check_in_order(black_box(&values), n);
}

async fn gather_settled_aio_tasks(n: usize) {
    let outcomes = aio_tasks::gather_settled(ready_futures(n)).await;
    assert_eq!(black_box(&outcomes).len(), n);
    assert!(outcomes.iter().enumerate().all(|(i, o)| *o == Ok(i)));
}

async fn gather_settled_join_all(n: usize) {
    let outcomes = join_all(ready_futures(n)).await;
    assert_eq!(black_box(&outcomes).len(), n);
    assert!(outcomes.iter().enumerate().all(|(i, o)| *o == Ok(i)));
}

fn tasks_gather(c: &mut Criterion) {
    let mut group = c.benchmark_group("tasks/gather");
    configure(&mut group, Duration::from_secs(3));
    let rt = runtime();
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("aio_tasks", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| gather_aio_tasks(n));
        });
        group.bench_with_input(BenchmarkId::new("try_join_all", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| gather_try_join_all(n));
        });
        group.bench_with_input(BenchmarkId::new("tokio_joinset", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| gather_joinset(n));
        });
        group.bench_with_input(BenchmarkId::new("aio_tasks_settled", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| gather_settled_aio_tasks(n));
        });
        group.bench_with_input(BenchmarkId::new("join_all", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| gather_settled_join_all(n));
        });
    }
    group.finish();
}

// ---- tasks/as_completed ------------------------------------------------------

/// A future that returns `Pending` `remaining` times, waking its own waker
/// each time (so its executor polls it again soon), then `value`.
#[derive(Debug)]
struct YieldN {
    remaining: usize,
    value: usize,
}

impl Future for YieldN {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        if self.remaining == 0 {
            return Poll::Ready(self.value);
        }
        self.remaining -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// `n` futures; future `i` is pending `i % STAGGER` times, then yields `i`.
fn staggered(n: usize) -> impl Iterator<Item = YieldN> {
    (0..n).map(|i| YieldN {
        remaining: i % STAGGER,
        value: i,
    })
}

/// Every future came out exactly once, and a quick one (no yields) came first.
fn check_completed(first: Option<usize>, count: usize, sum: usize, n: usize) {
    assert_eq!(count, n);
    assert_eq!(sum, n * (n - 1) / 2);
    assert_eq!(first.map(|value| value % STAGGER), Some(0));
}

async fn as_completed_aio_tasks(n: usize) {
    let mut stream = aio_tasks::as_completed(staggered(n), None);
    let (mut first, mut count, mut sum) = (None, 0, 0);
    while let Some(output) = stream.next().await {
        let value = black_box(output.expect("no timeout"));
        first.get_or_insert(value);
        count += 1;
        sum += value;
    }
    check_completed(first, count, sum, n);
}

async fn as_completed_futures_unordered(n: usize) {
    let mut stream: FuturesUnordered<_> = staggered(n).collect();
    let (mut first, mut count, mut sum) = (None, 0, 0);
    while let Some(value) = stream.next().await {
        let value = black_box(value);
        first.get_or_insert(value);
        count += 1;
        sum += value;
    }
    check_completed(first, count, sum, n);
}

async fn as_completed_joinset(n: usize) {
    let mut set = JoinSet::new();
    for future in staggered(n) {
        set.spawn(future);
    }
    let (mut first, mut count, mut sum) = (None, 0, 0);
    while let Some(joined) = set.join_next().await {
        let value = black_box(joined.expect("task"));
        first.get_or_insert(value);
        count += 1;
        sum += value;
    }
    check_completed(first, count, sum, n);
}

fn tasks_as_completed(c: &mut Criterion) {
    let mut group = c.benchmark_group("tasks/as_completed");
    configure(&mut group, Duration::from_secs(3));
    let rt = runtime();
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("aio_tasks", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| as_completed_aio_tasks(n));
        });
        group.bench_with_input(BenchmarkId::new("futures_unordered", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| as_completed_futures_unordered(n));
        });
        group.bench_with_input(BenchmarkId::new("tokio_joinset", n), &n, |b, &n| {
            b.to_async(&rt).iter(|| as_completed_joinset(n));
        });
    }
    group.finish();
}

criterion_group!(benches, tasks_gather, tasks_as_completed);
criterion_main!(benches);
