//! Helpers the exercises' tests share.

use std::panic::resume_unwind;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long a test waits for code that might block forever (a wrong
/// solution): long enough never to fail a right one, short enough to fail
/// a wrong one without hanging the class.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Runs `f` on its own thread and returns its value; resumes its panic (so
/// a `todo!()` fails the test with its own message); fails the test if it
/// takes longer than [`DEADLINE`] (the thread is left behind).
///
/// ```
/// assert_eq!(aio_exercises::support::run_with_deadline(|| 6 * 7), 42);
/// ```
pub fn run_with_deadline<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => resume_unwind(panic),
            Ok(()) => unreachable!("the thread sent nothing and did not panic"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no result after {DEADLINE:?}: does the code block or wait forever?")
        }
    }
}
