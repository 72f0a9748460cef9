use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_exercises::ex09_periodic_callback::{Periodic, start_periodic};
use aio_exercises::support::run_with_deadline;
use aio_loop::{Clock, EventLoop, ManualClock};

const PERIOD: Duration = Duration::from_secs(1);

/// When the ticks ran, measured from the loop's start.
#[derive(Default, Clone)]
struct Log(Rc<RefCell<Vec<Duration>>>);

impl Log {
    fn record(&self, lp: &EventLoop, start: Instant) {
        self.0.borrow_mut().push(lp.time() - start);
    }
}

/// What a run showed: the tick times, and the periodic's own account.
#[derive(Debug, PartialEq)]
struct Outcome {
    ticks_at: Vec<Duration>,
    ticks: usize,
    cancelled: bool,
}

/// Sets up a periodic callback on a loop with a manual clock, runs the loop
/// until 60 periods after its start, and reports. The scenario gets the
/// loop, its clock, the start time and the log to record ticks in.
fn on_manual_clock(
    scenario: impl FnOnce(&EventLoop, &ManualClock, Instant, Log) -> Rc<Periodic> + Send + 'static,
) -> Outcome {
    run_with_deadline(move || {
        let clock = ManualClock::new();
        let lp = EventLoop::with_clock(Clock::Manual(clock.clone())).expect("a loop");
        let start = lp.time();
        let log = Log::default();
        let periodic = scenario(&lp, &clock, start, log.clone());
        assert_eq!(periodic.ticks(), 0, "nothing runs before the loop does");
        let stopper = lp.clone();
        lp.call_at(start + PERIOD * 60, move || stopper.stop())
            .expect("open");
        lp.run_forever().expect("runs");
        assert_eq!(lp.scheduled_timers(), 0, "no tick is left scheduled");
        lp.close().expect("closes");
        let ticks_at = log.0.borrow().clone();
        Outcome {
            ticks_at,
            ticks: periodic.ticks(),
            cancelled: periodic.is_cancelled(),
        }
    })
}

fn secs(seconds: &[f64]) -> Vec<Duration> {
    seconds
        .iter()
        .map(|&s| Duration::from_secs_f64(s))
        .collect()
}

#[test]
fn ticks_stay_on_the_grid_when_each_tick_does_work() {
    let outcome = on_manual_clock(|lp, clock, start, log| {
        let (lp2, clock) = (lp.clone(), clock.clone());
        let periodic = start_periodic(lp, start + PERIOD, PERIOD, Some(5), move || {
            log.record(&lp2, start);
            clock.advance(Duration::from_millis(30)); // the tick's work
        });
        Rc::new(periodic.expect("open"))
    });
    assert_eq!(
        outcome.ticks_at,
        secs(&[1.0, 2.0, 3.0, 4.0, 5.0]),
        "call_at(when + period), not call_later(period)"
    );
    assert_eq!(outcome.ticks, 5);
}

#[test]
fn it_stops_after_limit_ticks() {
    let outcome = on_manual_clock(|lp, _clock, start, log| {
        let lp2 = lp.clone();
        let periodic = start_periodic(lp, start + PERIOD * 2, PERIOD, Some(3), move || {
            log.record(&lp2, start)
        });
        Rc::new(periodic.expect("open"))
    });
    assert_eq!(
        outcome,
        Outcome {
            ticks_at: secs(&[2.0, 3.0, 4.0]),
            ticks: 3,
            cancelled: false
        }
    );
}

#[test]
fn a_late_tick_skips_the_beats_it_missed() {
    let outcome = on_manual_clock(|lp, clock, start, log| {
        let (lp2, clock) = (lp.clone(), clock.clone());
        let mut first = true;
        let periodic = start_periodic(lp, start + PERIOD, PERIOD, Some(3), move || {
            log.record(&lp2, start);
            if std::mem::take(&mut first) {
                clock.advance(PERIOD * 5 / 2); // the first tick overruns: 1 s to 3.5 s
            }
        });
        Rc::new(periodic.expect("open"))
    });
    // The beats at 2 s and 3 s were missed: no burst, back on the grid at 4 s.
    assert_eq!(outcome.ticks_at, secs(&[1.0, 4.0, 5.0]));
    assert_eq!(outcome.ticks, 3);
}

#[test]
fn cancel_stops_the_ticks_between_two_beats() {
    let outcome = on_manual_clock(|lp, _clock, start, log| {
        let lp2 = lp.clone();
        let periodic = start_periodic(lp, start + PERIOD, PERIOD, None, move || {
            log.record(&lp2, start)
        });
        let periodic = Rc::new(periodic.expect("open"));
        let canceller = periodic.clone();
        lp.call_at(start + PERIOD * 7 / 2, move || canceller.cancel())
            .expect("open");
        periodic
    });
    assert_eq!(
        outcome,
        Outcome {
            ticks_at: secs(&[1.0, 2.0, 3.0]),
            ticks: 3,
            cancelled: true
        }
    );
}

#[test]
fn cancel_from_inside_the_callback_stops_at_once() {
    let outcome = on_manual_clock(|lp, _clock, start, log| {
        let lp2 = lp.clone();
        let slot: Rc<RefCell<Option<Rc<Periodic>>>> = Rc::default();
        let own = slot.clone();
        let periodic = start_periodic(lp, start + PERIOD, PERIOD, None, move || {
            log.record(&lp2, start);
            if log.0.borrow().len() == 2 {
                // Taking it out also breaks the cycle slot, periodic, callback.
                if let Some(periodic) = own.borrow_mut().take() {
                    periodic.cancel();
                }
            }
        });
        let periodic = Rc::new(periodic.expect("open"));
        *slot.borrow_mut() = Some(periodic.clone());
        periodic
    });
    assert_eq!(
        outcome,
        Outcome {
            ticks_at: secs(&[1.0, 2.0]),
            ticks: 2,
            cancelled: true
        }
    );
}
