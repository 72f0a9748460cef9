//! Famous bugs of other async primitives, replayed poll by poll against ours.
//!
//! Each test names the bug it replays, says what went wrong there, and why
//! this crate's design cannot do it: one FIFO wait list per primitive, where a
//! notification is a message stored in the waiter's own entry, and a dropped
//! future removes its entry and passes on any message it never observed.

use aio_sync::{Barrier, Condition, Event, Lock, Semaphore};
use aio_testkit::{TestTask, WakeLog};

/// tokio#4618, "Notify loses notifications": a `Notified` future was polled,
/// then `notify_one` chose it, then it was dropped before it ran; the
/// notification went down with it and the next waiter hung forever (the
/// reporter saw the same with a Semaphore permit and a disconnecting client).
///
/// Here a notification is a message in the waiter's own list entry, and the
/// drop of a waiting future takes its entry out under the same lock: an entry
/// that holds an unobserved message hands it to the next waiter (a condition
/// notification, a permit, the lock with its value). The test replays the
/// scenario on all three.
#[test]
fn dropped_notified_waiter_passes_the_wakeup_on() {
    let log = WakeLog::new();

    // Condition::notify(1), the closest twin of Notify::notify_one.
    let cond = Condition::new(());
    let mut first = TestTask::new("first", cond.wait(cond.try_lock().unwrap()), &log);
    first.assert_pending();
    let mut second = TestTask::new("second", cond.wait(cond.try_lock().unwrap()), &log);
    second.assert_pending();
    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify(&notifier, 1), 1);
    drop(notifier);
    drop(first);
    assert_eq!(log.take(), ["first", "second"]);
    drop(second.assert_ready());

    // A released permit handed to a waiter that disconnects.
    let sem = Semaphore::new(0);
    let mut first = TestTask::new("first", sem.acquire(), &log);
    let mut second = TestTask::new("second", sem.acquire(), &log);
    first.assert_pending();
    second.assert_pending();
    sem.release();
    drop(first);
    assert_eq!(log.take(), ["first", "second"]);
    drop(second.assert_ready());
    assert_eq!(sem.available_permits(), 1);

    // The lock, and the value inside it.
    let lock = Lock::new("written by the holder");
    let holder = lock.try_lock().unwrap();
    let mut first = TestTask::new("first", lock.lock(), &log);
    let mut second = TestTask::new("second", lock.lock(), &log);
    first.assert_pending();
    second.assert_pending();
    drop(holder);
    drop(first);
    assert_eq!(log.take(), ["first", "second"]);
    assert_eq!(*second.assert_ready(), "written by the holder");
}

/// tokio#5396: one `Notify::notify_waiters()` could complete two `notified()`
/// futures awaited one after the other by the same task, because
/// `notify_waiters` woke the list in batches and released its lock between
/// them, so a future registered meanwhile was caught by the same broadcast.
///
/// Here a broadcast (`Event::set`, `Condition::notify_all`) marks the waiters
/// present at that instant, all under one lock held from start to end; a wait
/// that registers afterwards is a new entry no past notification can reach.
/// And `notify(1)` marks exactly one entry, so it cannot also complete the
/// next `wait` of the task it woke.
#[test]
fn one_broadcast_does_not_wake_two_sequential_waits() {
    let log = WakeLog::new();

    // Event: set then cleared; the first wait returns, the second must wait.
    let event = Event::new();
    let mut first = TestTask::new("first wait", event.wait(), &log);
    first.assert_pending();
    event.set();
    event.clear();
    first.assert_ready();
    let mut second = TestTask::new("second wait", event.wait(), &log);
    second.assert_pending();
    second.assert_pending();
    assert_eq!(log.take(), ["first wait"]);

    // Condition: one notify(1) completes one wait, not the next one too; the
    // same for one notify_all.
    let cond = Condition::new(());
    for broadcast in [false, true] {
        let mut first = TestTask::new("first wait", cond.wait(cond.try_lock().unwrap()), &log);
        first.assert_pending();
        let notifier = cond.try_lock().unwrap();
        if broadcast {
            assert_eq!(cond.notify_all(&notifier), 1);
        } else {
            assert_eq!(cond.notify(&notifier, 1), 1);
        }
        drop(notifier);
        let guard = first.assert_ready();
        let mut second = TestTask::new("second wait", cond.wait(guard), &log);
        second.assert_pending();
        second.assert_pending();
        assert_eq!(log.take(), ["first wait"]);
    }
}

/// tokio#6493: a `Barrier::wait` future cancelled mid-wait (a `select!`, a
/// timeout) still counted as an arrival, so the phase was released with one
/// live task short and the barrier's count was off from then on (tokio now
/// documents `Barrier::wait` as not cancel-safe).
///
/// Here the arrival count and the list change together, under one lock: a
/// waiter dropped before its phase completed takes its entry out and
/// decrements the count, so the phase still needs `parties` live arrivals.
#[test]
fn cancelled_barrier_waiter_does_not_count() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    let mut a = TestTask::new("a", barrier.wait(), &log);
    let mut cancelled = TestTask::new("cancelled", barrier.wait(), &log);
    a.assert_pending();
    cancelled.assert_pending();
    drop(cancelled);

    let mut b = TestTask::new("b", barrier.wait(), &log);
    b.assert_pending(); // with the cancelled one counted, this released the phase
    assert!(
        log.take().is_empty(),
        "two live tasks of three: nobody released"
    );
    a.assert_pending();

    let mut c = TestTask::new("c", barrier.wait(), &log);
    let c = c.assert_ready().unwrap();
    assert_eq!(log.take(), ["a", "b"]);
    let (a, b) = (a.assert_ready().unwrap(), b.assert_ready().unwrap());
    assert_eq!([a.index(), b.index(), c.index()], [0, 1, 2]);
    assert!(c.is_leader());
}

/// CPython gh-90155: `asyncio.Semaphore` let a task that called `acquire()`
/// between a `release()` and the woken waiter's resumption take the permit
/// first; the woken waiter found nothing and went back to sleep, so waiters
/// could starve (and in some cancellation races the semaphore hung). Python
/// 3.11 made the semaphore FIFO.
///
/// Here `release` does not raise a count for anyone to grab: it hands the
/// permit to the oldest waiter's entry, and `try_acquire` or a new `acquire`
/// refuse while anyone waits. A steady stream of newcomers cannot starve the
/// waiter at the front.
#[test]
fn semaphore_newcomer_cannot_barge() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let held = sem.try_acquire().unwrap();
    let mut waiter = TestTask::new("waiter", sem.acquire(), &log);
    waiter.assert_pending();

    drop(held); // released: the permit is now the waiter's
    for _ in 0..3 {
        assert!(
            sem.try_acquire().is_none(),
            "the newcomer took the waiter's permit"
        );
        let mut newcomer = TestTask::new("newcomer", sem.acquire(), &log);
        newcomer.assert_pending();
    }
    assert_eq!(sem.available_permits(), 0);
    drop(waiter.assert_ready());
    assert_eq!(log.take(), ["waiter"]);
    assert_eq!(sem.available_permits(), 1);
}

/// CPython gh-112202: a task woken by `Condition.notify(1)` and cancelled
/// before it re-acquired the lock raised `CancelledError` and swallowed the
/// notification: no other waiter was woken, so a producer's item could sit
/// unconsumed forever.
///
/// Here a notified `ConditionWait` knows it was notified in every later
/// state: dropped while its entry still holds the notification, it passes the
/// message on with the list; dropped while re-queueing for the lock, its
/// `Drop` notifies the next waiter (and the inner lock future hands the lock
/// on if it had been given it).
#[test]
fn condition_notify_not_lost_when_racing_a_cancel() {
    let cond = Condition::new(Vec::<u32>::new());
    let log = WakeLog::new();
    let mut cancelled = TestTask::new("cancelled", cond.wait(cond.try_lock().unwrap()), &log);
    cancelled.assert_pending();
    let mut consumer = TestTask::new("consumer", cond.wait(cond.try_lock().unwrap()), &log);
    consumer.assert_pending();

    let mut producer = cond.try_lock().unwrap();
    producer.push(42);
    assert_eq!(cond.notify(&producer, 1), 1);
    assert_eq!(log.take(), ["cancelled"]);
    cancelled.assert_pending(); // notified, now waiting to re-acquire the lock
    drop(cancelled); // the cancel wins the race
    assert_eq!(log.take(), ["consumer"], "the notification moved on");
    consumer.assert_pending(); // waits for the producer's lock
    drop(producer);
    assert_eq!(log.take(), ["consumer"]);
    assert_eq!(consumer.assert_ready().pop(), Some(42));
}
