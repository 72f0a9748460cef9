//! # Exercise 07: count unfinished work with `task_done` and `join`
//!
//! Read first: "Queues" (`book/src/queue/index.md`), the producer-consumer
//! pattern and "How it is built" (the last two snippets), and the wait list
//! (`book/src/sync/wait-list.md`, module `aio_sync::wait_list`).
//!
//! [`WorkQueue`] is a small unbounded queue whose `put` and `get` are
//! given. It keeps two counters besides its items: `unfinished` (every
//! `put` adds one) and `taken` (every `get` adds one: items handed out and
//! not yet marked done). Finish the two methods that make asyncio's
//! producer-consumer pattern work:
//!
//! - [`WorkQueue::task_done`]: a consumer finished one item it took. Take one
//!   off `taken` and off `unfinished`; when `unfinished` reaches zero, wake
//!   *every* joiner (`shared.waiters.notify_many(usize::MAX, |_| ())`). If no
//!   taken item is left to mark, change nothing and return
//!   `Err(TaskDoneError)` (asyncio raises `ValueError`; `aio_queue` returns
//!   its `TaskDoneError`).
//! - [`Join`]'s `poll`: ready at once if nothing is unfinished; otherwise
//!   wait until `task_done` brings the count to zero. Use
//!   [`WaitCell::poll_wait`]: it registers, re-checks with your `ready`
//!   closure, and later turns the notification into the result. (`Join`'s
//!   `Drop`, which leaves the list when a joiner is cancelled, is given.)
//!
//! Note that an empty queue is not "done": the last item may have been
//! taken and still be in the works.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex07`.

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
        todo!(
            "exercise 07: refuse when nothing taken is left, count down, notify every joiner at zero"
        )
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
        let _ = (self, cx);
        todo!("exercise 07: poll_wait with a re-check `unfinished == 0`")
    }
}

impl<T> Drop for Join<'_, T> {
    /// Given: a cancelled joiner leaves the list; it holds nothing to pass on.
    fn drop(&mut self) {
        self.queue.cell.cancel(&mut self.slot, |_, _| {});
    }
}
