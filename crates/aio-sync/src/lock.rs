//! [`Lock`], its guard and its future.

use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::wait_list::{Removed, Shared, WaitCell, WaitSlot};

/// An async mutual-exclusion lock that owns the value it protects:
/// Python's `asyncio.Lock`, with the data inside.
///
/// In Python the lock and the data it guards are separate objects, and
/// nothing stops code from touching the data without `async with lock:`. Here
/// the only way to reach the value is through the [`LockGuard`] that
/// [`lock`](Lock::lock) returns, and dropping the guard releases the lock: it
/// can be neither forgotten nor released twice. `Lock::default()` (a
/// `Lock<()>`) is asyncio's bare lock.
///
/// It needs no runtime: the same `Lock` works under tokio, under
/// `futures::executor` and under the project's own event loop, and may be
/// held across `.await` points (unlike `std::sync::Mutex`, whose guard would
/// block the whole thread of a task waiting for it).
///
/// Inside, the value travels: the guard carries it out of the lock, and
/// releasing hands it to the next waiter through the wait list, or puts it
/// back. That keeps the crate free of `unsafe`.
///
/// # Fairness
/// First come, first served: a releasing holder hands the lock directly to
/// the oldest waiter, and [`try_lock`](Lock::try_lock) or a new `lock()` fail
/// while anyone waits, so nobody barges past the queue.
///
/// # Cancel safety
/// [`lock`](Lock::lock) is cancel-safe: a future dropped while waiting leaves
/// the queue, and one dropped after the lock was handed to it, before it was
/// polled again, hands the lock on to the next waiter.
///
/// # Panics
/// [`into_inner`](Lock::into_inner) panics if a guard was leaked with
/// `std::mem::forget`, which takes the value with it.
///
/// # Examples
///
/// ```
/// use aio_sync::Lock;
///
/// # futures::executor::block_on(async {
/// let balance = Lock::new(100);
/// {
///     let mut guard = balance.lock().await;
///     *guard -= 30;
///     assert!(balance.is_locked());
/// } // released here
/// assert!(!balance.is_locked());
/// assert_eq!(*balance.lock().await, 70);
/// # });
/// ```
// ANCHOR: lock_struct
pub struct Lock<T = ()> {
    /// `Some(value)` while the lock is free; `None` while a guard (or a waiter
    /// it was handed to) holds the value. A notification carries the value.
    cell: WaitCell<Option<T>, T>,
}
// ANCHOR_END: lock_struct

impl<T> Lock<T> {
    /// A free lock around `value`.
    ///
    /// ```
    /// let lock = aio_sync::Lock::new(vec![1, 2, 3]);
    /// assert!(!lock.is_locked());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            cell: WaitCell::new(Some(value)),
        }
    }

    /// Waits until the lock is free and this caller's turn has come, then
    /// returns the guard: `async with lock:`.
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let lock = aio_sync::Lock::new(String::from("a"));
    /// lock.lock().await.push('b');
    /// assert_eq!(*lock.lock().await, "ab");
    /// # });
    /// ```
    pub fn lock(&self) -> LockFuture<'_, T> {
        LockFuture {
            lock: self,
            slot: WaitSlot::default(),
        }
    }

    /// Takes the lock if it is free and nobody waits for it; `None` otherwise.
    ///
    /// ```
    /// let lock = aio_sync::Lock::new(0);
    /// let guard = lock.try_lock().expect("free");
    /// assert!(lock.try_lock().is_none());
    /// drop(guard);
    /// assert!(lock.try_lock().is_some());
    /// ```
    // ANCHOR: lock_try_lock
    pub fn try_lock(&self) -> Option<LockGuard<'_, T>> {
        let mut shared = self.cell.lock();
        if shared.waiters.waiting() > 0 {
            return None;
        }
        let value = shared.state.take()?;
        Some(LockGuard::new(self, value))
    }
    // ANCHOR_END: lock_try_lock

    /// Whether someone holds the lock (or it is on its way to a waiter):
    /// asyncio's `locked()`.
    ///
    /// ```
    /// let lock: aio_sync::Lock = aio_sync::Lock::default();
    /// assert!(!lock.is_locked());
    /// let _guard = lock.try_lock();
    /// assert!(lock.is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        self.cell.lock().state.is_none()
    }

    /// Consumes the lock and returns the value.
    ///
    /// # Panics
    /// If a guard was leaked with `std::mem::forget`.
    ///
    /// ```
    /// let lock = aio_sync::Lock::new(1);
    /// *lock.try_lock().unwrap() += 1;
    /// assert_eq!(lock.into_inner(), 2);
    /// ```
    pub fn into_inner(self) -> T {
        self.cell
            .into_state()
            .expect("a LockGuard was leaked with mem::forget, taking the value with it")
    }

    // ANCHOR: lock_release
    /// Gives the value back: to the oldest waiter if there is one (the lock
    /// stays locked, now theirs), into the lock otherwise.
    fn release(shared: &mut Shared<Option<T>, T>, value: T) {
        if let Err(nobody_waits) = shared.waiters.notify_one(value) {
            shared.state = Some(nobody_waits);
        }
    }
    // ANCHOR_END: lock_release
}

impl<T: Default> Default for Lock<T> {
    /// A free lock around `T::default()`; `Lock::<()>::default()` is asyncio's
    /// `asyncio.Lock()`.
    ///
    /// ```
    /// let lock: aio_sync::Lock = Default::default();
    /// assert!(!lock.is_locked());
    /// ```
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> fmt::Debug for Lock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("Lock")
            .field("locked", &shared.state.is_none())
            .field("waiting", &shared.waiters.waiting())
            .finish()
    }
}

/// Exclusive access to a [`Lock`]'s value; dropping it releases the lock.
///
/// ```
/// # futures::executor::block_on(async {
/// let lock = aio_sync::Lock::new(1);
/// let mut guard = lock.lock().await;
/// *guard += 1;
/// drop(guard);
/// assert_eq!(*lock.lock().await, 2);
/// # });
/// ```
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct LockGuard<'a, T> {
    lock: &'a Lock<T>,
    /// Always `Some` until `Drop` gives the value back.
    value: Option<T>,
}

impl<'a, T> LockGuard<'a, T> {
    fn new(lock: &'a Lock<T>, value: T) -> Self {
        Self {
            lock,
            value: Some(value),
        }
    }

    /// The lock this guard holds: how a [`Condition`](crate::Condition)
    /// checks that a guard is its own.
    pub(crate) fn lock_ref(&self) -> &'a Lock<T> {
        self.lock
    }
}

// The guard carries the value by value and moves it in and out of the lock;
// it never pins it, so it may move freely whatever `T` is.
impl<T> Unpin for LockGuard<'_, T> {}

impl<T> Deref for LockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value.as_ref().expect("present until drop")
    }
}

impl<T> DerefMut for LockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.as_mut().expect("present until drop")
    }
}

// ANCHOR: lock_guard_drop
impl<T> Drop for LockGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(value) = self.value.take() {
            Lock::release(&mut self.lock.cell.lock(), value);
        }
    }
}
// ANCHOR_END: lock_guard_drop

impl<T: fmt::Debug> fmt::Debug for LockGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LockGuard").field(&**self).finish()
    }
}

/// The future of [`Lock::lock`].
#[must_use = "futures do nothing unless awaited"]
pub struct LockFuture<'a, T> {
    lock: &'a Lock<T>,
    slot: WaitSlot,
}

// ANCHOR: lock_future_poll
impl<'a, T> Future for LockFuture<'a, T> {
    type Output = LockGuard<'a, T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let lock = this.lock;
        if this.slot.is_unregistered()
            && let Some(guard) = lock.try_lock()
        {
            return Poll::Ready(guard);
        }
        lock.cell
            .poll_wait(
                &mut this.slot,
                cx,
                |shared, me| {
                    if shared.waiters.is_first_waiting(me) {
                        shared.state.take()
                    } else {
                        None
                    }
                },
                |_, handed_over| handed_over,
            )
            .map(|value| LockGuard::new(lock, value))
    }
}
// ANCHOR_END: lock_future_poll

// ANCHOR: lock_future_drop
impl<T> Drop for LockFuture<'_, T> {
    fn drop(&mut self) {
        self.lock.cell.cancel(&mut self.slot, |shared, removed| {
            if let Removed::Notified(value) = removed {
                Lock::release(shared, value);
            }
        });
    }
}
// ANCHOR_END: lock_future_drop

impl<T> fmt::Debug for LockFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockFuture")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
