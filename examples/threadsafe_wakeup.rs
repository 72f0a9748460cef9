//! Waking a sleeping loop from another thread: the loop has nothing to do
//! but a timer an hour away, so it sleeps in `poll(2)`. Another thread posts
//! with `call_soon_threadsafe`, then `spawn_threadsafe` (asyncio's
//! `run_coroutine_threadsafe`) and waits for the result; each post writes to
//! the loop's wake-up socket, so the loop wakes at once, not in an hour.
//! Book: "The event loop", other threads.
//!
//!     cargo run --example threadsafe_wakeup [-- --quick]
mod common;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use aio_primer::event_loop::{EventLoop, LoopHandle, yield_now};
use common::Options;

/// Spins (without sleeping) until the loop is asleep in poll(2).
fn until_asleep(handle: &LoopHandle) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !handle.is_sleeping() && Instant::now() < deadline {
        thread::yield_now();
    }
    handle.is_sleeping()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _options = Options::from_env(); // nothing to shorten: no fixed waits
    let loop_thread = thread::current().id();
    let lp = EventLoop::new()?;
    let an_hour = lp.call_later(Duration::from_secs(3600), || unreachable!("an hour passed"))?;
    let handle = lp.handle(); // Send + Clone: the only part of the loop other threads get

    let other = thread::spawn(
        move || -> Result<_, Box<dyn std::error::Error + Send + Sync>> {
            // 1. call_soon_threadsafe: a callback that reports how late it ran.
            let asleep = until_asleep(&handle);
            println!("[thread] loop sleeping: {asleep}; posting a callback");
            let (tx, rx) = mpsc::channel();
            let posted = Instant::now();
            // ANCHOR: cs_call_soon_threadsafe
            handle.call_soon_threadsafe(move || tx.send(posted.elapsed()).expect("main waits"))?;
            // ANCHOR_END: cs_call_soon_threadsafe
            let latency = rx.recv()?;
            println!("[thread] the callback ran {latency:.1?} after the post (informational)");

            // 2. spawn_threadsafe: a future runs as a task on the loop's thread;
            //    this thread blocks on the ConcurrentFuture for its output.
            let asleep_again = until_asleep(&handle);
            println!("[thread] loop sleeping: {asleep_again}; spawning a task on it");
            // ANCHOR: cs_spawn_threadsafe
            let answer = handle.spawn_threadsafe(async {
                // The future must be Send to cross threads, so it can await only
                // Send futures: yield_now is, the loop's sleep (an Rc) is not.
                yield_now().await;
                (thread::current().id(), 6 * 7)
            })?;
            let (ran_on, value) = answer.wait()?;
            // ANCHOR_END: cs_spawn_threadsafe
            println!(
                "[thread] the task answered {value}, on the loop's thread: {}",
                ran_on == loop_thread
            );
            handle.stop()?;
            Ok((asleep, asleep_again, value, ran_on == loop_thread))
        },
    );

    let started = Instant::now();
    lp.run_forever()?; // returns when the other thread calls stop()
    let ran_for = started.elapsed();
    println!("[loop]   run_forever returned after {ran_for:.1?}, not an hour");
    let (asleep, asleep_again, value, on_loop_thread) = other
        .join()
        .expect("the thread panicked")
        .map_err(|e| e.to_string())?;
    an_hour.cancel();
    lp.close()?;

    assert!(
        asleep && asleep_again,
        "the loop must have been asleep before each post"
    );
    assert!(
        value == 42 && on_loop_thread,
        "the task ran on the loop's thread"
    );
    assert!(
        ran_for < Duration::from_secs(3600),
        "the posts woke the loop"
    );
    Ok(())
}
