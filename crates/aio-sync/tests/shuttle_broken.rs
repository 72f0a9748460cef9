//! Proof that the model checker can fail: a deliberately broken event that
//! checks its flag and then registers, without the re-check, must be caught.
//! The same scenario passes with the real `Event` (`shuttle_event.rs`).
#![cfg(aio_shuttle)]

mod models;

use std::sync::Arc;

use aio_sync::broken::BrokenEvent;
use shuttle::future::{block_on, spawn};

#[test]
#[should_panic(expected = "deadlock")]
fn check_then_wait_without_recheck_loses_the_wakeup() {
    // Random schedules alone: the losing schedule (set between the waiter's
    // check and its registration) is common enough to be found quickly.
    shuttle::check_random(
        || {
            let event = Arc::new(BrokenEvent::new());
            let waiter = spawn({
                let event = Arc::clone(&event);
                async move { event.wait().await }
            });
            event.set();
            block_on(waiter).unwrap();
        },
        models::ITERATIONS,
    );
}
