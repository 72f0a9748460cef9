//! The thread spinner: frames, the final clear, the join, the stop signal.

use std::thread;
use std::time::Duration;

use aio_spinner::{SharedOutput, Signal, spin_thread, supervisor_thread};

/// Blocks until the spinner has drawn `frames` frames. It yields instead of
/// sleeping: the condition, not a delay, is what the test waits on.
fn wait_for_frames(output: &SharedOutput, frames: usize) {
    while output.transcript().frames.len() < frames {
        thread::yield_now();
    }
}

#[test]
fn supervisor_returns_the_slow_result_and_joins_a_cleared_spinner() {
    let output = SharedOutput::new();
    let watched = output.clone();
    let answer = supervisor_thread("thinking!", Duration::ZERO, output, || {
        wait_for_frames(&watched, 5);
        42
    })
    .unwrap();

    assert_eq!(answer, 42);
    // The supervisor returned only after the join, so the clear is already written.
    let transcript = watched.transcript();
    assert!(transcript.frames.len() >= 5, "{transcript:?}");
    assert!(transcript.frames_cycle_in_order(), "{transcript:?}");
    assert!(transcript.cleared, "the line must be blank at the end");
    assert!(watched.contents().contains("thinking!"));
}

#[test]
fn stop_wakes_the_spinner_without_waiting_out_its_interval() {
    // An hour-long interval: if stop did not wake the sleeping spinner,
    // the join below would hang instead of returning.
    let output = SharedOutput::new();
    let answer = supervisor_thread(
        "thinking!",
        Duration::from_secs(3600),
        output.clone(),
        || 42,
    )
    .unwrap();
    assert_eq!(answer, 42);
    assert_eq!(output.transcript().frames, vec!['|']);
    assert!(output.transcript().cleared);
}

#[test]
fn spin_thread_hands_the_writer_back_through_join() {
    let signal = std::sync::Arc::new(Signal::new());
    let spinner = {
        let signal = signal.clone();
        thread::spawn(move || spin_thread("joined", Duration::ZERO, &signal, Vec::new()))
    };
    signal.stop();
    let bytes = spinner.join().expect("no panic").expect("no write error");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("| joined"));
    assert!(aio_spinner::Transcript::parse(&text).cleared);
}

#[test]
fn a_failing_writer_is_reported_and_the_result_is_not_returned() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("terminal gone"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let error = supervisor_thread("x", Duration::ZERO, Broken, || 42).unwrap_err();
    assert_eq!(error.to_string(), "terminal gone");
}
