//! `Barrier` under shuttle: phases complete with distinct indices and one
//! leader; abort releases every waiter with an error.
#![cfg(aio_shuttle)]

mod models;

use std::sync::Arc;

use aio_sync::Barrier;
use shuttle::future::{block_on, spawn};

#[test]
fn two_phases_complete_with_one_leader_each() {
    models::check(|| {
        let barrier = Arc::new(Barrier::new(3));
        let tasks: Vec<_> = (0..3)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                spawn(async move {
                    let first = barrier.wait().await.unwrap();
                    let second = barrier.wait().await.unwrap();
                    (first, second)
                })
            })
            .collect();
        let results: Vec<_> = tasks
            .into_iter()
            .map(|task| block_on(task).unwrap())
            .collect();
        for phase in [0, 1] {
            let mut indices: Vec<usize> = results
                .iter()
                .map(|r| if phase == 0 { r.0.index() } else { r.1.index() })
                .collect();
            indices.sort_unstable();
            assert_eq!(indices, [0, 1, 2]);
            let leaders = results
                .iter()
                .filter(|r| {
                    if phase == 0 {
                        r.0.is_leader()
                    } else {
                        r.1.is_leader()
                    }
                })
                .count();
            assert_eq!(leaders, 1);
        }
        assert_eq!(barrier.n_waiting(), 0);
    });
}

#[test]
fn abort_releases_every_waiter_with_an_error() {
    models::check(|| {
        let barrier = Arc::new(Barrier::new(3));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                spawn(async move { barrier.wait().await })
            })
            .collect();
        barrier.abort();
        for waiter in waiters {
            assert!(block_on(waiter).unwrap().is_err());
        }
        assert!(barrier.is_broken());
    });
}
