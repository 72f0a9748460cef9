//! Reference solution of exercise 06 (see the exercise file for the task).

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
        let items = self.items.lock().await;
        let mut items = self
            .items
            .wait_for(items, |items| items.len() < self.capacity)
            .await;
        items.push_back(item);
        // There is an item now: wake the waiters (getters among them) to re-check.
        self.items.notify_all(&items);
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
