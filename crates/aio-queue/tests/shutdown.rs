//! `shutdown(immediate)` (Python 3.13), poll by poll, with getters, putters
//! and joiners waiting.

mod common;

use aio_queue::{GetError, PutError, Queue};
use common::{TestTask, WakeLog, checked_qsize};

#[test]
fn shutdown_releases_waiting_putters_with_their_items() {
    for immediate in [false, true] {
        let queue = Queue::bounded(1);
        let log = WakeLog::new();
        queue.put_nowait(String::from("queued")).unwrap();
        let mut a = TestTask::new("a", queue.put(String::from("a's")), &log);
        let mut b = TestTask::new("b", queue.put(String::from("b's")), &log);
        a.assert_pending();
        b.assert_pending();
        queue.shutdown(immediate);
        assert_eq!(log.take(), ["a", "b"], "immediate: {immediate}");
        assert_eq!(b.assert_ready().unwrap_err().0, "b's");
        assert_eq!(a.assert_ready().unwrap_err().0, "a's");
        assert_eq!(checked_qsize(&queue), usize::from(!immediate));
    }
}

#[test]
fn a_putter_whose_slot_was_reserved_before_the_shutdown_gets_its_item_back() {
    let queue = Queue::bounded(1);
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    let mut putter = TestTask::new("putter", queue.put(2), &log);
    putter.assert_pending();
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(log.take(), ["putter"]);
    queue.shutdown(false);
    assert!(log.take().is_empty(), "already woken");
    assert_eq!(putter.assert_ready().unwrap_err().0, 2);
    assert_eq!(queue.qsize(), 0);
    assert!(!queue.is_full(), "the reserved slot was released");
}

#[test]
fn shutdown_fails_getters_waiting_on_an_empty_queue() {
    for immediate in [false, true] {
        let queue = Queue::<u8>::unbounded();
        let log = WakeLog::new();
        let mut a = TestTask::new("a", queue.get(), &log);
        let mut b = TestTask::new("b", queue.get(), &log);
        a.assert_pending();
        b.assert_pending();
        queue.shutdown(immediate);
        assert_eq!(log.take(), ["a", "b"]);
        assert!(a.assert_ready().is_err());
        assert!(b.assert_ready().is_err());
        assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    }
}

#[test]
fn graceful_shutdown_drains_what_is_queued_then_fails() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    for n in 1..=3 {
        queue.put_nowait(n).unwrap();
    }
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    queue.shutdown(false);
    assert!(log.take().is_empty(), "three items are still unfinished");
    assert!(matches!(
        queue.put_nowait(4),
        Err(PutError::QueueShutDown(4))
    ));
    assert_eq!(queue.qsize(), 3);
    for n in 1..=3 {
        assert_eq!(
            TestTask::new("get", queue.get(), &log).assert_ready(),
            Ok(n)
        );
        queue.task_done().unwrap();
    }
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
    assert!(
        TestTask::new("get", queue.get(), &log)
            .assert_ready()
            .is_err()
    );
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
}

#[test]
fn immediate_shutdown_clears_the_queue_and_releases_join() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    for n in 1..=3 {
        queue.put_nowait(n).unwrap();
    }
    let mut j1 = TestTask::new("j1", queue.join(), &log);
    let mut j2 = TestTask::new("j2", queue.join(), &log);
    j1.assert_pending();
    j2.assert_pending();
    queue.shutdown(true);
    assert_eq!(log.take(), ["j1", "j2"]);
    j1.assert_ready();
    j2.assert_ready();
    assert_eq!(queue.qsize(), 0);
    assert!(queue.is_empty());
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    assert!(
        queue.task_done().is_err(),
        "the dropped items were never taken"
    );
    TestTask::new("j3", queue.join(), &log).assert_ready();
}

#[test]
fn immediate_shutdown_still_waits_for_items_already_taken() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    for n in 1..=3 {
        queue.put_nowait(n).unwrap();
    }
    assert_eq!(queue.get_nowait(), Ok(1));
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    queue.shutdown(true);
    assert!(log.take().is_empty(), "item 1 is taken but not done");
    join.assert_pending();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
    assert!(queue.task_done().is_err());
}

#[test]
fn an_item_handed_to_a_getter_is_still_delivered_after_immediate_shutdown() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut handed = TestTask::new("handed", queue.get(), &log);
    handed.assert_pending();
    queue.put_nowait("in flight").unwrap();
    assert_eq!(log.take(), ["handed"]);
    let mut waiting = TestTask::new("waiting", queue.get(), &log);
    waiting.assert_pending();
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();

    queue.shutdown(true);
    assert_eq!(log.take(), ["waiting"], "the empty queue fails its waiter");
    assert!(waiting.assert_ready().is_err());
    join.assert_pending();
    assert_eq!(queue.qsize(), 1, "the handed item still counts");
    assert_eq!(handed.assert_ready(), Ok("in flight"));
    assert_eq!(queue.qsize(), 0);
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
}

/// A get that arrives after the shutdown while an item is in flight waits
/// (the queue is not empty yet); once that item is delivered the queue is
/// shut down and empty, and the waiting get must fail, not wait forever.
#[test]
fn a_getter_waiting_on_an_in_flight_item_after_shutdown_fails_once_it_is_delivered() {
    for immediate in [false, true] {
        let queue = Queue::unbounded();
        let log = WakeLog::new();
        let mut handed = TestTask::new("handed", queue.get(), &log);
        handed.assert_pending();
        queue.put_nowait(1).unwrap();
        queue.shutdown(immediate);
        let mut late = TestTask::new("late", queue.get(), &log);
        late.assert_pending();
        assert_eq!(log.take(), ["handed"]);

        assert_eq!(handed.assert_ready(), Ok(1));
        assert_eq!(log.take(), ["late"], "immediate: {immediate}");
        assert!(late.assert_ready().is_err());
        assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    }
}

/// The other way that item can go: its getter is dropped. After an immediate
/// shutdown it is dropped like the items that were still queued (Python's
/// immediate shutdown empties the queue), so the late get fails, and the
/// item no longer counts as unfinished.
#[test]
fn an_item_whose_getter_is_dropped_after_an_immediate_shutdown_is_dropped_too() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut handed = TestTask::new("handed", queue.get(), &log);
    handed.assert_pending();
    queue.put_nowait(1).unwrap();
    queue.shutdown(true);
    let mut late = TestTask::new("late", queue.get(), &log);
    late.assert_pending();
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    assert_eq!(log.take(), ["handed"]);
    drop(handed);
    let mut woken = log.take();
    woken.sort_unstable();
    assert_eq!(woken, ["join", "late"]);
    assert!(late.assert_ready().is_err());
    join.assert_ready();
    assert_eq!(queue.qsize(), 0);
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
}

/// After a graceful shutdown the item is not dropped: a waiting getter
/// receives it, as it would before any shutdown.
#[test]
fn a_getter_waiting_after_a_graceful_shutdown_receives_an_item_its_first_getter_dropped() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut handed = TestTask::new("handed", queue.get(), &log);
    handed.assert_pending();
    queue.put_nowait(1).unwrap();
    queue.shutdown(false);
    let mut late = TestTask::new("late", queue.get(), &log);
    late.assert_pending();
    assert_eq!(log.take(), ["handed"]);
    drop(handed);
    assert_eq!(log.take(), ["late"]);
    assert_eq!(late.assert_ready(), Ok(1));
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
}

#[test]
fn shutting_down_twice_is_harmless_and_immediate_drops_what_graceful_left() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    for n in 1..=3 {
        queue.put_nowait(n).unwrap();
    }
    queue.shutdown(false);
    queue.shutdown(false);
    assert!(queue.is_shut_down());
    assert_eq!(queue.qsize(), 3);
    assert_eq!(queue.get_nowait(), Ok(1));
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();

    queue.shutdown(true);
    assert_eq!(queue.qsize(), 0);
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    assert!(log.take().is_empty(), "item 1 is not done");
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
    queue.shutdown(true);
    queue.shutdown(false);
    assert_eq!(queue.qsize(), 0);
    assert!(log.take().is_empty());
}

/// A graceful shutdown does not fail getters while an item is still on its
/// way to another getter: if that getter is dropped, the item comes back to
/// them (a reviewer found them failed at once, and the item stranded).
#[test]
fn a_graceful_shutdown_keeps_getters_waiting_while_an_item_is_in_flight() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut handed = TestTask::new("handed", queue.get(), &log);
    let mut waiting = TestTask::new("waiting", queue.get(), &log);
    handed.assert_pending();
    waiting.assert_pending();
    queue.put_nowait(1).unwrap();
    queue.shutdown(false);
    assert_eq!(log.take(), ["handed"]);
    waiting.assert_pending();
    drop(handed);
    assert_eq!(log.take(), ["waiting"]);
    assert_eq!(waiting.assert_ready(), Ok(1));
    queue.task_done().unwrap();
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
}

/// Items dropped by a shutdown are dropped after the queue's lock is
/// released, so an item whose `Drop` uses the queue does not deadlock.
#[test]
fn an_item_whose_drop_uses_the_queue_is_dropped_outside_the_lock() {
    struct Reenters(
        Queue<Reenters>,
        std::sync::Arc<std::sync::atomic::AtomicUsize>,
    );
    impl Drop for Reenters {
        fn drop(&mut self) {
            // Would deadlock if the queue's lock were still held here.
            let seen = self.0.qsize();
            self.1.store(seen + 1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    let queue = Queue::unbounded();
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    queue
        .put_nowait(Reenters(queue.clone(), seen.clone()))
        .unwrap_or_else(|_| panic!("unbounded and open"));
    queue.shutdown(true);
    assert_eq!(
        seen.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "dropped, saw qsize 0"
    );
}
