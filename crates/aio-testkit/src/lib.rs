//! Test helpers shared by the crates of the workspace, so that every crate
//! tests its primitives the same way:
//!
//! - [`TestTask`], [`WakeLog`], [`poll_once`]: drive one future poll by poll
//!   with a waker of its own that logs its name when woken, so a test can
//!   assert *who* was woken, in which order, and cancel a waiter by dropping
//!   its task. No executor, no timing.
//! - [`Spawn`], [`under_every_executor!`]: one scenario run under
//!   `futures::executor` and under tokio's two runtimes, the proof that a
//!   primitive needs nothing but `Waker`.
//! - [`XorShift`], [`maybe_cancelled`], [`join_every`]: the random
//!   cancellation of the stress tests on tokio's multi-threaded runtime, with
//!   choices that are the same on every run.
//!
//! ```
//! use aio_testkit::{TestTask, WakeLog};
//!
//! let log = WakeLog::new();
//! let (sender, receiver) = futures::channel::oneshot::channel::<u8>();
//! let mut waiter = TestTask::new("waiter", receiver, &log);
//! waiter.assert_pending();
//! sender.send(7).unwrap();
//! assert_eq!(log.take(), ["waiter"]);
//! assert_eq!(waiter.assert_ready(), Ok(7));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod executors;
#[cfg(aio_shuttle)]
pub mod models;
mod poll;
mod stress;

pub use executors::{
    Job, Spawn, on_block_on, on_local_pool, on_tokio_current_thread, on_tokio_multi_thread,
    within_a_minute, yield_now,
};
pub use poll::{CountingWaker, TestTask, WakeLog, poll_once};
pub use stress::{XorShift, join_every, maybe_cancelled, yield_times};
