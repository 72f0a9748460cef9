//! [`Barrier`], its result, its error and its future.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::wait_list::{Removed, Shared, WaitCell, WaitSlot};

/// What a waiter learns when it leaves: its place, or that the barrier broke.
type Outcome = Result<BarrierWaitResult, BrokenBarrier>;

// ANCHOR: barrier_phase
#[derive(Debug)]
struct Phase {
    parties: usize,
    /// Tasks waiting in the current phase.
    arrived: usize,
    broken: bool,
}
// ANCHOR_END: barrier_phase

/// A meeting point for a fixed number of tasks: Python's `asyncio.Barrier`
/// (3.11).
///
/// Each task calls [`wait`](Barrier::wait); all wait until `parties` of them
/// have arrived, then all are released together and the barrier is ready for
/// the next phase. Each gets a [`BarrierWaitResult`] with a distinct index in
/// `0..parties` (in order of arrival; the last to arrive is the leader, index
/// `parties - 1`).
///
/// [`abort`](Barrier::abort) breaks the barrier: every waiter, and every later
/// `wait`, gets [`BrokenBarrier`] until [`reset`](Barrier::reset), which
/// also breaks the current phase for whoever was waiting in it (as asyncio's
/// `reset()` does) and starts afresh.
///
/// Differences from asyncio: no draining or resetting state that blocks new
/// arrivals, since releasing a phase here is instantaneous; and indices stay
/// distinct even when a waiter is cancelled.
///
/// # Fairness
/// All waiters of a phase are released at once, woken in arrival order.
///
/// # Cancel safety
/// [`wait`](Barrier::wait) is cancel-safe: a waiter dropped before the phase
/// completes leaves it (the count goes down, as when an asyncio waiter is
/// cancelled), so the phase still needs `parties` live arrivals and never
/// releases fewer; one dropped after its phase completed changes nothing for
/// the others (tokio#6493 is the opposite bug: a cancelled waiter still counted).
///
/// # Errors
/// [`BrokenBarrier`] from `wait` after `abort`, or for a waiter whose phase
/// was reset.
///
/// # Panics
/// [`Barrier::new`] panics when `parties` is zero (asyncio's `ValueError`).
///
/// # Examples
///
/// ```
/// use aio_sync::Barrier;
///
/// # futures::executor::block_on(async {
/// let barrier = Barrier::new(2);
/// let (a, b) = futures::join!(barrier.wait(), barrier.wait());
/// let (a, b) = (a.unwrap(), b.unwrap());
/// assert_eq!(a.index() + b.index(), 1); // 0 and 1
/// assert!(a.is_leader() != b.is_leader());
/// # });
/// ```
pub struct Barrier {
    cell: WaitCell<Phase, Outcome>,
}

impl Barrier {
    /// A barrier for `parties` tasks.
    ///
    /// # Panics
    /// If `parties` is zero.
    ///
    /// ```
    /// assert_eq!(aio_sync::Barrier::new(3).parties(), 3);
    /// ```
    pub fn new(parties: usize) -> Self {
        assert!(parties > 0, "a Barrier needs at least one party");
        Self {
            cell: WaitCell::new(Phase {
                parties,
                arrived: 0,
                broken: false,
            }),
        }
    }

    /// Waits until `parties` tasks are waiting, then returns this task's place.
    ///
    /// # Errors
    /// [`BrokenBarrier`] if the barrier is or becomes broken (`abort`), or is
    /// reset while this task waits.
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let alone = aio_sync::Barrier::new(1);
    /// let result = alone.wait().await.unwrap();
    /// assert_eq!(result.index(), 0);
    /// assert!(result.is_leader());
    /// # });
    /// ```
    pub fn wait(&self) -> BarrierWait<'_> {
        BarrierWait {
            barrier: self,
            slot: WaitSlot::default(),
        }
    }

    /// Breaks the barrier: every waiter and every later `wait` gets
    /// [`BrokenBarrier`], until [`reset`](Barrier::reset).
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let barrier = aio_sync::Barrier::new(2);
    /// barrier.abort();
    /// assert!(barrier.is_broken());
    /// assert!(barrier.wait().await.is_err());
    /// # });
    /// ```
    pub fn abort(&self) {
        let mut shared = self.cell.lock();
        shared.state.broken = true;
        Self::break_phase(&mut shared);
    }

    /// Returns the barrier to its initial, unbroken state; tasks waiting in
    /// the current phase get [`BrokenBarrier`].
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let barrier = aio_sync::Barrier::new(1);
    /// barrier.abort();
    /// barrier.reset();
    /// assert!(!barrier.is_broken());
    /// assert!(barrier.wait().await.is_ok());
    /// # });
    /// ```
    pub fn reset(&self) {
        let mut shared = self.cell.lock();
        shared.state.broken = false;
        Self::break_phase(&mut shared);
    }

    /// How many tasks wait in the current phase.
    ///
    /// ```
    /// assert_eq!(aio_sync::Barrier::new(2).n_waiting(), 0);
    /// ```
    pub fn n_waiting(&self) -> usize {
        self.cell.lock().state.arrived
    }

    /// How many tasks each phase needs.
    ///
    /// ```
    /// assert_eq!(aio_sync::Barrier::new(5).parties(), 5);
    /// ```
    pub fn parties(&self) -> usize {
        self.cell.lock().state.parties
    }

    /// Whether the barrier is broken (by [`abort`](Barrier::abort)).
    ///
    /// ```
    /// assert!(!aio_sync::Barrier::new(1).is_broken());
    /// ```
    pub fn is_broken(&self) -> bool {
        self.cell.lock().state.broken
    }

    // ANCHOR: barrier_break_phase
    fn break_phase(shared: &mut Shared<Phase, Outcome>) {
        shared.state.arrived = 0;
        shared
            .waiters
            .notify_many(usize::MAX, |_| Err(BrokenBarrier { _private: () }));
    }
    // ANCHOR_END: barrier_break_phase

    // ANCHOR: barrier_complete_phase
    /// Called by the task whose arrival completes the phase: releases the
    /// others with their indices and starts the next phase.
    fn complete_phase(shared: &mut Shared<Phase, Outcome>) -> BarrierWaitResult {
        let parties = shared.state.parties;
        shared.state.arrived = 0;
        // Everyone waiting is of this phase (earlier phases were notified,
        // and departed waiters left the list), oldest first.
        shared.waiters.notify_many(parties - 1, |index| {
            Ok(BarrierWaitResult {
                index,
                leader: false,
            })
        });
        BarrierWaitResult {
            index: parties - 1,
            leader: true,
        }
    }
    // ANCHOR_END: barrier_complete_phase
}

impl fmt::Debug for Barrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("Barrier")
            .field("parties", &shared.state.parties)
            .field("n_waiting", &shared.state.arrived)
            .field("broken", &shared.state.broken)
            .finish()
    }
}

/// A task's place in a completed phase of a [`Barrier`].
///
/// ```
/// # futures::executor::block_on(async {
/// let result = aio_sync::Barrier::new(1).wait().await.unwrap();
/// assert_eq!((result.index(), result.is_leader()), (0, true));
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierWaitResult {
    index: usize,
    leader: bool,
}

impl BarrierWaitResult {
    /// The order of arrival in the phase, `0..parties`: asyncio's return value.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// assert_eq!(aio_sync::Barrier::new(1).wait().await.unwrap().index(), 0);
    /// # });
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// `true` for exactly one task per phase: the last to arrive.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// assert!(aio_sync::Barrier::new(1).wait().await.unwrap().is_leader());
    /// # });
    /// ```
    pub fn is_leader(&self) -> bool {
        self.leader
    }
}

/// The barrier was aborted, or reset while this task waited: Python's
/// `asyncio.BrokenBarrierError`.
///
/// ```
/// # futures::executor::block_on(async {
/// let barrier = aio_sync::Barrier::new(2);
/// barrier.abort();
/// let error = barrier.wait().await.unwrap_err();
/// assert_eq!(error.to_string(), "the barrier is broken (aborted, or reset while waiting)");
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenBarrier {
    _private: (),
}

impl fmt::Display for BrokenBarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the barrier is broken (aborted, or reset while waiting)")
    }
}

impl Error for BrokenBarrier {}

/// The future of [`Barrier::wait`].
#[must_use = "futures do nothing unless awaited"]
pub struct BarrierWait<'a> {
    barrier: &'a Barrier,
    slot: WaitSlot,
}

// ANCHOR: barrier_wait_poll
impl Future for BarrierWait<'_> {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.get_mut();
        this.barrier.cell.poll_wait(
            &mut this.slot,
            cx,
            |shared, _| {
                if shared.state.broken {
                    return Some(Err(BrokenBarrier { _private: () }));
                }
                shared.state.arrived += 1;
                if shared.state.arrived == shared.state.parties {
                    // Our own entry is the newest; notify_many reaches only
                    // the parties - 1 ahead of it.
                    Some(Ok(Barrier::complete_phase(shared)))
                } else {
                    None
                }
            },
            |_, outcome| outcome,
        )
    }
}
// ANCHOR_END: barrier_wait_poll

// ANCHOR: barrier_wait_drop
impl Drop for BarrierWait<'_> {
    fn drop(&mut self) {
        self.barrier.cell.cancel(&mut self.slot, |shared, removed| {
            if removed == Removed::Waiting {
                // Left before the phase completed: no longer counts.
                shared.state.arrived -= 1;
            }
        });
    }
}
// ANCHOR_END: barrier_wait_drop

impl fmt::Debug for BarrierWait<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BarrierWait")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
