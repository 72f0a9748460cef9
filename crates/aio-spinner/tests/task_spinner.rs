//! The task spinner under tokio's paused clock: time jumps, nothing really waits.

use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use aio_spinner::{
    SharedOutput, Transcript, slow_async, spin_task, spin_task_until_cancelled, supervisor_abort,
    supervisor_blocked, supervisor_token,
};
use tokio_util::sync::CancellationToken;

const TICK: Duration = Duration::from_millis(100);

#[tokio::test(start_paused = true)]
async fn abort_stops_the_task_at_its_await_point_and_clears_the_line() {
    let output = SharedOutput::new();
    let spinner = tokio::spawn(spin_task("thinking!", TICK, output.clone()));
    // Frames at t = 0, 100, 200 and 300 ms; the paused clock jumps to 350.
    tokio::time::sleep(Duration::from_millis(350)).await;
    spinner.abort();
    let join_error = spinner.await.unwrap_err();
    assert!(join_error.is_cancelled());

    let transcript = output.transcript();
    assert_eq!(transcript.frames, vec!['|', '/', '-', '\\']);
    assert!(transcript.cleared);

    // Cancelled means gone: however long we wait, no frame follows.
    let written = output.contents();
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(output.contents(), written);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_future_is_cancellation() {
    // Poll by hand: the first poll draws a frame and stops at the sleep.
    let output = SharedOutput::new();
    {
        let mut spinner = pin!(spin_task("by hand", TICK, output.clone()));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(matches!(spinner.as_mut().poll(&mut cx), Poll::Pending));
        assert_eq!(output.transcript().frames, vec!['|']);
        assert!(!output.transcript().cleared);
        assert!(matches!(spinner.as_mut().poll(&mut cx), Poll::Pending));
        assert_eq!(
            output.transcript().frames.len(),
            1,
            "no frame before the tick"
        );
    } // <- the future is dropped here: that is all `abort` does, later, on the runtime.
    assert!(output.transcript().cleared);
}

#[tokio::test(start_paused = true)]
async fn supervisor_abort_returns_42_after_the_spinner_is_gone() {
    let output = SharedOutput::new();
    let answer = supervisor_abort("thinking!", TICK, output.clone(), async {
        slow_async(Duration::from_millis(3050)).await
    })
    .await
    .unwrap();
    assert_eq!(answer, 42);
    let transcript = output.transcript();
    assert_eq!(
        transcript.frames.len(),
        31,
        "one frame per tick in 0..=3000 ms"
    );
    assert!(transcript.frames_cycle_in_order());
    assert!(transcript.cleared);
}

#[tokio::test(start_paused = true)]
async fn supervisor_token_lets_the_spinner_finish_on_its_own() {
    let output = SharedOutput::new();
    let answer = supervisor_token(
        "thinking!",
        TICK,
        output.clone(),
        slow_async(Duration::from_millis(1050)),
    )
    .await
    .unwrap();
    assert_eq!(answer, 42);
    let transcript = output.transcript();
    assert_eq!(transcript.frames.len(), 11);
    assert!(transcript.cleared);
}

#[tokio::test(start_paused = true)]
async fn the_token_spinner_returns_its_writer_when_cancelled_mid_sleep() {
    let token = CancellationToken::new();
    let spinner = tokio::spawn(spin_task_until_cancelled(
        "token",
        TICK,
        token.clone(),
        Vec::new(),
    ));
    tokio::time::sleep(Duration::from_millis(150)).await;
    token.cancel();
    let bytes = spinner.await.unwrap().unwrap();
    let transcript = Transcript::parse(&String::from_utf8(bytes).unwrap());
    assert_eq!(transcript.frames, vec!['|', '/']);
    assert!(transcript.cleared);
}

#[tokio::test(start_paused = true)]
async fn a_blocking_call_freezes_the_spinner_on_its_first_frame() {
    let output = SharedOutput::new();
    let watched = output.clone();
    let answer = supervisor_blocked("thinking!", TICK, output, || {
        // Stands for the blocking sleep: while it runs, the paused clock
        // moves three seconds on, yet the spinner cannot draw, because this
        // closure holds the only thread.
        assert_eq!(watched.transcript().frames.len(), 1);
        42
    })
    .await
    .unwrap();
    assert_eq!(answer, 42);
    assert_eq!(output_frames(&watched), 1);
    assert!(watched.transcript().cleared);
}

#[tokio::test(start_paused = true)]
async fn the_same_wait_done_with_await_lets_the_spinner_turn() {
    let output = SharedOutput::new();
    let answer = supervisor_abort("thinking!", TICK, output.clone(), async {
        tokio::task::yield_now().await;
        slow_async(Duration::from_millis(1050)).await
    })
    .await
    .unwrap();
    assert_eq!(answer, 42);
    assert_eq!(output_frames(&output), 11);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_multi_threaded_runtime_whatever_was_drawn_is_cleared() {
    for _ in 0..20 {
        let output = SharedOutput::new();
        let answer = supervisor_abort("mt", Duration::ZERO, output.clone(), async {
            tokio::task::yield_now().await;
            42
        })
        .await
        .unwrap();
        assert_eq!(answer, 42);
        let transcript = output.transcript();
        // The spinner may or may not have been polled before the abort; if it
        // drew anything, it must have cleared it.
        assert!(
            transcript.frames.is_empty() || transcript.cleared,
            "{transcript:?}"
        );
    }
}

fn output_frames(output: &SharedOutput) -> usize {
    output.transcript().frames.len()
}
