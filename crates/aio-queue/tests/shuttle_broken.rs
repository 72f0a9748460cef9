//! Proof that the model checker can fail: a deliberately broken queue whose
//! `get`, dropped after it was handed an item, drops the item instead of
//! passing it on, must be caught by the exactly-once scenario that the real
//! queue passes in `shuttle_queue.rs`.
#![cfg(aio_shuttle)]

mod models;

use aio_queue::broken::BrokenQueue;

#[test]
#[should_panic(expected = "every item put is received")]
fn a_cancelled_get_that_drops_its_item_is_caught() {
    models::check(|| models::exactly_once(BrokenQueue::new(), 2, 2));
}
