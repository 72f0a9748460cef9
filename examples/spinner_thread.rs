//! The spinner on a thread, stopped by a signal (Fluent Python's
//! `spinner_thread.py`). Book: "Threads vs tasks".
//!
//!     cargo run --example spinner_thread [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::spinner::{slow_blocking, supervisor_thread};
use common::{Options, Tee};

fn main() -> std::io::Result<()> {
    let options = Options::from_env();
    let slow = options.time(Duration::from_secs(3));
    let interval = options.time(Duration::from_millis(100));

    println!("main thread: {:?}", std::thread::current().id());
    println!("the spinner turns on its own thread while this one sleeps {slow:?}...");

    // `supervisor_thread` spawns the spinner, runs the closure here, then
    // stops the spinner through its Signal and joins it.
    let tee = Tee::default();
    let answer = supervisor_thread("thinking!", interval, tee.clone(), || slow_blocking(slow))?;

    // The join has happened: the line is blank again, so this prints cleanly.
    let frames = tee.copy.transcript().frames.len();
    println!("Answer: {answer} (the spinner drew {frames} frames, then cleared its line)");
    Ok(())
}
