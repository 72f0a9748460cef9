//! `task_done` and `join`, poll by poll: what may be marked, when `join`
//! returns, and who it wakes.

mod common;

use aio_queue::Queue;
use common::{TestTask, WakeLog};

#[test]
fn task_done_on_a_fresh_queue_is_an_error() {
    let queue = Queue::<u8>::unbounded();
    let error = queue.task_done().unwrap_err();
    assert_eq!(
        error.to_string(),
        "task_done() called more times than items were taken"
    );
}

#[test]
fn items_put_but_not_taken_cannot_be_marked_done() {
    let queue = Queue::unbounded();
    queue.put_nowait(1).unwrap();
    queue.put_nowait(2).unwrap();
    assert!(queue.task_done().is_err(), "nothing taken yet");
    assert_eq!(queue.get_nowait(), Ok(1));
    assert!(queue.task_done().is_ok());
    assert!(queue.task_done().is_err(), "item 2 is still queued");
    assert_eq!(queue.get_nowait(), Ok(2));
    assert!(queue.task_done().is_ok());
    assert!(queue.task_done().is_err(), "called too many times");
}

#[test]
fn join_with_nothing_unfinished_returns_at_once() {
    let queue = Queue::<u8>::unbounded();
    let log = WakeLog::new();
    TestTask::new("fresh", queue.join(), &log).assert_ready();

    queue.put_nowait(1).unwrap();
    queue.get_nowait().unwrap();
    queue.task_done().unwrap();
    TestTask::new("after", queue.join(), &log).assert_ready();
    assert!(log.take().is_empty());
}

#[test]
fn join_waits_until_the_last_task_done() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    queue.put_nowait("a").unwrap();
    queue.put_nowait("b").unwrap();
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();

    queue.get_nowait().unwrap();
    queue.get_nowait().unwrap();
    join.assert_pending(); // taken is not done
    queue.task_done().unwrap();
    assert!(log.take().is_empty(), "one item is still unfinished");
    join.assert_pending();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
    assert_eq!(join.wakes(), 1);
}

#[test]
fn join_waits_for_an_item_put_while_it_waits() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    queue.put_nowait(1).unwrap();
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    queue.put_nowait(2).unwrap();
    queue.get_nowait().unwrap();
    queue.task_done().unwrap();
    assert!(log.take().is_empty());
    join.assert_pending();
    queue.get_nowait().unwrap();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
}

#[test]
fn the_last_task_done_wakes_every_joiner() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    queue.put_nowait(()).unwrap();
    let mut j1 = TestTask::new("j1", queue.join(), &log);
    let mut j2 = TestTask::new("j2", queue.join(), &log);
    let mut j3 = TestTask::new("j3", queue.join(), &log);
    j1.assert_pending();
    j2.assert_pending();
    j3.assert_pending();
    queue.get_nowait().unwrap();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["j1", "j2", "j3"]);
    j3.assert_ready();
    j1.assert_ready();
    j2.assert_ready();
}

#[test]
fn a_dropped_joiner_leaves_the_others_waiting_and_then_released() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    queue.put_nowait(()).unwrap();
    let mut j1 = TestTask::new("j1", queue.join(), &log);
    let mut j2 = TestTask::new("j2", queue.join(), &log);
    j1.assert_pending();
    j2.assert_pending();
    drop(j1);
    queue.get_nowait().unwrap();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["j2"]);
    j2.assert_ready();
}

#[test]
fn an_item_handed_straight_to_a_getter_is_unfinished_until_marked() {
    let queue = Queue::unbounded();
    let log = WakeLog::new();
    let mut getter = TestTask::new("getter", queue.get(), &log);
    getter.assert_pending();
    queue.put_nowait(5).unwrap();
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    assert!(queue.task_done().is_err(), "handed over, not yet received");
    assert_eq!(getter.assert_ready(), Ok(5));
    join.assert_pending();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["getter", "join"]);
    join.assert_ready();
}
