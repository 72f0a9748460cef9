//! `Semaphore` and `BoundedSemaphore` under shuttle: the limit holds, permits
//! are conserved, cancellation loses none.
#![cfg(aio_shuttle)]

mod models;

use std::sync::Arc;

use aio_sync::{BoundedSemaphore, Semaphore};
use models::Occupancy;
use shuttle::future::{block_on, spawn, yield_now};

#[test]
fn never_more_holders_than_permits_and_all_permits_return() {
    models::check(|| {
        let semaphore = Arc::new(Semaphore::new(2));
        let occupancy = Occupancy::default();
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let (semaphore, occupancy) = (Arc::clone(&semaphore), occupancy.clone());
                spawn(async move {
                    let _permit = semaphore.acquire().await;
                    occupancy.enter();
                    yield_now().await;
                    occupancy.leave();
                })
            })
            .collect();
        for task in tasks {
            block_on(task).unwrap();
        }
        assert!(occupancy.most() <= 2);
        assert_eq!(semaphore.available_permits(), 2);
    });
}

#[test]
fn a_cancelled_acquire_loses_no_permit() {
    models::check(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        let spawn_holder = |semaphore: &Arc<Semaphore>| {
            let semaphore = Arc::clone(semaphore);
            spawn(async move {
                let _permit = semaphore.acquire().await;
                yield_now().await;
            })
        };
        let first = spawn_holder(&semaphore);
        let cancelled = spawn_holder(&semaphore);
        let last = spawn_holder(&semaphore);
        cancelled.abort();
        block_on(first).unwrap();
        block_on(last).unwrap();
        // Abort drops the task at its next poll: wait for that (it may also
        // have finished normally before the abort landed).
        let _cancelled_or_done = block_on(cancelled);
        assert_eq!(semaphore.available_permits(), 1);
    });
}

#[test]
fn bounded_release_races_never_exceed_the_bound() {
    models::check(|| {
        let semaphore = Arc::new(BoundedSemaphore::new(1));
        block_on(semaphore.acquire()).forget();
        let releasers: Vec<_> = (0..2)
            .map(|_| {
                let semaphore = Arc::clone(&semaphore);
                spawn(async move { semaphore.release().is_ok() })
            })
            .collect();
        let succeeded = releasers
            .into_iter()
            .map(|task| block_on(task).unwrap())
            .filter(|ok| *ok)
            .count();
        assert_eq!(
            succeeded, 1,
            "exactly one of two racing releases may succeed"
        );
        assert_eq!(semaphore.available_permits(), 1);
    });
}
