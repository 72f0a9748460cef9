//! Cancellation, poll by poll: a `get` or `put` dropped while waiting, or
//! dropped after it was handed an item or a slot. Nothing is lost, nothing is
//! delivered twice, and `maxsize` is never exceeded.

mod common;

use std::sync::Arc;

use aio_queue::{GetError, LifoQueue, PriorityQueue, PutError, Queue};
use common::{TestTask, WakeLog, checked_qsize, drain};

#[test]
fn a_get_dropped_while_waiting_takes_nothing() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    let mut b = TestTask::new("b", queue.get(), &log);
    a.assert_pending();
    b.assert_pending();
    drop(a);
    assert!(log.take().is_empty());
    queue.put_nowait(1).unwrap();
    assert_eq!(log.take(), ["b"], "the put goes to the next getter");
    assert_eq!(b.assert_ready(), Ok(1));
    assert_eq!(queue.qsize(), 0);
    queue.task_done().unwrap();
    assert!(queue.task_done().is_err(), "only one item was taken");
}

#[test]
fn a_get_dropped_before_its_first_poll_takes_nothing() {
    let queue = Queue::unbounded();
    queue.put_nowait(1).unwrap();
    drop(queue.get());
    assert_eq!(queue.qsize(), 1);
    assert_eq!(queue.get_nowait(), Ok(1));
}

#[test]
fn a_get_dropped_after_being_handed_an_item_passes_it_to_the_next_getter() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    let mut b = TestTask::new("b", queue.get(), &log);
    let mut c = TestTask::new("c", queue.get(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();
    queue.put_nowait("only").unwrap();
    assert_eq!(log.take(), ["a"]);
    assert_eq!(queue.qsize(), 1);

    drop(a);
    assert_eq!(log.take(), ["b"], "the oldest getter still waiting");
    assert_eq!(queue.qsize(), 1, "counted once");
    c.assert_pending();
    assert_eq!(b.assert_ready(), Ok("only"));
    assert_eq!(queue.qsize(), 0);
    assert_eq!(c.wakes(), 0);
    queue.task_done().unwrap();
    assert!(queue.task_done().is_err(), "taken once");
}

#[test]
fn a_get_dropped_after_being_handed_an_item_puts_it_back_at_the_front() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    a.assert_pending();
    queue.put_nowait(1).unwrap();
    queue.put_nowait(2).unwrap();
    queue.put_nowait(3).unwrap();
    assert_eq!(log.take(), ["a"]);
    assert_eq!(queue.qsize(), 3);
    drop(a);
    assert_eq!(queue.qsize(), 3, "never counted twice");
    assert_eq!(drain(&queue), [1, 2, 3], "it comes out before later items");
    for _ in 0..3 {
        queue.task_done().unwrap();
    }
    assert!(queue.task_done().is_err(), "the dropped get took nothing");
    TestTask::new("join", queue.join(), &log).assert_ready();
}

#[test]
fn an_item_a_dropped_get_gives_back_comes_out_next_from_a_lifo_queue() {
    let queue = LifoQueue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    a.assert_pending();
    queue.put_nowait('x').unwrap();
    queue.put_nowait('y').unwrap();
    drop(a);
    assert_eq!(drain(&queue), ['x', 'y']);
}

#[test]
fn an_item_a_dropped_get_gives_back_rejoins_a_priority_queue_by_priority() {
    let queue = PriorityQueue::unbounded();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", queue.get(), &log);
    a.assert_pending();
    queue.put_nowait(5).unwrap(); // handed to `a`
    queue.put_nowait(9).unwrap();
    queue.put_nowait(1).unwrap();
    drop(a);
    assert_eq!(drain(&queue), [1, 5, 9]);
}

#[test]
fn a_get_dropped_with_an_item_on_a_full_queue_neither_overfills_nor_wakes_putters() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    let mut getter = TestTask::new("getter", queue.get(), &log);
    getter.assert_pending();
    queue.put_nowait(1).unwrap();
    let mut putter = TestTask::new("putter", queue.put(2), &log);
    putter.assert_pending();
    assert_eq!(log.take(), ["getter"]);
    assert_eq!(checked_qsize(&queue), 1);

    drop(getter);
    assert_eq!(
        checked_qsize(&queue),
        1,
        "the item is back, not a second one"
    );
    assert!(log.take().is_empty(), "no slot was freed");
    putter.assert_pending();
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["putter"]);
    assert_eq!(putter.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 1);
    assert_eq!(queue.get_nowait(), Ok(2));
}

#[test]
fn a_put_dropped_while_waiting_inserts_nothing_and_drops_its_item() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    queue.put_nowait(Arc::new(1)).unwrap();
    let dropped = Arc::new(2);
    let mut a = TestTask::new("a", queue.put(dropped.clone()), &log);
    let mut b = TestTask::new("b", queue.put(Arc::new(3)), &log);
    a.assert_pending();
    b.assert_pending();
    assert_eq!(Arc::strong_count(&dropped), 2);
    drop(a);
    assert_eq!(Arc::strong_count(&dropped), 1, "dropped with its future");
    assert!(log.take().is_empty());
    assert_eq!(checked_qsize(&queue), 1);

    assert_eq!(queue.get_nowait().as_deref(), Ok(&1));
    assert_eq!(log.take(), ["b"], "the slot goes to the next putter");
    assert_eq!(b.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 1);
    assert_eq!(queue.get_nowait().as_deref(), Ok(&3));
    assert_eq!(queue.get_nowait(), Err(GetError::QueueEmpty));
}

#[test]
fn a_put_dropped_after_its_slot_was_reserved_passes_the_slot_to_the_next_putter() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    let mut a = TestTask::new("a", queue.put(2), &log);
    let mut b = TestTask::new("b", queue.put(3), &log);
    a.assert_pending();
    b.assert_pending();
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["a"]);

    drop(a);
    assert_eq!(log.take(), ["b"]);
    assert_eq!(checked_qsize(&queue), 0);
    assert!(queue.is_full(), "the slot is b's now");
    assert!(matches!(queue.put_nowait(9), Err(PutError::QueueFull(9))));
    assert_eq!(b.assert_ready(), Ok(()));
    assert_eq!(checked_qsize(&queue), 1);
    assert_eq!(drain(&queue), [3]);
}

#[test]
fn a_put_dropped_after_its_slot_was_reserved_frees_the_slot_when_nobody_waits() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    let mut a = TestTask::new("a", queue.put(2), &log);
    a.assert_pending();
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["a"]);
    assert!(queue.is_full());
    drop(a);
    assert!(!queue.is_full());
    assert_eq!(checked_qsize(&queue), 0);
    queue.put_nowait(9).unwrap();
    assert_eq!(checked_qsize(&queue), 1);
    assert!(matches!(queue.put_nowait(10), Err(PutError::QueueFull(10))));
    assert_eq!(drain(&queue), [9]);
}

#[test]
fn dropped_puts_and_gets_in_a_row_never_exceed_maxsize() {
    let queue = Queue::bounded(2);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    queue.put_nowait(2).unwrap();
    let mut putters: Vec<_> = (3..=6)
        .map(|n| TestTask::new("putter", queue.put(n), &log))
        .collect();
    for putter in &mut putters {
        putter.assert_pending();
    }
    // Free both slots (reserved for 3 and 4), then drop 3 and 4: the slots
    // pass to 5 and 6, which complete.
    assert_eq!(drain(&queue), [1, 2]);
    assert_eq!(checked_qsize(&queue), 0);
    let mut rest = putters.split_off(2);
    drop(putters);
    assert_eq!(checked_qsize(&queue), 0);
    assert!(queue.is_full(), "both slots still promised");
    for putter in &mut rest {
        assert_eq!(putter.assert_ready(), Ok(()));
        checked_qsize(&queue);
    }
    assert_eq!(checked_qsize(&queue), 2);

    // A getter handed an item from a full queue and dropped: still 2.
    assert_eq!(queue.get_nowait(), Ok(5));
    assert_eq!(queue.get_nowait(), Ok(6));
    let mut getter = TestTask::new("getter", queue.get(), &log);
    getter.assert_pending();
    queue.put_nowait(7).unwrap();
    queue.put_nowait(8).unwrap();
    assert!(matches!(queue.put_nowait(9), Err(PutError::QueueFull(9))));
    drop(getter);
    assert_eq!(checked_qsize(&queue), 2);
    assert!(matches!(queue.put_nowait(9), Err(PutError::QueueFull(9))));
    assert_eq!(drain(&queue), [7, 8]);
}
