//! Running many tasks at once and staying in control: asyncio's `gather`,
//! `wait`, `as_completed`, `wait_for`, `timeout`, `TaskGroup` and `shield`,
//! on tokio, plus a detector for polls that block the executor.
//!
//! | asyncio | here | tokio / futures |
//! |---|---|---|
//! | `gather(*aws)` | [`gather`] | `futures::future::try_join_all` |
//! | `gather(*aws, return_exceptions=True)` | [`gather_settled`] | `futures::future::join_all` |
//! | `wait(aws, timeout, return_when)` | [`wait`], [`ReturnWhen`] | `FuturesUnordered` + `tokio::time::timeout` |
//! | `as_completed(aws, timeout)` | [`as_completed`] | `FuturesUnordered` |
//! | `wait_for(aw, timeout)` | [`wait_for`] | `tokio::time::timeout` |
//! | `async with timeout(delay) as cm: cm.reschedule(t)` | [`timeout`], [`TimeoutHandle::reschedule`] | `tokio::time::Sleep::reset` |
//! | `async with TaskGroup() as tg: tg.create_task(...)` | [`TaskGroup::run`], [`TaskGroup::spawn`] | `tokio::task::JoinSet` |
//! | `shield(aw)` | [`shield`] | `tokio::spawn` + a detached `JoinHandle` |
//! | `loop.slow_callback_duration` in debug mode | [`detect_blocking`] | `tokio-console` |
//! | seed 001's flags downloader: `Semaphore` + `as_completed` + `tqdm` | [`flags`] | `reqwest` + `FuturesUnordered` + `indicatif` |
//!
//! The one rule to carry over from asyncio and then unlearn: cancelling a
//! Rust future means dropping it. There is no `CancelledError` thrown into
//! it and nothing to catch; it simply never runs again, and its cleanup is
//! whatever its `Drop`s do. Every combinator here says what it drops when.
//!
//! ```
//! use std::time::Duration;
//! use tokio::time::sleep;
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let fetch = |ms: u64| async move {
//!     sleep(Duration::from_millis(ms)).await;
//!     Ok::<_, String>(ms)
//! };
//! let all = aio_tasks::wait_for(aio_tasks::gather([fetch(20), fetch(10)]), Duration::from_secs(1)).await;
//! assert_eq!(all, Ok(Ok(vec![20, 10])));
//! # }
//! ```
#![warn(missing_docs, missing_debug_implementations)]

mod as_completed;
mod blocking;
mod error;
pub mod flags;
mod gather;
mod shield;
mod task_group;
mod timeout;
mod wait;

pub use as_completed::{AsCompleted, as_completed};
pub use blocking::{DetectBlocking, SlowPoll, detect_blocking};
pub use error::TimeoutError;
pub use gather::{gather, gather_settled};
pub use shield::{Shielded, shield};
pub use task_group::{GroupClosed, TaskGroup, TaskGroupError};
pub use timeout::{Timeout, TimeoutHandle, timeout, timeout_at, wait_for};
pub use wait::{ReturnWhen, Waited, wait};
