//! Order, poll by poll: what each store hands out first, how a full bounded
//! queue releases its blocked putters, the order getters are served in, and
//! that no `*_nowait` call barges past a waiter.

mod common;

use std::cmp::Reverse;

use aio_queue::{GetError, LifoQueue, PriorityQueue, PutError, Queue};
use common::{TestTask, WakeLog, checked_qsize, drain};

#[test]
fn fifo_queue_hands_items_out_in_the_order_they_were_put() {
    let queue = Queue::unbounded();
    for n in [3, 1, 4, 1, 5] {
        queue.put_nowait(n).unwrap();
    }
    assert_eq!(drain(&queue), [3, 1, 4, 1, 5]);
}

#[test]
fn lifo_queue_hands_out_the_newest_item_first() {
    let queue = LifoQueue::unbounded();
    for n in [3, 1, 4, 1, 5] {
        queue.put_nowait(n).unwrap();
    }
    assert_eq!(drain(&queue), [5, 1, 4, 1, 3]);
}

#[test]
fn priority_queue_hands_out_the_smallest_item_first() {
    let queue = PriorityQueue::unbounded();
    for n in [3, 1, 4, 1, 5] {
        queue.put_nowait(n).unwrap();
    }
    assert_eq!(drain(&queue), [1, 1, 3, 4, 5]);
}

#[test]
fn priority_queue_orders_pairs_by_priority_then_by_item() {
    let queue = PriorityQueue::unbounded();
    for entry in [(2, "write"), (1, "zip"), (3, "log"), (1, "alert")] {
        queue.put_nowait(entry).unwrap();
    }
    assert_eq!(
        drain(&queue),
        [(1, "alert"), (1, "zip"), (2, "write"), (3, "log")]
    );
}

#[test]
fn priority_queue_of_reverse_hands_out_the_largest_item_first() {
    let queue = PriorityQueue::unbounded();
    for n in [3, 1, 4, 1, 5] {
        queue.put_nowait(Reverse(n)).unwrap();
    }
    let order: Vec<_> = drain(&queue).into_iter().map(|Reverse(n)| n).collect();
    assert_eq!(order, [5, 4, 3, 1, 1]);
}

#[test]
fn awaited_gets_follow_each_store_order() {
    futures::executor::block_on(async {
        let (fifo, lifo, priority) = (
            Queue::bounded(3),
            LifoQueue::bounded(3),
            PriorityQueue::bounded(3),
        );
        for n in [2, 3, 1] {
            fifo.put(n).await.unwrap();
            lifo.put(n).await.unwrap();
            priority.put(n).await.unwrap();
        }
        let mut got = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..3 {
            got.0.push(fifo.get().await.unwrap());
            got.1.push(lifo.get().await.unwrap());
            got.2.push(priority.get().await.unwrap());
        }
        assert_eq!(got, (vec![2, 3, 1], vec![1, 3, 2], vec![1, 2, 3]));
    });
}

#[test]
fn blocked_putters_are_released_in_the_order_they_began_to_wait() {
    let queue = Queue::bounded(2);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    queue.put_nowait(2).unwrap();
    let mut a = TestTask::new("a", queue.put(3), &log);
    let mut b = TestTask::new("b", queue.put(4), &log);
    let mut c = TestTask::new("c", queue.put(5), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();
    assert_eq!(checked_qsize(&queue), 2);

    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["a"], "the freed slot is a's");
    assert!(queue.is_full(), "the slot is reserved for a");
    c.assert_pending();
    b.assert_pending();
    assert_eq!(a.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 2);

    assert_eq!(queue.get_nowait(), Ok(2));
    assert_eq!(log.take(), ["b"]);
    c.assert_pending();
    assert_eq!(b.assert_ready(), Ok(()));

    assert_eq!(queue.get_nowait(), Ok(3));
    assert_eq!(log.take(), ["c"]);
    assert_eq!(c.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 2);

    assert_eq!(drain(&queue), [4, 5]);
    assert!(log.take().is_empty());
    assert_eq!((a.wakes(), b.wakes(), c.wakes()), (1, 1, 1));
}

#[test]
fn two_gets_reserve_two_slots_for_the_two_oldest_putters() {
    let queue = Queue::bounded(2);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    queue.put_nowait(2).unwrap();
    let mut a = TestTask::new("a", queue.put(3), &log);
    let mut b = TestTask::new("b", queue.put(4), &log);
    let mut c = TestTask::new("c", queue.put(5), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(queue.get_nowait(), Ok(2));
    assert_eq!(log.take(), ["a", "b"]);
    assert_eq!(checked_qsize(&queue), 0);
    assert!(queue.is_full(), "both slots are promised");
    c.assert_pending();
    assert_eq!(a.assert_ready(), Ok(()));
    assert_eq!(b.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 2);
    assert_eq!(c.wakes(), 0);
}

#[test]
fn getters_are_served_in_the_order_they_began_to_wait() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    let mut b = TestTask::new("b", queue.get(), &log);
    let mut c = TestTask::new("c", queue.get(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    queue.put_nowait("first").unwrap();
    assert_eq!(log.take(), ["a"]);
    queue.put_nowait("second").unwrap();
    assert_eq!(log.take(), ["b"]);
    assert_eq!(queue.qsize(), 2, "handed over, not yet received");
    c.assert_pending();
    assert_eq!(b.assert_ready(), Ok("second"));
    assert_eq!(a.assert_ready(), Ok("first"));
    assert_eq!(queue.qsize(), 0);

    queue.put_nowait("third").unwrap();
    assert_eq!(log.take(), ["c"]);
    assert_eq!(c.assert_ready(), Ok("third"));
    assert_eq!((a.wakes(), b.wakes(), c.wakes()), (1, 1, 1));
}

#[test]
fn put_nowait_cannot_barge_past_a_waiting_putter() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    let mut a = TestTask::new("a", queue.put(2), &log);
    a.assert_pending();
    assert!(matches!(queue.put_nowait(9), Err(PutError::QueueFull(9))));

    // The get frees the slot and reserves it for `a` at once: a newcomer
    // that comes before `a` runs again finds the queue full.
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["a"]);
    assert_eq!(queue.qsize(), 0);
    assert!(queue.is_full());
    assert!(matches!(queue.put_nowait(9), Err(PutError::QueueFull(9))));
    let mut late = TestTask::new("late", queue.put(8), &log);
    late.assert_pending();

    assert_eq!(a.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 1);
    assert_eq!(queue.get_nowait(), Ok(2));
    assert_eq!(log.take(), ["late"]);
    assert_eq!(late.assert_ready(), Ok(()));
    assert_eq!(queue.get_nowait(), Ok(8));
}

#[test]
fn get_nowait_cannot_take_an_item_handed_to_a_waiting_getter() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    a.assert_pending();
    queue.put_nowait(7).unwrap();
    assert_eq!(log.take(), ["a"]);
    assert_eq!(queue.qsize(), 1);
    assert_eq!(queue.get_nowait(), Err(GetError::QueueEmpty));
    let mut late = TestTask::new("late", queue.get(), &log);
    late.assert_pending();
    assert_eq!(a.assert_ready(), Ok(7));
    assert_eq!(queue.qsize(), 0);
    assert_eq!(late.wakes(), 0);
}

#[test]
fn an_item_handed_to_a_getter_counts_against_maxsize() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    let mut getter = TestTask::new("getter", queue.get(), &log);
    getter.assert_pending();
    queue.put_nowait(1).unwrap();
    assert_eq!(checked_qsize(&queue), 1);
    assert!(queue.is_full());
    assert!(matches!(queue.put_nowait(2), Err(PutError::QueueFull(2))));
    let mut putter = TestTask::new("putter", queue.put(2), &log);
    putter.assert_pending();
    assert_eq!(log.take(), ["getter"]);

    assert_eq!(getter.assert_ready(), Ok(1));
    assert_eq!(log.take(), ["putter"], "receiving the item freed the slot");
    assert_eq!(putter.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 1);
}
