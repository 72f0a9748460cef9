//! Timers on the threaded loop: scheduled out of order, they fire in the
//! order of their `when`, each on whichever worker is free; a cancelled one
//! never fires; each new earliest timer wakes the scheduler thread that
//! slept on a later one. Then `stop`: queued callbacks still run, a timer
//! not yet due is dropped without running (a drop guard shows it).
//! Book: "The event loop", a loop on many threads.
//!
//!     cargo run --example threaded_loop_timers [-- --quick]
mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use aio_primer::event_loop::{LoopError, ThreadedLoop};
use common::Options;

/// Sets its flag when dropped: tells whether a callback was dropped unrun.
struct DropGuard(Arc<AtomicBool>);

impl Drop for DropGuard {
    fn drop(&mut self) {
        self.0.store(true, SeqCst);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    // Gaps wide enough that a worker pausing between its pop and its first
    // line cannot reorder two timers: 25 ms apart under --quick.
    let unit = Duration::from_millis(if options.quick { 25 } else { 200 });
    let lp = ThreadedLoop::new(2)?;
    let start = lp.time();
    let (fired, fired_rx) = mpsc::channel();

    // The latest first: an hour away, it holds a guard and must never run.
    let (hour_ran, hour_dropped) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let (ran, guard) = (hour_ran.clone(), DropGuard(hour_dropped.clone()));
    lp.call_later(Duration::from_secs(3600), move || {
        let _guard = &guard;
        ran.store(true, SeqCst);
    })?;
    // The scheduler thread now sleeps until that hour. Each timer below that
    // is earlier than all before it notifies its condvar to recompute.
    let delays = [3, 1, 5, 2, 4];
    for n in delays {
        let fired = fired.clone();
        let when = start + unit * n;
        lp.call_at(when, move || {
            let late = start.elapsed().saturating_sub(unit * n);
            let worker = std::thread::current().name().unwrap_or("?").to_owned();
            println!("  +{n} units: ran {late:>7.1?} after its when, on {worker}");
            fired.send(n).expect("main waits");
        })?;
    }
    // Cancelled at once: it never fires.
    let cancelled = lp.call_later(unit * 2, move || panic!("a cancelled timer ran"))?;
    cancelled.cancel();
    let order: Vec<u32> = fired_rx.iter().take(delays.len()).collect();
    println!("scheduled {delays:?}, fired {order:?}");

    // Stopping: two callbacks hold both workers until main says go, so the
    // three queued behind them are still in the ready queue at `stop()`.
    let queued_ran = Arc::new(AtomicUsize::new(0));
    let (held, held_rx) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let release_rx = Arc::new(Mutex::new(release_rx));
    for _ in 0..2 {
        let (held, release_rx) = (held.clone(), release_rx.clone());
        lp.call_soon(move || {
            held.send(()).expect("main waits");
            let _ = release_rx.lock().unwrap().recv(); // Err once main drops `release`
        })?;
    }
    for _ in 0..3 {
        let queued_ran = queued_ran.clone();
        lp.call_soon(move || {
            queued_ran.fetch_add(1, SeqCst);
        })?;
    }
    held_rx.iter().take(2).for_each(drop); // both workers are held
    let queued = lp.ready_len();
    lp.stop();
    let refused = lp.call_soon(|| ());
    drop(release); // both holders return; the workers drain the queue
    lp.join();
    println!(
        "stop() with {queued} queued: call_soon -> {:?}; the queued ran: {}; the hour timer ran: {}, dropped: {}",
        refused.as_ref().err(),
        queued_ran.load(SeqCst),
        hour_ran.load(SeqCst),
        hour_dropped.load(SeqCst)
    );

    let mut sorted = delays.to_vec();
    sorted.sort();
    assert_eq!(order, sorted, "timers fire in the order of their when");
    assert!(
        matches!(refused, Err(LoopError::Closed)),
        "no scheduling after stop"
    );
    assert_eq!(queued, 3, "the three were still queued at stop()");
    assert_eq!(queued_ran.load(SeqCst), 3, "stop drains the ready queue");
    assert!(
        !hour_ran.load(SeqCst) && hour_dropped.load(SeqCst),
        "dropped unrun"
    );
    Ok(())
}
