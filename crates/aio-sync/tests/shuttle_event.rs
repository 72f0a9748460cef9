//! `Event` under shuttle: no schedule loses a wake-up.
#![cfg(aio_shuttle)]

mod models;

use std::pin::pin;
use std::sync::Arc;

use aio_sync::Event;
use futures::poll;
use shuttle::future::{block_on, spawn};

#[test]
fn every_waiter_returns_after_set() {
    models::check(|| {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let event = Arc::clone(&event);
                spawn(async move { event.wait().await })
            })
            .collect();
        event.set();
        for waiter in waiters {
            block_on(waiter).unwrap();
        }
        assert!(event.is_set());
    });
}

#[test]
fn waiters_woken_by_set_return_even_if_cleared_at_once() {
    models::check(|| {
        let event = Arc::new(Event::new());
        block_on(async {
            let mut waiter = pin!(event.wait());
            // First poll by hand: the waiter is now registered.
            assert!(poll!(&mut waiter).is_pending());
            let setter = spawn({
                let event = Arc::clone(&event);
                async move {
                    event.set();
                    event.clear();
                }
            });
            setter.await.unwrap();
            // The set notified the waiter, so it returns although the flag
            // is already down again.
            waiter.await;
        });
        assert!(!event.is_set());
    });
}
