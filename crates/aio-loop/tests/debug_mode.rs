//! Debug mode: slow callbacks and slow task steps are reported with where
//! they were scheduled. A manual clock stands in for seed 000's
//! `time.sleep(0.5)`: the callback moves the clock by 500 ms.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use aio_loop::{Clock, EventLoop, ManualClock, SlowCallback};

/// A debug-mode loop on a manual clock whose slow-callback reports are
/// collected.
fn debug_loop() -> (EventLoop, ManualClock, Rc<RefCell<Vec<SlowCallback>>>) {
    let clock = ManualClock::new();
    let lp = EventLoop::with_clock(Clock::Manual(clock.clone())).unwrap();
    lp.set_debug(true);
    let reports = Rc::new(RefCell::new(Vec::new()));
    let log = reports.clone();
    lp.set_slow_callback_handler(move |report| log.borrow_mut().push(report.clone()));
    (lp, clock, reports)
}

#[test]
fn debug_mode_reports_a_slow_callback_with_its_origin() {
    let (lp, clock, reports) = debug_loop();
    assert!(lp.get_debug());
    let blocking = clock.clone();
    let line = line!() + 1;
    lp.call_soon(move || blocking.advance(Duration::from_millis(500)))
        .unwrap();
    lp.run_once();

    let reports = reports.borrow();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert!(!report.is_task());
    assert_eq!(report.duration(), Duration::from_millis(500));
    assert_eq!(report.origin().location().file(), file!());
    assert_eq!(report.origin().location().line(), line);
    assert!(report.to_string().contains("took 0.500 seconds"));
    drop(reports);
    lp.close().unwrap();
}

#[test]
fn debug_mode_does_not_report_a_fast_callback() {
    let (lp, clock, reports) = debug_loop();
    let quick = clock.clone();
    lp.call_soon(move || quick.advance(Duration::from_millis(99)))
        .unwrap();
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
    assert!(reports.borrow().is_empty());
    lp.close().unwrap();
}

#[test]
fn debug_mode_reports_a_slow_task_step_as_a_task() {
    let (lp, clock, reports) = debug_loop();
    let blocking = clock.clone();
    // A method call's location is the line of the method's name.
    let line = line!() + 2;
    let task = lp
        .create_task(async move {
            aio_loop::yield_now().await; // a fast first step
            blocking.advance(Duration::from_millis(300)); // a slow second one
            1
        })
        .unwrap();
    lp.run_until_complete(task).unwrap().unwrap();

    let reports = reports.borrow();
    assert_eq!(reports.len(), 1, "only the slow step: {reports:?}");
    let report = &reports[0];
    assert!(report.is_task());
    assert_eq!(report.duration(), Duration::from_millis(300));
    assert_eq!(report.origin().location().file(), file!());
    assert_eq!(report.origin().location().line(), line);
    assert!(report.to_string().contains("a step of task"));
    drop(reports);
    lp.close().unwrap();
}

#[test]
fn with_debug_off_nothing_is_reported() {
    let (lp, clock, reports) = debug_loop();
    lp.set_debug(false);
    assert!(!lp.get_debug());
    let blocking = clock.clone();
    lp.call_soon(move || blocking.advance(Duration::from_secs(2)))
        .unwrap();
    let blocking = clock.clone();
    lp.create_task(async move { blocking.advance(Duration::from_secs(2)) })
        .unwrap();
    lp.run_once();
    assert!(reports.borrow().is_empty());
    lp.close().unwrap();
}

#[test]
fn set_slow_callback_duration_changes_the_threshold() {
    let (lp, clock, reports) = debug_loop();
    assert_eq!(lp.slow_callback_duration(), Duration::from_millis(100));

    lp.set_slow_callback_duration(Duration::from_secs(1));
    assert_eq!(lp.slow_callback_duration(), Duration::from_secs(1));
    let blocking = clock.clone();
    lp.call_soon(move || blocking.advance(Duration::from_millis(500)))
        .unwrap();
    lp.run_once();
    assert!(reports.borrow().is_empty(), "500 ms is under 1 s");

    lp.set_slow_callback_duration(Duration::from_millis(10));
    let blocking = clock.clone();
    lp.call_soon(move || blocking.advance(Duration::from_millis(20)))
        .unwrap();
    lp.run_once();
    assert_eq!(reports.borrow().len(), 1, "20 ms is over 10 ms");
    assert_eq!(reports.borrow()[0].duration(), Duration::from_millis(20));
    lp.close().unwrap();
}

#[test]
fn debug_mode_reports_a_slow_timer_callback() {
    let (lp, clock, reports) = debug_loop();
    let (blocking, stopper) = (clock.clone(), lp.clone());
    let line = line!() + 1;
    lp.call_later(Duration::from_secs(1), move || {
        blocking.advance(Duration::from_millis(150));
        stopper.stop();
    })
    .unwrap();
    lp.run_forever().unwrap();
    let reports = reports.borrow();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].origin().location().line(), line);
    drop(reports);
    lp.close().unwrap();
}
