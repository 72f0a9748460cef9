//! `BoundedSemaphore`, poll by poll: the over-release error, the
//! forget/release round trip, and the fairness and cancellation it shares
//! with `Semaphore`.

use aio_sync::BoundedSemaphore;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn releasing_with_nothing_outstanding_is_an_error_and_changes_nothing() {
    let sem = BoundedSemaphore::new(2);
    let error = sem.release().unwrap_err();
    assert_eq!(error.bound(), 2);
    assert_eq!(sem.available_permits(), 2, "the count did not move");

    // A permit held by a live Permit is not the caller's to release.
    let held = sem.try_acquire().unwrap();
    assert!(sem.release().is_err());
    assert_eq!(sem.available_permits(), 1);
    drop(held);
    assert_eq!(sem.available_permits(), 2);
    assert!(sem.release().is_err());
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn a_forgotten_permit_is_released_once_and_only_once() {
    let sem = BoundedSemaphore::new(2);
    sem.try_acquire().unwrap().forget();
    assert_eq!(sem.available_permits(), 1);
    assert_eq!(sem.release(), Ok(()));
    assert_eq!(sem.available_permits(), 2);
    assert!(sem.release().is_err(), "the second release is one too many");
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn every_forgotten_permit_can_come_back_and_no_more() {
    let sem = BoundedSemaphore::new(3);
    sem.try_acquire().unwrap().forget();
    sem.try_acquire().unwrap().forget();
    let held = sem.try_acquire().unwrap();
    assert_eq!(sem.available_permits(), 0);
    assert!(sem.release().is_ok());
    assert!(sem.release().is_ok());
    assert!(
        sem.release().is_err(),
        "the third permit is held, not forgotten"
    );
    assert_eq!(sem.available_permits(), 2);
    drop(held);
    assert_eq!(sem.available_permits(), sem.bound());
}

#[test]
fn a_manual_release_goes_to_the_oldest_waiter() {
    let sem = BoundedSemaphore::new(1);
    let log = WakeLog::new();
    sem.try_acquire().unwrap().forget();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();

    assert!(sem.release().is_ok());
    assert_eq!(log.take(), ["a"]);
    assert_eq!(sem.available_permits(), 0);
    assert!(sem.try_acquire().is_none(), "no barging past b");
    let permit = a.assert_ready();
    assert!(sem.release().is_err(), "a's permit is live, not forgotten");
    drop(permit);
    assert_eq!(log.take(), ["b"]);
    drop(b.assert_ready());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn waiters_are_served_in_order_and_a_cancelled_one_leaves_the_queue() {
    let sem = BoundedSemaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(b);
    drop(held);
    assert_eq!(log.take(), ["a"]);
    drop(a.assert_ready());
    assert_eq!(log.take(), ["c"]);
    drop(c.assert_ready());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_waiter_cancelled_after_it_was_handed_a_permit_passes_it_on() {
    let sem = BoundedSemaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    a.assert_pending();
    b.assert_pending();

    drop(held);
    drop(a);
    assert_eq!(log.take(), ["a", "b"]);
    drop(b.assert_ready());
    assert_eq!(sem.available_permits(), 1);
    assert!(sem.release().is_err(), "the bound holds after the pass-on");
}

#[test]
fn a_forgotten_permit_handed_to_a_cancelled_waiter_is_still_counted_once() {
    let sem = BoundedSemaphore::new(1);
    let log = WakeLog::new();
    sem.try_acquire().unwrap().forget();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    a.assert_pending();
    assert!(sem.release().is_ok()); // to a
    drop(a); // back to the count
    assert_eq!(sem.available_permits(), 1);
    assert!(sem.release().is_err());
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn the_error_explains_itself() {
    let error = BoundedSemaphore::new(4).release().unwrap_err();
    let message = error.to_string();
    assert!(message.contains("released too many times"), "{message}");
    assert!(message.contains('4'), "{message}");
    let _: &dyn std::error::Error = &error;
}
