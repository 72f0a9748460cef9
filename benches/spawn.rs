//! `spawn/join`: start `n` units that do nothing, then wait for all of them.
//! The cost of one more thread against one more task, per unit.
//!
//! Implementations: `std_thread` (a new OS thread each), `tokio_task_current_thread`
//! and `tokio_task_multi_thread` (`tokio::spawn` on each runtime flavour, 2 workers),
//! `spawn_blocking` (tokio's blocking pool: threads are reused once warm).
//! CPython twin: `benches/python/spawn.py`.

use std::hint::black_box;
use std::thread;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tokio::runtime::{Builder, Runtime};

const SIZES: [usize; 2] = [1, 100];

fn current_thread() -> Runtime {
    Builder::new_current_thread().build().expect("runtime")
}

fn multi_thread() -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("runtime")
}

async fn spawn_tasks(n: usize) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::spawn(async move { black_box(i) }))
        .collect();
    for handle in handles {
        black_box(handle.await.expect("task"));
    }
}

async fn spawn_blocking_jobs(n: usize) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::task::spawn_blocking(move || black_box(i)))
        .collect();
    for handle in handles {
        black_box(handle.await.expect("job"));
    }
}

fn spawn_threads(n: usize) {
    let handles: Vec<_> = (0..n)
        .map(|i| thread::spawn(move || black_box(i)))
        .collect();
    for handle in handles {
        black_box(handle.join().expect("thread"));
    }
}

fn spawn_join(c: &mut Criterion) {
    let mut group = c.benchmark_group("spawn/join");
    let current = current_thread();
    let multi = multi_thread();
    for n in SIZES {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("std_thread", n), &n, |b, &n| {
            b.iter(|| spawn_threads(n));
        });
        group.bench_with_input(
            BenchmarkId::new("tokio_task_current_thread", n),
            &n,
            |b, &n| b.to_async(&current).iter(|| spawn_tasks(n)),
        );
        group.bench_with_input(
            BenchmarkId::new("tokio_task_multi_thread", n),
            &n,
            |b, &n| {
                b.to_async(&multi).iter(|| spawn_tasks(n));
            },
        );
        group.bench_with_input(BenchmarkId::new("spawn_blocking", n), &n, |b, &n| {
            b.to_async(&multi).iter(|| spawn_blocking_jobs(n));
        });
    }
    group.finish();
}

criterion_group!(benches, spawn_join);
criterion_main!(benches);
