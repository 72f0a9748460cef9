//! Five workers, three permits: at most three work at once, and the two that
//! wait go in first come, first served. Book: "Synchronization", Semaphore.
//!
//!     cargo run --example semaphore_three_workers [-- --quick]
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aio_primer::sync::Semaphore;
use common::Options;
use tokio::time::sleep;

const WORKERS: usize = 5;
const PERMITS: usize = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let unit = options.time(Duration::from_millis(300));
    let permits = Arc::new(Semaphore::new(PERMITS));
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let entries = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let stamp = move || format!("{:>4} ms", started.elapsed().as_millis());

    let mut workers = Vec::new();
    for worker in 0..WORKERS {
        let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
        let entries = entries.clone();
        workers.push(tokio::spawn(async move {
            println!("{} worker {worker} asks for a permit", stamp());
            // `async with sem:` — the permit is returned when it is dropped.
            // ANCHOR: cs_semaphore
            let _permit = permits.acquire().await;
            // ANCHOR_END: cs_semaphore
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            entries.lock().unwrap().push(worker);
            println!("{} worker {worker} starts ({now} running)", stamp());
            // Uneven jobs: worker 1 finishes first, yet worker 3 goes in
            // before worker 4, because it began to wait first.
            let job = [3, 1, 2, 1, 1][worker];
            sleep(unit * job).await;
            running.fetch_sub(1, Ordering::SeqCst);
            println!("{} worker {worker} done", stamp());
        }));
    }
    for worker in workers {
        worker.await.expect("a worker panicked");
    }

    let most = most.load(Ordering::SeqCst);
    let entries = entries.lock().unwrap().clone();
    println!("at most {most} workers ran at once; order of entry: {entries:?}");
    assert_eq!(
        most, PERMITS,
        "the semaphore must cap concurrency at its permits"
    );
    assert_eq!(entries, [0, 1, 2, 3, 4], "waiters must enter in FIFO order");
    assert_eq!(
        permits.available_permits(),
        PERMITS,
        "every permit came back"
    );
}
