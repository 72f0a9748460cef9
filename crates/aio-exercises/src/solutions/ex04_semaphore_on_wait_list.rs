//! Reference solution of exercise 04 (see the exercise file for the task).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use aio_sync::wait_list::{Removed, Shared, WaitCell, WaitSlot};

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
        give_back(&mut self.cell.lock());
    }

    /// How many permits are free right now.
    pub fn available_permits(&self) -> usize {
        self.cell.lock().state
    }
}

/// The permit goes straight to the oldest waiter; the count only grows when
/// nobody waits, so a newcomer cannot take a permit meant for a waiter.
fn give_back(shared: &mut Shared<usize>) {
    if shared.waiters.notify_one(()).is_err() {
        shared.state += 1;
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
        this.semaphore.cell.poll_wait(
            &mut this.slot,
            cx,
            // Registered, re-checking: a free permit, and nobody ahead of us.
            |shared, me| {
                let my_turn = shared.waiters.is_first_waiting(me);
                (my_turn && shared.state > 0).then(|| shared.state -= 1)
            },
            // Notified: the release handed us its permit.
            |_, ()| (),
        )
    }
}

impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        self.semaphore
            .cell
            .cancel(&mut self.slot, |shared, removed| {
                if let Removed::Notified(()) = removed {
                    give_back(shared); // a permit we never used: pass it on
                }
            });
    }
}
