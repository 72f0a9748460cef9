//! A buffer guarded by a `Condition`: producers push and notify one consumer;
//! consumers sleep until the buffer is not empty. Book: "Synchronization",
//! Condition.
//!
//!     cargo run --example condition_producer_consumer [-- --quick]
mod common;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use aio_primer::sync::Condition;
use common::Options;
use tokio::task::JoinSet;
use tokio::time::sleep;

const PRODUCERS: usize = 2;
const CONSUMERS: usize = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let per_producer = options.size(6, 3);
    let pause = options.time(Duration::from_millis(100));
    // `None` is the end-of-work marker, one per consumer.
    let buffer = Arc::new(Condition::new(VecDeque::<Option<String>>::new()));

    let mut consumers = JoinSet::new();
    for consumer in 0..CONSUMERS {
        let buffer = Arc::clone(&buffer);
        consumers.spawn(async move {
            let mut taken = Vec::new();
            loop {
                // ANCHOR: cs_condition_wait
                let guard = buffer.lock().await;
                // Releases the lock while asleep, holds it again on return.
                let mut queue = buffer.wait_for(guard, |queue| !queue.is_empty()).await;
                // ANCHOR_END: cs_condition_wait
                let Some(item) = queue.pop_front().flatten() else {
                    break;
                };
                drop(queue); // work without holding the lock
                println!("  consumer {consumer} took {item}");
                sleep(pause).await;
                taken.push(item);
            }
            taken
        });
    }

    let mut producers = JoinSet::new();
    for producer in 0..PRODUCERS {
        let buffer = Arc::clone(&buffer);
        producers.spawn(async move {
            for n in 0..per_producer {
                sleep(pause / 2).await;
                // ANCHOR: cs_condition_notify
                let mut queue = buffer.lock().await;
                queue.push_back(Some(format!("p{producer}-{n}")));
                // Notifying needs the guard: no "notify without the lock" bug.
                buffer.notify(&queue, 1);
                // ANCHOR_END: cs_condition_notify
            }
        });
    }
    producers.join_all().await;

    let mut queue = buffer.lock().await;
    queue.extend((0..CONSUMERS).map(|_| None));
    buffer.notify_all(&queue);
    drop(queue);

    let mut consumed: Vec<String> = consumers.join_all().await.concat();
    println!(
        "{} items produced, {} consumed",
        PRODUCERS * per_producer,
        consumed.len()
    );

    // Every item reached exactly one consumer: none lost, none duplicated.
    consumed.sort();
    let mut produced: Vec<String> = (0..PRODUCERS)
        .flat_map(|p| (0..per_producer).map(move |n| format!("p{p}-{n}")))
        .collect();
    produced.sort();
    assert_eq!(
        consumed, produced,
        "each item must be consumed exactly once"
    );
}
