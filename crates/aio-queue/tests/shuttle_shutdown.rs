//! `shutdown` under shuttle, racing puts and gets: every put either lands
//! (and is then received, or drained, or dropped by an immediate shutdown)
//! or hands its item back; no task hangs (shuttle reports a deadlock if one
//! does); `join` returns once the dust settles.
#![cfg(aio_shuttle)]

mod models;

use aio_queue::{GetError, PutError, Queue, QueueShutDown};
use models::Ledger;
use shuttle::future::{JoinHandle, block_on, spawn, yield_now};
use shuttle::rand::{Rng, thread_rng};

/// Two producers put two ids each into a queue of one, two consumers take
/// (and mark done) until the queue says it is shut down, and a third task
/// shuts it down at a random point. With `cancel_a_consumer`, one consumer is
/// also aborted at a random point (perhaps holding a handed-over item).
fn shutdown_races_puts_and_gets(immediate: bool, cancel_a_consumer: bool) {
    let queue = Queue::<u32>::bounded(1);
    let ledger = Ledger::default();
    let consumers: Vec<JoinHandle<()>> = (0..2)
        .map(|_| {
            let (queue, ledger) = (queue.clone(), ledger.clone());
            spawn(async move {
                while let Ok(id) = queue.get().await {
                    ledger.received(id);
                    queue.task_done().unwrap();
                }
                assert!(queue.is_shut_down(), "a get fails only after a shutdown");
            })
        })
        .collect();
    let producers: Vec<JoinHandle<()>> = (0..2u32)
        .map(|producer| {
            let (queue, ledger) = (queue.clone(), ledger.clone());
            spawn(async move {
                let mut refused = false;
                for id in producer * 2..producer * 2 + 2 {
                    ledger.attempt(id);
                    match queue.put(id).await {
                        Ok(()) => {
                            assert!(!refused, "a put landed after one was refused");
                            ledger.put(id);
                        }
                        Err(QueueShutDown(back)) => {
                            assert_eq!(back, id, "a refused put hands its own item back");
                            refused = true;
                            ledger.returned(id);
                        }
                    }
                }
            })
        })
        .collect();
    let shutter = spawn({
        let queue = queue.clone();
        async move {
            for _ in 0..thread_rng().gen_range(0..4) {
                yield_now().await;
            }
            queue.shutdown(immediate);
        }
    });
    let canceller = cancel_a_consumer.then(|| models::abort_later(consumers[0].abort_handle()));

    block_on(shutter).unwrap();
    for producer in producers {
        block_on(producer).unwrap();
    }
    if let Some(canceller) = canceller {
        block_on(canceller).unwrap();
    }
    for consumer in consumers {
        let finished = block_on(consumer).is_ok();
        assert!(
            finished || cancel_a_consumer,
            "only the aborted consumer may not finish"
        );
    }

    // Every attempted id either landed or came back, never both.
    let (put, _, returned) = ledger.sorted();
    let mut attempted: Vec<u32> = put.iter().chain(&returned).copied().collect();
    attempted.sort_unstable();
    assert_eq!(
        attempted,
        [0, 1, 2, 3],
        "every put lands or hands its item back"
    );

    // What landed was received, or is drained now (an item handed to the
    // aborted consumer comes back to the store), or, only with an immediate
    // shutdown, was dropped by it.
    while let Ok(id) = queue.get_nowait() {
        ledger.received(id);
        queue.task_done().unwrap();
    }
    let (put, received, _) = ledger.sorted();
    if immediate {
        assert!(received.iter().all(|id| put.contains(id)));
    } else {
        assert_eq!(
            received, put,
            "a graceful shutdown delivers everything that landed"
        );
    }
    assert_eq!(queue.qsize(), 0);
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    assert!(matches!(
        queue.put_nowait(9),
        Err(PutError::QueueShutDown(9))
    ));
    // Every item that landed was marked done or dropped by the shutdown.
    block_on(queue.join());
}

#[test]
fn graceful_shutdown_racing_puts_and_gets_loses_nothing_and_hangs_nobody() {
    models::check(|| shutdown_races_puts_and_gets(false, false));
}

#[test]
fn immediate_shutdown_racing_puts_and_gets_loses_nothing_and_hangs_nobody() {
    models::check(|| shutdown_races_puts_and_gets(true, false));
}

#[test]
fn graceful_shutdown_with_a_cancelled_consumer_loses_nothing() {
    models::check(|| shutdown_races_puts_and_gets(false, true));
}

#[test]
fn immediate_shutdown_with_a_cancelled_consumer_loses_nothing() {
    models::check(|| shutdown_races_puts_and_gets(true, true));
}
