//! `Queue` and `PriorityQueue` under shuttle: with producers and consumers
//! cancelled at random points, every item put is received exactly once or is
//! still queued, and a bounded queue never holds more than its maxsize.
//! (`shuttle_broken.rs` runs the same scenario against a queue that loses
//! items, and must fail.)
#![cfg(aio_shuttle)]

mod models;

use aio_queue::{PriorityQueue, Queue};

#[test]
fn fifo_of_one_delivers_every_item_exactly_once_under_cancellation() {
    models::check(|| models::exactly_once(Queue::bounded(1), 3, 2));
}

#[test]
fn fifo_of_two_delivers_every_item_exactly_once_under_cancellation() {
    models::check(|| models::exactly_once(Queue::bounded(2), 2, 2));
}

#[test]
fn unbounded_fifo_delivers_every_item_exactly_once_under_cancellation() {
    models::check(|| models::exactly_once(Queue::unbounded(), 2, 2));
}

#[test]
fn priority_queue_of_two_delivers_every_item_exactly_once_under_cancellation() {
    models::check(|| models::exactly_once(PriorityQueue::bounded(2), 3, 2));
}
