//! The mistake: a blocking sleep inside async code freezes the spinner.
//! Book: "Threads vs tasks", pitfalls.
//!
//!     cargo run --example spinner_blocked [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::spinner::{slow_async, slow_blocking, supervisor_abort, supervisor_blocked};
use common::{Options, Tee};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let options = Options::from_env();
    let slow = options.time(Duration::from_secs(2));
    let interval = options.time(Duration::from_millis(100));
    let expected = slow.as_millis() / interval.as_millis().max(1);

    // Wrong: `std::thread::sleep` never yields, so the one runtime thread is
    // stuck in it and the spinner task cannot run. It shows one frame, frozen.
    println!("blocking for {slow:?} inside a task (watch the spinner freeze):");
    let tee = Tee::default();
    let answer =
        supervisor_blocked("frozen?", interval, tee.clone(), || slow_blocking(slow)).await?;
    let blocked = tee.copy.transcript().frames.len();
    println!("Answer: {answer}; frames drawn: {blocked} (about {expected} expected)");

    // Right: `.await` the sleep, and the runtime runs the spinner meanwhile.
    println!("awaiting for {slow:?} instead:");
    let tee = Tee::default();
    let answer = supervisor_abort("spinning", interval, tee.clone(), slow_async(slow)).await?;
    let awaited = tee.copy.transcript().frames.len();
    println!("Answer: {answer}; frames drawn: {awaited}");

    assert_eq!(
        blocked, 1,
        "the blocked spinner must freeze on its first frame"
    );
    Ok(())
}
