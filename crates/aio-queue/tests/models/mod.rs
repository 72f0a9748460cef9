//! What the shuttle model tests of the queue share: how many schedules to
//! try and with which schedulers, a ledger of item ids, and the exactly-once
//! scenario that `shuttle_queue.rs` runs on the real queues and
//! `shuttle_broken.rs` on the broken one.
#![allow(dead_code)] // each test file uses its own subset

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use aio_queue::broken::BrokenQueue;
use aio_queue::{GenericQueue, Store};
use shuttle::future::{AbortHandle, JoinHandle, block_on, spawn, yield_now};
use shuttle::rand::{Rng, thread_rng};

#[allow(unused_imports)] // each test file uses its own subset
pub(crate) use aio_testkit::models::{ITERATIONS, check};

/// Aborts a task at a random point of its work: a helper task yields a
/// random number of times (shuttle replays the randomness), then aborts.
/// The abort itself lands at the task's next poll. Join the returned handle.
pub(crate) fn abort_later(task: AbortHandle) -> JoinHandle<()> {
    spawn(async move {
        for _ in 0..thread_rng().gen_range(0..4) {
            yield_now().await;
        }
        task.abort();
    })
}

/// What happened to each item id: about to be put, put in, received,
/// handed back.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ledger {
    inner: Arc<Mutex<Entries>>,
}

#[derive(Debug, Default)]
struct Entries {
    attempted: Vec<u32>,
    put: Vec<u32>,
    received: Vec<u32>,
    returned: Vec<u32>,
}

impl Ledger {
    fn with<R>(&self, f: impl FnOnce(&mut Entries) -> R) -> R {
        f(&mut self.inner.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A put of `id` begins. (Recorded before the put: the put's unlock is a
    /// scheduling point, so a consumer may receive `id` before its producer
    /// runs again to record [`put`](Ledger::put).)
    pub(crate) fn attempt(&self, id: u32) {
        self.with(|entries| entries.attempted.push(id));
    }

    /// `id` is in the queue: its put returned `Ok`.
    pub(crate) fn put(&self, id: u32) {
        self.with(|entries| entries.put.push(id));
    }

    /// `id` came out of the queue: never twice, never one nobody tried to put.
    pub(crate) fn received(&self, id: u32) {
        self.with(|entries| {
            assert!(
                !entries.received.contains(&id),
                "item {id} was delivered twice"
            );
            assert!(
                entries.attempted.contains(&id),
                "item {id} came out but was never put"
            );
            entries.received.push(id);
        });
    }

    /// A put refused `id` and handed it back.
    pub(crate) fn returned(&self, id: u32) {
        self.with(|entries| entries.returned.push(id));
    }

    pub(crate) fn put_count(&self) -> usize {
        self.with(|entries| entries.put.len())
    }

    pub(crate) fn received_count(&self) -> usize {
        self.with(|entries| entries.received.len())
    }

    /// The ids put, received and handed back, each sorted.
    pub(crate) fn sorted(&self) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
        self.with(|entries| {
            let mut lists = (
                entries.put.clone(),
                entries.received.clone(),
                entries.returned.clone(),
            );
            lists.0.sort_unstable();
            lists.1.sort_unstable();
            lists.2.sort_unstable();
            lists
        })
    }
}

/// A queue of `u32` ids, as the exactly-once scenario sees it.
pub(crate) trait ModelQueue: Send + Sync + 'static {
    /// `None` when unbounded.
    fn maxsize(&self) -> Option<usize>;
    /// Puts, waiting for room if needed.
    fn put(&self, id: u32) -> impl Future<Output = ()> + Send + '_;
    /// Takes, waiting for an item if needed.
    fn get(&self) -> impl Future<Output = u32> + Send + '_;
    /// Takes an item if one is there for the taking.
    fn get_nowait(&self) -> Option<u32>;
    /// Items queued, counting those handed to a getter not yet received.
    fn qsize(&self) -> usize;
}

impl<S: Store<u32> + Send + Sync + 'static> ModelQueue for GenericQueue<u32, S> {
    fn maxsize(&self) -> Option<usize> {
        GenericQueue::maxsize(self)
    }

    async fn put(&self, id: u32) {
        GenericQueue::put(self, id)
            .await
            .expect("this scenario never shuts the queue down");
    }

    async fn get(&self) -> u32 {
        GenericQueue::get(self)
            .await
            .expect("this scenario never shuts the queue down")
    }

    fn get_nowait(&self) -> Option<u32> {
        GenericQueue::get_nowait(self).ok()
    }

    fn qsize(&self) -> usize {
        GenericQueue::qsize(self)
    }
}

impl ModelQueue for BrokenQueue<u32> {
    fn maxsize(&self) -> Option<usize> {
        None
    }

    async fn put(&self, id: u32) {
        self.put_nowait(id);
    }

    fn get(&self) -> impl Future<Output = u32> + Send + '_ {
        BrokenQueue::get(self)
    }

    fn get_nowait(&self) -> Option<u32> {
        BrokenQueue::get_nowait(self)
    }

    fn qsize(&self) -> usize {
        BrokenQueue::qsize(self)
    }
}

/// Asserts that the queue holds no more than its maxsize right now.
fn assert_within_maxsize<Q: ModelQueue>(queue: &Q) {
    if let Some(maxsize) = queue.maxsize() {
        let qsize = queue.qsize();
        assert!(qsize <= maxsize, "qsize {qsize} exceeds maxsize {maxsize}");
    }
}

/// Exactly once, under cancellation: `producers` tasks put `items_each`
/// distinct ids each, two consumers take forever. One producer and one
/// consumer are aborted at random points (waiting for room, waiting for an
/// item, just handed one); once the producers are done, the surviving
/// consumer is aborted too, wherever it stands. Then every id that was put
/// has been received or is still queued (`put == received + qsize`), and
/// draining the queue leaves every id received exactly once. Inside the
/// tasks, the queue never holds more than its maxsize.
pub(crate) fn exactly_once<Q: ModelQueue>(queue: Q, producers: u32, items_each: u32) {
    let queue = Arc::new(queue);
    let ledger = Ledger::default();
    let consumers: Vec<JoinHandle<()>> = (0..2)
        .map(|_| {
            let (queue, ledger) = (Arc::clone(&queue), ledger.clone());
            spawn(async move {
                loop {
                    let id = queue.get().await;
                    ledger.received(id);
                    assert_within_maxsize(&*queue);
                }
            })
        })
        .collect();
    let producers: Vec<JoinHandle<()>> = (0..producers)
        .map(|producer| {
            let (queue, ledger) = (Arc::clone(&queue), ledger.clone());
            spawn(async move {
                for id in producer * items_each..(producer + 1) * items_each {
                    ledger.attempt(id);
                    queue.put(id).await;
                    ledger.put(id); // same poll as the put: an abort cannot fall between
                    assert_within_maxsize(&*queue);
                }
            })
        })
        .collect();
    let cancellers = [
        abort_later(producers[0].abort_handle()),
        abort_later(consumers[0].abort_handle()),
    ];
    for producer in producers {
        let _finished_or_cancelled = block_on(producer);
    }
    for canceller in cancellers {
        block_on(canceller).unwrap();
    }
    // The producers are done; the last consumer may be waiting, or may have
    // just been handed an item it has not received yet. Cancel it there.
    for consumer in &consumers {
        consumer.abort();
    }
    for consumer in consumers {
        // Consumers never finish: the abort must land.
        assert!(block_on(consumer).is_err());
    }
    assert_eq!(
        ledger.put_count(),
        ledger.received_count() + queue.qsize(),
        "every item put is received or still queued"
    );
    while let Some(id) = queue.get_nowait() {
        ledger.received(id);
    }
    let (put, received, _) = ledger.sorted();
    assert_eq!(put, received, "every item put is received exactly once");
    assert_eq!(queue.qsize(), 0);
}
