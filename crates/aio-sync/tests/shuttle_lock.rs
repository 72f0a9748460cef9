//! `Lock` under shuttle: mutual exclusion, no lost hand-off, cancellation.
#![cfg(aio_shuttle)]

mod models;

use std::sync::Arc;

use aio_sync::Lock;
use models::Occupancy;
use shuttle::future::{block_on, spawn, yield_now};

#[test]
fn increments_are_never_lost() {
    models::check(|| {
        let lock = Arc::new(Lock::new(0u32));
        let occupancy = Occupancy::default();
        let tasks: Vec<_> = (0..3)
            .map(|_| {
                let (lock, occupancy) = (Arc::clone(&lock), occupancy.clone());
                spawn(async move {
                    let mut guard = lock.lock().await;
                    occupancy.enter();
                    let read = *guard;
                    yield_now().await; // hold the lock across an await
                    *guard = read + 1;
                    occupancy.leave();
                })
            })
            .collect();
        for task in tasks {
            block_on(task).unwrap();
        }
        assert_eq!(occupancy.most(), 1);
        assert_eq!(*block_on(lock.lock()), 3);
    });
}

#[test]
fn a_cancelled_waiter_never_keeps_the_lock() {
    models::check(|| {
        let lock = Arc::new(Lock::new(0u32));
        let spawn_increment = |lock: &Arc<Lock<u32>>| {
            let lock = Arc::clone(lock);
            spawn(async move {
                *lock.lock().await += 1;
            })
        };
        let first = spawn_increment(&lock);
        let cancelled = spawn_increment(&lock);
        let last = spawn_increment(&lock);
        // Aborted at any point: before it queued, while queued, or after the
        // lock was handed to it (then it must hand it on).
        cancelled.abort();
        block_on(first).unwrap();
        block_on(last).unwrap();
        // Abort drops the task at its next poll: wait for that (it may also
        // have finished normally before the abort landed).
        let finished_anyway = block_on(cancelled).is_ok();
        assert!(!lock.is_locked(), "nobody may keep the lock");
        let value = *block_on(lock.lock());
        assert_eq!(value, if finished_anyway { 3 } else { 2 });
    });
}
