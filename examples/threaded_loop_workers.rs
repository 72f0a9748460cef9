//! Seed 003's loop on four worker threads: twelve callbacks, each a short
//! CPU burst, start in the order they were queued but finish interleaved,
//! on whichever worker was free. Then the lesson the compiler teaches:
//! state shared by callbacks needs `Arc<Mutex<_>>`, not `Rc<RefCell<_>>`.
//! Book: "The event loop", a loop on many threads.
//!
//!     cargo run --example threaded_loop_workers [-- --quick]
mod common;

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aio_primer::event_loop::ThreadedLoop;
use common::Options;

/// Keeps a core busy for `length`: work, not a sleep.
fn cpu_burst(length: Duration) -> u64 {
    let (started, mut x) = (Instant::now(), 1_u64);
    while started.elapsed() < length {
        x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
    }
    x
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let (jobs, unit) = (12_usize, options.time(Duration::from_millis(40)));
    let lp = ThreadedLoop::new(4)?;
    let (started, finished) = (Arc::new(Mutex::new(Vec::new())), mpsc::channel());
    // Shared by every callback, which may run at the same time on another
    // thread: Arc (shared ownership across threads) + Mutex (one writer at a
    // time). `Rc<RefCell<u64>>` here does not compile: `call_soon` wants a
    // `Send` closure, and "`Rc<RefCell<u64>>` cannot be sent between threads
    // safely" (E0277). On the single-threaded `EventLoop` it was enough.
    let total = Arc::new(Mutex::new(0_u64));
    // Job 1 finishes before job 0 for sure: job 0 waits for its message.
    let (job1_done, job1_done_rx) = mpsc::channel::<()>();
    let mut job1_done_rx = Some(job1_done_rx);
    for job in 0..jobs {
        let (started, finished, total) = (started.clone(), finished.0.clone(), total.clone());
        let wait_for_job1 = if job == 0 { job1_done_rx.take() } else { None };
        let job1_done = (job == 1).then(|| job1_done.clone());
        lp.call_soon(move || {
            let worker = std::thread::current().name().unwrap_or("?").to_owned();
            started.lock().unwrap().push(job);
            println!("  job {job:>2} starts on {worker}");
            cpu_burst(unit * (1 + (job as u32 * 7) % 5) / 5);
            if let Some(rx) = wait_for_job1 {
                rx.recv().expect("job 1 runs on another worker");
            }
            *total.lock().unwrap() += job as u64 + 1;
            finished.send((job, worker)).expect("main waits");
            if let Some(tx) = job1_done {
                tx.send(()).expect("job 0 waits for it");
            }
        })?;
    }
    // Main blocks on the channel until every job reported: no sleep.
    let done: Vec<(usize, String)> = finished.1.iter().take(jobs).collect();
    lp.join();

    let started = started.lock().unwrap().clone();
    let finish_order: Vec<usize> = done.iter().map(|(job, _)| *job).collect();
    let mut per_worker = BTreeMap::new();
    for (_, worker) in &done {
        *per_worker.entry(worker.as_str()).or_insert(0) += 1;
    }
    println!("started in the order {started:?} (the queue is FIFO)");
    println!("finished in the order {finish_order:?} (bursts overlap)");
    println!("jobs per worker: {per_worker:?}");
    let total = *total.lock().unwrap();
    println!(
        "total from every callback: {total} (expected {})",
        jobs * (jobs + 1) / 2
    );

    let mut sorted = finish_order.clone();
    sorted.sort();
    assert_eq!(sorted, (0..jobs).collect::<Vec<_>>(), "every job ran once");
    assert_eq!(per_worker.values().sum::<usize>(), jobs);
    let place = |job| finish_order.iter().position(|&done| done == job);
    assert!(
        place(1) < place(0),
        "job 0 was queued first, finished after job 1"
    );
    assert_eq!(total, (jobs * (jobs + 1) / 2) as u64, "no update was lost");
    Ok(())
}
