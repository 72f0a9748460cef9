//! The spinner as a tokio task, cancelled two ways (Fluent Python's
//! `spinner_asyncio.py`). Book: "Threads vs tasks".
//!
//!     cargo run --example spinner_task [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::spinner::{slow_async, supervisor_abort, supervisor_token};
use common::{Options, Tee};

// One thread runs the event loop, as in asyncio.
#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let options = Options::from_env();
    let slow = options.time(Duration::from_secs(3));
    let interval = options.time(Duration::from_millis(100));

    // 1. `spinner.cancel()` in Python is `JoinHandle::abort` here: the task is
    //    dropped at its next `.await`, and its Drop clears the line.
    println!(
        "[abort] thread {:?} runs both tasks",
        std::thread::current().id()
    );
    let tee = Tee::default();
    let answer = supervisor_abort("thinking!", interval, tee.clone(), slow_async(slow)).await?;
    let frames = tee.copy.transcript().frames.len();
    println!("[abort] Answer: {answer} ({frames} frames, line cleared by Drop)");

    // 2. Cooperative: a CancellationToken, and `select!` inside the spinner,
    //    which stops where it chooses and returns its writer.
    let tee = Tee::default();
    let answer = supervisor_token("pondering!", interval, tee.clone(), slow_async(slow)).await?;
    let frames = tee.copy.transcript().frames.len();
    println!("[token] Answer: {answer} ({frames} frames, the spinner cleared and returned)");
    Ok(())
}
