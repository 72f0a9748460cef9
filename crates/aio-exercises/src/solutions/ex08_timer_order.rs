//! Reference solution of exercise 08 (see the exercise file for the task).

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
    /// Timers due at the same time run in the order they were scheduled.
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
        // Reversed (other before self): BinaryHeap is a max-heap.
        (other.when, other.seq).cmp(&(self.when, self.seq))
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
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Timer {
            when,
            seq,
            callback,
        });
        self.pending.insert(seq);
        TimerId(seq)
    }

    /// Cancels a pending timer: true; false if it already ran or was
    /// cancelled before.
    pub fn cancel(&mut self, id: TimerId) -> bool {
        // The entry stays in the heap (removing it would be O(n)); pop_due
        // and next_when skip it when it reaches the head.
        self.pending.remove(&id.0)
    }

    /// The earliest timer due at `now` (`when <= now`), skipping cancelled
    /// ones; `None` if nothing is due yet.
    pub fn pop_due(&mut self, now: Duration) -> Option<C> {
        while self.heap.peek().is_some_and(|timer| timer.when <= now) {
            let timer = self.heap.pop().expect("peeked");
            if self.pending.remove(&timer.seq) {
                return Some(timer.callback);
            }
        }
        None
    }

    /// When the earliest pending timer is due; drops cancelled timers that
    /// reached the head.
    pub fn next_when(&mut self) -> Option<Duration> {
        while let Some(timer) = self.heap.peek() {
            if self.pending.contains(&timer.seq) {
                return Some(timer.when);
            }
            self.heap.pop();
        }
        None
    }

    /// How many timers are pending.
    pub fn len(&self) -> usize {
        self.pending.len()
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
