//! Producers put jobs on a `Queue`, consumers take them and mark each one with
//! `task_done`; `main` waits on `join()`, then shuts the queue down so the
//! consumers leave their loop. Book: "Queues", Queue.
//!
//!     cargo run --example queue_producer_consumer [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::queue::Queue;
use common::Options;
use tokio::task::JoinSet;
use tokio::time::sleep;

const PRODUCERS: usize = 2;
const CONSUMERS: usize = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let per_producer = options.size(5, 3);
    let unit = options.time(Duration::from_millis(80));
    // Bounded, so fast producers wait for room instead of piling up work.
    // ANCHOR: cs_queue_new
    let queue = Queue::bounded(4);
    // ANCHOR_END: cs_queue_new

    let mut consumers = JoinSet::new();
    for consumer in 0..CONSUMERS {
        let queue = queue.clone();
        consumers.spawn(async move {
            let mut done = Vec::new();
            // `while True: item = await queue.get()`, but with an exit: after
            // `shutdown`, `get` drains what is left, then returns `Err`.
            // ANCHOR: cs_queue_get
            while let Ok(job) = queue.get().await {
                println!("    consumer {consumer} works on {job}");
                sleep(unit * (1 + consumer as u32)).await;
                done.push(job);
                queue.task_done().expect("one task_done per item taken");
            }
            // ANCHOR_END: cs_queue_get
            println!("    consumer {consumer} sees QueueShutDown and leaves");
            (consumer, done)
        });
    }

    let mut producers = JoinSet::new();
    for producer in 0..PRODUCERS {
        let queue = queue.clone();
        producers.spawn(async move {
            for n in 0..per_producer {
                let job = format!("p{producer}-job{n}");
                println!("producer {producer} puts {job}");
                // ANCHOR: cs_queue_put
                queue.put(job).await.expect("not shut down while producing");
                // ANCHOR_END: cs_queue_put
                sleep(unit / 2).await;
            }
        });
    }

    // First every producer finishes putting, then `await queue.join()`
    // returns once every item put has been taken *and* marked done.
    producers.join_all().await;
    println!(
        "main: producers done, {} still queued; join()...",
        queue.qsize()
    );
    // ANCHOR: cs_queue_join
    queue.join().await;
    println!(
        "main: join() returned, {} queued; shutting down",
        queue.qsize()
    );
    queue.shutdown(false);
    // ANCHOR_END: cs_queue_join

    let mut done = Vec::new();
    let mut tally = consumers.join_all().await;
    tally.sort();
    for (consumer, jobs) in tally {
        println!(
            "consumer {consumer} did {}: {}",
            jobs.len(),
            jobs.join(", ")
        );
        done.extend(jobs);
    }

    done.sort();
    let mut expected: Vec<String> = (0..PRODUCERS)
        .flat_map(|p| (0..per_producer).map(move |n| format!("p{p}-job{n}")))
        .collect();
    expected.sort();
    assert_eq!(done, expected, "every job must be processed exactly once");
}
