//! `Task`: a future driven by the loop. A task is a callback that polls.
//!
//! asyncio's `Task.__step` sends a value into the coroutine; when the
//! coroutine awaits a future that is not done, the task adds `__wakeup` as
//! that future's done callback, and `__wakeup` calls `loop.call_soon(__step)`.
//! Rust's version of "tell me when to try again" is the `Waker`: the task's
//! waker posts "poll task N" to the loop, and on its next iteration the loop
//! runs that entry like any other ready callback. Nothing else schedules a
//! task: no task is ever polled without having been woken.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::task::{Context, Poll, Wake, Waker};

use crate::error::FutureError;
use crate::future::LoopFuture;
use crate::handle::Origin;
use crate::inbox::{Inbox, Message};

/// Names a task in the loop's slab; the generation tells a stale wake-up (for
/// a finished task whose slot was reused) from a live one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskKey {
    index: u32,
    generation: u32,
}

/// The `Waker` of one task: waking it posts "poll task N" to the loop's
/// inbox, at most once until the task has been polled again.
pub(crate) struct TaskWaker {
    key: TaskKey,
    scheduled: AtomicBool,
    inbox: Weak<Inbox>,
}

impl TaskWaker {
    /// The task is about to be polled: a wake-up from now on schedules it again.
    pub(crate) fn clear(&self) {
        self.scheduled.store(false, Ordering::SeqCst);
    }

    /// Marks it scheduled; false if it already was.
    pub(crate) fn mark_scheduled(&self) -> bool {
        !self.scheduled.swap(true, Ordering::SeqCst)
    }
}

// ANCHOR: task_waker
impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.mark_scheduled()
            && let Some(inbox) = self.inbox.upgrade()
        {
            // A closed loop drops the wake-up with the task.
            let _ = inbox.post(Message::Wake(self.key));
        }
    }
}
// ANCHOR_END: task_waker

/// What the loop needs from a task without knowing its output type.
pub(crate) trait TaskControl {
    fn cancel_requested(&self) -> bool;
    /// Ends the task without an output: cancelled, or panicked.
    fn fail(&self, error: FutureError);
}

/// A task as the loop stores it.
pub(crate) struct TaskSlot {
    pub(crate) future: Pin<Box<dyn Future<Output = ()>>>,
    pub(crate) waker_state: Arc<TaskWaker>,
    pub(crate) waker: Waker,
    pub(crate) control: Rc<dyn TaskControl>,
    pub(crate) origin: Origin,
}

struct Entry {
    generation: u32,
    slot: Option<TaskSlot>,
    /// In use: the slot is either here or out being polled.
    live: bool,
}

/// The loop's tasks, by index, with a free list.
#[derive(Default)]
pub(crate) struct TaskSlab {
    entries: Vec<Entry>,
    free: Vec<u32>,
    live: usize,
}

impl TaskSlab {
    /// Reserves a key for a task about to be built.
    pub(crate) fn vacant_key(&mut self) -> TaskKey {
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                self.entries.push(Entry {
                    generation: 0,
                    slot: None,
                    live: false,
                });
                u32::try_from(self.entries.len() - 1).expect("fewer than 2^32 tasks")
            }
        };
        let entry = &mut self.entries[index as usize];
        entry.live = true;
        self.live += 1;
        TaskKey {
            index,
            generation: entry.generation,
        }
    }

    /// Takes a live task out to poll it; `None` for a stale key.
    pub(crate) fn take(&mut self, key: TaskKey) -> Option<TaskSlot> {
        let entry = self.entries.get_mut(key.index as usize)?;
        if entry.generation != key.generation {
            return None;
        }
        entry.slot.take()
    }

    pub(crate) fn put(&mut self, key: TaskKey, slot: TaskSlot) {
        let entry = &mut self.entries[key.index as usize];
        debug_assert_eq!(entry.generation, key.generation);
        entry.slot = Some(slot);
    }

    /// The task finished: its key goes stale, its index is reused.
    pub(crate) fn release(&mut self, key: TaskKey) {
        let entry = &mut self.entries[key.index as usize];
        if entry.generation == key.generation && entry.live {
            entry.live = false;
            entry.slot = None;
            entry.generation = entry.generation.wrapping_add(1);
            self.free.push(key.index);
            self.live -= 1;
        }
    }

    /// Number of unfinished tasks.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Removes every task (the loop is closing); the caller drops them.
    pub(crate) fn drain(&mut self) -> Vec<TaskSlot> {
        let slots = self
            .entries
            .iter_mut()
            .filter_map(|e| e.slot.take())
            .collect();
        self.entries.clear();
        self.free.clear();
        self.live = 0;
        slots
    }

    pub(crate) fn new_waker(key: TaskKey, inbox: Weak<Inbox>) -> Arc<TaskWaker> {
        Arc::new(TaskWaker {
            key,
            scheduled: AtomicBool::new(true),
            inbox,
        })
    }
}

/// The state a [`Task`] handle shares with the loop's slot.
pub(crate) struct TaskShared<T> {
    pub(crate) future: LoopFuture<T>,
    cancel_requested: Cell<bool>,
    waker: Waker,
    origin: Origin,
}

impl<T: 'static> TaskShared<T> {
    pub(crate) fn new(future: LoopFuture<T>, waker: Waker, origin: Origin) -> Self {
        TaskShared {
            future,
            cancel_requested: Cell::new(false),
            waker,
            origin,
        }
    }
}

impl<T: 'static> TaskControl for TaskShared<T> {
    fn cancel_requested(&self) -> bool {
        self.cancel_requested.get()
    }

    fn fail(&self, error: FutureError) {
        let _ = self.future.complete(Err(error));
    }
}

/// A future the loop drives to completion (asyncio's `asyncio.Task`, made by
/// [`EventLoop::create_task`](crate::EventLoop::create_task)).
///
/// The task starts on the loop's next iteration whether or not anyone
/// awaits it. Awaiting the handle gives the future's output, or
/// [`FutureError::Cancelled`] / [`FutureError::Panicked`]. Dropping the
/// handle detaches the task: it keeps running (unlike dropping a plain
/// future, which cancels it).
///
/// # Cancel safety
///
/// [`cancel`](Self::cancel) drops the task's future at its next await
/// point, on the loop's next iteration: the `Drop` of whatever it holds is
/// its cleanup (Rust has no `CancelledError` to catch). A task that
/// finishes in the step where it was cancelled keeps its output.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_loop::{EventLoop, FutureError};
///
/// let lp = EventLoop::new()?;
/// let slow = lp.create_task(async {
///     aio_loop::sleep(Duration::from_secs(60)).await;
///     "never"
/// })?;
/// let quick = lp.create_task(async { 6 * 7 })?;
/// let main = {
///     let slow = slow.clone();
///     async move {
///         let answer = quick.await.unwrap();
///         slow.cancel();
///         (answer, slow.await)
///     }
/// };
/// let (answer, slow_result) = lp.run_until_complete(main)?;
/// assert_eq!(answer, 42);
/// assert_eq!(slow_result, Err(FutureError::Cancelled));
/// assert!(slow.is_cancelled());
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub struct Task<T> {
    shared: Rc<TaskShared<T>>,
}

impl<T> Clone for Task<T> {
    fn clone(&self) -> Self {
        Task {
            shared: self.shared.clone(),
        }
    }
}

impl<T: 'static> Task<T> {
    pub(crate) fn new(shared: Rc<TaskShared<T>>) -> Self {
        Task { shared }
    }

    // ANCHOR: task_cancel
    /// Asks the loop to drop the task's future at its next await point.
    /// Returns false if the task is already done.
    pub fn cancel(&self) -> bool {
        if self.is_done() {
            return false;
        }
        self.shared.cancel_requested.set(true);
        self.shared.waker.wake_by_ref();
        true
    }
    // ANCHOR_END: task_cancel

    /// True once the task finished, failed or was cancelled.
    pub fn is_done(&self) -> bool {
        self.shared.future.is_done()
    }

    /// True if the task ended by cancellation.
    pub fn is_cancelled(&self) -> bool {
        self.shared.future.is_cancelled()
    }

    /// Where the task was created, and its future's type.
    pub fn origin(&self) -> Origin {
        self.shared.origin
    }

    /// Schedules `callback` for when the task is done (see
    /// [`LoopFuture::add_done_callback`]).
    #[track_caller]
    pub fn add_done_callback<F: FnOnce(&LoopFuture<T>) + 'static>(&self, callback: F) {
        self.shared.future.add_done_callback(callback);
    }

    pub(crate) fn poll_output(&self, cx: &mut Context<'_>) -> Poll<Result<T, FutureError>> {
        self.shared.future.poll_take(cx)
    }
}

impl<T: Clone + 'static> Task<T> {
    /// The task's output, a copy of it; [`FutureError::InvalidState`] if it
    /// is not done yet or the output was moved out by awaiting the task.
    pub fn result(&self) -> Result<T, FutureError> {
        self.shared.future.result()
    }
}

impl<T: 'static> Future for Task<T> {
    type Output = Result<T, FutureError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.poll_output(cx)
    }
}

impl<T> fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Task")
            .field("origin", &self.shared.origin)
            .field("future", &self.shared.future)
            .finish()
    }
}
