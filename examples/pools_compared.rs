//! One CPU-bound job, four ways to spread it over the cores: our
//! `ThreadPool`, our `ProcessPool`, rayon's `par_iter`, and
//! `rayon_bridge::spawn` awaited from a tokio task. The job is seed 002's
//! sum of square roots, cut into the same chunks for every contender.
//! Rust has no GIL: threads scale as well as processes here, without the
//! cost of starting processes and copying data through pipes.
//! Book: "Offloading work", choosing a pool.
//!
//!     cargo run --example pools_compared [-- --quick]
mod common;

use std::time::{Duration, Instant};

use aio_offload::jobs::{demo_registry, sqrt_sum};
use aio_offload::{ProcessPool, ThreadPool, rayon_bridge};
use common::Options;
use rayon::prelude::*;

const WORKERS: usize = 2;
const CHUNKS: u64 = 16;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn timed<T>(run: impl FnOnce() -> Result<T>) -> Result<(T, Duration)> {
    let started = Instant::now();
    let value = run()?;
    Ok((value, started.elapsed()))
}

fn main() -> Result<()> {
    demo_registry().serve_if_worker(); // worker processes of the ProcessPool stop here
    let options = Options::from_env();
    let end = options.size(60_000_000, 6_000_000) as u64;
    let step = end / CHUNKS;
    let chunks: Vec<(u64, u64)> = (0..CHUNKS)
        .map(|i| (i * step, if i + 1 == CHUNKS { end } else { (i + 1) * step }))
        .collect();
    println!("sum of sqrt(n) for n in 0..{end}, {CHUNKS} chunks, {WORKERS} workers");

    let (serial, serial_time) = timed(|| Ok(chunks.iter().copied().map(sqrt_sum).sum::<f64>()))?;

    let threads = ThreadPool::new(WORKERS);
    let thread_pool = timed(|| {
        let jobs = chunks
            .iter()
            .map(|&chunk| threads.submit(move || sqrt_sum(chunk)));
        let jobs: Vec<_> = jobs.collect::<std::result::Result<_, _>>()?;
        Ok(jobs
            .into_iter()
            .map(|job| job.wait())
            .sum::<std::result::Result<f64, _>>()?)
    })?;

    let processes = ProcessPool::new(WORKERS)?;
    for job in (0..WORKERS).map(|_| processes.submit::<_, u32>("pid", &())) {
        job?.wait()?; // start the workers before the clock runs
    }
    let process_pool = timed(|| {
        let jobs = chunks
            .iter()
            .map(|chunk| processes.submit::<_, f64>("sqrt_sum", chunk));
        let jobs: Vec<_> = jobs.collect::<std::result::Result<_, _>>()?;
        Ok(jobs
            .into_iter()
            .map(|job| job.wait())
            .sum::<std::result::Result<f64, _>>()?)
    })?;
    processes.shutdown(true, false);

    let par_iter = timed(|| Ok(chunks.par_iter().copied().map(sqrt_sum).sum::<f64>()))?;

    // The async caller's view: the loop awaits while rayon computes.
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let bridged = timed(|| {
        let chunks = chunks.clone();
        let job =
            rayon_bridge::spawn(move || chunks.par_iter().copied().map(sqrt_sum).sum::<f64>());
        Ok(runtime.block_on(job)?)
    })?;

    println!("{:<28}{:>10}  {:>7}", "contender", "time", "speedup");
    println!("{:<28}{:>10.2?}  {:>7.2}", "serial", serial_time, 1.0);
    let mut all_equal = true;
    for (name, (sum, time)) in [
        ("ThreadPool(2)", thread_pool),
        ("ProcessPool(2)", process_pool),
        ("rayon par_iter", par_iter),
        ("rayon_bridge::spawn (tokio)", bridged),
    ] {
        let speedup = serial_time.as_secs_f64() / time.as_secs_f64();
        let equal = (sum - serial).abs() <= serial * 1e-9;
        all_equal &= equal;
        println!(
            "{name:<28}{time:>10.2?}  {speedup:>7.2}{}",
            if equal { "" } else { "  WRONG SUM" }
        );
    }
    println!("every sum equals the serial one: {all_equal}");
    if !all_equal {
        std::process::exit(1);
    }
    Ok(())
}
