//! The wait list: the one core every primitive of this crate waits on.
//!
//! A primitive keeps its state `S` and a [`WaitList`] together behind one
//! mutex, in a [`WaitCell`]. A future that cannot proceed registers in the
//! list with its `Waker`; whoever changes the state so that a waiter may
//! proceed *notifies* it, in FIFO order, often handing it the resource at the
//! same time (the lock, a permit). A notified waiter that is dropped before it
//! observed its notification passes it on: nothing is lost.

use std::collections::VecDeque;
use std::fmt;
use std::mem;
use std::ops::{Deref, DerefMut};
use std::task::{Context, Poll, Waker};

use crate::sync::{Mutex, MutexGuard, lock};

/// Identifies one registration in a [`WaitList`]. Ids only grow, so the list,
/// which appends at the back, is always sorted by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct WaiterId(u64);

// ANCHOR: waiter_state
/// Where a waiter stands.
enum WaiterState<M> {
    /// Registered; the waker is how a notifier reaches it.
    Waiting(Waker),
    /// Notified, with the notifier's message, not yet observed by the waiter.
    Notified(M),
}
// ANCHOR_END: waiter_state

struct Entry<M> {
    id: WaiterId,
    state: WaiterState<M>,
}

// ANCHOR: removed
/// What [`WaitList::remove`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Removed<M> {
    /// The waiter was still waiting: it leaves, nobody owes it anything.
    Waiting,
    /// The waiter had been notified and never saw it: the message (a handed
    /// over lock or permit, a barrier result) must be passed on.
    Notified(M),
    /// Not in the list (it already took its notification).
    Absent,
}
// ANCHOR_END: removed

// ANCHOR: wait_list_struct
/// A FIFO queue of waiters, each waiting or notified.
///
/// Notifications go to the oldest waiting entries first, so the notified
/// entries always form a prefix of the queue; `notified` counts it, and the
/// first waiting entry is found in O(1).
pub(crate) struct WaitList<M = ()> {
    entries: VecDeque<Entry<M>>,
    notified: usize,
    next_id: u64,
    /// Wakers of notified waiters, woken by [`SharedGuard`] after the lock is
    /// released, so a woken thread does not run straight into a held lock.
    to_wake: Vec<Waker>,
}
// ANCHOR_END: wait_list_struct

impl<M> WaitList<M> {
    fn new() -> Self {
        Self {
            entries: VecDeque::new(),
            notified: 0,
            next_id: 0,
            to_wake: Vec::new(),
        }
    }

    /// Appends a waiter at the back of the queue.
    pub(crate) fn register(&mut self, waker: &Waker) -> WaiterId {
        let id = WaiterId(self.next_id);
        self.next_id += 1;
        self.entries.push_back(Entry {
            id,
            state: WaiterState::Waiting(waker.clone()),
        });
        id
    }

    /// How many registered waiters have not been notified yet.
    pub(crate) fn waiting(&self) -> usize {
        self.entries.len() - self.notified
    }

    /// `true` if no waiter waits ahead of `id` (it is the oldest waiting one).
    pub(crate) fn is_first_waiting(&self, id: WaiterId) -> bool {
        self.entries
            .get(self.notified)
            .is_some_and(|entry| entry.id == id)
    }

    fn position(&self, id: WaiterId) -> Option<usize> {
        // Ids are consecutive until someone leaves from the middle, so the
        // distance from the front is usually the index; otherwise, search.
        let front = self.entries.front()?.id.0;
        let guess = usize::try_from(id.0.checked_sub(front)?).ok()?;
        if self.entries.get(guess).is_some_and(|entry| entry.id == id) {
            return Some(guess);
        }
        self.entries
            .binary_search_by_key(&id, |entry| entry.id)
            .ok()
    }

    /// If `id` was notified, removes it and returns the message; otherwise
    /// stores the newest waker (a future may move between tasks) and returns `None`.
    pub(crate) fn take_notification(&mut self, id: WaiterId, waker: &Waker) -> Option<M> {
        let index = self.position(id)?;
        match &mut self.entries[index].state {
            WaiterState::Waiting(stored) => {
                if !stored.will_wake(waker) {
                    stored.clone_from(waker);
                }
                None
            }
            WaiterState::Notified(_) => match self.remove_at(index) {
                Removed::Notified(message) => Some(message),
                Removed::Waiting | Removed::Absent => None,
            },
        }
    }

    /// Removes `id` wherever it stands (a dropped future leaving the queue).
    pub(crate) fn remove(&mut self, id: WaiterId) -> Removed<M> {
        match self.position(id) {
            Some(index) => self.remove_at(index),
            None => Removed::Absent,
        }
    }

    fn remove_at(&mut self, index: usize) -> Removed<M> {
        let Some(entry) = self.entries.remove(index) else {
            return Removed::Absent;
        };
        match entry.state {
            WaiterState::Waiting(_) => Removed::Waiting,
            WaiterState::Notified(message) => {
                self.notified -= 1;
                Removed::Notified(message)
            }
        }
    }

    // ANCHOR: notify_one
    /// Notifies the oldest waiting entry with `message`, or gives the
    /// message back if nobody waits.
    pub(crate) fn notify_one(&mut self, message: M) -> Result<(), M> {
        let Some(entry) = self.entries.get_mut(self.notified) else {
            return Err(message);
        };
        let state = mem::replace(&mut entry.state, WaiterState::Notified(message));
        if let WaiterState::Waiting(waker) = state {
            self.to_wake.push(waker);
        }
        self.notified += 1;
        Ok(())
    }
    // ANCHOR_END: notify_one

    /// Notifies up to `n` waiting entries, oldest first, giving each the
    /// message `message(i)` for its rank `i` among them; returns how many.
    pub(crate) fn notify_many(&mut self, n: usize, mut message: impl FnMut(usize) -> M) -> usize {
        let mut count = 0;
        while count < n && self.waiting() > 0 && self.notify_one(message(count)).is_ok() {
            count += 1;
        }
        count
    }
}

impl<M> fmt::Debug for WaitList<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitList")
            .field("waiting", &self.waiting())
            .field("notified", &self.notified)
            .finish()
    }
}

/// A primitive's state and its wait list, behind the one lock that orders
/// every check, registration and notification.
pub(crate) struct Shared<S, M = ()> {
    pub(crate) state: S,
    pub(crate) waiters: WaitList<M>,
}

/// The locked [`Shared`]. Dropping it releases the lock, *then* wakes the
/// waiters notified meanwhile.
pub(crate) struct SharedGuard<'a, S, M> {
    guard: Option<MutexGuard<'a, Shared<S, M>>>,
}

impl<S, M> Deref for SharedGuard<'_, S, M> {
    type Target = Shared<S, M>;
    fn deref(&self) -> &Self::Target {
        self.guard.as_ref().expect("held until drop")
    }
}

impl<S, M> DerefMut for SharedGuard<'_, S, M> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.guard.as_mut().expect("held until drop")
    }
}

// ANCHOR: shared_guard_drop
impl<S, M> Drop for SharedGuard<'_, S, M> {
    fn drop(&mut self) {
        let Some(mut guard) = self.guard.take() else {
            return;
        };
        match guard.waiters.to_wake.len() {
            0 => {}
            // The common hand-off: keep the buffer (no allocation next time).
            1 => {
                let waker = guard.waiters.to_wake.pop();
                drop(guard);
                waker.into_iter().for_each(Waker::wake);
            }
            _ => {
                let to_wake = mem::take(&mut guard.waiters.to_wake);
                drop(guard);
                to_wake.into_iter().for_each(Waker::wake);
            }
        }
    }
}
// ANCHOR_END: shared_guard_drop

/// A waiting future's place in a [`WaitCell`]: not yet registered, or
/// registered under an id. The future owns it and hands it to
/// [`WaitCell::poll_wait`] and, on drop, to [`WaitCell::cancel`].
#[derive(Debug, Default)]
pub(crate) struct WaitSlot {
    id: Option<WaiterId>,
}

impl WaitSlot {
    /// `true` before the first registration and after the wait completed.
    pub(crate) fn is_unregistered(&self) -> bool {
        self.id.is_none()
    }
}

/// A primitive's [`Shared`] state behind its mutex, with the waiting protocol.
pub(crate) struct WaitCell<S, M = ()> {
    shared: Mutex<Shared<S, M>>,
}

impl<S, M> WaitCell<S, M> {
    pub(crate) fn new(state: S) -> Self {
        Self {
            shared: Mutex::new(Shared {
                state,
                waiters: WaitList::new(),
            }),
        }
    }

    /// Consumes the cell and returns the state.
    pub(crate) fn into_state(self) -> S {
        self.shared
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .state
    }

    /// Locks the state and the list together.
    pub(crate) fn lock(&self) -> SharedGuard<'_, S, M> {
        SharedGuard {
            guard: Some(lock(&self.shared)),
        }
    }

    /// Register, re-check, wait: the one waiting protocol of this crate.
    ///
    /// The caller has already *checked* whether it can proceed (its fast path,
    /// `try_lock`, `try_acquire`, `is_set`) and found it could not. Between
    /// that check and this call the lock was free, so a notifier may already
    /// have released the lock or set the event, found nobody in the list, and
    /// gone. Sleeping now would wait for a wake-up that already happened: the
    /// lost wakeup. So, under the lock:
    ///
    /// 1. **register** in the list, so that every notification from now on
    ///    reaches this waiter (a notifier takes this same lock to notify);
    /// 2. **re-check** with `ready`: whatever happened before the lock was
    ///    taken is now visible here, and if it lets us proceed, we leave the
    ///    list and return at once;
    /// 3. **wait**: return `Pending`; the notification that makes us ready
    ///    will find our waker in the list.
    ///
    /// Any state change lands either before step 2 (the re-check sees it) or
    /// after it (the notifier sees our registration): there is no gap.
    /// `tests/shuttle_broken.rs` drops step 2 and the model checker finds the
    /// schedule that hangs.
    ///
    /// On later polls the waiter checks for its notification, and `notified`
    /// turns the notifier's message into the result.
    // ANCHOR: poll_wait
    pub(crate) fn poll_wait<R>(
        &self,
        slot: &mut WaitSlot,
        cx: &mut Context<'_>,
        ready: impl FnOnce(&mut Shared<S, M>, WaiterId) -> Option<R>,
        notified: impl FnOnce(&mut Shared<S, M>, M) -> R,
    ) -> Poll<R> {
        let mut shared = self.lock();
        match slot.id {
            None => {
                let id = shared.waiters.register(cx.waker()); // 1. register
                match ready(&mut shared, id) {
                    // 2. re-check
                    Some(result) => {
                        shared.waiters.remove(id);
                        Poll::Ready(result)
                    }
                    None => {
                        slot.id = Some(id);
                        Poll::Pending // 3. wait
                    }
                }
            }
            Some(id) => match shared.waiters.take_notification(id, cx.waker()) {
                Some(message) => {
                    slot.id = None;
                    Poll::Ready(notified(&mut shared, message))
                }
                None => Poll::Pending,
            },
        }
    }
    // ANCHOR_END: poll_wait

    // ANCHOR: cancel
    /// Takes a registered waiter out of the list (its future is being dropped).
    /// `pass_on` sees what it left: still waiting, or notified with a message
    /// that it must hand to someone else.
    pub(crate) fn cancel(
        &self,
        slot: &mut WaitSlot,
        pass_on: impl FnOnce(&mut Shared<S, M>, Removed<M>),
    ) {
        if let Some(id) = slot.id.take() {
            let mut shared = self.lock();
            let removed = shared.waiters.remove(id);
            pass_on(&mut shared, removed);
        }
    }
    // ANCHOR_END: cancel
}

impl<S: fmt::Debug, M> fmt::Debug for WaitCell<S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.lock();
        f.debug_struct("WaitCell")
            .field("state", &shared.state)
            .field("waiters", &shared.waiters)
            .finish()
    }
}
