//! `Semaphore`, poll by poll: FIFO hand-over of permits, cancellation, no
//! barging, manual release.

use aio_sync::Semaphore;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn free_permits_are_taken_on_the_first_poll_then_acquire_waits() {
    let sem = Semaphore::new(2);
    let log = WakeLog::new();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    let pa = a.assert_ready();
    assert_eq!(sem.available_permits(), 1);
    let pb = b.assert_ready();
    assert_eq!(sem.available_permits(), 0);
    assert!(sem.is_locked());
    c.assert_pending();
    drop(pa);
    assert_eq!(log.take(), ["c"]);
    assert_eq!(
        sem.available_permits(),
        0,
        "the permit went to c, not the count"
    );
    let pc = c.assert_ready();
    drop((pb, pc));
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn waiters_get_permits_in_the_order_they_queued() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(held);
    assert_eq!(log.take(), ["a"]);
    c.assert_pending();
    b.assert_pending();
    drop(a.assert_ready());
    assert_eq!(log.take(), ["b"]);
    c.assert_pending();
    drop(b.assert_ready());
    assert_eq!(log.take(), ["c"]);
    drop(c.assert_ready());
    assert!(log.take().is_empty());
    assert_eq!((a.wakes(), b.wakes(), c.wakes()), (1, 1, 1));
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn each_release_serves_one_waiter_in_order() {
    let sem = Semaphore::new(0);
    let log = WakeLog::new();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    sem.release();
    assert_eq!(log.take(), ["a"]);
    sem.release();
    assert_eq!(log.take(), ["b"]);
    assert_eq!(sem.available_permits(), 0);
    c.assert_pending();
    a.assert_ready().forget();
    b.assert_ready().forget();
    assert_eq!(c.wakes(), 0);
    sem.release();
    assert_eq!(log.take(), ["c"]);
    drop(c.assert_ready());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_waiter_cancelled_in_the_middle_of_the_queue_leaves_it() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(b);
    assert!(log.take().is_empty());
    drop(held);
    assert_eq!(log.take(), ["a"]);
    drop(a.assert_ready());
    assert_eq!(log.take(), ["c"]);
    drop(c.assert_ready());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_waiter_cancelled_after_it_was_handed_a_permit_passes_it_on() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(held); // a's permit now
    assert_eq!(log.take(), ["a"]);
    drop(a);
    assert_eq!(log.take(), ["b"], "b got the permit a never used");
    assert_eq!(sem.available_permits(), 0, "not duplicated into the count");
    let permit = b.assert_ready();
    drop(permit);
    assert_eq!(log.take(), ["c"]);
    drop(c); // the last one gives it back to the count
    assert!(log.take().is_empty());
    assert_eq!(sem.available_permits(), 1, "nothing lost");
    assert!(sem.try_acquire().is_some());
}

#[test]
fn nobody_barges_past_a_waiter_that_was_handed_a_permit_but_not_polled_yet() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    a.assert_pending();

    drop(held); // a's now
    assert_eq!(sem.available_permits(), 0);
    assert!(sem.is_locked());
    assert!(sem.try_acquire().is_none());
    let mut newcomer = TestTask::new("newcomer", sem.acquire(), &log);
    newcomer.assert_pending();

    drop(a.assert_ready());
    assert_eq!(log.take(), ["a", "newcomer"]);
    drop(newcomer.assert_ready());
}

#[test]
fn try_acquire_fails_while_anyone_waits_even_with_a_free_permit_on_its_way() {
    let sem = Semaphore::new(2);
    let log = WakeLog::new();
    let p1 = sem.try_acquire().unwrap();
    let p2 = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();

    drop(p1); // to a
    assert!(sem.try_acquire().is_none(), "b still waits");
    drop(p2); // to b
    assert!(sem.try_acquire().is_none(), "both permits are on their way");
    assert_eq!(log.take(), ["a", "b"]);
    drop(b.assert_ready());
    drop(a.assert_ready());
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn forget_keeps_the_permit_until_a_manual_release() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    sem.try_acquire().unwrap().forget();
    assert_eq!(sem.available_permits(), 0);
    let mut waiter = TestTask::new("waiter", sem.acquire(), &log);
    waiter.assert_pending();
    sem.release();
    assert_eq!(log.take(), ["waiter"]);
    drop(waiter.assert_ready());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_plain_semaphore_may_be_released_above_its_initial_count() {
    let sem = Semaphore::new(1);
    sem.release();
    assert_eq!(sem.available_permits(), 2, "as asyncio.Semaphore allows");
    let p1 = sem.try_acquire().unwrap();
    let p2 = sem.try_acquire().unwrap();
    assert!(sem.try_acquire().is_none());
    drop((p1, p2));
}

#[test]
fn the_newest_waker_is_the_one_woken() {
    let sem = Semaphore::new(0);
    let log = WakeLog::new();
    let mut task = TestTask::new("first executor", sem.acquire(), &log);
    task.assert_pending();
    let moved = aio_testkit::CountingWaker::new("second executor", &log);
    assert!(task.poll_with(&moved.clone().into()).is_pending());
    sem.release();
    assert_eq!(log.take(), ["second executor"]);
    drop(task.assert_ready());
}
