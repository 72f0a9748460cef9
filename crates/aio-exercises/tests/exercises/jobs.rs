//! Test helpers shared by the exercises on running many tasks (11-13): jobs
//! that log whether they finished or were dropped, and a paused clock.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aio_exercises::support::run_with_deadline;
use tokio::time::sleep;

/// How each job ended ("a: finished", "b: dropped"), shared by the jobs.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    /// Every ending so far, sorted (the order of drops is not the lesson).
    pub(crate) fn endings(&self) -> Vec<String> {
        let mut lines = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        lines.sort();
        lines
    }
}

/// Logs, when dropped, whether its job ran to the end: a cancelled future
/// is dropped where it waits, and the code after its `.await` never runs.
struct Step {
    name: &'static str,
    log: Log,
    finished: bool,
}

impl Drop for Step {
    fn drop(&mut self) {
        let how = if self.finished { "finished" } else { "dropped" };
        let line = format!("{}: {how}", self.name);
        self.log
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

/// A job that sleeps `ms` on the (paused) clock, then returns `outcome`.
/// Its `Step` is made at once, so even a job dropped unpolled is logged.
pub(crate) fn job<T>(
    log: &Log,
    name: &'static str,
    ms: u64,
    outcome: T,
) -> impl Future<Output = T> + Send + use<T>
where
    T: Send,
{
    let step = Step {
        name,
        log: log.clone(),
        finished: false,
    };
    async move {
        // Moves the whole Step in (the block would capture only the field).
        let mut step = step;
        sleep(Duration::from_millis(ms)).await;
        step.finished = true;
        outcome
    }
}

/// Runs `scenario` on a current-thread runtime whose clock is paused (it
/// jumps to the next timer when every task waits), under the deadline of
/// [`run_with_deadline`], so a wrong answer fails instead of hanging.
pub(crate) fn on_paused_clock<T, F>(scenario: impl FnOnce() -> F + Send + 'static) -> T
where
    T: Send + 'static,
    F: Future<Output = T>,
{
    run_with_deadline(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
            .block_on(scenario())
    })
}

pub(crate) fn lines(lines: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    lines.sort();
    lines
}
