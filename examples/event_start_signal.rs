//! The starting pistol: runners wait on an `Event`, the starter sets it, and
//! every runner starts, even though the flag is lowered again at once.
//! Book: "Synchronization", Event.
//!
//!     cargo run --example event_start_signal [-- --quick]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aio_primer::sync::Event;
use common::Options;
use tokio::time::{sleep, timeout};

const RUNNERS: usize = 4;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let pistol = Arc::new(Event::new());
    let started = Instant::now();

    // Each runner waits at the line: `await pistol.wait()`.
    let mut runners = Vec::new();
    for runner in 0..RUNNERS {
        let pistol = Arc::clone(&pistol);
        runners.push(tokio::spawn(async move {
            // ANCHOR: cs_event_wait
            pistol.wait().await;
            // ANCHOR_END: cs_event_wait
            // The flag may be down again by now; the set() woke us all the same.
            let flag = if pistol.is_set() { "up" } else { "down" };
            let at = started.elapsed().as_millis();
            println!("  +{at:>4} ms runner {runner} is off (the flag is {flag} now)");
            flag
        }));
    }

    println!("On your marks... get set...");
    sleep(options.time(Duration::from_millis(800))).await;
    // Fire and lower the flag in one breath: no runner has run in between.
    // ANCHOR: cs_event_set
    pistol.set();
    pistol.clear();
    // ANCHOR_END: cs_event_set
    println!("BANG (set, then clear right away)");

    let mut flags = Vec::new();
    for runner in runners {
        flags.push(runner.await.expect("a runner panicked"));
    }

    // A latecomer arrives after clear(): wait() blocks until the next set().
    // ANCHOR: cs_timeout
    let late = timeout(options.time(Duration::from_millis(400)), pistol.wait()).await;
    // ANCHOR_END: cs_timeout
    println!(
        "the late runner {}",
        if late.is_ok() {
            "started?!"
        } else {
            "is still waiting: missed the start"
        }
    );

    // Every runner woken by set() returned, all seeing the flag down: the
    // wake-up is the runner's own notification, not a re-read of the flag.
    assert_eq!(flags, ["down"; RUNNERS], "every runner must start");
    assert!(late.is_err(), "a wait after clear() must block");
}
