//! asyncio's queues, rebuilt in safe, runtime-agnostic Rust on
//! [`aio_sync`]'s wait list.
//!
//! | asyncio | here | the ecosystem |
//! |---|---|---|
//! | `asyncio.Queue(maxsize)` | [`Queue`] (`unbounded()` / `bounded(n)`) | `async_channel`, `tokio::sync::mpsc` |
//! | `asyncio.PriorityQueue` | [`PriorityQueue`] (smallest first) | none |
//! | `asyncio.LifoQueue` | [`LifoQueue`] | none |
//! | `put` / `get` | [`put`](GenericQueue::put) / [`get`](GenericQueue::get) | `send` / `recv` |
//! | `put_nowait` / `get_nowait`, `QueueFull` / `QueueEmpty` | [`put_nowait`](GenericQueue::put_nowait) / [`get_nowait`](GenericQueue::get_nowait), [`PutError`] / [`GetError`] | `try_send` / `try_recv` |
//! | `task_done` / `join` | [`task_done`](GenericQueue::task_done) / [`join`](GenericQueue::join) | none |
//! | `shutdown(immediate)` (3.13), `QueueShutDown` | [`shutdown`](GenericQueue::shutdown), [`QueueShutDown`] | `close` |
//!
//! One [`GenericQueue`] does the waiting for all three; a small [`Store`]
//! trait decides the order ([`Fifo`], [`Priority`], [`Lifo`]). The queue keeps
//! its items, its counters and three lanes of waiters (getters, putters,
//! joiners) behind one lock, and follows the wait list's rules: FIFO among
//! getters and among putters, no barging, and cancel safety (an item handed
//! to a getter that is dropped comes back; nothing is lost or duplicated).
//! Errors that refuse an item hand it back.
//!
//! ```
//! use aio_queue::Queue;
//!
//! # futures::executor::block_on(async {
//! let queue = Queue::unbounded();
//! for word in ["never", "blocks", "the", "loop"] {
//!     queue.put_nowait(word).unwrap();
//! }
//! let mut words = Vec::new();
//! while let Ok(word) = queue.get_nowait() {
//!     words.push(word);
//! }
//! assert_eq!(words.join(" "), "never blocks the loop");
//! # });
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

#[cfg(aio_shuttle)]
#[doc(hidden)]
pub mod broken;
mod error;
mod queue;
mod store;

pub use error::{GetError, PutError, QueueShutDown, TaskDoneError};
pub use queue::{GenericQueue, Get, Join, LifoQueue, PriorityQueue, Put, Queue};
pub use store::{Fifo, Lifo, Priority, Store};
