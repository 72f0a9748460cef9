//! The state machine of a threaded task (see [`TaskState`]).

#[cfg(aio_shuttle)]
use shuttle::sync::atomic::{AtomicU8, Ordering::SeqCst};
#[cfg(not(aio_shuttle))]
use std::sync::atomic::{AtomicU8, Ordering::SeqCst};

const IDLE: u8 = 0;
const SCHEDULED: u8 = 1;
const RUNNING: u8 = 2;
const NOTIFIED: u8 = 3;
const DONE: u8 = 4;

/// The state machine of a [`ThreadedLoop`](crate::ThreadedLoop) task: at
/// most one worker polls a task at a time, and no wake-up is lost.
///
/// A waker may fire on any thread at any moment: before the task is polled,
/// while a worker polls it, or after. Four states (tokio's task header keeps
/// the same ones) say what a wake-up must do:
///
/// | state | a wake-up... | a worker... |
/// |---|---|---|
/// | `IDLE` | queues the task, and makes it `SCHEDULED` | - |
/// | `SCHEDULED` | does nothing: it is queued already | takes it: `RUNNING` |
/// | `RUNNING` | marks it `NOTIFIED` (a worker holds it: do not queue it twice) | after `Pending`: `IDLE`, or re-queues it if `NOTIFIED` |
/// | `NOTIFIED` | does nothing | re-queues it once its poll is over |
/// | `DONE` | does nothing | - |
///
/// Every transition is one compare-and-swap, so two threads never both
/// decide to queue the task, and a wake-up during a poll is never dropped.
///
/// # Examples
///
/// ```
/// use aio_loop::threaded::TaskState;
///
/// let state = TaskState::new_scheduled(); // spawned: already in the queue
/// assert!(!state.wake()); // queued already: nothing to do
/// state.start(); // a worker polls it...
/// assert!(!state.wake()); // ...a wake-up meanwhile only leaves a note
/// assert!(state.pending()); // the poll returned Pending: queue it again
/// state.start();
/// assert!(!state.pending()); // no wake-up this time: it goes idle
/// assert!(state.wake()); // the next wake-up queues it
/// ```
#[derive(Debug)]
pub struct TaskState(AtomicU8);

impl TaskState {
    /// A task that was just spawned, and queued by the spawner.
    pub fn new_scheduled() -> Self {
        TaskState(AtomicU8::new(SCHEDULED))
    }

    // ANCHOR: task_state_wake
    /// A waker fired. Returns true if the caller must queue the task.
    pub fn wake(&self) -> bool {
        let mut current = self.0.load(SeqCst);
        loop {
            let next = match current {
                IDLE => SCHEDULED,
                RUNNING => NOTIFIED,
                _ => return false,
            };
            match self.0.compare_exchange(current, next, SeqCst, SeqCst) {
                Ok(_) => return current == IDLE,
                Err(actual) => current = actual,
            }
        }
    }
    // ANCHOR_END: task_state_wake

    /// A worker took the task from the queue and is about to poll it.
    pub fn start(&self) {
        self.0.store(RUNNING, SeqCst);
    }

    // ANCHOR: task_state_pending
    /// The poll returned `Pending`. Returns true if the task was woken during
    /// the poll and the caller must queue it again.
    pub fn pending(&self) -> bool {
        match self.0.compare_exchange(RUNNING, IDLE, SeqCst, SeqCst) {
            Ok(_) => false,
            Err(_) => {
                // NOTIFIED: only this worker may move it on from here.
                self.0.store(SCHEDULED, SeqCst);
                true
            }
        }
    }
    // ANCHOR_END: task_state_pending

    /// A deliberately broken [`pending`](Self::pending) that forgets a
    /// wake-up that came during the poll: the model test must catch it.
    #[cfg(aio_shuttle)]
    #[doc(hidden)]
    pub fn pending_forgetting_wakeups(&self) -> bool {
        self.0.store(IDLE, SeqCst);
        false
    }

    /// The task finished (or was dropped): wake-ups are ignored from now on.
    pub fn finish(&self) {
        self.0.store(DONE, SeqCst);
    }

    /// True once [`finish`](Self::finish) was called.
    pub fn is_done(&self) -> bool {
        self.0.load(SeqCst) == DONE
    }
}
