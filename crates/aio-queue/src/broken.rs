//! A deliberately broken queue, compiled only for the model checker
//! (`--cfg aio_shuttle`): a [`BrokenGet`] that is dropped after it was handed
//! an item *drops the item* instead of passing it on. The model-check test
//! `tests/shuttle_broken.rs` runs the exactly-once scenario of
//! `tests/shuttle_queue.rs` against it and expects the checker to find the
//! schedule that loses an item; if it ever stops failing, the checker has
//! stopped looking.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use aio_sync::wait_list::{Removed, WaitCell, WaitSlot};

struct BrokenState<T> {
    items: VecDeque<T>,
    /// Items handed to a getter that has not received them yet.
    in_flight: usize,
}

/// An unbounded FIFO queue like [`Queue`](crate::Queue), with the
/// cancellation bug: a getter cancelled after the hand-over loses the item.
pub struct BrokenQueue<T> {
    cell: WaitCell<BrokenState<T>, T>,
}

impl<T> BrokenQueue<T> {
    /// An empty queue.
    pub fn new() -> Self {
        Self {
            cell: WaitCell::new(BrokenState {
                items: VecDeque::new(),
                in_flight: 0,
            }),
        }
    }

    /// Hands `item` to the oldest waiting getter, or queues it.
    pub fn put_nowait(&self, item: T) {
        let mut shared = self.cell.lock();
        match shared.waiters.notify_one(item) {
            Ok(()) => shared.state.in_flight += 1,
            Err(item) => shared.state.items.push_back(item),
        }
    }

    /// Takes the oldest item if no getter waits for it.
    pub fn get_nowait(&self) -> Option<T> {
        let mut shared = self.cell.lock();
        if shared.waiters.waiting() > 0 {
            return None;
        }
        shared.state.items.pop_front()
    }

    /// Waits for an item (register, re-check, wait: that part is right).
    pub fn get(&self) -> BrokenGet<'_, T> {
        BrokenGet {
            queue: self,
            slot: WaitSlot::default(),
        }
    }

    /// Items queued or handed over and not yet received.
    pub fn qsize(&self) -> usize {
        let shared = self.cell.lock();
        shared.state.items.len() + shared.state.in_flight
    }
}

impl<T> Default for BrokenQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for BrokenQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BrokenQueue")
            .field("qsize", &self.qsize())
            .finish()
    }
}

/// The future of [`BrokenQueue::get`].
pub struct BrokenGet<'a, T> {
    queue: &'a BrokenQueue<T>,
    slot: WaitSlot,
}

impl<T> Future for BrokenGet<'_, T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        if this.slot.is_unregistered()
            && let Some(item) = this.queue.get_nowait()
        {
            return Poll::Ready(item);
        }
        this.queue.cell.poll_wait(
            &mut this.slot,
            cx,
            |shared, me| {
                if shared.waiters.is_first_waiting(me) {
                    shared.state.items.pop_front()
                } else {
                    None
                }
            },
            |shared, item| {
                shared.state.in_flight -= 1;
                item
            },
        )
    }
}

// ANCHOR: broken_get_drop
impl<T> Drop for BrokenGet<'_, T> {
    fn drop(&mut self) {
        self.queue.cell.cancel(&mut self.slot, |shared, removed| {
            if let Removed::Notified(item) = removed {
                // THE BUG: the item was handed over and never received. The
                // real `Get` passes it to the next getter or back to the
                // store; this one lets it fall on the floor.
                shared.state.in_flight -= 1;
                drop(item);
            }
        });
    }
}
// ANCHOR_END: broken_get_drop

impl<T> fmt::Debug for BrokenGet<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BrokenGet")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
