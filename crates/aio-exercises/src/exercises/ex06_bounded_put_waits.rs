//! # Exercise 06: make a bounded queue's `put` wait
//!
//! Read first: "Queues" (`book/src/queue/index.md`), and "Condition"
//! (`book/src/sync/condition.md`) for the tool used here.
//!
//! An `asyncio.Queue(maxsize=n)` gives a producer *backpressure*: when the
//! queue is full, `await queue.put(item)` waits until a consumer has taken
//! an item, so a fast producer cannot fill the memory. [`BoundedQueue`]
//! keeps its items in an [`aio_sync::Condition`], and
//! [`get`](BoundedQueue::get) is written already: it waits until the queue
//! is not empty, takes the oldest item, and notifies the waiters, because
//! there is now room for a putter.
//!
//! Implement [`put`](BoundedQueue::put), the mirror image: lock the items,
//! wait (with [`Condition::wait_for`](aio_sync::Condition::wait_for)) until
//! there are fewer than `capacity`, push the item at the back, and notify
//! the waiters (a getter may be waiting for exactly this item). Never spin
//! or sleep: waiting on the condition releases the lock and costs nothing.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex06`.

use std::collections::VecDeque;

use aio_sync::Condition;

/// A FIFO queue of at most `capacity` items: `asyncio.Queue(maxsize)`.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    items: Condition<VecDeque<T>>,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue that holds at most `capacity` items.
    ///
    /// # Panics
    /// If `capacity` is zero.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for one item");
        BoundedQueue {
            items: Condition::new(VecDeque::with_capacity(capacity)),
            capacity,
        }
    }

    /// Adds `item` at the back, first waiting until the queue has room.
    pub async fn put(&self, item: T) {
        let _ = (&self.items, self.capacity, item);
        todo!("exercise 06: wait_for(fewer than capacity items), push_back, notify_all")
    }

    /// Takes the oldest item, first waiting until there is one.
    pub async fn get(&self) -> T {
        let items = self.items.lock().await;
        let mut items = self.items.wait_for(items, |items| !items.is_empty()).await;
        let item = items.pop_front().expect("not empty: we waited for that");
        // There is room now: wake the waiters (putters among them) to re-check.
        self.items.notify_all(&items);
        item
    }
}
