use std::time::Duration;

use aio_exercises::ex02_cancel_spinner_task::{FRAMES, SharedLine, spin};

const INTERVAL: Duration = Duration::from_millis(100);

/// Aborts the spinner task and waits until it is gone; resumes its panic
/// (an unsolved exercise's `todo!()`) on the test's thread.
async fn abort_and_wait(spinner: tokio::task::JoinHandle<std::convert::Infallible>) {
    spinner.abort();
    match spinner.await {
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => assert!(error.is_cancelled()),
        Ok(never) => match never {},
    }
}

#[tokio::test(start_paused = true)]
async fn aborting_the_task_clears_the_line() {
    let line = SharedLine::new();
    let spinner = tokio::spawn(spin(line.clone(), INTERVAL));
    tokio::time::sleep(Duration::from_millis(250)).await; // the paused clock jumps
    abort_and_wait(spinner).await;
    assert_eq!(line.frames(), ['|', '/', '-']);
    assert!(line.is_cleared(), "the line still shows {:?}", line.text());
    assert_eq!(line.text(), "");
}

#[tokio::test(start_paused = true)]
async fn frames_cycle_in_order_one_per_interval() {
    let line = SharedLine::new();
    let spinner = tokio::spawn(spin(line.clone(), INTERVAL));
    // Frames at 0, 100, ..., 600 ms: seven of them.
    tokio::time::sleep(Duration::from_millis(650)).await;
    let shown = line.text();
    abort_and_wait(spinner).await;
    assert_eq!(line.frames(), [FRAMES, FRAMES].concat()[..7]);
    assert_eq!(shown, "-");
}

#[tokio::test(start_paused = true)]
async fn dropping_the_future_anywhere_clears_the_line() {
    // No task and no abort: a future that is no longer wanted is dropped
    // (as by a `select!` that chose another branch).
    let line = SharedLine::new();
    let mut spinner = Box::pin(spin(line.clone(), Duration::from_secs(3600)));
    let first = futures::poll!(spinner.as_mut());
    assert!(first.is_pending());
    assert_eq!((line.frames(), line.text()), (vec!['|'], "|".to_owned()));
    drop(spinner);
    assert!(line.is_cleared(), "the line still shows {:?}", line.text());
}
