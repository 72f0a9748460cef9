//! The wait list: the one core every primitive of this crate waits on, and
//! that other crates of the workspace (the queues of `aio-queue`) build on.
//!
//! A primitive keeps its state `S` and a [`WaitList`] together behind one
//! mutex, in a [`WaitCell`]. A future that cannot proceed registers in the
//! list with its `Waker`; whoever changes the state so that a waiter may
//! proceed *notifies* it, in FIFO order, often handing it the resource at the
//! same time (the lock, a permit, a queue item). A notified waiter that is
//! dropped before it observed its notification passes it on: nothing is lost.
//!
//! A list has one or more *lanes*: independent FIFO queues under the same
//! lock (a bounded queue keeps its getters, its putters and its joiners in
//! three lanes). Single-lane primitives use lane 0 through the plain methods.
//!
//! # Examples
//!
//! A gate that, once opened, lets every waiter through: the whole recipe for
//! a primitive (a check, [`WaitCell::poll_wait`], [`WaitCell::cancel`] on drop).
//!
//! ```
//! use std::future::Future;
//! use std::pin::Pin;
//! use std::task::{Context, Poll};
//! use aio_sync::wait_list::{WaitCell, WaitSlot};
//!
//! struct Gate { cell: WaitCell<bool> }
//!
//! impl Gate {
//!     fn open(&self) {
//!         let mut shared = self.cell.lock();
//!         shared.state = true;
//!         shared.waiters.notify_many(usize::MAX, |_| ());
//!     } // the lock is released, then the waiters are woken
//! }
//!
//! struct Pass<'a> { gate: &'a Gate, slot: WaitSlot }
//!
//! impl Future for Pass<'_> {
//!     type Output = ();
//!     fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
//!         let this = self.get_mut();
//!         this.gate.cell.poll_wait(
//!             &mut this.slot,
//!             cx,
//!             |shared, _me| shared.state.then_some(()), // re-check after registering
//!             |_shared, ()| (),                          // notified: through
//!         )
//!     }
//! }
//!
//! impl Drop for Pass<'_> {
//!     fn drop(&mut self) {
//!         self.gate.cell.cancel(&mut self.slot, |_, _| {}); // nothing to pass on
//!     }
//! }
//!
//! let gate = Gate { cell: WaitCell::new(false) };
//! futures::executor::block_on(async {
//!     let opener = async { gate.open() };
//!     futures::join!(Pass { gate: &gate, slot: WaitSlot::default() }, opener);
//! });
//! assert!(gate.cell.lock().state);
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::mem;
use std::ops::{Deref, DerefMut};
use std::task::{Context, Poll, Waker};

use crate::sync::{Mutex, MutexGuard, lock};

/// Identifies one registration in a [`WaitList`]: its lane and its number
/// there. Numbers only grow, so a lane, which appends at the back, is always
/// sorted by them.
///
/// ```
/// use aio_sync::wait_list::WaitCell;
/// # use std::task::{Context, Waker};
/// let cell: WaitCell<()> = WaitCell::new(());
/// let mut slot = Default::default();
/// let mut cx = Context::from_waker(Waker::noop());
/// // `ready` receives the new waiter's id: here it is the only one waiting.
/// let first = cell.poll_wait(&mut slot, &mut cx, |shared, me| {
///     shared.waiters.is_first_waiting(me).then_some(())
/// }, |_, ()| ());
/// assert!(first.is_ready());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WaiterId {
    lane: usize,
    seq: u64,
}

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
    seq: u64,
    state: WaiterState<M>,
}

// ANCHOR: removed
/// What a dropped waiter left behind, as [`WaitCell::cancel`] reports it.
///
/// ```
/// use aio_sync::wait_list::{Removed, WaitCell, WaitSlot};
/// let cell: WaitCell<()> = WaitCell::new(());
/// let mut never_registered = WaitSlot::default();
/// let mut seen = None;
/// cell.cancel(&mut never_registered, |_, removed| seen = Some(removed));
/// assert_eq!(seen, None::<Removed<()>>); // nothing to remove, nothing reported
/// ```
#[derive(Debug, PartialEq, Eq)]
pub enum Removed<M> {
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
/// One FIFO queue of waiters, each waiting or notified.
///
/// Notifications go to the oldest waiting entries first, so the notified
/// entries always form a prefix of the queue; `notified` counts it, and the
/// first waiting entry is found in O(1).
struct Lane<M> {
    entries: VecDeque<Entry<M>>,
    notified: usize,
    next_seq: u64,
}

/// The waiters of one primitive: one or more lanes (FIFO queues), and the
/// wakers to wake once the lock is released. Reached as
/// [`Shared::waiters`] under the cell's lock.
///
/// ```
/// let cell: aio_sync::wait_list::WaitCell<u32> = aio_sync::wait_list::WaitCell::new(0);
/// let shared = cell.lock();
/// assert_eq!(shared.waiters.waiting(), 0);
/// ```
pub struct WaitList<M = ()> {
    lanes: Vec<Lane<M>>,
    /// Wakers of notified waiters, woken by [`SharedGuard`] after the lock is
    /// released, so a woken thread does not run straight into a held lock.
    to_wake: Vec<Waker>,
}
// ANCHOR_END: wait_list_struct

impl<M> Lane<M> {
    fn new() -> Self {
        Self {
            entries: VecDeque::new(),
            notified: 0,
            next_seq: 0,
        }
    }

    fn waiting(&self) -> usize {
        self.entries.len() - self.notified
    }

    fn position(&self, seq: u64) -> Option<usize> {
        // Numbers are consecutive until someone leaves from the middle, so
        // the distance from the front is usually the index; else, search.
        let front = self.entries.front()?.seq;
        let guess = usize::try_from(seq.checked_sub(front)?).ok()?;
        if self
            .entries
            .get(guess)
            .is_some_and(|entry| entry.seq == seq)
        {
            return Some(guess);
        }
        self.entries
            .binary_search_by_key(&seq, |entry| entry.seq)
            .ok()
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
}

impl<M> WaitList<M> {
    fn with_lanes(lanes: usize) -> Self {
        assert!(lanes > 0, "a wait list needs at least one lane");
        Self {
            lanes: (0..lanes).map(|_| Lane::new()).collect(),
            to_wake: Vec::new(),
        }
    }

    fn lane(&self, lane: usize) -> &Lane<M> {
        self.lanes
            .get(lane)
            .expect("no such lane in this wait list")
    }

    fn lane_mut(&mut self, lane: usize) -> &mut Lane<M> {
        self.lanes
            .get_mut(lane)
            .expect("no such lane in this wait list")
    }

    /// Appends a waiter at the back of `lane`.
    fn register(&mut self, lane: usize, waker: &Waker) -> WaiterId {
        let queue = self.lane_mut(lane);
        let seq = queue.next_seq;
        queue.next_seq += 1;
        queue.entries.push_back(Entry {
            seq,
            state: WaiterState::Waiting(waker.clone()),
        });
        WaiterId { lane, seq }
    }

    /// How many waiters of lane 0 have not been notified yet.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::new(());
    /// assert_eq!(cell.lock().waiters.waiting(), 0);
    /// ```
    pub fn waiting(&self) -> usize {
        self.waiting_in(0)
    }

    /// How many waiters of `lane` have not been notified yet.
    ///
    /// # Panics
    /// If the list has no such lane.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::with_lanes((), 3);
    /// assert_eq!(cell.lock().waiters.waiting_in(2), 0);
    /// ```
    pub fn waiting_in(&self, lane: usize) -> usize {
        self.lane(lane).waiting()
    }

    /// `true` if no waiter of its lane waits ahead of `id`.
    ///
    /// ```
    /// # use std::task::{Context, Waker};
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::new(());
    /// let mut slot = Default::default();
    /// let mut cx = Context::from_waker(Waker::noop());
    /// let ready = cell.poll_wait(&mut slot, &mut cx, |s, me| s.waiters.is_first_waiting(me).then_some(()), |_, ()| ());
    /// assert!(ready.is_ready());
    /// ```
    pub fn is_first_waiting(&self, id: WaiterId) -> bool {
        let lane = self.lane(id.lane);
        lane.entries
            .get(lane.notified)
            .is_some_and(|entry| entry.seq == id.seq)
    }

    /// If `id` was notified, removes it and returns the message; otherwise
    /// stores the newest waker (a future may move between tasks) and returns `None`.
    fn take_notification(&mut self, id: WaiterId, waker: &Waker) -> Option<M> {
        let lane = self.lane_mut(id.lane);
        let index = lane.position(id.seq)?;
        match &mut lane.entries[index].state {
            WaiterState::Waiting(stored) => {
                if !stored.will_wake(waker) {
                    stored.clone_from(waker);
                }
                None
            }
            WaiterState::Notified(_) => match lane.remove_at(index) {
                Removed::Notified(message) => Some(message),
                Removed::Waiting | Removed::Absent => None,
            },
        }
    }

    /// Removes `id` wherever it stands (a dropped future leaving the queue).
    fn remove(&mut self, id: WaiterId) -> Removed<M> {
        let lane = self.lane_mut(id.lane);
        match lane.position(id.seq) {
            Some(index) => lane.remove_at(index),
            None => Removed::Absent,
        }
    }

    /// Notifies the oldest waiting entry of lane 0 with `message`, or gives
    /// the message back if nobody waits.
    ///
    /// # Errors
    /// The message itself, when no waiter is left to take it.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::new(());
    /// assert_eq!(cell.lock().waiters.notify_one(()), Err(()));
    /// ```
    pub fn notify_one(&mut self, message: M) -> Result<(), M> {
        self.notify_one_in(0, message)
    }

    // ANCHOR: notify_one
    /// Notifies the oldest waiting entry of `lane` with `message`, or gives
    /// the message back if nobody waits there.
    ///
    /// # Errors
    /// The message itself, when no waiter is left to take it.
    ///
    /// # Panics
    /// If the list has no such lane.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<(), u8> = aio_sync::wait_list::WaitCell::with_lanes((), 2);
    /// assert_eq!(cell.lock().waiters.notify_one_in(1, 7), Err(7));
    /// ```
    pub fn notify_one_in(&mut self, lane: usize, message: M) -> Result<(), M> {
        let queue = self.lane_mut(lane);
        let Some(entry) = queue.entries.get_mut(queue.notified) else {
            return Err(message);
        };
        let state = mem::replace(&mut entry.state, WaiterState::Notified(message));
        queue.notified += 1;
        if let WaiterState::Waiting(waker) = state {
            self.to_wake.push(waker);
        }
        Ok(())
    }
    // ANCHOR_END: notify_one

    /// Notifies up to `n` waiting entries of lane 0, oldest first, giving each
    /// the message `message(i)` for its rank `i` among them; returns how many.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::new(());
    /// assert_eq!(cell.lock().waiters.notify_many(usize::MAX, |_| ()), 0);
    /// ```
    pub fn notify_many(&mut self, n: usize, message: impl FnMut(usize) -> M) -> usize {
        self.notify_many_in(0, n, message)
    }

    /// [`notify_many`](WaitList::notify_many) in `lane`.
    ///
    /// # Panics
    /// If the list has no such lane.
    ///
    /// ```
    /// let cell: aio_sync::wait_list::WaitCell<()> = aio_sync::wait_list::WaitCell::with_lanes((), 2);
    /// assert_eq!(cell.lock().waiters.notify_many_in(1, 3, |_| ()), 0);
    /// ```
    pub fn notify_many_in(
        &mut self,
        lane: usize,
        n: usize,
        mut message: impl FnMut(usize) -> M,
    ) -> usize {
        let mut count = 0;
        while count < n
            && self.waiting_in(lane) > 0
            && self.notify_one_in(lane, message(count)).is_ok()
        {
            count += 1;
        }
        count
    }
}

impl<M> fmt::Debug for WaitList<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let waiting: Vec<usize> = self.lanes.iter().map(Lane::waiting).collect();
        let notified: Vec<usize> = self.lanes.iter().map(|lane| lane.notified).collect();
        f.debug_struct("WaitList")
            .field("waiting", &waiting)
            .field("notified", &notified)
            .finish()
    }
}

/// A primitive's state and its wait list, behind the one lock that orders
/// every check, registration and notification.
///
/// ```
/// let cell = aio_sync::wait_list::WaitCell::<u32>::new(5);
/// let mut shared = cell.lock();
/// shared.state += 1;
/// assert_eq!((shared.state, shared.waiters.waiting()), (6, 0));
/// ```
#[derive(Debug)]
pub struct Shared<S, M = ()> {
    /// The primitive's own state.
    pub state: S,
    /// Its waiters.
    pub waiters: WaitList<M>,
}

/// The locked [`Shared`] of a [`WaitCell`]. Dropping it releases the lock,
/// *then* wakes the waiters notified meanwhile.
///
/// ```
/// let cell = aio_sync::wait_list::WaitCell::<bool>::new(false);
/// cell.lock().state = true; // locked, changed, released
/// assert!(cell.lock().state);
/// ```
#[derive(Debug)]
pub struct SharedGuard<'a, S, M> {
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
///
/// ```
/// assert!(aio_sync::wait_list::WaitSlot::default().is_unregistered());
/// ```
#[derive(Debug, Default)]
pub struct WaitSlot {
    id: Option<WaiterId>,
}

impl WaitSlot {
    /// `true` before the first registration and after the wait completed.
    ///
    /// ```
    /// assert!(aio_sync::wait_list::WaitSlot::default().is_unregistered());
    /// ```
    pub fn is_unregistered(&self) -> bool {
        self.id.is_none()
    }
}

/// A primitive's [`Shared`] state behind its mutex, with the waiting protocol.
///
/// ```
/// let cell = aio_sync::wait_list::WaitCell::<Vec<u8>>::new(vec![1]);
/// cell.lock().state.push(2);
/// assert_eq!(cell.into_state(), [1, 2]);
/// ```
pub struct WaitCell<S, M = ()> {
    shared: Mutex<Shared<S, M>>,
}

impl<S, M> WaitCell<S, M> {
    /// A cell around `state` with a one-lane wait list.
    ///
    /// ```
    /// let cell = aio_sync::wait_list::WaitCell::<u8>::new(1);
    /// assert_eq!(cell.lock().state, 1);
    /// ```
    pub fn new(state: S) -> Self {
        Self::with_lanes(state, 1)
    }

    /// A cell around `state` whose wait list has `lanes` independent FIFO lanes.
    ///
    /// # Panics
    /// If `lanes` is zero.
    ///
    /// ```
    /// let cell = aio_sync::wait_list::WaitCell::<()>::with_lanes((), 3);
    /// assert_eq!(cell.lock().waiters.waiting_in(2), 0);
    /// ```
    pub fn with_lanes(state: S, lanes: usize) -> Self {
        Self {
            shared: Mutex::new(Shared {
                state,
                waiters: WaitList::with_lanes(lanes),
            }),
        }
    }

    /// Consumes the cell and returns the state.
    ///
    /// ```
    /// assert_eq!(aio_sync::wait_list::WaitCell::<u8>::new(4).into_state(), 4);
    /// ```
    pub fn into_state(self) -> S {
        self.shared
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .state
    }

    /// Locks the state and the list together.
    ///
    /// ```
    /// let cell = aio_sync::wait_list::WaitCell::<u8>::new(0);
    /// cell.lock().state = 9;
    /// assert_eq!(cell.lock().state, 9);
    /// ```
    pub fn lock(&self) -> SharedGuard<'_, S, M> {
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
    ///
    /// This waits in lane 0; [`poll_wait_in`](WaitCell::poll_wait_in) picks
    /// the lane. See the [module](self) example.
    pub fn poll_wait<R>(
        &self,
        slot: &mut WaitSlot,
        cx: &mut Context<'_>,
        ready: impl FnOnce(&mut Shared<S, M>, WaiterId) -> Option<R>,
        notified: impl FnOnce(&mut Shared<S, M>, M) -> R,
    ) -> Poll<R> {
        self.poll_wait_in(0, slot, cx, ready, notified)
    }

    /// [`poll_wait`](WaitCell::poll_wait) in `lane`. A slot stays in the
    /// lane it first registered in; `lane` only matters on the first poll.
    ///
    /// # Panics
    /// If the list has no such lane.
    ///
    /// ```
    /// # use std::task::{Context, Waker};
    /// let cell = aio_sync::wait_list::WaitCell::<bool>::with_lanes(false, 2);
    /// let mut slot = Default::default();
    /// let mut cx = Context::from_waker(Waker::noop());
    /// let poll = cell.poll_wait_in(1, &mut slot, &mut cx, |s, _| s.state.then_some(()), |_, ()| ());
    /// assert!(poll.is_pending());
    /// assert_eq!(cell.lock().waiters.waiting_in(1), 1);
    /// assert_eq!(cell.lock().waiters.notify_one_in(1, ()), Ok(()));
    /// assert!(cell.poll_wait_in(1, &mut slot, &mut cx, |_, _| None, |_, ()| ()).is_ready());
    /// ```
    // ANCHOR: poll_wait
    pub fn poll_wait_in<R>(
        &self,
        lane: usize,
        slot: &mut WaitSlot,
        cx: &mut Context<'_>,
        ready: impl FnOnce(&mut Shared<S, M>, WaiterId) -> Option<R>,
        notified: impl FnOnce(&mut Shared<S, M>, M) -> R,
    ) -> Poll<R> {
        let mut shared = self.lock();
        match slot.id {
            None => {
                let id = shared.waiters.register(lane, cx.waker()); // 1. register
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
    /// that it must hand to someone else. Does nothing for a slot that is not
    /// registered. See the [module](self) example.
    pub fn cancel(&self, slot: &mut WaitSlot, pass_on: impl FnOnce(&mut Shared<S, M>, Removed<M>)) {
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
