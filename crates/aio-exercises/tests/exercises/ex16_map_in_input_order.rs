use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

use aio_exercises::ex16_map_in_input_order::{FutureError, ThreadPool, map_in_order};
use aio_exercises::support::run_with_deadline;

/// One item of the chain: its value, the signal it waits for (from the
/// next item) and the signal it gives when done (to the previous item).
struct Item {
    value: u64,
    wait_for_next: Option<Receiver<()>>,
    tell_previous: Option<Sender<()>>,
}

/// `n` items where item `i` starts only after item `i + 1` finished, so
/// they finish in reverse order: n - 1 first, 0 last.
fn chain(n: u64) -> Vec<Item> {
    let mut items: Vec<Item> = (0..n)
        .map(|value| Item {
            value,
            wait_for_next: None,
            tell_previous: None,
        })
        .collect();
    for i in 1..items.len() {
        let (tx, rx) = channel();
        items[i - 1].wait_for_next = Some(rx);
        items[i].tell_previous = Some(tx);
    }
    items
}

/// Runs `work` on an item once the next item finished, logs the item's
/// value as finished, then tells the previous item. If the next item
/// panicked, its sender is dropped and this one goes on anyway.
fn chained<T>(
    finished: Arc<Mutex<Vec<u64>>>,
    work: impl Fn(u64) -> T + Send + Sync + 'static,
) -> impl Fn(Item) -> T + Send + Sync + 'static {
    move |item| {
        if let Some(next) = item.wait_for_next {
            let _ = next.recv();
        }
        let value = work(item.value);
        finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(item.value);
        if let Some(previous) = item.tell_previous {
            let _ = previous.send(());
        }
        value
    }
}

fn finished_order(finished: &Mutex<Vec<u64>>) -> Vec<u64> {
    finished
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

#[test]
fn results_come_back_in_input_order_though_jobs_finish_in_reverse() {
    let finished = Arc::new(Mutex::new(Vec::new()));
    let results = run_with_deadline({
        let finished = finished.clone();
        move || {
            // One thread per item: a job waiting for a later one must not
            // keep that later one from a thread.
            let pool = ThreadPool::with_prefix("map", 6);
            map_in_order(&pool, chained(finished, |n| n * n), chain(6))
        }
    });
    assert_eq!(results, (0..6).map(|n| Ok(n * n)).collect::<Vec<_>>());
    assert_eq!(finished_order(&finished), [5, 4, 3, 2, 1, 0]);
}

#[test]
fn a_panicking_job_fails_alone() {
    let finished = Arc::new(Mutex::new(Vec::new()));
    let results = run_with_deadline({
        let finished = finished.clone();
        move || {
            let pool = ThreadPool::with_prefix("map", 5);
            let work = |n: u64| {
                if n == 2 {
                    panic!("job 2 failed");
                }
                n + 100
            };
            map_in_order(&pool, chained(finished, work), chain(5))
        }
    });
    assert_eq!(
        results,
        [
            Ok(100),
            Ok(101),
            Err(FutureError::Panicked("job 2 failed".into())),
            Ok(103),
            Ok(104),
        ]
    );
    // Every job but the one that panicked ran to the end.
    let mut finished = finished_order(&finished);
    finished.sort();
    assert_eq!(finished, [0, 1, 3, 4]);
}

#[test]
fn no_items_give_no_results() {
    let results = run_with_deadline(|| {
        let pool = ThreadPool::new(1);
        map_in_order(&pool, |n: u64| n, Vec::new())
    });
    assert!(results.is_empty());
}

#[test]
fn a_pool_shut_down_refuses_every_item() {
    let results = run_with_deadline(|| {
        let pool = ThreadPool::new(1);
        pool.shutdown(true, false);
        map_in_order(&pool, |n: u64| n, vec![1, 2])
    });
    assert_eq!(results.len(), 2);
    for result in results {
        match result {
            Err(FutureError::Exception(err)) => {
                assert_eq!(err.to_string(), "cannot schedule new jobs after shutdown")
            }
            other => panic!("expected the pool's refusal, got {other:?}"),
        }
    }
}
