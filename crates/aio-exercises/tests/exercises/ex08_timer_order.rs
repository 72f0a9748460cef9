use std::time::Duration;

use aio_exercises::ex08_timer_order::TimerQueue;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Pops everything due at `now`, in order.
fn drain<C>(timers: &mut TimerQueue<C>, now: Duration) -> Vec<C> {
    std::iter::from_fn(|| timers.pop_due(now)).collect()
}

#[test]
fn due_timers_come_out_earliest_first() {
    let mut timers = TimerQueue::new();
    for (when, name) in [(30, "c"), (10, "a"), (50, "e"), (20, "b"), (40, "d")] {
        timers.schedule(ms(when), name);
    }
    assert_eq!(timers.len(), 5);
    assert_eq!(drain(&mut timers, ms(100)), ["a", "b", "c", "d", "e"]);
    assert!(timers.is_empty());
}

#[test]
fn timers_due_at_the_same_time_run_in_scheduling_order() {
    let mut timers = TimerQueue::new();
    timers.schedule(ms(7), 100);
    for i in 0..40 {
        timers.schedule(ms(5), i);
    }
    timers.schedule(ms(1), -1);
    let mut expected = vec![-1];
    expected.extend(0..40);
    expected.push(100);
    assert_eq!(drain(&mut timers, ms(10)), expected);
}

#[test]
fn nothing_is_due_before_its_time() {
    let mut timers = TimerQueue::new();
    timers.schedule(ms(20), "later");
    timers.schedule(ms(10), "sooner");
    assert_eq!(timers.pop_due(ms(9)), None, "nothing is due at 9 ms");
    assert_eq!(timers.next_when(), Some(ms(10)));
    assert_eq!(
        drain(&mut timers, ms(10)),
        ["sooner"],
        "due at exactly 10 ms"
    );
    assert_eq!(timers.pop_due(ms(19)), None);
    assert_eq!(timers.next_when(), Some(ms(20)));
    assert_eq!(timers.len(), 1);
    assert_eq!(drain(&mut timers, ms(25)), ["later"]);
    assert_eq!(timers.next_when(), None);
}

#[test]
fn a_cancelled_timer_never_runs() {
    let mut timers = TimerQueue::new();
    let first = timers.schedule(ms(1), "first");
    let second = timers.schedule(ms(2), "second");
    timers.schedule(ms(3), "third");
    assert!(timers.cancel(second));
    assert!(!timers.cancel(second), "cancelled already");
    assert_eq!(timers.len(), 2);
    assert_eq!(drain(&mut timers, ms(5)), ["first", "third"]);
    assert!(!timers.cancel(first), "it ran already");
    assert!(timers.is_empty());
}

#[test]
fn next_when_skips_cancelled_timers() {
    let mut timers = TimerQueue::new();
    let early = timers.schedule(ms(1), "early");
    timers.schedule(ms(8), "late");
    timers.cancel(early);
    assert_eq!(timers.next_when(), Some(ms(8)));
    assert_eq!(timers.pop_due(ms(7)), None);
    assert_eq!(timers.len(), 1);
}

#[test]
fn a_timer_scheduled_for_now_goes_after_the_ones_already_due() {
    let mut timers = TimerQueue::new();
    timers.schedule(ms(5), "a");
    timers.schedule(ms(5), "b");
    assert_eq!(timers.pop_due(ms(5)), Some("a"));
    // A callback that runs at 5 ms schedules another one for 5 ms.
    timers.schedule(ms(5), "c");
    assert_eq!(drain(&mut timers, ms(5)), ["b", "c"]);
}
