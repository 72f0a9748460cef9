//! Reference solution of exercise 07 (see the exercise file for the task).

use std::collections::VecDeque;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use aio_sync::wait_list::{WaitCell, WaitSlot};

/// `task_done` was called more times than items were taken (asyncio's
/// `ValueError('task_done() called too many times')`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskDoneError;

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called more times than items were taken")
    }
}

impl Error for TaskDoneError {}

/// The queue's state, behind the wait cell's lock.
#[derive(Debug)]
struct Work<T> {
    items: VecDeque<T>,
    /// Items put and not yet marked done.
    unfinished: usize,
    /// Items taken and not yet marked done: what `task_done` may mark.
    taken: usize,
}

/// An unbounded queue that counts unfinished work (asyncio's `Queue`, its
/// `task_done` and `join` only). Safe to share between threads.
pub struct WorkQueue<T> {
    cell: WaitCell<Work<T>>,
}

impl<T> WorkQueue<T> {
    /// An empty queue with nothing unfinished.
    pub fn new() -> Self {
        WorkQueue {
            cell: WaitCell::new(Work {
                items: VecDeque::new(),
                unfinished: 0,
                taken: 0,
            }),
        }
    }

    /// Appends an item; it counts as unfinished until marked done. (Given.)
    pub fn put(&self, item: T) {
        let mut shared = self.cell.lock();
        shared.state.items.push_back(item);
        shared.state.unfinished += 1;
    }

    /// Takes the oldest item, if any; it stays unfinished. (Given.)
    pub fn get(&self) -> Option<T> {
        let mut shared = self.cell.lock();
        let item = shared.state.items.pop_front()?;
        shared.state.taken += 1;
        Some(item)
    }

    /// How many items were put and not yet marked done. (Given.)
    pub fn unfinished(&self) -> usize {
        self.cell.lock().state.unfinished
    }

    /// Marks one taken item as done; wakes every joiner when nothing is
    /// unfinished any more.
    ///
    /// # Errors
    /// [`TaskDoneError`] if no taken item is left to mark.
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut shared = self.cell.lock();
        if shared.state.taken == 0 {
            return Err(TaskDoneError);
        }
        shared.state.taken -= 1;
        shared.state.unfinished -= 1;
        if shared.state.unfinished == 0 {
            // Every joiner waits for the same event: wake them all. They run
            // after the guard is dropped (the cell wakes outside the lock).
            shared.waiters.notify_many(usize::MAX, |_| ());
        }
        Ok(())
    }

    /// Waits until every item put has been marked done. (Given: the work
    /// is in `Join`'s `poll`.)
    pub fn join(&self) -> Join<'_, T> {
        Join {
            queue: self,
            slot: WaitSlot::default(),
        }
    }
}

impl<T> Default for WorkQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for WorkQueue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("WorkQueue")
            .field("queued", &shared.state.items.len())
            .field("unfinished", &shared.state.unfinished)
            .finish()
    }
}

/// The future of [`WorkQueue::join`].
#[must_use = "futures do nothing unless awaited"]
#[derive(Debug)]
pub struct Join<'a, T> {
    queue: &'a WorkQueue<T>,
    slot: WaitSlot,
}

impl<T> Future for Join<'_, T> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.queue.cell.poll_wait(
            &mut this.slot,
            cx,
            // Re-checked after registering: a task_done that ran between the
            // caller's look and this lock is seen here, not lost.
            |shared, _| (shared.state.unfinished == 0).then_some(()),
            |_, ()| (),
        )
    }
}

impl<T> Drop for Join<'_, T> {
    /// Given: a cancelled joiner leaves the list; it holds nothing to pass on.
    fn drop(&mut self) {
        self.queue.cell.cancel(&mut self.slot, |_, _| {});
    }
}
