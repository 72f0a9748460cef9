//! # Exercise 02: a spinner task that cleans up when it is cancelled
//!
//! Read first: "A spinner as a task" (`book/src/spinner/task.md`).
//!
//! In asyncio the supervisor calls `spinner.cancel()`, and the spinner
//! catches `CancelledError` to clear its line. In Rust, cancelling a task
//! (`JoinHandle::abort`, a `select!` that picks another branch, or simply
//! no longer polling) *drops* its future where it stands, at an `.await`.
//! Code after the loop never runs; cleanup belongs in a `Drop` impl.
//!
//! Implement [`spin`]:
//! - draw [`FRAMES`] in turn on `line` ([`SharedLine::draw`]): the first at
//!   once, then one per `interval`, waiting with `tokio::time::sleep`;
//! - loop forever: the task ends only when it is cancelled;
//! - when the future is dropped, clear the line ([`SharedLine::clear`]): put
//!   the line in a small guard struct of your own whose `Drop` clears it.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex02`.

use std::convert::Infallible;
use std::time::Duration;

pub use crate::given::SharedLine;

/// The frames, in order.
pub const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// Draws a frame on `line` every `interval`, forever; clears the line when
/// the future is dropped (that is, when the task is cancelled).
pub async fn spin(line: SharedLine, interval: Duration) -> Infallible {
    let _ = (line, interval);
    todo!("exercise 02: draw, sleep(interval).await, forever; a guard clears the line in Drop")
}
