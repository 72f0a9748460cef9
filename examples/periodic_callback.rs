//! A `PeriodicCallback` (asyncio has none: a callback that re-schedules
//! itself is enough). Two of them tick side by side: the naive one calls
//! `call_later(period)` after each tick, so every tick's lateness adds up;
//! the drift-free one calls `call_at(previous_when + period)`, so it doesn't.
//! Book: "The event loop", a periodic callback.
//!
//!     cargo run --example periodic_callback [-- --quick]
mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_primer::event_loop::{Clock, EventLoop, ManualClock};
use common::Options;

/// A callback run every `period`, `left` more times; `ran` logs when.
struct Periodic {
    lp: EventLoop,
    period: Duration,
    drift_free: bool,
    work: Box<dyn Fn()>,
    ran: RefCell<Vec<Instant>>,
}

impl Periodic {
    fn schedule(self: Rc<Self>, when: Instant, left: usize) {
        let lp = self.lp.clone();
        lp.call_at(when, move || {
            self.ran.borrow_mut().push(self.lp.time());
            (self.work)();
            // Naive: "a period from now", after this tick's lateness and
            // work, which push every later tick back. Drift-free: the
            // planned grid, whatever happened in between.
            let next = match self.drift_free {
                true => when + self.period,
                false => self.lp.time() + self.period,
            };
            if left > 1 {
                self.schedule(next, left - 1);
            }
        })
        .expect("the loop is open");
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let (period, ticks) = (Duration::from_secs(1), options.size(20, 10));
    // Each tick "works" 30 ms. A manual clock stands for the real one so the
    // drift comes out exact: the work advances it, and the loop jumps to the
    // next timer instead of sleeping (the run takes no time at all).
    let (clock, work) = (ManualClock::new(), Duration::from_millis(30));
    let lp = EventLoop::with_clock(Clock::Manual(clock.clone()))?;
    let start = lp.time();
    let [naive, drift_free] = [false, true].map(|drift_free| {
        let clock = clock.clone();
        let work = Box::new(move || clock.advance(work));
        let (lp, ran) = (lp.clone(), RefCell::default());
        let periodic = Rc::new(Periodic {
            lp,
            period,
            drift_free,
            work,
            ran,
        });
        periodic.clone().schedule(start + period, ticks);
        periodic
    });
    // Both are done well before this timer stops the loop.
    let stopper = lp.clone();
    lp.call_at(start + period * (ticks as u32 + 5), move || stopper.stop())?;
    lp.run_forever()?;
    lp.close()?;

    // Drift: how late the last tick ran, against the planned grid.
    let drift = |periodic: &Periodic| {
        let ran = periodic.ran.borrow();
        assert_eq!(ran.len(), ticks, "every tick ran, then no more");
        ran[ticks - 1] - (start + period * ticks as u32)
    };
    let (naive, drift_free) = (drift(&naive), drift(&drift_free));
    println!("{ticks} ticks of {period:?}, each working {work:?}:");
    println!("  naive call_later(period):           last tick {naive:>7.0?} late");
    println!("  drift-free call_at(when + period):  last tick {drift_free:>7.0?} late");

    // The naive timer loses one tick's work per tick; the drift-free one
    // is late by at most the work of whatever ran just before it.
    assert_eq!(naive, work * (ticks as u32 - 1), "the naive ticks drift");
    assert!(drift_free <= work, "the drift-free ticks stay on the grid");
    Ok(())
}
