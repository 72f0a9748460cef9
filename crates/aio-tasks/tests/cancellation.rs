//! Cancellation is drop: what runs, what is dropped, where cleanup happens;
//! and `shield`, which keeps work running when its awaiter is cancelled.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aio_tasks::{TimeoutError, shield, wait_for};
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// An ordered log of what ran and what was dropped.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap().push(entry.into());
    }

    fn entries(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Cleanup lives here: `Drop` runs whether the future finished or was
/// cancelled.
struct Cleanup {
    log: Log,
    name: &'static str,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.log.push(format!("cleanup {}", self.name));
    }
}

/// Two steps, each holding a resource, with an await in between.
async fn two_steps(log: Log) -> &'static str {
    log.push("step 1");
    let _connection = Cleanup {
        log: log.clone(),
        name: "connection",
    };
    sleep(ms(10)).await;
    log.push("step 2");
    let _file = Cleanup {
        log: log.clone(),
        name: "file",
    };
    // In asyncio, a `CancelledError` would be raised here and an
    // `except`/`finally` could react. In Rust nothing is raised: the future
    // is dropped while parked at this await and never polled again.
    sleep(ms(100)).await;
    log.push("step 3");
    "finished"
}

#[tokio::test(start_paused = true)]
async fn cancellation_is_drop_cleanup_runs_in_drop_and_nothing_resumes() {
    let log = Log::default();
    let started = Instant::now();
    let outcome = wait_for(two_steps(log.clone()), ms(50)).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(50));
    // What ran: everything up to the await it was parked at. What was
    // dropped: the live locals, in reverse order of creation.
    assert_eq!(
        log.entries(),
        ["step 1", "step 2", "cleanup file", "cleanup connection"]
    );
    // Long after its timer would have fired, "step 3" never runs: a
    // cancelled future does not resume, with an exception or otherwise.
    sleep(ms(500)).await;
    assert_eq!(
        log.entries(),
        ["step 1", "step 2", "cleanup file", "cleanup connection"]
    );
}

#[tokio::test(start_paused = true)]
async fn cancellation_is_drop_the_same_future_finishing_runs_the_same_cleanup() {
    let log = Log::default();
    assert_eq!(
        wait_for(two_steps(log.clone()), ms(500)).await,
        Ok("finished")
    );
    assert_eq!(
        log.entries(),
        [
            "step 1",
            "step 2",
            "step 3",
            "cleanup file",
            "cleanup connection"
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn cancellation_is_drop_a_future_never_polled_runs_no_code_at_all() {
    let log = Log::default();
    let future = two_steps(log.clone());
    drop(future);
    // Not even "step 1": an async fn's body starts at its first poll, and
    // no local existed yet, so there was nothing to clean up.
    assert!(log.entries().is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancellation_is_drop_the_losing_select_branch_is_dropped() {
    let log = Log::default();
    tokio::select! {
        _ = two_steps(log.clone()) => unreachable!("the 10 ms branch wins"),
        () = sleep(ms(10)) => log.push("timer won"),
    }
    // At 10 ms both timers fire; select! polls its branches in random
    // order, so step 2 may or may not have run. Either way the branch was
    // dropped, and its cleanup ran before select! returned.
    let entries = log.entries();
    assert_eq!(entries.first().map(String::as_str), Some("step 1"));
    assert!(entries.ends_with(&["cleanup connection".to_owned(), "timer won".to_owned()]));
    assert!(!entries.contains(&"step 3".to_owned()));
}

#[tokio::test(start_paused = true)]
async fn cancellation_is_drop_aborting_a_task_drops_its_future() {
    let log = Log::default();
    let task = tokio::spawn(two_steps(log.clone()));
    sleep(ms(20)).await;
    task.abort();
    let joined = task.await.unwrap_err();
    assert!(joined.is_cancelled());
    assert_eq!(
        log.entries(),
        ["step 1", "step 2", "cleanup file", "cleanup connection"]
    );
}

// ----------------------------------------------------------------- shield

/// Runs for `delay` ms, logs its end, tells `done` and returns `value`.
async fn work(log: Log, delay: u64, done: oneshot::Sender<()>, value: u32) -> u32 {
    let _cleanup = Cleanup {
        log: log.clone(),
        name: "work",
    };
    sleep(ms(delay)).await;
    log.push("work finished");
    done.send(()).unwrap();
    value
}

#[tokio::test(start_paused = true)]
async fn shield_returns_the_value_when_not_cancelled() {
    let log = Log::default();
    let (done, _finished) = oneshot::channel();
    let started = Instant::now();
    assert_eq!(shield(work(log.clone(), 10, done, 5)).await, 5);
    assert_eq!(started.elapsed(), ms(10));
    assert_eq!(log.entries(), ["work finished", "cleanup work"]);
}

#[tokio::test(start_paused = true)]
async fn shield_keeps_running_after_a_wait_for_timeout() {
    let log = Log::default();
    let (done, finished) = oneshot::channel();
    let started = Instant::now();
    let outcome = wait_for(shield(work(log.clone(), 50, done, 5)), ms(10)).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(10));
    // The awaiter gave up, the work did not: nothing was dropped.
    assert!(log.entries().is_empty());
    finished.await.unwrap();
    assert_eq!(started.elapsed(), ms(50));
    assert_eq!(log.entries()[0], "work finished");
}

#[tokio::test(start_paused = true)]
async fn shield_keeps_running_when_the_shielded_future_is_dropped() {
    let log = Log::default();
    let (done, finished) = oneshot::channel();
    let shielded = shield(work(log.clone(), 30, done, 5));
    drop(shielded);
    finished.await.unwrap();
    assert_eq!(log.entries()[0], "work finished");
}

#[tokio::test(start_paused = true)]
async fn without_shield_the_same_timeout_drops_the_work() {
    let log = Log::default();
    let (done, finished) = oneshot::channel();
    let outcome = wait_for(work(log.clone(), 50, done, 5), ms(10)).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(log.entries(), ["cleanup work"]);
    // The sender was dropped with the work.
    assert!(finished.await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shield_keeps_running_on_a_multi_thread_runtime() {
    let log = Log::default();
    let (done, finished) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let shielded = shield({
        let log = log.clone();
        async move {
            released.await.unwrap();
            log.push("work finished");
            done.send(()).unwrap();
        }
    });
    drop(shielded);
    release.send(()).unwrap();
    finished.await.unwrap();
    assert_eq!(log.entries(), ["work finished"]);
}
