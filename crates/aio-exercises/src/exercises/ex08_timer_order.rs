//! # Exercise 08: order timers by time, then by scheduling order
//!
//! Read first: "Time and timers" (`book/src/loop/timers.md`), "How it is
//! built".
//!
//! An event loop keeps its `call_later`/`call_at` callbacks in a timer
//! queue and, on every iteration, pops the ones that are due. Build that
//! queue, [`TimerQueue`], on a `std::collections::BinaryHeap`:
//!
//! - [`schedule`](TimerQueue::schedule) adds a callback due at `when` (a
//!   time on the loop's clock, here a `Duration` since the loop started)
//!   and returns its [`TimerId`];
//! - [`pop_due`](TimerQueue::pop_due) returns the earliest timer whose
//!   `when <= now`, or `None` if none is due yet. Timers due at the *same*
//!   time come out in the order they were scheduled: give every timer a
//!   sequence number and order by `(when, seq)`. `BinaryHeap` is a
//!   max-heap, so reverse the comparison in `Timer`'s `Ord`;
//! - [`cancel`](TimerQueue::cancel) cancels a pending timer (true), or
//!   reports that it already ran or was cancelled (false). Removing from the
//!   middle of a heap is O(n): leave the entry and skip it when it reaches
//!   the head, as the loop does;
//! - [`next_when`](TimerQueue::next_when): when the earliest timer that
//!   is still pending is due (the loop sleeps until then);
//!   [`len`](TimerQueue::len): how many timers are pending.
//!
//! The private fields below are a suggestion; change them as you like.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex08`.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::fmt;
use std::time::Duration;

/// Names one scheduled timer, for [`TimerQueue::cancel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerId(u64);

/// A callback waiting in the heap for its time.
struct Timer<C> {
    when: Duration,
    seq: u64,
    callback: C,
}

impl<C> PartialEq for Timer<C> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<C> Eq for Timer<C> {}

impl<C> PartialOrd for Timer<C> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<C> Ord for Timer<C> {
    /// The heap pops the greatest element: make that the earliest timer,
    /// and of two due at the same time, the one scheduled first.
    fn cmp(&self, other: &Self) -> Ordering {
        let _ = (other, self.when, self.seq, &self.callback);
        todo!("exercise 08: compare (when, seq), reversed")
    }
}

/// Timers ordered by due time, then by scheduling order (asyncio's
/// `loop._scheduled` heap).
pub struct TimerQueue<C> {
    heap: BinaryHeap<Timer<C>>,
    next_seq: u64,
    /// The sequence numbers of the timers still pending (not run, not cancelled).
    pending: HashSet<u64>,
}

impl<C> TimerQueue<C> {
    /// An empty queue.
    pub fn new() -> Self {
        TimerQueue {
            heap: BinaryHeap::new(),
            next_seq: 0,
            pending: HashSet::new(),
        }
    }

    /// Schedules `callback` to be due at `when`.
    pub fn schedule(&mut self, when: Duration, callback: C) -> TimerId {
        let _ = (when, callback, &mut self.heap, &mut self.next_seq);
        todo!("exercise 08: push a Timer with the next sequence number")
    }

    /// Cancels a pending timer: true; false if it already ran or was
    /// cancelled before.
    pub fn cancel(&mut self, id: TimerId) -> bool {
        let _ = (id, &mut self.pending);
        todo!("exercise 08: forget the timer; leave it in the heap")
    }

    /// The earliest timer due at `now` (`when <= now`), skipping cancelled
    /// ones; `None` if nothing is due yet.
    pub fn pop_due(&mut self, now: Duration) -> Option<C> {
        let _ = now;
        todo!("exercise 08: pop while the head is due; return the first one still pending")
    }

    /// When the earliest pending timer is due; drops cancelled timers that
    /// reached the head.
    pub fn next_when(&mut self) -> Option<Duration> {
        todo!("exercise 08: drop cancelled heads, then peek")
    }

    /// How many timers are pending.
    pub fn len(&self) -> usize {
        todo!("exercise 08: count the pending timers, not the heap")
    }

    /// True if no timer is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<C> Default for TimerQueue<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> fmt::Debug for TimerQueue<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimerQueue")
            .field("in_heap", &self.heap.len())
            .field("pending", &self.pending.len())
            .finish()
    }
}
