//! Reference solution of exercise 02 (see the exercise file for the task).

use std::convert::Infallible;
use std::time::Duration;

pub use crate::given::SharedLine;

/// The frames, in order.
pub const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// Clears the line when the future that owns it is dropped: the Rust
/// spelling of `except CancelledError: clear the line`.
struct ClearOnDrop(SharedLine);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.clear();
    }
}

/// Draws a frame on `line` every `interval`, forever; clears the line when
/// the future is dropped (that is, when the task is cancelled).
pub async fn spin(line: SharedLine, interval: Duration) -> Infallible {
    let line = ClearOnDrop(line);
    let mut drawn = 0;
    loop {
        line.0.draw(FRAMES[drawn % FRAMES.len()]);
        drawn += 1;
        tokio::time::sleep(interval).await; // where cancellation drops us
    }
}
