//! `Handle` and `TimerHandle`: what `call_soon` and `call_later` give back.
//! Cancel a `call_soon` before it runs and it never runs; cancel a 5-second
//! `call_later` and the loop does not wait for it: it returns at once.
//! Book: "The event loop", Handle and TimerHandle.
//!
//!     cargo run --example timer_cancel [-- --quick]
mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use aio_primer::event_loop::EventLoop;
use common::Options;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let lp = EventLoop::new()?;
    let greeted: Rc<RefCell<Vec<&str>>> = Rc::default();
    let greet = |name: &'static str| {
        let greeted = greeted.clone();
        move || {
            println!("  Hello, {name}!");
            greeted.borrow_mut().push(name);
        }
    };

    // call_soon gives back a Handle; cancelling it before the loop runs
    // means the callback is never called.
    let handle = lp.call_soon(greet("Alice"))?;
    println!("call_soon(Alice):  cancelled = {}", handle.is_cancelled());
    handle.cancel();
    println!("after cancel():    cancelled = {}", handle.is_cancelled());

    // call_later gives back a TimerHandle, which also knows when() it is due:
    // a point on the loop's clock, so print it relative to lp.time().
    let five_seconds = Duration::from_secs(5);
    let timer = lp.call_later(five_seconds, greet("Bob"))?;
    println!(
        "call_later(5 s, Bob): due at time() + {:.3} s",
        (timer.when() - lp.time()).as_secs_f64()
    );
    timer.cancel();
    println!("after cancel():    cancelled = {}", timer.is_cancelled());

    // One callback that is not cancelled, to show the loop does run callbacks.
    lp.call_soon(greet("Carol"))?;

    // asyncio's demo runs `asyncio.sleep(0.1)`; the cancelled 5 s timer
    // does not keep the loop waiting past that.
    let started = Instant::now();
    lp.run_until_complete(lp.sleep(options.time(Duration::from_millis(100))))?;
    let took = started.elapsed();
    println!("the loop returned after {took:.1?}, not 5 s");
    println!("timers left in the heap: {}", lp.scheduled_timers());
    lp.close()?;

    assert_eq!(
        *greeted.borrow(),
        ["Carol"],
        "cancelled callbacks never run"
    );
    assert!(handle.is_cancelled() && timer.is_cancelled());
    assert!(
        took < five_seconds,
        "the loop must not wait for a cancelled timer"
    );
    assert_eq!(
        lp.scheduled_timers(),
        0,
        "the cancelled timer left the heap"
    );
    Ok(())
}
