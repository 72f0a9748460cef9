//! A job scheduler on a `PriorityQueue`: jobs `(priority, name)` arrive in any
//! order, the worker always runs the smallest priority first, and an urgent
//! job put while it works jumps the line. `Reverse` turns it into "largest
//! first". Book: "Queues", PriorityQueue.
//!
//!     cargo run --example priority_job_scheduler [-- --quick]
mod common;

use std::cmp::Reverse;
use std::time::Duration;

use aio_primer::queue::PriorityQueue;
use common::Options;
use tokio::time::sleep;

/// Submitted in this (unsorted) order. Tuples compare field by field, so
/// equal priorities run in name order, as with Python's tuples.
const JOBS: [(u8, &str); 6] = [
    (3, "write report"),
    (1, "deploy"),
    (5, "tidy desk"),
    (2, "review PR"),
    (4, "reply to email"),
    (2, "backup"),
];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let unit = options.time(Duration::from_millis(100));
    let jobs = PriorityQueue::unbounded();
    for job in JOBS {
        println!("submit {job:?}");
        jobs.put_nowait(job).expect("unbounded");
    }

    let worker = {
        let jobs = jobs.clone();
        tokio::spawn(async move {
            let mut ran = Vec::new();
            while let Ok((priority, name)) = jobs.get().await {
                println!("    run [{priority}] {name}");
                if name == "deploy" {
                    // Something broke: priority 0 beats everything queued.
                    jobs.put((0, "hotfix")).await.expect("open");
                }
                sleep(unit).await;
                ran.push(name);
                jobs.task_done().expect("taken");
            }
            ran
        })
    };
    jobs.join().await;
    jobs.shutdown(false);
    let ran = worker.await.expect("the worker panicked");
    let expected = [
        "deploy",
        "hotfix",
        "backup",
        "review PR",
        "write report",
        "reply to email",
        "tidy desk",
    ];
    assert_eq!(ran, expected, "smallest priority first, ties by name");

    // Largest first: wrap the key in `Reverse` (Python: push `-priority`).
    let backwards = PriorityQueue::unbounded();
    for (priority, name) in JOBS {
        backwards
            .put_nowait((Reverse(priority), name))
            .expect("unbounded");
    }
    let mut order = Vec::new();
    while let Ok((Reverse(priority), _name)) = backwards.get_nowait() {
        order.push(priority);
    }
    println!("with Reverse, priorities come out as {order:?}");
    assert_eq!(order, [5, 4, 3, 2, 2, 1], "Reverse: largest priority first");
}
