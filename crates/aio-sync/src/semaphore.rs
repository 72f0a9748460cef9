//! [`Semaphore`], its [`Permit`] and its future.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::wait_list::{Removed, Shared, WaitCell, WaitSlot};

/// The counters behind a semaphore, under its wait list's lock.
// ANCHOR: semaphore_permits
#[derive(Debug)]
pub(crate) struct Permits {
    /// Permits nobody holds. Never above zero while someone waits: a release
    /// hands its permit to the oldest waiter instead.
    available: usize,
    /// Permits given up with [`Permit::forget`] and not yet [`release`]d:
    /// what a [`BoundedSemaphore`](crate::BoundedSemaphore) may still take back.
    ///
    /// [`release`]: Semaphore::release
    forgotten: usize,
}
// ANCHOR_END: semaphore_permits

/// A counter of permits that tasks acquire and release: Python's
/// `asyncio.Semaphore`.
///
/// [`acquire`](Semaphore::acquire) waits until a permit is free and returns a
/// [`Permit`] that gives it back when dropped (asyncio's `async with sem:`).
/// For asyncio's manual `acquire()`/`release()` pairs, keep the permit with
/// [`Permit::forget`] and later call [`release`](Semaphore::release).
///
/// A plain `Semaphore` lets `release` raise the count above where it started,
/// as asyncio's does; [`BoundedSemaphore`](crate::BoundedSemaphore) refuses.
///
/// # Fairness
/// First come, first served: a released permit goes to the oldest waiter, and
/// neither `try_acquire` nor a new `acquire` can take a permit while anyone
/// waits (the fairness fix asyncio made in Python 3.11, gh-90155).
///
/// # Cancel safety
/// [`acquire`](Semaphore::acquire) is cancel-safe: a future dropped while
/// waiting leaves the queue; one dropped after a permit was handed to it hands
/// that permit to the next waiter, or back to the semaphore.
///
/// # Examples
///
/// ```
/// use aio_sync::Semaphore;
///
/// # futures::executor::block_on(async {
/// let downloads = Semaphore::new(2);
/// let first = downloads.acquire().await;
/// let second = downloads.acquire().await;
/// assert!(downloads.is_locked());
/// assert!(downloads.try_acquire().is_none());
/// drop(first);
/// assert_eq!(downloads.available_permits(), 1);
/// # drop(second);
/// # });
/// ```
pub struct Semaphore {
    cell: WaitCell<Permits>,
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    ///
    /// ```
    /// assert_eq!(aio_sync::Semaphore::new(3).available_permits(), 3);
    /// ```
    pub fn new(permits: usize) -> Self {
        Self {
            cell: WaitCell::new(Permits {
                available: permits,
                forgotten: 0,
            }),
        }
    }

    /// Waits for a permit: `async with sem:` (or `await sem.acquire()`).
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let sem = aio_sync::Semaphore::new(1);
    /// let permit = sem.acquire().await;
    /// assert_eq!(sem.available_permits(), 0);
    /// drop(permit);
    /// assert_eq!(sem.available_permits(), 1);
    /// # });
    /// ```
    pub fn acquire(&self) -> Acquire<'_> {
        Acquire {
            semaphore: self,
            slot: WaitSlot::default(),
        }
    }

    /// Takes a permit if one is free and nobody waits; `None` otherwise.
    ///
    /// ```
    /// let sem = aio_sync::Semaphore::new(1);
    /// let permit = sem.try_acquire();
    /// assert!(permit.is_some());
    /// assert!(sem.try_acquire().is_none());
    /// ```
    // ANCHOR: semaphore_try_acquire
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut shared = self.cell.lock();
        if shared.waiters.waiting() > 0 || shared.state.available == 0 {
            return None;
        }
        shared.state.available -= 1;
        Some(Permit { semaphore: self })
    }
    // ANCHOR_END: semaphore_try_acquire

    /// Adds one permit: to the oldest waiter if anyone waits, to the free
    /// count otherwise. asyncio's `release()`; pair it with [`Permit::forget`].
    ///
    /// ```
    /// let sem = aio_sync::Semaphore::new(0);
    /// sem.release();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    // ANCHOR: semaphore_release
    pub fn release(&self) {
        let mut shared = self.cell.lock();
        shared.state.forgotten = shared.state.forgotten.saturating_sub(1);
        Self::give_back(&mut shared);
    }
    // ANCHOR_END: semaphore_release

    /// How many permits are free right now.
    ///
    /// ```
    /// assert_eq!(aio_sync::Semaphore::new(2).available_permits(), 2);
    /// ```
    pub fn available_permits(&self) -> usize {
        self.cell.lock().state.available
    }

    /// `true` if an `acquire` now would have to wait: no free permit, or
    /// others already waiting. asyncio's `locked()`.
    ///
    /// ```
    /// let sem = aio_sync::Semaphore::new(1);
    /// assert!(!sem.is_locked());
    /// let _permit = sem.try_acquire();
    /// assert!(sem.is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        let shared = self.cell.lock();
        shared.state.available == 0 || shared.waiters.waiting() > 0
    }

    // ANCHOR: semaphore_give_back
    /// Hands one permit to the oldest waiter, or adds it to the free count.
    fn give_back(shared: &mut Shared<Permits>) {
        if shared.waiters.notify_one(()).is_err() {
            shared.state.available += 1;
        }
    }
    // ANCHOR_END: semaphore_give_back

    /// For [`BoundedSemaphore::release`](crate::BoundedSemaphore::release):
    /// takes back one forgotten permit, or reports that none is outstanding.
    // ANCHOR: semaphore_release_forgotten
    pub(crate) fn release_forgotten(&self) -> bool {
        let mut shared = self.cell.lock();
        if shared.state.forgotten == 0 {
            return false;
        }
        shared.state.forgotten -= 1;
        Self::give_back(&mut shared);
        true
    }
    // ANCHOR_END: semaphore_release_forgotten
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("Semaphore")
            .field("available", &shared.state.available)
            .field("waiting", &shared.waiters.waiting())
            .finish()
    }
}

/// One permit of a [`Semaphore`]; dropping it gives the permit back.
///
/// ```
/// # futures::executor::block_on(async {
/// let sem = aio_sync::Semaphore::new(1);
/// {
///     let _permit = sem.acquire().await;
///     assert_eq!(sem.available_permits(), 0);
/// }
/// assert_eq!(sem.available_permits(), 1);
/// # });
/// ```
#[must_use = "the permit is released as soon as it is dropped"]
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Permit<'_> {
    /// Keeps the permit taken without a guard: it comes back only through
    /// [`Semaphore::release`] (asyncio's manual `acquire()`/`release()`).
    ///
    /// ```
    /// let sem = aio_sync::Semaphore::new(1);
    /// sem.try_acquire().unwrap().forget();
    /// assert_eq!(sem.available_permits(), 0);
    /// sem.release();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    // ANCHOR: permit_forget
    pub fn forget(self) {
        self.semaphore.cell.lock().state.forgotten += 1;
        std::mem::forget(self);
    }
    // ANCHOR_END: permit_forget
}

// ANCHOR: permit_drop
impl Drop for Permit<'_> {
    fn drop(&mut self) {
        Semaphore::give_back(&mut self.semaphore.cell.lock());
    }
}
// ANCHOR_END: permit_drop

impl fmt::Debug for Permit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permit")
    }
}

/// The future of [`Semaphore::acquire`].
#[must_use = "futures do nothing unless awaited"]
pub struct Acquire<'a> {
    semaphore: &'a Semaphore,
    slot: WaitSlot,
}

// ANCHOR: semaphore_acquire_poll
impl<'a> Future for Acquire<'a> {
    type Output = Permit<'a>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let semaphore = this.semaphore;
        if this.slot.is_unregistered()
            && let Some(permit) = semaphore.try_acquire()
        {
            return Poll::Ready(permit);
        }
        semaphore
            .cell
            .poll_wait(
                &mut this.slot,
                cx,
                |shared, me| {
                    let my_turn = shared.waiters.is_first_waiting(me);
                    (my_turn && shared.state.available > 0).then(|| shared.state.available -= 1)
                },
                |_, ()| (),
            )
            .map(|()| Permit { semaphore })
    }
}
// ANCHOR_END: semaphore_acquire_poll

// ANCHOR: semaphore_acquire_drop
impl Drop for Acquire<'_> {
    fn drop(&mut self) {
        self.semaphore
            .cell
            .cancel(&mut self.slot, |shared, removed| {
                if let Removed::Notified(()) = removed {
                    Semaphore::give_back(shared);
                }
            });
    }
}
// ANCHOR_END: semaphore_acquire_drop

impl fmt::Debug for Acquire<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acquire")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
