//! Seed 002's exam: a `LoopFuture` is a box for a score that arrives later.
//! `take_exam` (a task) sleeps, then sets the score; `check_score` (a done
//! callback) prints Passed or Failed; `run_until_complete(fut)` returns the
//! score, and the task keeps its own result.
//! Book: "The event loop", Future and Task.
//!
//!     cargo run --example future_exam_score [-- --quick]
mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use aio_primer::event_loop::{EventLoop, FutureError, LoopFuture, sleep};
use common::Options;

/// The exam: non-blocking work (a sleep here), then the score goes in the box.
async fn take_exam(fut: LoopFuture<u32>, score: u32, length: Duration) -> &'static str {
    sleep(length).await;
    fut.set_result(score).expect("only the exam sets the score");
    "Exam is completed."
}

/// The done callback: runs on the loop (never inline) once the score is set.
fn check_score(fut: &LoopFuture<u32>, verdicts: &RefCell<Vec<&'static str>>) {
    let score = fut.result().expect("the score is set");
    let verdict = if score >= 60 { "Passed." } else { "Failed." };
    println!("  check_score: {score} -> {verdict}");
    verdicts.borrow_mut().push(verdict);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let length = options.time(Duration::from_secs(1));
    let lp = EventLoop::new()?;
    let verdicts: Rc<RefCell<Vec<&str>>> = Rc::default();

    // fut = asyncio.Future(); fut.add_done_callback(check_score)
    let fut: LoopFuture<u32> = lp.create_future();
    let log = verdicts.clone();
    fut.add_done_callback(move |fut| check_score(fut, &log));
    println!("future created: {fut:?}; the exam starts");

    // task = ensure_future(take_exam(fut)); retval = run_until_complete(fut)
    let task = lp.create_task(take_exam(fut.clone(), 100, length))?;
    let retval = lp.run_until_complete(fut.clone())??;
    println!("run_until_complete(fut) -> {retval}");
    println!("task.result()           -> {:?}", task.result());
    println!("fut.result()            -> {:?}", fut.result());

    // A second exam that fails, and a third box that nobody fills: cancelled.
    let second = lp.create_future();
    let log = verdicts.clone();
    second.add_done_callback(move |fut| check_score(fut, &log));
    lp.create_task(take_exam(second.clone(), 42, length / 2))?;
    let low = lp.run_until_complete(second)??;
    let abandoned: LoopFuture<u32> = lp.create_future();
    abandoned.cancel();
    println!(
        "a cancelled future: {abandoned:?}, result {:?}",
        abandoned.result()
    );
    // A future is set once: a second set_result is an InvalidStateError.
    let again = fut.set_result(0);
    println!("setting the first score twice -> {again:?}");
    lp.close()?;

    assert_eq!((retval, low), (100, 42));
    assert_eq!(task.result(), Ok("Exam is completed."));
    assert_eq!(*verdicts.borrow(), ["Passed.", "Failed."]);
    assert_eq!(abandoned.result(), Err(FutureError::Cancelled));
    assert!(
        again.is_err() && fut.result() == Ok(100),
        "a future is set once"
    );
    Ok(())
}
