//! Helpers for the deterministic queue tests: the workspace's poll-by-poll
//! test task (from `aio-testkit`: a waker that logs its name when woken, and
//! a task that owns one pinned future; dropping the task cancels it), and two
//! queue-specific checks.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use aio_queue::{GenericQueue, Store};
pub(crate) use aio_testkit::{TestTask, WakeLog};

/// Asserts that a bounded queue holds no more than its `maxsize`, and
/// returns its `qsize`.
#[track_caller]
pub(crate) fn checked_qsize<T, S: Store<T>>(queue: &GenericQueue<T, S>) -> usize {
    let qsize = queue.qsize();
    if let Some(max) = queue.maxsize() {
        assert!(qsize <= max, "qsize {qsize} above maxsize {max}");
    }
    qsize
}

/// Takes every item the queue hands out now, with `get_nowait`.
pub(crate) fn drain<T, S: Store<T>>(queue: &GenericQueue<T, S>) -> Vec<T> {
    std::iter::from_fn(|| queue.get_nowait().ok()).collect()
}
