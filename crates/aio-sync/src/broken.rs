//! A deliberately broken event, compiled only for the model checkers
//! (`--cfg aio_shuttle` or `--cfg aio_loom`): its `wait` checks the flag and
//! then registers, *without the re-check*. The model-check tests expect the
//! checker to find the schedule that hangs it; if they ever stop failing,
//! the checker has stopped looking.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::wait_list::{WaitCell, WaitSlot};

/// [`Event`](crate::Event) with the lost-wakeup bug: check, then wait.
#[derive(Debug)]
pub struct BrokenEvent {
    cell: WaitCell<bool>,
}

impl BrokenEvent {
    /// A lowered flag.
    pub fn new() -> Self {
        Self {
            cell: WaitCell::new(false),
        }
    }

    /// Raises the flag and wakes every registered waiter.
    pub fn set(&self) {
        let mut shared = self.cell.lock();
        shared.state = true;
        shared.waiters.notify_many(usize::MAX, |_| ());
    }

    /// Waits for the flag, the wrong way.
    pub fn wait(&self) -> BrokenWait<'_> {
        BrokenWait {
            event: self,
            slot: WaitSlot::default(),
        }
    }
}

impl Default for BrokenEvent {
    fn default() -> Self {
        Self::new()
    }
}

/// The future of [`BrokenEvent::wait`].
#[derive(Debug)]
pub struct BrokenWait<'a> {
    event: &'a BrokenEvent,
    slot: WaitSlot,
}

// ANCHOR: broken_wait_poll
impl Future for BrokenWait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.slot.is_unregistered() && this.event.cell.lock().state {
            return Poll::Ready(()); // check
        }
        // The lock was released after the check: a `set` can slip in here,
        // notify an empty list, and leave. Registering now waits forever.
        this.event
            .cell
            .poll_wait(&mut this.slot, cx, |_, _| None, |_, ()| ()) // register, NO re-check, wait
    }
}
// ANCHOR_END: broken_wait_poll

impl Drop for BrokenWait<'_> {
    fn drop(&mut self) {
        self.event.cell.cancel(&mut self.slot, |_, _| {});
    }
}
