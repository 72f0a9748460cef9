//! # Exercise 04: build a semaphore on the wait list
//!
//! Read first: "Inside the wait list" (`book/src/sync/wait-list.md`) and
//! "Semaphore and BoundedSemaphore" (`book/src/sync/semaphore.md`); then
//! read `crates/aio-sync/src/semaphore.rs`, which is the full-size answer.
//!
//! Build asyncio's `Semaphore` with manual `acquire()`/`release()` (no
//! permit guard) on [`aio_sync::wait_list`]. The state is the number of
//! free permits, kept with the wait list in one [`WaitCell<usize>`]; a
//! notification's message `()` *is* a permit handed from a release straight
//! to the oldest waiter.
//!
//! Implement:
//! - [`Semaphore::release`]: hand the permit to the oldest waiter
//!   (`waiters.notify_one(())`), or, if nobody waits, add it to the count;
//! - `poll` of [`Acquire`]: with [`WaitCell::poll_wait`], take a free permit
//!   in the re-check only if this waiter is the first in line
//!   (`waiters.is_first_waiting(me)`): newcomers must not barge past
//!   waiters (FIFO); once notified, the permit is already ours;
//! - `Drop` of [`Acquire`]: leave the list with [`WaitCell::cancel`]; a
//!   waiter dropped after it was notified (`Removed::Notified(())`) must
//!   pass its permit on, or a permit is lost forever.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex04`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[allow(unused_imports)] // you will need `Removed` in `Drop`
use aio_sync::wait_list::{Removed, WaitCell, WaitSlot};

/// A counter of permits, FIFO-fair: permits go to waiters in the order they
/// began to wait.
#[derive(Debug)]
pub struct Semaphore {
    cell: WaitCell<usize>,
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    pub fn new(permits: usize) -> Self {
        Semaphore {
            cell: WaitCell::new(permits),
        }
    }

    /// Waits for a permit: `await sem.acquire()`. Give it back with
    /// [`release`](Semaphore::release).
    pub fn acquire(&self) -> Acquire<'_> {
        Acquire {
            semaphore: self,
            slot: WaitSlot::default(),
        }
    }

    /// Gives one permit back: to the oldest waiter, or to the free count.
    pub fn release(&self) {
        let _ = &self.cell;
        todo!("exercise 04: notify_one(()) the oldest waiter, or add the permit to the count")
    }

    /// How many permits are free right now.
    pub fn available_permits(&self) -> usize {
        self.cell.lock().state
    }
}

/// The future of [`Semaphore::acquire`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct Acquire<'a> {
    semaphore: &'a Semaphore,
    slot: WaitSlot,
}

impl Future for Acquire<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let _ = (&this.semaphore, &mut this.slot, cx);
        todo!(
            "exercise 04: poll_wait: take a free permit if first in line; a notification is a permit"
        )
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        // exercise 04: cancel the slot; pass on a permit handed to us
        // (Removed::Notified) that we never used.
    }
}
