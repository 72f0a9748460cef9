//! `call_later` / `call_at` on a manual clock: order, cancellation, the
//! deadline, and the timer heap's compaction.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_loop::{Clock, EventLoop, ManualClock};

fn manual_loop() -> (EventLoop, ManualClock) {
    let clock = ManualClock::new();
    let lp = EventLoop::with_clock(Clock::Manual(clock.clone())).unwrap();
    (lp, clock)
}

/// Stops the loop `delay` from now.
fn stop_after(lp: &EventLoop, delay: Duration) {
    let stopper = lp.clone();
    lp.call_later(delay, move || stopper.stop()).unwrap();
}

#[test]
fn call_later_runs_timers_in_time_order() {
    let (lp, _clock) = manual_loop();
    let order = Rc::new(RefCell::new(Vec::new()));
    for secs in [3, 1, 2, 5, 4] {
        let order = order.clone();
        lp.call_later(Duration::from_secs(secs), move || {
            order.borrow_mut().push(secs)
        })
        .unwrap();
    }
    stop_after(&lp, Duration::from_secs(10));
    lp.run_forever().unwrap();
    assert_eq!(*order.borrow(), [1, 2, 3, 4, 5]);
    lp.close().unwrap();
}

#[test]
fn call_at_with_equal_when_runs_in_scheduling_order() {
    let (lp, _clock) = manual_loop();
    let when = lp.time() + Duration::from_secs(1);
    let order = Rc::new(RefCell::new(Vec::new()));
    for i in 0..20 {
        let order = order.clone();
        lp.call_at(when, move || order.borrow_mut().push(i))
            .unwrap();
    }
    stop_after(&lp, Duration::from_secs(2));
    lp.run_forever().unwrap();
    assert_eq!(*order.borrow(), (0..20).collect::<Vec<_>>());
    lp.close().unwrap();
}

#[test]
fn timer_cancelled_before_it_is_due_never_runs() {
    let (lp, _clock) = manual_loop();
    let ran = Rc::new(Cell::new(false));
    let flag = ran.clone();
    let timer = lp
        .call_later(Duration::from_secs(1), move || flag.set(true))
        .unwrap();
    timer.cancel();
    assert!(timer.is_cancelled());
    stop_after(&lp, Duration::from_secs(5));
    lp.run_forever().unwrap();
    assert!(!ran.get());
    assert_eq!(lp.scheduled_timers(), 0);
    lp.close().unwrap();
}

#[test]
fn cancelling_a_timer_after_it_ran_has_no_effect() {
    let (lp, _clock) = manual_loop();
    let runs = Rc::new(Cell::new(0));
    let counter = runs.clone();
    let timer = lp
        .call_later(Duration::from_secs(1), move || {
            counter.set(counter.get() + 1)
        })
        .unwrap();
    stop_after(&lp, Duration::from_secs(2));
    lp.run_forever().unwrap();
    assert_eq!(runs.get(), 1);

    timer.cancel();
    stop_after(&lp, Duration::from_secs(2));
    lp.run_forever().unwrap();
    assert_eq!(runs.get(), 1);
    assert_eq!(lp.scheduled_timers(), 0);
    lp.close().unwrap();
}

#[test]
fn call_at_five_seconds_ahead_runs_when_the_clock_reaches_it_not_before() {
    let (lp, clock) = manual_loop();
    let when = lp.time() + Duration::from_secs(5);
    let fired_at = Rc::new(Cell::new(None::<Instant>));
    let (record, timer_loop) = (fired_at.clone(), lp.clone());
    let timer = lp
        .call_at(when, move || {
            record.set(Some(timer_loop.time()));
            timer_loop.stop();
        })
        .unwrap();
    assert_eq!(timer.when(), when);

    // 4.999 s later, with a callback ready so the manual clock cannot jump:
    // the timer stays in the heap.
    clock.advance(Duration::from_millis(4999));
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
    assert_eq!(fired_at.get(), None);
    assert_eq!(lp.scheduled_timers(), 1);

    lp.run_forever().unwrap();
    let fired_at = fired_at.get().expect("the timer ran");
    assert!(fired_at >= when);
    assert!(lp.time() >= when);
    lp.close().unwrap();
}

#[test]
fn no_timer_fires_before_its_when() {
    let (lp, clock) = manual_loop();
    let start = lp.time();
    let early = Rc::new(Cell::new(0));
    let fired = Rc::new(RefCell::new(Vec::new()));
    // A fixed permutation of 1..=97 ms (37 is coprime with 97).
    for i in 1..=97u64 {
        let delay = Duration::from_millis(i * 37 % 97 + 1);
        let (early, fired, timer_loop) = (early.clone(), fired.clone(), lp.clone());
        lp.call_later(delay, move || {
            let now = timer_loop.time();
            if now < start + delay {
                early.set(early.get() + 1);
            }
            fired.borrow_mut().push(delay);
        })
        .unwrap();
    }
    // Drive the loop in small manual steps with something always ready, so
    // only the test moves the clock.
    while fired.borrow().len() < 97 {
        clock.advance(Duration::from_micros(700));
        lp.call_soon(|| {}).unwrap();
        lp.run_once();
    }
    assert_eq!(early.get(), 0);
    let fired = fired.borrow();
    assert!(
        fired.windows(2).all(|w| w[0] <= w[1]),
        "fired in time order"
    );
    lp.close().unwrap();
}

#[test]
fn cancelled_timers_at_the_head_of_the_heap_are_dropped_on_the_next_iteration() {
    let (lp, _clock) = manual_loop();
    let timers: Vec<_> = (1..=10)
        .map(|secs| lp.call_later(Duration::from_secs(secs), || {}).unwrap())
        .collect();
    for timer in &timers[..3] {
        timer.cancel();
    }
    assert_eq!(lp.scheduled_timers(), 10);
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
    assert_eq!(lp.scheduled_timers(), 7);
    lp.close().unwrap();
}

#[test]
fn timer_heap_is_compacted_when_most_timers_are_cancelled() {
    let (lp, _clock) = manual_loop();
    let timers: Vec<_> = (1..=300)
        .map(|secs| lp.call_later(Duration::from_secs(secs), || {}).unwrap())
        .collect();
    // Cancel 200 timers, none at the head of the heap.
    for timer in &timers[100..] {
        timer.cancel();
    }
    assert_eq!(lp.scheduled_timers(), 300);
    // Something ready: the iteration does not wait, no timer comes due.
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
    assert_eq!(lp.scheduled_timers(), 100);
    lp.close().unwrap();
}

#[test]
fn timer_heap_with_fewer_than_100_timers_is_not_compacted() {
    let (lp, _clock) = manual_loop();
    let timers: Vec<_> = (1..=90)
        .map(|secs| lp.call_later(Duration::from_secs(secs), || {}).unwrap())
        .collect();
    for timer in &timers[30..] {
        timer.cancel();
    }
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
    assert_eq!(lp.scheduled_timers(), 90);
    lp.close().unwrap();
}

#[test]
fn manual_clock_jumps_to_the_next_timer_instead_of_sleeping() {
    let (lp, _clock) = manual_loop();
    let start = lp.time();
    lp.run_until_complete(lp.sleep(Duration::from_secs(3600)))
        .unwrap();
    assert_eq!(lp.time() - start, Duration::from_secs(3600));
    lp.close().unwrap();
}
