//! The timer heap both loops share: timers ordered by `(when, seq)`, with
//! asyncio's rule for cancelled timers.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;
use std::time::Instant;

use crate::handle::HandleState;

/// asyncio compacts the timer heap only when it holds at least this many
/// timers (`_MIN_SCHEDULED_TIMER_HANDLES`) and more than half of them are
/// cancelled (`_MIN_CANCELLED_TIMER_HANDLES_FRACTION`).
const MIN_TIMERS_TO_COMPACT: usize = 100;

// ANCHOR: timer_struct
/// A callback waiting in the heap for its time.
struct Timer<C> {
    when: Instant,
    /// Timers due at the same instant run in the order they were scheduled.
    seq: u64,
    handle: Arc<HandleState>,
    callback: C,
}
// ANCHOR_END: timer_struct

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

// ANCHOR: timer_ord
impl<C> Ord for Timer<C> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest timer.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.when, other.seq).cmp(&(self.when, self.seq))
    }
}
// ANCHOR_END: timer_ord

/// A min-heap of timers. `C` is the callback type: `Box<dyn FnOnce()>` on
/// the single-threaded loop, `Box<dyn FnOnce() + Send>` on the threaded one.
pub(crate) struct TimerHeap<C> {
    heap: BinaryHeap<Timer<C>>,
    next_seq: u64,
}

impl<C> Default for TimerHeap<C> {
    fn default() -> Self {
        TimerHeap {
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }
}

/// How many timers in a heap were cancelled: `TimerHandle::cancel` adds one
/// (from any thread), the heap takes them off as it drops them. A hint for
/// compaction, not an invariant: a timer cancelled while the loop pops it
/// may be counted late, so it saturates at zero.
pub(crate) fn forget_cancelled(count: &std::sync::atomic::AtomicUsize, n: usize) {
    use std::sync::atomic::Ordering::SeqCst;
    let _ = count.fetch_update(SeqCst, SeqCst, |c| Some(c.saturating_sub(n)));
}

impl<C> TimerHeap<C> {
    pub(crate) fn push(&mut self, when: Instant, handle: Arc<HandleState>, callback: C) {
        handle.set_scheduled(true);
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Timer {
            when,
            seq,
            handle,
            callback,
        });
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }

    /// When the earliest timer is due.
    pub(crate) fn next_when(&self) -> Option<Instant> {
        self.heap.peek().map(|timer| timer.when)
    }

    /// Drops cancelled timers from the head of the heap, and every cancelled
    /// timer when they are more than half of a large heap (asyncio's rule:
    /// a heap full of cancelled timers costs memory and `log n` per push).
    // ANCHOR: drop_cancelled_timers
    pub(crate) fn drop_cancelled(&mut self, cancelled: &std::sync::atomic::AtomicUsize) {
        while self
            .heap
            .peek()
            .is_some_and(|timer| timer.handle.is_cancelled())
        {
            let timer = self.heap.pop().expect("peeked");
            timer.handle.set_scheduled(false);
            forget_cancelled(cancelled, 1);
        }
        let len = self.heap.len();
        let count = cancelled.load(std::sync::atomic::Ordering::SeqCst);
        if len > MIN_TIMERS_TO_COMPACT && count * 2 > len {
            let mut removed = 0;
            self.heap.retain(|timer| {
                let keep = !timer.handle.is_cancelled();
                if !keep {
                    timer.handle.set_scheduled(false);
                    removed += 1;
                }
                keep
            });
            forget_cancelled(cancelled, removed);
        }
    }
    // ANCHOR_END: drop_cancelled_timers

    /// Pops every timer due at `now`, in `(when, seq)` order, and hands the
    /// ones not cancelled to `ready`.
    pub(crate) fn pop_due(
        &mut self,
        now: Instant,
        cancelled: &std::sync::atomic::AtomicUsize,
        mut ready: impl FnMut(Arc<HandleState>, C),
    ) {
        while self.heap.peek().is_some_and(|timer| timer.when <= now) {
            let timer = self.heap.pop().expect("peeked");
            timer.handle.set_scheduled(false);
            if timer.handle.is_cancelled() {
                forget_cancelled(cancelled, 1);
            } else {
                ready(timer.handle, timer.callback);
            }
        }
    }

    /// Empties the heap (the loop is closing); the caller drops the result.
    pub(crate) fn take_all(&mut self) -> Vec<(Arc<HandleState>, C)> {
        std::mem::take(&mut self.heap)
            .into_vec()
            .into_iter()
            .map(|timer| (timer.handle, timer.callback))
            .collect()
    }
}
