//! [`Condition`] and its future.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::lock::{Lock, LockFuture, LockGuard};
use crate::wait_list::{Removed, WaitCell, WaitSlot};

/// A lock plus a queue of tasks waiting for its value to change: Python's
/// `asyncio.Condition`.
///
/// The condition owns a [`Lock<T>`] around the shared state. A waiter takes the
/// lock, checks the state, and if it must wait, hands its guard to
/// [`wait`](Condition::wait), which releases the lock, sleeps until notified,
/// and re-acquires the lock before returning the guard.
/// [`wait_for`](Condition::wait_for) runs that loop around a predicate.
///
/// [`notify`](Condition::notify) and [`notify_all`](Condition::notify_all)
/// take a reference to the guard: asyncio raises `RuntimeError` when you
/// notify without holding the lock; here such code does not compile.
///
/// # Fairness
/// Notifications go to waiters in the order they began to wait. A notified
/// waiter then queues for the lock like anyone else.
///
/// # Cancel safety
/// [`wait`](Condition::wait) is cancel-safe: dropped while waiting, it leaves
/// the queue; dropped after it was notified (before or while re-acquiring the
/// lock), it passes the notification to the next waiter, so a `notify(1)` is
/// never swallowed by a cancelled task (CPython gh-112202). Either way the
/// guard it was given is gone, so the lock is not held: unlike asyncio, there
/// is no need to re-acquire the lock on the way out.
///
/// # Panics
/// `wait`, `notify` and `notify_all` panic if given a guard of another lock.
///
/// # Examples
///
/// ```
/// use aio_sync::Condition;
///
/// # futures::executor::block_on(async {
/// let items = Condition::new(Vec::<u32>::new());
/// let consumer = async {
///     let guard = items.lock().await;
///     let mut guard = items.wait_for(guard, |items| !items.is_empty()).await;
///     guard.pop()
/// };
/// let producer = async {
///     let mut guard = items.lock().await;
///     guard.push(7);
///     items.notify(&guard, 1);
/// };
/// let (taken, ()) = futures::join!(consumer, producer);
/// assert_eq!(taken, Some(7));
/// # });
/// ```
// ANCHOR: condition_struct
pub struct Condition<T = ()> {
    lock: Lock<T>,
    waiters: WaitCell<()>,
}
// ANCHOR_END: condition_struct

impl<T> Condition<T> {
    /// A condition whose lock protects `value`.
    ///
    /// ```
    /// let cond = aio_sync::Condition::new(0);
    /// assert!(!cond.is_locked());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            lock: Lock::new(value),
            waiters: WaitCell::new(()),
        }
    }

    /// Acquires the underlying lock (`async with cond:`).
    ///
    /// # Cancel safety
    /// Cancel-safe, as [`Lock::lock`].
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let cond = aio_sync::Condition::new(1);
    /// assert_eq!(*cond.lock().await, 1);
    /// # });
    /// ```
    pub fn lock(&self) -> LockFuture<'_, T> {
        self.lock.lock()
    }

    /// Takes the underlying lock if it is free and nobody waits for it.
    ///
    /// ```
    /// let cond = aio_sync::Condition::new(());
    /// let _guard = cond.try_lock().unwrap();
    /// assert!(cond.try_lock().is_none());
    /// ```
    pub fn try_lock(&self) -> Option<LockGuard<'_, T>> {
        self.lock.try_lock()
    }

    /// Whether the underlying lock is held.
    ///
    /// ```
    /// let cond = aio_sync::Condition::new(());
    /// let _guard = cond.try_lock();
    /// assert!(cond.is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        self.lock.is_locked()
    }

    /// Releases the lock, waits for a notification, re-acquires the lock and
    /// returns its guard. Unlike asyncio's there are no spurious wake-ups,
    /// but the state may have changed again before the lock came back: check
    /// it in a loop, or use [`wait_for`](Condition::wait_for).
    ///
    /// The waiter joins the queue *before* it releases the lock, so a
    /// notification sent by anyone who takes the lock after it cannot miss it.
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// # Panics
    /// If `guard` belongs to another lock.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let cond = aio_sync::Condition::new(false);
    /// let waiter = async {
    ///     let guard = cond.lock().await;
    ///     let guard = cond.wait(guard).await;
    ///     *guard
    /// };
    /// let notifier = async {
    ///     let mut guard = cond.lock().await;
    ///     *guard = true;
    ///     cond.notify_all(&guard);
    /// };
    /// assert_eq!(futures::join!(waiter, notifier).0, true);
    /// # });
    /// ```
    pub fn wait<'a>(&'a self, guard: LockGuard<'a, T>) -> ConditionWait<'a, T> {
        self.check_owner(&guard);
        ConditionWait {
            condition: self,
            slot: WaitSlot::default(),
            phase: Phase::Holding(guard),
        }
    }

    /// Waits until `predicate` holds for the protected value, and returns the
    /// guard with it holding: `await cond.wait_for(predicate)`.
    ///
    /// # Cancel safety
    /// Cancel-safe: each inner [`wait`](Condition::wait) is.
    ///
    /// # Panics
    /// If `guard` belongs to another lock.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let cond = aio_sync::Condition::new(3);
    /// let guard = cond.lock().await;
    /// let guard = cond.wait_for(guard, |n| *n > 2).await; // already true
    /// assert_eq!(*guard, 3);
    /// # });
    /// ```
    // ANCHOR: condition_wait_for
    pub async fn wait_for<'a>(
        &'a self,
        mut guard: LockGuard<'a, T>,
        mut predicate: impl FnMut(&T) -> bool,
    ) -> LockGuard<'a, T> {
        while !predicate(&guard) {
            guard = self.wait(guard).await;
        }
        guard
    }
    // ANCHOR_END: condition_wait_for

    /// Wakes up to `n` waiters, oldest first; returns how many it woke.
    /// Holding the guard is the proof that the caller holds the lock.
    ///
    /// # Panics
    /// If `guard` belongs to another lock.
    ///
    /// ```
    /// let cond = aio_sync::Condition::new(());
    /// let guard = cond.try_lock().unwrap();
    /// assert_eq!(cond.notify(&guard, 2), 0); // nobody waits
    /// ```
    // ANCHOR: condition_notify
    pub fn notify(&self, guard: &LockGuard<'_, T>, n: usize) -> usize {
        self.check_owner(guard);
        self.waiters.lock().waiters.notify_many(n, |_| ())
    }
    // ANCHOR_END: condition_notify

    /// Wakes every waiter; returns how many it woke.
    ///
    /// # Panics
    /// If `guard` belongs to another lock.
    ///
    /// ```
    /// let cond = aio_sync::Condition::new(());
    /// let guard = cond.try_lock().unwrap();
    /// assert_eq!(cond.notify_all(&guard), 0);
    /// ```
    pub fn notify_all(&self, guard: &LockGuard<'_, T>) -> usize {
        self.notify(guard, usize::MAX)
    }

    /// Consumes the condition and returns the protected value.
    ///
    /// # Panics
    /// If a guard was leaked with `std::mem::forget`.
    ///
    /// ```
    /// assert_eq!(aio_sync::Condition::new(5).into_inner(), 5);
    /// ```
    pub fn into_inner(self) -> T {
        self.lock.into_inner()
    }

    fn check_owner(&self, guard: &LockGuard<'_, T>) {
        assert!(
            std::ptr::eq(guard.lock_ref(), &self.lock),
            "Condition used with the guard of another lock"
        );
    }

    // ANCHOR: condition_pass_on
    /// A notified waiter gave up before using its notification: wake the next.
    fn pass_on(&self) {
        let _nobody_waits = self.waiters.lock().waiters.notify_one(());
    }
    // ANCHOR_END: condition_pass_on
}

impl<T: Default> Default for Condition<T> {
    /// A condition around `T::default()`; `Condition::<()>::default()` is
    /// asyncio's `asyncio.Condition()`.
    ///
    /// ```
    /// let cond: aio_sync::Condition = Default::default();
    /// assert!(!cond.is_locked());
    /// ```
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> fmt::Debug for Condition<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condition")
            .field("lock", &self.lock)
            .field("waiting", &self.waiters.lock().waiters.waiting())
            .finish()
    }
}

// ANCHOR: condition_phase
enum Phase<'a, T> {
    /// Not polled yet: still holding the lock.
    Holding(LockGuard<'a, T>),
    /// In the queue, lock released, not yet notified.
    Waiting,
    /// Notified; queueing for the lock again.
    Relocking(LockFuture<'a, T>),
    /// Returned the guard.
    Done,
}
// ANCHOR_END: condition_phase

/// The future of [`Condition::wait`].
#[must_use = "futures do nothing unless awaited"]
pub struct ConditionWait<'a, T> {
    condition: &'a Condition<T>,
    slot: WaitSlot,
    phase: Phase<'a, T>,
}

// ANCHOR: condition_wait_poll
impl<'a, T> Future for ConditionWait<'a, T> {
    type Output = LockGuard<'a, T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let condition = this.condition;
        loop {
            match &mut this.phase {
                Phase::Holding(_) => {
                    // Register while still holding the lock; only then let it go.
                    let registered = condition.waiters.poll_wait(
                        &mut this.slot,
                        cx,
                        |_, _| None::<()>,
                        |_, ()| (),
                    );
                    debug_assert!(registered.is_pending());
                    this.phase = Phase::Waiting; // drops the guard: lock released
                    return Poll::Pending;
                }
                Phase::Waiting => {
                    let notified =
                        condition
                            .waiters
                            .poll_wait(&mut this.slot, cx, |_, _| None, |_, ()| ());
                    if notified.is_pending() {
                        return Poll::Pending;
                    }
                    this.phase = Phase::Relocking(condition.lock.lock());
                }
                Phase::Relocking(relock) => {
                    let guard = std::task::ready!(Pin::new(relock).poll(cx));
                    this.phase = Phase::Done;
                    return Poll::Ready(guard);
                }
                Phase::Done => panic!("ConditionWait polled after it returned the guard"),
            }
        }
    }
}
// ANCHOR_END: condition_wait_poll

// ANCHOR: condition_wait_drop
impl<T> Drop for ConditionWait<'_, T> {
    fn drop(&mut self) {
        let condition = self.condition;
        match self.phase {
            Phase::Waiting => condition.waiters.cancel(&mut self.slot, |shared, removed| {
                if let Removed::Notified(()) = removed {
                    let _nobody_waits = shared.waiters.notify_one(());
                }
            }),
            // Notified, but the caller will never see it: give it to the next
            // waiter (the LockFuture's own drop takes care of the lock).
            Phase::Relocking(_) => condition.pass_on(),
            Phase::Holding(_) | Phase::Done => {}
        }
    }
}
// ANCHOR_END: condition_wait_drop

impl<T> fmt::Debug for ConditionWait<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = match self.phase {
            Phase::Holding(_) => "holding",
            Phase::Waiting => "waiting",
            Phase::Relocking(_) => "relocking",
            Phase::Done => "done",
        };
        f.debug_struct("ConditionWait")
            .field("phase", &phase)
            .finish()
    }
}
