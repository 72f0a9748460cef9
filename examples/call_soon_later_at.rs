//! The three ways to schedule a callback: `call_soon` (next iteration),
//! `call_later(delay)` and `call_at(when)`, each printing when it ran as an
//! offset from the loop's start. Scheduled out of order, they run in time order.
//! Book: "The event loop", call_soon, call_later, call_at.
//!
//!     cargo run --example call_soon_later_at [-- --quick]
mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use aio_primer::event_loop::EventLoop;
use common::Options;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let lp = EventLoop::new()?;
    let start = lp.time();
    let ran: Rc<RefCell<Vec<(String, Duration)>>> = Rc::default();

    // One recorder per callback: it prints the loop time since `start`.
    let record = |name: String| {
        let (lp, ran) = (lp.clone(), ran.clone());
        move || {
            let at = lp.time() - start;
            println!("  +{:>6.1} ms  {name}", at.as_secs_f64() * 1e3);
            ran.borrow_mut().push((name, at));
        }
    };

    let (later, at) = (
        options.time(Duration::from_millis(600)),
        options.time(Duration::from_millis(300)),
    );
    // Scheduled in this order: later, at, soon.
    // ANCHOR: cs_call_soon
    lp.call_later(later, record(format!("call_later({later:?})")))?;
    // `when` is a point on the loop's monotonic clock (`lp.time()`), not a
    // wall-clock timestamp: always build it from `lp.time()`.
    lp.call_at(lp.time() + at, record(format!("call_at(time() + {at:?})")))?;
    lp.call_soon(record("call_soon".to_owned()))?;
    // ANCHOR_END: cs_call_soon
    let stopper = lp.clone();
    lp.call_later(later, move || stopper.stop())?; // same instant: runs after the first

    println!("scheduled later, at, soon; running the loop:");
    lp.run_forever()?;
    lp.close()?;

    let ran = ran.borrow();
    let names: Vec<_> = ran
        .iter()
        .map(|(name, _)| name.split('(').next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["call_soon", "call_at", "call_later"],
        "callbacks run in time order, not in scheduling order"
    );
    // A timer never fires early (it may fire a little late).
    assert!(ran[1].1 >= at && ran[2].1 >= later, "no timer fires early");
    println!("in time order, none early");
    Ok(())
}
