//! The queue's errors. Each one that refuses an item hands it back.

use std::error::Error;
use std::fmt;

/// Why [`put_nowait`](crate::GenericQueue::put_nowait) refused an item; the
/// item comes back inside. asyncio raises `QueueFull` or `QueueShutDown`.
///
/// ```
/// let queue = aio_queue::Queue::bounded(1);
/// queue.put_nowait("first").unwrap();
/// let refused = queue.put_nowait("second").unwrap_err();
/// assert!(matches!(refused, aio_queue::PutError::QueueFull(_)));
/// assert_eq!(refused.into_item(), "second");
/// ```
// ANCHOR: put_error
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PutError<T> {
    /// The queue holds `maxsize` items (or putters already wait for room).
    QueueFull(T),
    /// The queue was shut down: it accepts nothing more.
    QueueShutDown(T),
}
// ANCHOR_END: put_error

impl<T> PutError<T> {
    /// The refused item.
    ///
    /// ```
    /// let queue = aio_queue::Queue::<u8>::unbounded();
    /// queue.shutdown(false);
    /// assert_eq!(queue.put_nowait(7).unwrap_err().into_item(), 7);
    /// ```
    // ANCHOR: put_error_into_item
    pub fn into_item(self) -> T {
        match self {
            Self::QueueFull(item) | Self::QueueShutDown(item) => item,
        }
    }
    // ANCHOR_END: put_error_into_item
}

impl<T> fmt::Debug for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QueueFull(_) => f.write_str("QueueFull(..)"),
            Self::QueueShutDown(_) => f.write_str("QueueShutDown(..)"),
        }
    }
}

impl<T> fmt::Display for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QueueFull(_) => f.write_str("the queue is full (the item is handed back)"),
            Self::QueueShutDown(_) => {
                f.write_str("the queue is shut down (the item is handed back)")
            }
        }
    }
}

impl<T> Error for PutError<T> {}

/// Why [`get_nowait`](crate::GenericQueue::get_nowait) returned nothing:
/// asyncio's `QueueEmpty` or `QueueShutDown`.
///
/// ```
/// let queue = aio_queue::Queue::<u8>::unbounded();
/// assert_eq!(queue.get_nowait(), Err(aio_queue::GetError::QueueEmpty));
/// queue.shutdown(false);
/// assert_eq!(queue.get_nowait(), Err(aio_queue::GetError::QueueShutDown));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetError {
    /// Nothing is queued right now.
    QueueEmpty,
    /// The queue was shut down and holds nothing more.
    QueueShutDown,
}

impl fmt::Display for GetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QueueEmpty => f.write_str("the queue is empty"),
            Self::QueueShutDown => f.write_str("the queue is shut down and empty"),
        }
    }
}

impl Error for GetError {}

/// A [`put`](crate::GenericQueue::put) found, or was woken by, a shut-down
/// queue; the item comes back inside. (A [`get`](crate::GenericQueue::get)
/// that finds the queue shut down and empty reports `QueueShutDown<()>`.)
///
/// ```
/// # futures::executor::block_on(async {
/// let queue = aio_queue::Queue::unbounded();
/// queue.shutdown(false);
/// let refused = queue.put("late").await.unwrap_err();
/// assert_eq!(refused.0, "late");
/// assert!(queue.get().await.is_err());
/// # });
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct QueueShutDown<T = ()>(pub T);

impl<T> fmt::Debug for QueueShutDown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QueueShutDown(..)")
    }
}

impl<T> fmt::Display for QueueShutDown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the queue is shut down")
    }
}

impl<T> Error for QueueShutDown<T> {}

/// [`task_done`](crate::GenericQueue::task_done) was called more times than
/// items were taken: asyncio's `ValueError('task_done() called too many times')`.
///
/// ```
/// let queue = aio_queue::Queue::<u8>::unbounded();
/// let error = queue.task_done().unwrap_err();
/// assert_eq!(error.to_string(), "task_done() called more times than items were taken");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskDoneError {
    pub(crate) _private: (),
}

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called more times than items were taken")
    }
}

impl Error for TaskDoneError {}
