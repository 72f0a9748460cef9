//! Reference solution of exercise 01 (see the exercise file for the task).

use std::time::Duration;

pub use crate::given::StopSignal;

/// The frames, in order.
pub const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// Draws frames until `stop` is set; returns how many were drawn.
pub fn spin(stop: &StopSignal, interval: Duration, mut draw: impl FnMut(char)) -> usize {
    let mut drawn = 0;
    loop {
        draw(FRAMES[drawn % FRAMES.len()]);
        drawn += 1;
        // Returns early, with true, as soon as the signal is set.
        if stop.wait_timeout(interval) {
            return drawn;
        }
    }
}
