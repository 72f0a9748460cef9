//! `Condition` under shuttle: notifications reach waiters, and one swallowed
//! by a cancelled waiter is passed on.
#![cfg(aio_shuttle)]

mod models;

use std::collections::VecDeque;
use std::sync::Arc;

use aio_sync::Condition;
use shuttle::future::{JoinHandle, block_on, spawn};

fn spawn_consumer(queue: &Arc<Condition<VecDeque<u32>>>) -> JoinHandle<u32> {
    let queue = Arc::clone(queue);
    spawn(async move {
        let guard = queue.lock().await;
        let mut guard = queue.wait_for(guard, |items| !items.is_empty()).await;
        guard.pop_front().expect("the predicate held")
    })
}

#[test]
fn every_item_is_consumed_exactly_once() {
    models::check(|| {
        let queue = Arc::new(Condition::new(VecDeque::new()));
        let consumers: Vec<_> = (0..2).map(|_| spawn_consumer(&queue)).collect();
        for item in [1, 2] {
            let mut guard = block_on(queue.lock());
            guard.push_back(item);
            queue.notify(&guard, 1);
        }
        let mut got: Vec<u32> = consumers
            .into_iter()
            .map(|consumer| block_on(consumer).unwrap())
            .collect();
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
    });
}

#[test]
fn a_cancelled_consumer_passes_its_notification_on() {
    models::check(|| {
        let queue = Arc::new(Condition::new(VecDeque::new()));
        let first = spawn_consumer(&queue);
        let cancelled = spawn_consumer(&queue);
        let last = spawn_consumer(&queue);
        let producer = spawn({
            let queue = Arc::clone(&queue);
            async move {
                for item in [1, 2, 3] {
                    let mut guard = queue.lock().await;
                    guard.push_back(item);
                    queue.notify(&guard, 1);
                }
            }
        });
        cancelled.abort();
        block_on(producer).unwrap();
        // Each consumer takes at most one item, so two remain for these two:
        // if the cancelled one swallowed a notify(1), one of them would hang.
        let (a, b) = (block_on(first).unwrap(), block_on(last).unwrap());
        assert_ne!(a, b, "no item is delivered twice");
        let _cancelled_or_done = block_on(cancelled);
    });
}
