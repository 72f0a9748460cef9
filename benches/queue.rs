//! The queues, side by side, per item.
//!
//! - `queue/spsc`: one producer task sends `ITEMS` items, one consumer task
//!   receives them, through an unbounded queue (`*/unbounded`) and through one
//!   that holds `CAPACITY` items (`*/bounded64`). `aio_queue`
//!   (`aio_queue::Queue`), `async_channel` (`async_channel::unbounded` /
//!   `bounded`), `tokio_mpsc` (`tokio::sync::mpsc::unbounded_channel` /
//!   `channel`).
//! - `queue/mpmc`: `PRODUCERS` producers and `CONSUMERS` consumers share one
//!   queue of `CAPACITY` items and move `ITEMS` items in all. `aio_queue`,
//!   `async_channel`. tokio's mpsc has a single receiver (`recv` takes
//!   `&mut self`), so it has no entry here: sharing it behind a mutex would
//!   measure the mutex, not the channel. The `*/bounded64_2_workers` variants
//!   run the same flow on tokio's multi-thread runtime with 2 workers, where
//!   producers and consumers really run at once and contend: the case where
//!   one mutex per queue meets a lock-free channel.
//! - `queue/priority`: one task puts `ITEMS` distinct keys in a pseudo-random
//!   order, then another gets them all, smallest first. `aio_queue`
//!   (`aio_queue::PriorityQueue`), `mutex_heap` (a `std::sync::Mutex` around a
//!   `BinaryHeap`, plus a `tokio::sync::Notify` for getters to wait on: what
//!   one writes by hand, since no async priority queue of the ecosystem is a
//!   dependency of this workspace).
//!
//! Every implementation runs under the same executor, tokio's current-thread
//! runtime (the `*_2_workers` variants: its multi-thread runtime), with
//! `tokio::spawn`ed tasks: a bench compares queues, not schedulers. Throughput is one element per item moved (for `queue/priority`:
//! one put and one get), so criterion reports the time of one item.
//!
//! On one thread a producer runs until it must wait: into an unbounded queue
//! it puts everything before the consumer runs; into a bounded one it fills
//! the `CAPACITY` slots, and the consumer then drains them. Both sides wait
//! once per `CAPACITY` items, not once per item, in every implementation.
//! tokio's `recv` also spends tokio's cooperative budget and yields to the
//! scheduler every 128 items, even when items are ready; `aio_queue` and
//! `async_channel` never yield on their own.
//!
//! The ids name the implementation and the variant (`aio_queue/bounded64`);
//! the CPython twin `benches/python/queues.py` (not `queue.py`: that name
//! would shadow the standard library's `queue` for every twin in the folder) reports the same workloads as
//! `queue/spsc/unbounded`, `queue/spsc/bounded64`, `queue/mpmc/bounded64` and
//! `queue/priority`.

mod common;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{configure, join_all, multi_thread_runtime, runtime};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

/// Items moved per iteration of every workload.
const ITEMS: usize = 10_000;
/// Room in the bounded queues.
const CAPACITY: usize = 64;
/// Producer tasks of `queue/mpmc`.
const PRODUCERS: usize = 4;
/// Consumer tasks of `queue/mpmc`.
const CONSUMERS: usize = 4;

/// The sum of `0..items`: what the consumers must receive between them.
fn sum_below(items: usize) -> u64 {
    let items = items as u64;
    items * (items - 1) / 2
}

/// The items producer `index` of `producers` sends: `index`, `index +
/// producers`, ... so that together they send `0..items` once each.
fn share(index: usize, producers: usize, items: usize) -> impl Iterator<Item = u64> {
    (index..items).step_by(producers).map(|item| item as u64)
}

/// Awaits every consumer and checks that together they received every item.
async fn check_received(consumers: Vec<JoinHandle<u64>>, items: usize) {
    let mut sum = 0;
    for consumer in consumers {
        sum += consumer.await.expect("consumer");
    }
    assert_eq!(sum, sum_below(items));
}

// ---- queue/spsc and queue/mpmc -----------------------------------------------
// The same flow for both: `producers` tasks send `0..items` between them,
// `consumers` tasks each receive their share, and the sum proves that every
// item arrived once. Consumers are spawned first, so they are the first to wait.

async fn flow_aio_queue(
    queue: aio_queue::Queue<u64>,
    producers: usize,
    consumers: usize,
    items: usize,
) {
    let consumer_handles = (0..consumers)
        .map(|_| {
            let queue = queue.clone();
            tokio::spawn(async move {
                let mut sum = 0;
                for _ in 0..items / consumers {
                    sum += queue.get().await.expect("never shut down");
                }
                sum
            })
        })
        .collect();
    let producer_handles = (0..producers)
        .map(|index| {
            let queue = queue.clone();
            tokio::spawn(async move {
                for item in share(index, producers, items) {
                    queue.put(item).await.expect("never shut down");
                }
            })
        })
        .collect();
    join_all(producer_handles).await;
    check_received(consumer_handles, items).await;
}

async fn flow_async_channel(
    (sender, receiver): (async_channel::Sender<u64>, async_channel::Receiver<u64>),
    producers: usize,
    consumers: usize,
    items: usize,
) {
    let consumer_handles = (0..consumers)
        .map(|_| {
            let receiver = receiver.clone();
            tokio::spawn(async move {
                let mut sum = 0;
                for _ in 0..items / consumers {
                    sum += receiver.recv().await.expect("senders alive");
                }
                sum
            })
        })
        .collect();
    let producer_handles = (0..producers)
        .map(|index| {
            let sender = sender.clone();
            tokio::spawn(async move {
                for item in share(index, producers, items) {
                    sender.send(item).await.expect("receivers alive");
                }
            })
        })
        .collect();
    join_all(producer_handles).await;
    check_received(consumer_handles, items).await;
}

/// tokio's unbounded sender has a plain `send` (it never waits); its bounded
/// one, below, an async one: two functions for one receiver each.
async fn spsc_tokio_unbounded(items: usize) {
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let consumer = tokio::spawn(async move {
        let mut sum = 0;
        for _ in 0..items {
            sum += receiver.recv().await.expect("sender alive");
        }
        sum
    });
    let producer = tokio::spawn(async move {
        for item in share(0, 1, items) {
            sender.send(item).expect("receiver alive");
        }
    });
    join_all(vec![producer]).await;
    check_received(vec![consumer], items).await;
}

async fn spsc_tokio_bounded(items: usize) {
    let (sender, mut receiver) = mpsc::channel(CAPACITY);
    let consumer = tokio::spawn(async move {
        let mut sum = 0;
        for _ in 0..items {
            sum += receiver.recv().await.expect("sender alive");
        }
        sum
    });
    let producer = tokio::spawn(async move {
        for item in share(0, 1, items) {
            sender.send(item).await.expect("receiver alive");
        }
    });
    join_all(vec![producer]).await;
    check_received(vec![consumer], items).await;
}

fn queue_spsc(c: &mut Criterion) {
    let mut group = c.benchmark_group("queue/spsc");
    configure(&mut group, Duration::from_secs(4));
    group.throughput(Throughput::Elements(ITEMS as u64));
    let rt = runtime();
    let id = |name| BenchmarkId::new(name, ITEMS);
    group.bench_function(id("aio_queue/unbounded"), |b| {
        b.to_async(&rt)
            .iter(|| flow_aio_queue(aio_queue::Queue::unbounded(), 1, 1, ITEMS));
    });
    group.bench_function(id("async_channel/unbounded"), |b| {
        b.to_async(&rt)
            .iter(|| flow_async_channel(async_channel::unbounded(), 1, 1, ITEMS));
    });
    group.bench_function(id("tokio_mpsc/unbounded"), |b| {
        b.to_async(&rt).iter(|| spsc_tokio_unbounded(ITEMS));
    });
    group.bench_function(id("aio_queue/bounded64"), |b| {
        b.to_async(&rt)
            .iter(|| flow_aio_queue(aio_queue::Queue::bounded(CAPACITY), 1, 1, ITEMS));
    });
    group.bench_function(id("async_channel/bounded64"), |b| {
        b.to_async(&rt)
            .iter(|| flow_async_channel(async_channel::bounded(CAPACITY), 1, 1, ITEMS));
    });
    group.bench_function(id("tokio_mpsc/bounded64"), |b| {
        b.to_async(&rt).iter(|| spsc_tokio_bounded(ITEMS));
    });
    group.finish();
}

fn queue_mpmc(c: &mut Criterion) {
    let mut group = c.benchmark_group("queue/mpmc");
    configure(&mut group, Duration::from_secs(4));
    group.throughput(Throughput::Elements(ITEMS as u64));
    let rt = runtime();
    let id = |name| BenchmarkId::new(name, ITEMS);
    group.bench_function(id("aio_queue/bounded64"), |b| {
        b.to_async(&rt).iter(|| {
            flow_aio_queue(
                aio_queue::Queue::bounded(CAPACITY),
                PRODUCERS,
                CONSUMERS,
                ITEMS,
            )
        });
    });
    group.bench_function(id("async_channel/bounded64"), |b| {
        b.to_async(&rt).iter(|| {
            flow_async_channel(
                async_channel::bounded(CAPACITY),
                PRODUCERS,
                CONSUMERS,
                ITEMS,
            )
        });
    });
    let two_workers = multi_thread_runtime(2);
    group.bench_function(id("aio_queue/bounded64_2_workers"), |b| {
        b.to_async(&two_workers).iter(|| {
            flow_aio_queue(
                aio_queue::Queue::bounded(CAPACITY),
                PRODUCERS,
                CONSUMERS,
                ITEMS,
            )
        });
    });
    group.bench_function(id("async_channel/bounded64_2_workers"), |b| {
        b.to_async(&two_workers).iter(|| {
            flow_async_channel(
                async_channel::bounded(CAPACITY),
                PRODUCERS,
                CONSUMERS,
                ITEMS,
            )
        });
    });
    group.finish();
}

// ---- queue/priority ----------------------------------------------------------
// All puts first, then all gets: with every item queued at once, the order of
// the gets is the priority order, and the heap works at its full size.

/// `0..items` in a fixed pseudo-random order (Fisher-Yates with xorshift64),
/// the same for every implementation and every run.
fn shuffled(items: usize) -> Arc<[u64]> {
    let mut keys: Vec<u64> = (0..items as u64).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for last in (1..keys.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let pick = (state % (last as u64 + 1)) as usize;
        keys.swap(last, pick);
    }
    keys.into()
}

async fn priority_aio_queue(keys: Arc<[u64]>) {
    let queue = aio_queue::PriorityQueue::unbounded();
    let producer = {
        let queue = queue.clone();
        let keys = Arc::clone(&keys);
        tokio::spawn(async move {
            for &key in keys.iter() {
                queue.put(key).await.expect("never shut down");
            }
        })
    };
    join_all(vec![producer]).await;
    let consumer = tokio::spawn(async move {
        for expected in 0..keys.len() as u64 {
            assert_eq!(queue.get().await, Ok(expected));
        }
    });
    join_all(vec![consumer]).await;
}

/// The hand-written async priority queue: a heap under a std mutex (never
/// held across an await), and a `Notify` for getters that find it empty.
/// `notify_one` with nobody waiting stores a permit, so a put that lands
/// between a getter's failed `pop` and its `notified()` still wakes it.
#[derive(Debug, Default)]
struct MutexHeap {
    heap: Mutex<BinaryHeap<Reverse<u64>>>,
    pushed: Notify,
}

impl MutexHeap {
    fn put(&self, key: u64) {
        self.heap.lock().expect("not poisoned").push(Reverse(key));
        self.pushed.notify_one();
    }

    async fn get(&self) -> u64 {
        loop {
            if let Some(Reverse(key)) = self.heap.lock().expect("not poisoned").pop() {
                return key;
            }
            self.pushed.notified().await;
        }
    }
}

async fn priority_mutex_heap(keys: Arc<[u64]>) {
    let queue = Arc::new(MutexHeap::default());
    let producer = {
        let queue = Arc::clone(&queue);
        let keys = Arc::clone(&keys);
        tokio::spawn(async move {
            for &key in keys.iter() {
                queue.put(key);
            }
        })
    };
    join_all(vec![producer]).await;
    let consumer = tokio::spawn(async move {
        for expected in 0..keys.len() as u64 {
            assert_eq!(queue.get().await, expected);
        }
    });
    join_all(vec![consumer]).await;
}

fn queue_priority(c: &mut Criterion) {
    let mut group = c.benchmark_group("queue/priority");
    configure(&mut group, Duration::from_secs(4));
    group.throughput(Throughput::Elements(ITEMS as u64));
    let rt = runtime();
    let keys = shuffled(ITEMS);
    let id = |name| BenchmarkId::new(name, ITEMS);
    group.bench_function(id("aio_queue"), |b| {
        b.to_async(&rt)
            .iter(|| priority_aio_queue(Arc::clone(&keys)));
    });
    group.bench_function(id("mutex_heap"), |b| {
        b.to_async(&rt)
            .iter(|| priority_mutex_heap(Arc::clone(&keys)));
    });
    group.finish();
}

criterion_group!(benches, queue_spsc, queue_mpmc, queue_priority);
criterion_main!(benches);
