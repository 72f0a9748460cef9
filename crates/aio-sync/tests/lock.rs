//! `Lock`, poll by poll: FIFO hand-over, cancellation, no barging.

use aio_sync::Lock;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn a_free_lock_is_taken_on_the_first_poll_and_guards_the_value() {
    let lock = Lock::new(vec![1]);
    let log = WakeLog::new();
    let mut task = TestTask::new("a", lock.lock(), &log);
    let mut guard = task.assert_ready();
    assert!(lock.is_locked());
    guard.push(2);
    drop(guard);
    assert!(!lock.is_locked());
    assert!(log.take().is_empty(), "nobody waited, nobody was woken");
    drop(task);
    assert_eq!(lock.into_inner(), [1, 2]);
}

#[test]
fn waiters_get_the_lock_in_the_order_they_queued() {
    let lock = Lock::new(Vec::new());
    let log = WakeLog::new();
    let holder = lock.try_lock().expect("free");
    let mut a = TestTask::new("a", lock.lock(), &log);
    let mut b = TestTask::new("b", lock.lock(), &log);
    let mut c = TestTask::new("c", lock.lock(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(holder);
    assert_eq!(log.take(), ["a"]);
    // Polled out of turn, b and c keep waiting.
    c.assert_pending();
    b.assert_pending();
    let mut guard = a.assert_ready();
    guard.push("a");
    drop(guard);

    assert_eq!(log.take(), ["b"]);
    c.assert_pending();
    let mut guard = b.assert_ready();
    guard.push("b");
    drop(guard);

    assert_eq!(log.take(), ["c"]);
    let mut guard = c.assert_ready();
    guard.push("c");
    drop(guard);

    assert!(log.take().is_empty());
    assert_eq!((a.wakes(), b.wakes(), c.wakes()), (1, 1, 1));
    assert!(!lock.is_locked());
    drop((a, b, c));
    assert_eq!(lock.into_inner(), ["a", "b", "c"]);
}

#[test]
fn a_waiter_cancelled_in_the_middle_of_the_queue_leaves_it() {
    let lock = Lock::new(());
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let mut a = TestTask::new("a", lock.lock(), &log);
    let mut b = TestTask::new("b", lock.lock(), &log);
    let mut c = TestTask::new("c", lock.lock(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(b);
    assert!(log.take().is_empty(), "leaving wakes nobody");
    drop(holder);
    assert_eq!(log.take(), ["a"]);
    drop(a.assert_ready());
    assert_eq!(log.take(), ["c"], "c is next: b is gone");
    drop(c.assert_ready());
    assert!(!lock.is_locked());
}

#[test]
fn a_waiter_cancelled_after_the_hand_over_passes_the_lock_and_the_value_on() {
    let lock = Lock::new(0);
    let log = WakeLog::new();
    let mut holder = lock.try_lock().unwrap();
    let mut a = TestTask::new("a", lock.lock(), &log);
    let mut b = TestTask::new("b", lock.lock(), &log);
    let mut c = TestTask::new("c", lock.lock(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    *holder = 1;
    drop(holder); // handed to a, with the value 1
    assert_eq!(log.take(), ["a"]);
    drop(a); // a never saw it
    assert_eq!(log.take(), ["b"], "b got what a was handed");
    assert!(lock.is_locked());
    let mut guard = b.assert_ready();
    assert_eq!(*guard, 1, "the value travelled with the lock");
    *guard = 2;
    drop(guard);

    assert_eq!(log.take(), ["c"]);
    drop(c); // the last waiter gives it back to the lock itself
    assert!(log.take().is_empty());
    assert!(!lock.is_locked());
    let guard = lock.try_lock().expect("free again: nothing lost");
    assert_eq!(*guard, 2);
    drop((guard, b));
    assert_eq!(lock.into_inner(), 2);
}

#[test]
fn nobody_barges_past_a_waiter_that_was_handed_the_lock_but_not_polled_yet() {
    let lock = Lock::new(0);
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let mut a = TestTask::new("a", lock.lock(), &log);
    a.assert_pending();
    assert!(lock.try_lock().is_none(), "held");

    drop(holder); // now a's, though a has not run yet
    assert!(lock.is_locked());
    assert!(lock.try_lock().is_none(), "try_lock cannot take a's lock");
    let mut newcomer = TestTask::new("newcomer", lock.lock(), &log);
    newcomer.assert_pending();

    let mut guard = a.assert_ready();
    *guard += 1;
    drop(guard);
    assert_eq!(log.take(), ["a", "newcomer"]);
    assert_eq!(*newcomer.assert_ready(), 1);
}

#[test]
fn try_lock_fails_while_anyone_waits() {
    let lock = Lock::new(());
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let mut a = TestTask::new("a", lock.lock(), &log);
    let mut b = TestTask::new("b", lock.lock(), &log);
    a.assert_pending();
    b.assert_pending();
    drop(holder);
    let guard = a.assert_ready();
    assert!(lock.try_lock().is_none());
    drop(guard); // handed to b
    assert!(lock.try_lock().is_none());
    drop(b.assert_ready());
    assert!(lock.try_lock().is_some(), "nobody waits any more");
}

#[test]
fn the_newest_waker_is_the_one_woken() {
    let lock = Lock::new(());
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let mut task = TestTask::new("first executor", lock.lock(), &log);
    task.assert_pending();
    // The future moves to another task: the lock must wake the new waker.
    let moved = aio_testkit::CountingWaker::new("second executor", &log);
    assert!(task.poll_with(&moved.clone().into()).is_pending());
    drop(holder);
    assert_eq!(log.take(), ["second executor"]);
    assert_eq!(task.wakes(), 0);
    drop(task.assert_ready());
}

#[test]
fn polling_a_waiter_again_does_not_queue_it_twice() {
    let lock = Lock::new(());
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let mut a = TestTask::new("a", lock.lock(), &log);
    let mut b = TestTask::new("b", lock.lock(), &log);
    for _ in 0..3 {
        a.assert_pending();
    }
    b.assert_pending();
    drop(holder);
    drop(a.assert_ready());
    assert_eq!(log.take(), ["a", "b"], "b right after a: a had one place");
    drop(b.assert_ready());
    assert!(log.take().is_empty());
    assert!(!lock.is_locked());
}

#[test]
fn a_waiter_cancelled_before_its_first_poll_never_queued() {
    let lock = Lock::new(());
    let log = WakeLog::new();
    let holder = lock.try_lock().unwrap();
    let never_polled = TestTask::new("never polled", lock.lock(), &log);
    let mut a = TestTask::new("a", lock.lock(), &log);
    a.assert_pending();
    drop(never_polled);
    drop(holder);
    assert_eq!(log.take(), ["a"]);
    drop(a.assert_ready());
}
