//! Backpressure: a fast producer and a slow consumer share `Queue::bounded(4)`.
//! The queue fills, then every put waits for the consumer to free a slot, so
//! the producer runs at the consumer's pace and memory stays bounded.
//! Book: "Queues", maxsize.
//!
//!     cargo run --example queue_backpressure [-- --quick]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aio_primer::queue::{PutError, Queue};
use common::Options;
use tokio::time::sleep;

const MAXSIZE: usize = 4;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let items = options.size(16, 12);
    let unit = options.time(Duration::from_millis(100));
    let queue = Queue::bounded(MAXSIZE);
    let (waited, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));

    let producer = {
        let (queue, waited, most) = (queue.clone(), waited.clone(), most.clone());
        tokio::spawn(async move {
            for item in 0..items {
                // Try without waiting first, to count how often the queue pushed back.
                // ANCHOR: cs_put_nowait
                if let Err(PutError::QueueFull(item)) = queue.put_nowait(item) {
                    waited.fetch_add(1, Ordering::SeqCst);
                    queue.put(item).await.expect("open while producing");
                }
                // ANCHOR_END: cs_put_nowait
                most.fetch_max(queue.qsize(), Ordering::SeqCst);
                sleep(unit / 4).await; // four times faster than the consumer
            }
        })
    };
    let consumer = {
        let queue = queue.clone();
        tokio::spawn(async move {
            let mut received = Vec::new();
            while let Ok(item) = queue.get().await {
                sleep(unit).await;
                received.push(item);
                queue.task_done().expect("taken");
            }
            received
        })
    };

    // One line per tick: the queue's length as a bar.
    for tick in 0.. {
        let size = queue.qsize();
        most.fetch_max(size, Ordering::SeqCst);
        let bar = format!("{}{}", "#".repeat(size), ".".repeat(MAXSIZE - size));
        let waits = waited.load(Ordering::SeqCst);
        println!("tick {tick:>2} [{bar}] {size}/{MAXSIZE}  puts that waited: {waits}");
        if producer.is_finished() && size == 0 {
            break;
        }
        sleep(unit).await;
    }
    producer.await.expect("the producer panicked");
    queue.join().await;
    queue.shutdown(false);
    let received = consumer.await.expect("the consumer panicked");

    let (waited, most) = (waited.load(Ordering::SeqCst), most.load(Ordering::SeqCst));
    println!("{items} items, {waited} puts had to wait, at most {most} queued");
    assert!(most <= MAXSIZE, "qsize must never exceed maxsize");
    assert!(
        waited > 0,
        "the full queue must have made the producer wait"
    );
    assert_eq!(
        received,
        (0..items).collect::<Vec<_>>(),
        "nothing lost, in order"
    );
}
