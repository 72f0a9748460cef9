//! # Exercise 01: stop a spinner thread cleanly
//!
//! Read first: "A spinner on a thread" (`book/src/spinner/thread.md`).
//!
//! A spinner thread draws `|`, `/`, `-`, `\` in turn, one frame per
//! `interval`, until its supervisor tells it to stop. Python uses a
//! `threading.Event` and `event.wait(interval)`: the wait returns early
//! when the event is set, so the spinner stops at once, not after finishing
//! a full `time.sleep`.
//!
//! Implement [`spin`]:
//! - draw the first frame at once by calling `draw('|')`, then the next
//!   frame after each `interval`, cycling through [`FRAMES`];
//! - between frames, wait with [`StopSignal::wait_timeout`] (never
//!   `thread::sleep`: a spinner with a one-hour interval must still stop
//!   as soon as the signal is set);
//! - return how many frames were drawn.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex01`.

use std::time::Duration;

pub use crate::given::StopSignal;

/// The frames, in order.
pub const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// Draws frames until `stop` is set; returns how many were drawn.
pub fn spin(stop: &StopSignal, interval: Duration, mut draw: impl FnMut(char)) -> usize {
    let _ = (stop, interval, &mut draw);
    todo!("exercise 01: draw a frame, then wait_timeout(interval) until the signal is set")
}
