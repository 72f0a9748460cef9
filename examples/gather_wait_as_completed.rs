//! Seed 002's three ways to await many things, side by side on the same
//! three downloads (3, 1 and 2 units long): `gather` answers in input order,
//! `as_completed` in completion order, and `wait` stops at a condition and
//! hands the rest back still running. Book: "Running many tasks".
//!
//!     cargo run --example gather_wait_as_completed [-- --quick]
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aio_primer::tasks::{ReturnWhen, as_completed, gather, wait};
use common::Options;
use futures::StreamExt;
use tokio::time::sleep;

const JOBS: [(&str, u32); 3] = [("a", 3), ("b", 1), ("c", 2)];

type Log = Arc<Mutex<Vec<&'static str>>>;

/// A download of `units` time units that notes when it finished.
async fn download(
    name: &'static str,
    units: u32,
    unit: Duration,
    log: Log,
) -> Result<String, String> {
    sleep(unit * units).await;
    log.lock().unwrap().push(name);
    Ok(format!("{name}.gif"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let unit = options.time(Duration::from_millis(200));
    let jobs = |log: &Log| JOBS.map(|(name, units)| download(name, units, unit, log.clone()));

    // ANCHOR: gather
    let log = Log::default();
    let files = gather(jobs(&log)).await.expect("no download fails");
    println!(
        "gather:       results {files:?}, finished {:?}",
        log.lock().unwrap()
    );
    // ANCHOR_END: gather
    assert_eq!(files, ["a.gif", "b.gif", "c.gif"], "input order");
    assert_eq!(*log.lock().unwrap(), ["b", "c", "a"], "completion order");

    // ANCHOR: as_completed
    let log = Log::default();
    let arrivals: Vec<String> = as_completed(jobs(&log), None)
        .map(|arrived| arrived.expect("no timeout").expect("no download fails"))
        .collect()
        .await;
    println!("as_completed: results {arrivals:?}, each as soon as it is there");
    // ANCHOR_END: as_completed
    assert_eq!(arrivals, ["b.gif", "c.gif", "a.gif"], "completion order");

    // ANCHOR: wait
    // `wait` wants futures it can hand back: spawned tasks, as in asyncio.
    let log = Log::default();
    let tasks = jobs(&log).map(tokio::spawn);
    let first = wait(tasks, None, ReturnWhen::FirstCompleted).await;
    let done: Vec<usize> = first.done.iter().map(|(index, _)| *index).collect();
    let mut pending: Vec<usize> = first.pending.iter().map(|(index, _)| *index).collect();
    pending.sort();
    println!("wait(FIRST_COMPLETED): done {done:?}, pending {pending:?} (still running)");
    let handles = first.pending.into_iter().map(|(_, task)| task);
    let rest = wait(handles, Some(unit * 10), ReturnWhen::AllCompleted).await;
    println!(
        "wait(ALL_COMPLETED) on the rest: {} done, {} pending",
        rest.done.len(),
        rest.pending.len()
    );
    // ANCHOR_END: wait
    assert_eq!((done, pending), (vec![1], vec![0, 2]));
    assert_eq!((rest.done.len(), rest.pending.len()), (2, 0));
    assert_eq!(*log.lock().unwrap(), ["b", "c", "a"]);
}
