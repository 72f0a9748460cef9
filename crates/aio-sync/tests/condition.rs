//! `Condition`, poll by poll: notify order, `notify(n)`, re-acquiring the
//! lock, `wait_for`, and cancellation at every stage of a wait.

use aio_sync::{Condition, ConditionWait};
use aio_testkit::{TestTask, WakeLog};

/// Takes the (free) lock, starts a `wait` with its guard and polls it once:
/// the waiter is then queued and the lock released.
fn queued_waiter<'a, T>(
    cond: &'a Condition<T>,
    name: &'static str,
    log: &WakeLog,
) -> TestTask<ConditionWait<'a, T>> {
    let guard = cond.try_lock().expect("the lock is free");
    let mut task = TestTask::new(name, cond.wait(guard), log);
    task.assert_pending();
    assert!(!cond.is_locked(), "wait released the lock");
    task
}

#[test]
fn wait_releases_the_lock_and_reacquires_it_before_returning() {
    let cond = Condition::new(0);
    let log = WakeLog::new();
    let mut waiter = queued_waiter(&cond, "waiter", &log);

    let mut notifier = cond.try_lock().expect("released by the waiter");
    *notifier = 5;
    assert_eq!(cond.notify(&notifier, 1), 1);
    assert_eq!(log.take(), ["waiter"]);
    // Notified, but the notifier still holds the lock: the waiter waits for it.
    waiter.assert_pending();
    waiter.assert_pending();
    assert!(log.take().is_empty());

    drop(notifier);
    assert_eq!(log.take(), ["waiter"], "woken again, now with the lock");
    let guard = waiter.assert_ready();
    assert_eq!(*guard, 5);
    assert!(cond.is_locked(), "the waiter returned holding the lock");
    assert!(cond.try_lock().is_none());
    drop(guard);
    assert!(!cond.is_locked());
}

#[test]
fn notifications_go_to_waiters_in_the_order_they_began_to_wait() {
    let cond = Condition::new(Vec::new());
    let log = WakeLog::new();
    let mut a = queued_waiter(&cond, "a", &log);
    let mut b = queued_waiter(&cond, "b", &log);
    let mut c = queued_waiter(&cond, "c", &log);

    for expected in ["a", "b", "c"] {
        let notifier = cond.try_lock().unwrap();
        assert_eq!(cond.notify(&notifier, 1), 1);
        drop(notifier);
        assert_eq!(log.take(), [expected]);
        let waiter = match expected {
            "a" => &mut a,
            "b" => &mut b,
            _ => &mut c,
        };
        let mut guard = waiter.assert_ready();
        guard.push(expected);
    }
    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify(&notifier, 1), 0, "everyone was served");
    drop((notifier, a, b, c));
    assert_eq!(cond.into_inner(), ["a", "b", "c"]);
}

#[test]
fn notify_two_wakes_exactly_two_of_three() {
    let cond = Condition::new(());
    let log = WakeLog::new();
    let mut a = queued_waiter(&cond, "a", &log);
    let mut b = queued_waiter(&cond, "b", &log);
    let mut c = queued_waiter(&cond, "c", &log);

    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify(&notifier, 2), 2);
    drop(notifier);
    assert_eq!(log.take(), ["a", "b"]);

    let a_guard = a.assert_ready();
    b.assert_pending(); // notified, queued for the lock behind a
    c.assert_pending(); // not notified
    drop(a_guard);
    assert_eq!(log.take(), ["b"]);
    drop(b.assert_ready());
    c.assert_pending();
    assert_eq!(c.wakes(), 0);

    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify_all(&notifier), 1, "only c was still waiting");
    drop(notifier);
    assert_eq!(log.take(), ["c"]);
    drop(c.assert_ready());
}

#[test]
fn notify_all_wakes_everyone_in_order() {
    let cond = Condition::new(());
    let log = WakeLog::new();
    let mut waiters: Vec<_> = ["a", "b", "c"]
        .into_iter()
        .map(|name| queued_waiter(&cond, name, &log))
        .collect();
    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify_all(&notifier), 3);
    assert_eq!(log.take(), ["a", "b", "c"]);
    drop(notifier);
    for waiter in &mut waiters {
        drop(waiter.assert_ready());
    }
}

#[test]
fn a_notification_with_nobody_waiting_is_not_kept_for_later() {
    let cond = Condition::new(());
    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify(&notifier, 1), 0);
    drop(notifier);

    let log = WakeLog::new();
    let mut late = queued_waiter(&cond, "late", &log);
    late.assert_pending();
    assert!(log.take().is_empty());
}

#[test]
fn a_waiter_cancelled_in_the_middle_of_the_queue_leaves_it() {
    let cond = Condition::new(());
    let log = WakeLog::new();
    let mut a = queued_waiter(&cond, "a", &log);
    let b = queued_waiter(&cond, "b", &log);
    let mut c = queued_waiter(&cond, "c", &log);

    drop(b);
    assert!(!cond.is_locked(), "a cancelled waiter holds no lock");
    let notifier = cond.try_lock().unwrap();
    assert_eq!(cond.notify(&notifier, 2), 2);
    drop(notifier);
    assert_eq!(log.take(), ["a", "c"]);
    drop(a.assert_ready());
    drop(c.assert_ready());
}

#[test]
fn a_notified_waiter_cancelled_before_it_ran_passes_the_notification_on() {
    let cond = Condition::new(());
    let log = WakeLog::new();
    let a = queued_waiter(&cond, "a", &log);
    let mut b = queued_waiter(&cond, "b", &log);
    let mut c = queued_waiter(&cond, "c", &log);

    let notifier = cond.try_lock().unwrap();
    cond.notify(&notifier, 1);
    drop(notifier);
    assert_eq!(log.take(), ["a"]);
    drop(a);
    assert_eq!(log.take(), ["b"], "exactly one notification, now b's");
    drop(b.assert_ready());
    c.assert_pending();
    assert_eq!(c.wakes(), 0);
}

#[test]
fn a_notified_waiter_cancelled_while_reacquiring_the_lock_passes_the_notification_on() {
    let cond = Condition::new(());
    let log = WakeLog::new();
    let mut a = queued_waiter(&cond, "a", &log);
    let mut b = queued_waiter(&cond, "b", &log);
    let mut c = queued_waiter(&cond, "c", &log);

    let notifier = cond.try_lock().unwrap();
    cond.notify(&notifier, 1);
    assert_eq!(log.take(), ["a"]);
    a.assert_pending(); // took the notification, now queued for the lock
    drop(a);
    assert_eq!(log.take(), ["b"]);
    b.assert_pending(); // b in turn queues for the lock
    drop(notifier);
    assert_eq!(
        log.take(),
        ["b"],
        "the lock goes to b, not to the dropped a"
    );
    drop(b.assert_ready());
    c.assert_pending();
    assert_eq!(c.wakes(), 0);
    assert!(!cond.is_locked());
}

#[test]
fn a_waiter_cancelled_after_it_was_handed_the_lock_passes_on_the_lock_and_the_notification() {
    let cond = Condition::new(0);
    let log = WakeLog::new();
    let mut a = queued_waiter(&cond, "a", &log);
    let mut b = queued_waiter(&cond, "b", &log);

    let mut notifier = cond.try_lock().unwrap();
    cond.notify(&notifier, 1);
    a.assert_pending(); // queued for the lock
    let mut other = TestTask::new("other locker", cond.lock(), &log);
    other.assert_pending(); // queued for the lock behind a
    *notifier = 7;
    drop(notifier); // the lock is handed to a, which has not run yet
    assert_eq!(log.take(), ["a", "a"]);

    drop(a);
    let mut woken = log.take();
    woken.sort_unstable();
    // The lock to the next locker, the notification to the next waiter.
    assert_eq!(woken, ["b", "other locker"]);
    let guard = other.assert_ready();
    assert_eq!(*guard, 7, "the value travelled with the lock");
    b.assert_pending(); // notified, waiting for the lock
    drop(guard);
    assert_eq!(log.take(), ["b"]);
    assert_eq!(*b.assert_ready(), 7);
}

#[test]
fn a_notified_waiter_queues_for_the_lock_behind_earlier_lockers() {
    let cond = Condition::new(Vec::new());
    let log = WakeLog::new();
    let mut waiter = queued_waiter(&cond, "waiter", &log);

    let notifier = cond.try_lock().unwrap();
    let mut locker = TestTask::new("locker", cond.lock(), &log);
    locker.assert_pending();
    cond.notify(&notifier, 1);
    waiter.assert_pending();
    drop(notifier);
    assert_eq!(log.take(), ["waiter", "locker"]);
    waiter.assert_pending();
    locker.assert_ready().push("locker");
    assert_eq!(log.take(), ["waiter"]);
    waiter.assert_ready().push("waiter");
    drop((waiter, locker));
    assert_eq!(cond.into_inner(), ["locker", "waiter"]);
}

#[test]
fn wait_for_waits_until_the_predicate_holds() {
    let cond = Condition::new(0);
    let log = WakeLog::new();
    let mut consumer = TestTask::new(
        "consumer",
        async {
            let guard = cond.lock().await;
            let guard = cond.wait_for(guard, |n| *n >= 3).await;
            *guard
        },
        &log,
    );
    consumer.assert_pending();
    assert!(!cond.is_locked(), "waiting for the predicate, not the lock");

    for value in 1..=2 {
        let mut producer = cond.try_lock().unwrap();
        *producer = value;
        cond.notify_all(&producer);
        drop(producer);
        assert_eq!(log.take(), ["consumer"]);
        // Woken, re-checks under the lock, finds it false, waits again.
        consumer.assert_pending();
        assert!(!cond.is_locked());
    }

    let mut producer = cond.try_lock().unwrap();
    *producer = 3;
    cond.notify_all(&producer);
    drop(producer);
    assert_eq!(consumer.assert_ready(), 3);
    assert_eq!(consumer.wakes(), 3);
}

#[test]
fn wait_for_with_a_true_predicate_returns_at_once_holding_the_lock() {
    let cond = Condition::new(3);
    let log = WakeLog::new();
    let guard = cond.try_lock().unwrap();
    let mut task = TestTask::new("a", cond.wait_for(guard, |n| *n == 3), &log);
    let guard = task.assert_ready();
    assert_eq!(*guard, 3);
    assert!(cond.is_locked());
}

#[test]
#[should_panic(expected = "guard of another lock")]
fn notify_with_the_guard_of_another_lock_panics() {
    let cond = Condition::new(());
    let other = Condition::new(());
    let foreign = other.try_lock().unwrap();
    cond.notify(&foreign, 1);
}

#[test]
#[should_panic(expected = "guard of another lock")]
fn wait_with_the_guard_of_another_lock_panics() {
    let cond = Condition::new(());
    let other = Condition::new(());
    let foreign = other.try_lock().unwrap();
    let _wait = cond.wait(foreign);
}
