//! `Event`, poll by poll: fan-out in FIFO order, set/clear races, cancellation.

use aio_sync::Event;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn wait_on_a_set_event_returns_at_once() {
    let event = Event::new();
    event.set();
    let log = WakeLog::new();
    let mut task = TestTask::new("a", event.wait(), &log);
    task.assert_ready();
    assert!(event.is_set(), "waiting does not consume the flag");
}

#[test]
fn set_wakes_every_waiter_in_the_order_they_began_to_wait() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", event.wait(), &log);
    let mut b = TestTask::new("b", event.wait(), &log);
    let mut c = TestTask::new("c", event.wait(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();
    assert!(log.take().is_empty());

    event.set();
    assert_eq!(log.take(), ["a", "b", "c"]);
    c.assert_ready();
    a.assert_ready();
    b.assert_ready();
}

#[test]
fn waiters_woken_by_set_return_even_after_clear() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", event.wait(), &log);
    let mut b = TestTask::new("b", event.wait(), &log);
    a.assert_pending();
    b.assert_pending();

    event.set();
    event.clear(); // before either waiter ran
    assert!(!event.is_set());
    assert_eq!(log.take(), ["a", "b"]);
    a.assert_ready();
    b.assert_ready();
}

#[test]
fn a_waiter_registering_after_clear_waits_for_the_next_set() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut early = TestTask::new("early", event.wait(), &log);
    early.assert_pending();
    event.set();
    event.clear();

    let mut late = TestTask::new("late", event.wait(), &log);
    late.assert_pending();
    late.assert_pending();
    assert_eq!(log.take(), ["early"], "the old set does not reach late");
    early.assert_ready();

    event.set();
    assert_eq!(log.take(), ["late"]);
    late.assert_ready();
}

#[test]
fn a_waiter_cancelled_in_the_middle_leaves_and_the_others_are_woken_in_order() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", event.wait(), &log);
    let mut b = TestTask::new("b", event.wait(), &log);
    let mut c = TestTask::new("c", event.wait(), &log);
    a.assert_pending();
    b.assert_pending();
    c.assert_pending();

    drop(b);
    event.set();
    assert_eq!(log.take(), ["a", "c"]);
    a.assert_ready();
    c.assert_ready();
}

#[test]
fn a_waiter_cancelled_after_set_costs_the_others_nothing_and_leaves_nothing_behind() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", event.wait(), &log);
    let mut b = TestTask::new("b", event.wait(), &log);
    a.assert_pending();
    b.assert_pending();

    event.set();
    event.clear();
    assert_eq!(log.take(), ["a", "b"]);
    drop(a); // woken but never ran
    b.assert_ready();
    assert_eq!(b.wakes(), 1, "b's own notification, no extra one from a");

    // a's unused notification is not passed to someone who came later.
    let mut later = TestTask::new("later", event.wait(), &log);
    later.assert_pending();
    assert!(log.take().is_empty());
}

#[test]
fn a_second_set_wakes_nobody_twice() {
    let event = Event::new();
    let log = WakeLog::new();
    let mut a = TestTask::new("a", event.wait(), &log);
    a.assert_pending();
    a.assert_pending(); // polled twice, still one place in the list
    event.set();
    event.set();
    assert_eq!(log.take(), ["a"]);
    a.assert_ready();
}

#[test]
fn clear_lowers_the_flag_and_set_raises_it() {
    let event = Event::default();
    assert!(!event.is_set());
    event.set();
    assert!(event.is_set());
    event.clear();
    assert!(!event.is_set());
    event.clear();
    assert!(!event.is_set());
}
