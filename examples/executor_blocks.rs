//! Blocking calls off the loop (seed 004's `run_in_executor` with
//! `ThreadPoolExecutor(max_workers=3)`): six calls of `blocks(n)`, each
//! sleeping 0.1 s, run on three named pool threads while a tokio task
//! awaits them, so they take about 0.2 s in all, not 0.6 s. Then the same
//! six calls through tokio's own pool, `spawn_blocking`. The log shows
//! which thread ran what. Book: "Offloading work", threads.
//!
//!     cargo run --example executor_blocks [-- --quick]
mod common;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use aio_offload::ThreadPool;
use common::Options;
use tracing::info;

/// The blocking call: sleeps (a stand-in for a blocking read), returns n².
fn blocks(n: u64, pause: Duration) -> (u64, String) {
    info!(n, "blocks({n}) running");
    thread::sleep(pause); // blocking: it would freeze the loop if called there
    info!(n, "blocks({n}) done");
    (n * n, thread::current().name().unwrap_or("?").to_owned())
}

fn check(label: &str, results: &[(u64, String)], elapsed: Duration, pause: Duration) -> bool {
    let squares: Vec<u64> = results.iter().map(|(square, _)| *square).collect();
    let mut threads: Vec<&str> = results.iter().map(|(_, name)| name.as_str()).collect();
    threads.sort_unstable();
    threads.dedup();
    println!(
        "{label}: {squares:?} in {elapsed:.2?} on {} threads {threads:?}",
        threads.len()
    );
    // Six calls on three threads need at least two rounds of `pause`.
    squares == [0, 1, 4, 9, 16, 25] && threads.len() <= 3 && elapsed >= pause * 2
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let pause = Duration::from_millis(if options.quick { 20 } else { 100 });
    // Log lines carry the thread's name, like Python's `%(threadName)s`.
    tracing_subscriber::fmt()
        .with_thread_names(true)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal())
        .init();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let pool = ThreadPool::with_prefix("blocks", 3);
    let (ours, ours_time) = runtime.block_on(async {
        let started = Instant::now();
        info!("submitting 6 calls to a ThreadPool of 3");
        // `submit` is run_in_executor: the futures are awaited on this thread.
        let jobs: Vec<_> = (0..6)
            .map(|n| pool.submit(move || blocks(n, pause)))
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job?.await?);
        }
        info!("all 6 calls returned");
        Ok::<_, Box<dyn std::error::Error>>((results, started.elapsed()))
    })?;

    // tokio's answer to the same problem: a blocking pool the runtime owns.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(3) // like max_workers=3
        .thread_name_fn(|| {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            format!("tokio_{}", NEXT.fetch_add(1, Ordering::Relaxed))
        })
        .enable_all()
        .build()?;
    let (theirs, theirs_time) = runtime.block_on(async {
        let started = Instant::now();
        info!("the same 6 calls through tokio::task::spawn_blocking");
        let jobs: Vec<_> = (0..6)
            .map(|n| tokio::task::spawn_blocking(move || blocks(n, pause)))
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await?);
        }
        Ok::<_, Box<dyn std::error::Error>>((results, started.elapsed()))
    })?;

    let ok = check("ThreadPool(3)     ", &ours, ours_time, pause)
        & check("spawn_blocking(3) ", &theirs, theirs_time, pause);
    println!(
        "expected about {:.2?} each: 6 calls / 3 threads x {pause:.2?}",
        pause * 2
    );
    if !ok {
        eprintln!("unexpected results");
        std::process::exit(1);
    }
    Ok(())
}
