//! Never block the loop (seed 000): a ticker task ticks on a one-thread
//! runtime while another task "does I/O". With `std::thread::sleep` the
//! ticker stops dead and `aio_tasks::detect_blocking` logs the slow poll
//! through `tracing`; with `spawn_blocking` the ticks keep coming and
//! nothing is logged. Book: "Running many tasks", Blocking the loop.
//!
//!     cargo run --example blocking_the_loop [-- --quick]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aio_primer::tasks::detect_blocking;
use common::{Options, Tee};
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let tick = options.time(Duration::from_millis(50));
    let io = options.time(Duration::from_millis(600));
    let threshold = options.time(Duration::from_millis(100));

    // The detector reports through `tracing`: print its warnings, keep a copy.
    let log = Tee::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .init();

    // The victim: a task that should tick every `tick`.
    let ticks = Arc::new(AtomicU64::new(0));
    let counter = ticks.clone();
    let ticker = tokio::spawn(async move {
        loop {
            sleep(tick).await;
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    sleep(tick * 3).await;

    // ANCHOR: mistake
    println!("the mistake: std::thread::sleep({io:?}) inside a task");
    let before = ticks.load(Ordering::SeqCst);
    detect_blocking(async { std::thread::sleep(io) }, threshold).await;
    let ticks_while_blocked = ticks.load(Ordering::SeqCst) - before;
    // ANCHOR_END: mistake
    println!("  ticks meanwhile: {ticks_while_blocked} (the only thread was asleep)");

    // ANCHOR: fix
    println!("the fix: the same call in tokio::task::spawn_blocking");
    let before = ticks.load(Ordering::SeqCst);
    let on_a_thread = async {
        tokio::task::spawn_blocking(move || std::thread::sleep(io))
            .await
            .expect("the blocking call panicked")
    };
    detect_blocking(on_a_thread, threshold).await;
    let ticks_while_offloaded = ticks.load(Ordering::SeqCst) - before;
    // ANCHOR_END: fix
    println!(
        "  ticks meanwhile: {ticks_while_offloaded} (at most {:.0}: one per tick)",
        io.as_secs_f64() / tick.as_secs_f64()
    );
    ticker.abort();

    let warnings = log.copy.contents().matches("aio_tasks::blocking").count();
    println!("slow polls logged: {warnings}");
    assert_eq!(
        ticks_while_blocked, 0,
        "nothing runs while the thread blocks"
    );
    assert!(
        ticks_while_offloaded > 0,
        "the ticker runs during spawn_blocking"
    );
    assert_eq!(warnings, 1, "only the blocking poll is reported");
}
