//! asyncio's synchronization primitives, rebuilt in small, safe,
//! runtime-agnostic Rust on one FIFO wait list.
//!
//! | asyncio | here | tokio |
//! |---|---|---|
//! | `asyncio.Lock` | [`Lock`] (owns the value it protects) | `tokio::sync::Mutex` |
//! | `asyncio.Event` | [`Event`] | `tokio::sync::Notify`, `watch` |
//! | `asyncio.Condition` | [`Condition`] (notify needs the guard) | none |
//! | `asyncio.Semaphore` | [`Semaphore`] | `tokio::sync::Semaphore` |
//! | `asyncio.BoundedSemaphore` | [`BoundedSemaphore`] | none |
//! | `asyncio.Barrier` | [`Barrier`] | `tokio::sync::Barrier` |
//!
//! Every primitive keeps its state and a FIFO list of waiters behind one
//! `std::sync::Mutex`, and every waiting future goes through the same
//! protocol (register, re-check, wait: see the crate's `wait_list.rs`). So all
//! of them share three properties:
//!
//! - **FIFO-fair**: waiters are served in the order they began to wait, and
//!   newcomers cannot barge past them.
//! - **Cancel-safe**: dropping a waiting future removes it from the queue; a
//!   future that had been handed the lock, a permit or a notification and is
//!   dropped before it returned passes it on. Nothing is lost or duplicated.
//! - **Runtime-agnostic**: only `std` and `Waker`. They run under tokio,
//!   `futures::executor`, or any executor.
//!
//! Misuse that asyncio reports with an exception is an `Err` here
//! ([`TooManyReleases`], [`BrokenBarrier`]), or does not compile (notifying a
//! [`Condition`] without holding its lock).
//!
//! ```
//! use aio_sync::{Lock, Semaphore};
//!
//! # futures::executor::block_on(async {
//! let counter = Lock::new(0);
//! let limit = Semaphore::new(2);
//! let work = |_| async {
//!     let _permit = limit.acquire().await;
//!     *counter.lock().await += 1;
//! };
//! futures::future::join_all((0..10).map(work)).await;
//! assert_eq!(*counter.lock().await, 10);
//! # });
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod barrier;
mod bounded_semaphore;
#[cfg(any(aio_shuttle, aio_loom))]
#[doc(hidden)]
pub mod broken;
mod condition;
mod event;
mod lock;
mod semaphore;
mod sync;
pub mod wait_list;

pub use barrier::{Barrier, BarrierWait, BarrierWaitResult, BrokenBarrier};
pub use bounded_semaphore::{BoundedSemaphore, TooManyReleases};
pub use condition::{Condition, ConditionWait};
pub use event::{Event, EventWait};
pub use lock::{Lock, LockFuture, LockGuard};
pub use semaphore::{Acquire, Permit, Semaphore};
