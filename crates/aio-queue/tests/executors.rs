//! One producer/consumer scenario under four executors:
//! `futures::executor::block_on` (tasks joined in one future),
//! `futures::executor::LocalPool` (spawned tasks), and tokio's current-thread
//! and multi-thread runtimes (spawned tasks). The queue needs nothing but
//! `Waker`, so the scenario is one async fn that takes a way to spawn.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::thread;
use std::time::Duration;

use aio_queue::{Fifo, GenericQueue, Lifo, Priority, Store};
use futures::future::join_all;
use futures::task::LocalSpawnExt;

/// A unit of work a scenario hands to the executor.
type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Starts a job and returns a future that completes when the job has.
type Spawn = Rc<dyn Fn(Job) -> Job>;

/// Yields once to the executor, whichever it is.
async fn yield_now() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}

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

/// Runs an executor on a thread of its own and fails, instead of hanging, if
/// it never finishes. The limit only turns a hang into a failure.
fn within_a_minute(run: impl FnOnce() + Send + 'static) {
    let (finished, done) = mpsc::channel();
    let executor = thread::spawn(move || {
        run();
        let _ = finished.send(());
    });
    match done.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => executor.join().expect("finished"),
        Err(RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(executor.join().expect_err("panicked"))
        }
        Err(RecvTimeoutError::Timeout) => panic!("the scenario never finished: a lost wakeup?"),
    }
}

fn on_block_on<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || futures::executor::block_on(scenario(Rc::new(|job| job))));
}

fn on_local_pool<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let mut pool = futures::executor::LocalPool::new();
        let spawner = pool.spawner();
        let spawn: Spawn = Rc::new(move |job| {
            let handle = spawner.spawn_local_with_handle(job).expect("pool alive");
            Box::pin(handle)
        });
        pool.run_until(scenario(spawn));
    });
}

fn tokio_spawn() -> Spawn {
    Rc::new(|job| {
        let handle = tokio::spawn(job);
        Box::pin(async move { handle.await.expect("the job panicked") })
    })
}

fn on_tokio_current_thread<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(scenario(tokio_spawn()));
    });
}

fn on_tokio_multi_thread<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        runtime.block_on(scenario(tokio_spawn()));
    });
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

/// One module per store, one test per executor.
macro_rules! under_every_executor {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn futures_block_on() {
                super::on_block_on(super::$scenario);
            }

            #[test]
            fn futures_local_pool() {
                super::on_local_pool(super::$scenario);
            }

            #[test]
            fn tokio_current_thread() {
                super::on_tokio_current_thread(super::$scenario);
            }

            #[test]
            fn tokio_multi_thread() {
                super::on_tokio_multi_thread(super::$scenario);
            }
        }
    )*};
}

under_every_executor!(fifo, lifo, priority);
