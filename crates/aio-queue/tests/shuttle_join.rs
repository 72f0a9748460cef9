//! `task_done` and `join` under shuttle: `join` returns exactly when every
//! item put was marked done, whoever joins and whoever is cancelled, and
//! `task_done` never marks more than was taken.
#![cfg(aio_shuttle)]

mod models;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aio_queue::Queue;
use shuttle::future::{JoinHandle, block_on, spawn};

const ITEMS: usize = 3;

#[test]
fn join_returns_exactly_when_every_item_is_marked_done() {
    models::check(|| {
        let queue = Queue::<usize>::bounded(1);
        // Counted *before* each task_done: a join that returns while an item
        // is unmarked sees fewer than all of them.
        let marked = Arc::new(AtomicUsize::new(0));
        // Get and task_done in one poll: an abort lands only while waiting
        // in get (an item taken and never marked would rightly block join).
        let consumers: Vec<JoinHandle<()>> = (0..2)
            .map(|_| {
                let (queue, marked) = (queue.clone(), Arc::clone(&marked));
                spawn(async move {
                    loop {
                        queue.get().await.unwrap();
                        marked.fetch_add(1, Ordering::SeqCst);
                        queue.task_done().unwrap();
                    }
                })
            })
            .collect();
        // asyncio's pattern: put the work, then join until it is all done.
        let producer = spawn({
            let (queue, marked) = (queue.clone(), Arc::clone(&marked));
            async move {
                for item in 0..ITEMS {
                    queue.put(item).await.unwrap();
                }
                queue.join().await;
                assert_eq!(marked.load(Ordering::SeqCst), ITEMS, "join returned early");
            }
        });
        // A joiner that may start before anything is put (then it returns at
        // once), and one that is cancelled at a random point.
        let early_joiner = spawn({
            let queue = queue.clone();
            async move { queue.join().await }
        });
        let cancelled_joiner = spawn({
            let queue = queue.clone();
            async move { queue.join().await }
        });
        let cancellers = [
            models::abort_later(cancelled_joiner.abort_handle()),
            models::abort_later(consumers[0].abort_handle()),
        ];

        block_on(producer).unwrap();
        block_on(early_joiner).unwrap();
        let _finished_or_cancelled = block_on(cancelled_joiner);
        for canceller in cancellers {
            block_on(canceller).unwrap();
        }
        for consumer in &consumers {
            consumer.abort();
        }
        for consumer in consumers {
            assert!(block_on(consumer).is_err());
        }
        assert_eq!(marked.load(Ordering::SeqCst), ITEMS);
        assert!(queue.task_done().is_err(), "nothing is left to mark");
        block_on(queue.join()); // still nothing unfinished
    });
}

#[test]
fn racing_task_done_calls_never_mark_more_than_was_taken() {
    models::check(|| {
        let queue = Queue::<u8>::unbounded();
        queue.put_nowait(1).unwrap();
        queue.put_nowait(2).unwrap();
        let joiner = spawn({
            let queue = queue.clone();
            async move { queue.join().await }
        });
        assert_eq!(queue.get_nowait(), Ok(1)); // one taken, one still queued
        let markers: Vec<JoinHandle<bool>> = (0..2)
            .map(|_| {
                let queue = queue.clone();
                spawn(async move { queue.task_done().is_ok() })
            })
            .collect();
        let marked = markers
            .into_iter()
            .map(|marker| block_on(marker).unwrap())
            .filter(|ok| *ok)
            .count();
        assert_eq!(marked, 1, "one item taken: exactly one task_done succeeds");
        assert!(
            !joiner.is_finished(),
            "join returned with an item unfinished"
        );
        assert_eq!(queue.get_nowait(), Ok(2));
        queue.task_done().unwrap();
        block_on(joiner).unwrap();
    });
}
