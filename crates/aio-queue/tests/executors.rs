//! One producer/consumer scenario under four executors:
//! `futures::executor::block_on` (tasks joined in one future),
//! `futures::executor::LocalPool` (spawned tasks), and tokio's current-thread
//! and multi-thread runtimes (spawned tasks). The queue needs nothing but
//! `Waker`, so the scenario is one async fn that takes a way to spawn.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aio_queue::{Fifo, GenericQueue, Lifo, Priority, Store};
use aio_testkit::{Job, Spawn, under_every_executor, yield_now};
use futures::future::join_all;

const PRODUCERS: usize = 3;
const CONSUMERS: usize = 4;
const ITEMS: usize = 50;
const MAXSIZE: usize = 4;

/// Producers put numbers into a small bounded queue; consumers take them and
/// mark each done; the last producer to finish waits for `join` and shuts
/// the queue down gracefully, which ends every consumer. Each item arrives
/// exactly once, `join` returns only once every item was marked, and the
/// queue never holds more than `MAXSIZE`.
async fn producer_consumer<S>(spawn: Spawn)
where
    S: Store<usize> + Send + 'static,
{
    let queue: GenericQueue<usize, S> = GenericQueue::bounded(MAXSIZE);
    let received = Arc::new(Mutex::new(Vec::new()));
    let producers_left = Arc::new(AtomicUsize::new(PRODUCERS));
    let mut jobs: Vec<Job> = (0..CONSUMERS)
        .map(|_| {
            let (queue, received) = (queue.clone(), received.clone());
            spawn(Box::pin(async move {
                while let Ok(item) = queue.get().await {
                    assert!(queue.qsize() <= MAXSIZE);
                    received.lock().unwrap().push(item);
                    yield_now().await;
                    queue.task_done().unwrap();
                }
                assert!(queue.is_shut_down());
            }))
        })
        .collect();
    jobs.extend((0..PRODUCERS).map(|producer| {
        let (queue, received, producers_left) =
            (queue.clone(), received.clone(), producers_left.clone());
        spawn(Box::pin(async move {
            for i in 0..ITEMS {
                queue.put(producer * ITEMS + i).await.unwrap();
                assert!(queue.qsize() <= MAXSIZE);
            }
            if producers_left.fetch_sub(1, Ordering::SeqCst) == 1 {
                queue.join().await;
                assert_eq!(
                    received.lock().unwrap().len(),
                    PRODUCERS * ITEMS,
                    "join returned before every item was done"
                );
                queue.shutdown(false);
            }
        }))
    }));
    join_all(jobs).await;
    let mut received = received.lock().unwrap().clone();
    received.sort_unstable();
    assert_eq!(
        received,
        (0..PRODUCERS * ITEMS).collect::<Vec<_>>(),
        "each item exactly once"
    );
    assert!(queue.is_empty());
    assert!(queue.task_done().is_err());
}

async fn fifo(spawn: Spawn) {
    producer_consumer::<Fifo<usize>>(spawn).await;
}

async fn lifo(spawn: Spawn) {
    producer_consumer::<Lifo<usize>>(spawn).await;
}

async fn priority(spawn: Spawn) {
    producer_consumer::<Priority<usize>>(spawn).await;
}

under_every_executor!(fifo, lifo, priority);
