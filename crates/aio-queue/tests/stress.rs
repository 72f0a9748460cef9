//! Stress: many producers and consumers on a small bounded queue, on tokio's
//! multi-thread runtime, every put and get cancelled at random (a tiny real
//! timeout, or a `select!` against a few yields), a graceful shutdown while
//! putters wait, then the invariants checked at the end: every item put was
//! received exactly once or is still queued, and the queue never held more
//! than `maxsize`.
//!
//! The randomness is a xorshift generator seeded with constants, so the
//! choices are the same on every run; the thread interleavings are not, which
//! is the point. Nothing here asserts on time: the timeouts only make
//! cancellations happen, and the one long timeout turns a hang into a failure.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aio_queue::{Fifo, GenericQueue, Lifo, Priority, Store};
use aio_testkit::{XorShift, join_every, maybe_cancelled, yield_times};
use futures::FutureExt;
use tokio::task::JoinHandle;

/// Records the largest `qsize` seen and fails at once above `maxsize`.
fn sample_qsize<S: Store<usize>>(queue: &GenericQueue<usize, S>, peak: &AtomicUsize) {
    let qsize = queue.qsize();
    let maxsize = queue.maxsize().expect("bounded");
    assert!(qsize <= maxsize, "qsize {qsize} above maxsize {maxsize}");
    peak.fetch_max(qsize, Ordering::SeqCst);
}

const PRODUCERS: usize = 8;
const CONSUMERS: usize = 8;
const ITEMS: usize = 1000;
/// The consumers stop once this many items arrived, with the producers
/// still busy: the queue is left full, with putters waiting, for the shutdown.
///
/// About a third of the puts (a fixed set: the generator decides) are never
/// cancelled, so the producers cannot finish before consumers took all but
/// `maxsize` of those: well over this many. Until the consumers stop, some
/// producer is still putting, so a consumer waiting in an uncancelled `get`
/// is always served.
const STOP_AFTER: usize = PRODUCERS * ITEMS / 4;

/// What one consumer saw.
#[derive(Debug, Default)]
struct Consumed {
    items: Vec<usize>,
    cancelled: usize,
}

/// What one producer did.
#[derive(Debug, Default)]
struct Produced {
    put: Vec<usize>,
    cancelled: usize,
    refused: usize,
}

/// Producers put numbered items, consumers take them and mark them done,
/// both cancelled at random. Once a quarter of the items arrived the
/// consumers stop; the queue is then shut down gracefully, which refuses
/// every further put (and releases the waiting putters), and what is left is
/// drained.
///
/// Checks: items put == items received + items left, nothing came out twice,
/// what came out is exactly what was put, `qsize` never exceeded `maxsize`,
/// and at the end nothing is unfinished.
async fn hammer<S: Store<usize> + Send + 'static>(maxsize: usize) {
    let queue: GenericQueue<usize, S> = GenericQueue::bounded(maxsize);
    let peak = Arc::new(AtomicUsize::new(0));
    let arrived = Arc::new(AtomicUsize::new(0));

    let consumers: Vec<JoinHandle<Consumed>> = (0..CONSUMERS)
        .map(|consumer| {
            let (queue, peak, arrived) = (queue.clone(), peak.clone(), arrived.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(1000 + consumer);
                let mut seen = Consumed::default();
                while arrived.load(Ordering::SeqCst) < STOP_AFTER {
                    match maybe_cancelled(&mut rng, queue.get()).await {
                        Some(Ok(item)) => {
                            sample_qsize(&queue, &peak);
                            seen.items.push(item);
                            arrived.fetch_add(1, Ordering::SeqCst);
                            yield_times(rng.below(2)).await;
                            queue.task_done().expect("one mark per item received");
                        }
                        Some(Err(_)) => panic!("shut down while consumers run"),
                        None => seen.cancelled += 1,
                    }
                }
                seen
            })
        })
        .collect();

    let producers: Vec<JoinHandle<Produced>> = (0..PRODUCERS)
        .map(|producer| {
            let (queue, peak) = (queue.clone(), peak.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(producer);
                let mut done = Produced::default();
                for i in 0..ITEMS {
                    let item = producer * ITEMS + i;
                    match maybe_cancelled(&mut rng, queue.put(item)).await {
                        Some(Ok(())) => done.put.push(item),
                        Some(Err(refused)) => {
                            assert_eq!(refused.0, item, "the refused item comes back");
                            done.refused += 1;
                        }
                        None => done.cancelled += 1,
                    }
                    sample_qsize(&queue, &peak);
                }
                done
            })
        })
        .collect();

    // The consumers stop on their own; a getter still waiting then is served
    // by the producers, which cannot have finished (the queue is too small).
    let consumed = join_every(consumers, "consumers").await;
    queue.shutdown(false);
    let produced = join_every(producers, "producers").await;

    let left = queue.qsize();
    let leftovers: Vec<usize> = std::iter::from_fn(|| queue.get_nowait().ok()).collect();
    assert_eq!(leftovers.len(), left, "qsize counts what is still queued");
    for _ in &leftovers {
        queue.task_done().unwrap();
    }

    let put: Vec<usize> = produced.iter().flat_map(|p| p.put.clone()).collect();
    let put_cancelled: usize = produced.iter().map(|p| p.cancelled).sum();
    let refused: usize = produced.iter().map(|p| p.refused).sum();
    let received: Vec<usize> = consumed.iter().flat_map(|c| c.items.clone()).collect();
    let get_cancelled: usize = consumed.iter().map(|c| c.cancelled).sum();

    assert_eq!(
        put.len(),
        received.len() + left,
        "count in == count out + count left"
    );
    let unique: HashSet<usize> = received.iter().chain(&leftovers).copied().collect();
    assert_eq!(
        unique.len(),
        received.len() + left,
        "an item came out twice"
    );
    assert_eq!(
        unique,
        put.iter().copied().collect::<HashSet<_>>(),
        "what came out is exactly what was put"
    );
    assert_eq!(put.len() + put_cancelled + refused, PRODUCERS * ITEMS);
    assert!(received.len() >= STOP_AFTER);
    assert!(
        put_cancelled > 0 && get_cancelled > 0 && refused > 0,
        "cancelled puts {put_cancelled}, gets {get_cancelled}; refused puts {refused}"
    );
    let peak = peak.load(Ordering::SeqCst);
    assert!(
        (1..=maxsize).contains(&peak),
        "peak {peak}, maxsize {maxsize}"
    );
    assert!(queue.task_done().is_err(), "every item taken was marked");
    assert_eq!(
        queue.join().now_or_never(),
        Some(()),
        "nothing is unfinished"
    );
    assert!(queue.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifo_queue_delivers_every_item_once_under_random_cancellation() {
    hammer::<Fifo<usize>>(4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifo_queue_of_one_slot_delivers_every_item_once_under_random_cancellation() {
    hammer::<Fifo<usize>>(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifo_queue_delivers_every_item_once_under_random_cancellation() {
    hammer::<Lifo<usize>>(4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn priority_queue_delivers_every_item_once_under_random_cancellation() {
    hammer::<Priority<usize>>(4).await;
}
