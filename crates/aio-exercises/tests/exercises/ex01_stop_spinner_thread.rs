use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use aio_exercises::ex01_stop_spinner_thread::{FRAMES, StopSignal, spin};
use aio_exercises::support::run_with_deadline;

#[test]
fn a_spinner_stopped_before_it_starts_draws_one_frame() {
    let frames = run_with_deadline(|| {
        let stop = StopSignal::new();
        stop.set();
        let mut frames = Vec::new();
        let count = spin(&stop, Duration::from_secs(3600), |frame| frames.push(frame));
        (count, frames)
    });
    assert_eq!(frames, (1, vec!['|']));
}

#[test]
fn frames_cycle_in_order() {
    let frames = run_with_deadline(|| {
        let stop = Arc::new(StopSignal::new());
        let mut frames = Vec::new();
        let signal = stop.clone();
        let count = spin(&stop, Duration::from_micros(10), |frame| {
            frames.push(frame);
            if frames.len() == 6 {
                signal.set();
            }
        });
        (count, frames)
    });
    assert_eq!(frames.0, 6);
    assert_eq!(frames.1, [FRAMES, FRAMES].concat()[..6]);
}

#[test]
fn the_spinner_stops_at_once_even_with_a_one_hour_interval() {
    let stop = Arc::new(StopSignal::new());
    let (drawn_tx, drawn_rx) = mpsc::channel();
    let signal = stop.clone();
    let spinner = std::thread::spawn(move || {
        spin(&signal, Duration::from_secs(3600), |frame| {
            let _ = drawn_tx.send(frame);
        })
    });
    // The first frame is drawn at once; then the spinner waits an hour,
    // unless the stop signal interrupts the wait.
    let first = drawn_rx.recv_timeout(aio_exercises::support::DEADLINE);
    stop.set();
    let count = run_with_deadline(move || match spinner.join() {
        Ok(count) => count,
        Err(panic) => std::panic::resume_unwind(panic),
    });
    assert_eq!(first, Ok('|'));
    assert_eq!(count, 1);
}
