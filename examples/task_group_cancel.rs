//! A `TaskGroup` in trouble: two of four downloads fail at the same moment.
//! The group cancels the rest (their `Drop`s say so), waits for every task,
//! and returns both errors, like asyncio's `ExceptionGroup`. Then `shield`
//! keeps a save running after its caller gave up on it.
//! Book: "Running many tasks", Timeouts and cancellation, TaskGroup.
//!
//!     cargo run --example task_group_cancel [-- --quick]
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aio_primer::tasks::{TaskGroup, shield, wait_for};
use common::Options;
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep_until};

type Log = Arc<Mutex<Vec<String>>>;

fn note(log: &Log, line: String) {
    println!("  {line}");
    log.lock().unwrap().push(line);
}

// ANCHOR: step
/// Says how a piece of work ended. A cancelled future is dropped where it
/// waits: no exception reaches it, only its `Drop`s run.
struct Step {
    name: &'static str,
    log: Log,
    finished: bool,
}

impl Drop for Step {
    fn drop(&mut self) {
        let how = if self.finished {
            "ran to the end"
        } else {
            "cancelled: cleanup in Drop"
        };
        note(&self.log, format!("{}: {how}", self.name));
    }
}
// ANCHOR_END: step

/// Jobs that end `units` after `start`, each marked by a `Step`.
#[derive(Clone)]
struct Jobs {
    start: Instant,
    unit: Duration,
    log: Log,
}

impl Jobs {
    async fn run(
        self,
        name: &'static str,
        units: u32,
        outcome: Result<u32, String>,
    ) -> Result<u32, String> {
        let mut step = Step {
            name,
            log: self.log,
            finished: false,
        };
        sleep_until(self.start + self.unit * units).await;
        step.finished = true;
        outcome
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let unit = Options::from_env().time(Duration::from_millis(200));
    let (log, start) = (Log::default(), Instant::now());
    let jobs = Jobs {
        start,
        unit,
        log: log.clone(),
    };
    let logged = |line: &str| log.lock().unwrap().iter().any(|logged| logged == line);

    println!("a TaskGroup of four downloads; prices and stock fail at the same instant:");
    // ANCHOR: group
    let outcome = TaskGroup::run(|group| async move {
        let job = |name, units, outcome| jobs.clone().run(name, units, outcome);
        group.spawn(job("config", 1, Ok(1))).unwrap();
        group
            .spawn(job("prices", 2, Err("prices: HTTP 500".into())))
            .unwrap();
        group
            .spawn(job("stock", 2, Err("stock: connection reset".into())))
            .unwrap();
        group.spawn(job("reviews", 4, Ok(4))).unwrap();
        job("body", 5, Ok(5)).await // the body is cancelled with the tasks
    })
    .await;
    // ANCHOR_END: group
    let failure = outcome.expect_err("two tasks failed");
    println!("the group returned: {failure}");
    let mut errors = failure.errors().to_vec();
    errors.sort();
    assert_eq!(errors, ["prices: HTTP 500", "stock: connection reset"]);
    for ran in ["config", "prices", "stock"] {
        assert!(logged(&format!("{ran}: ran to the end")), "{ran}");
    }
    for cancelled in ["reviews", "body"] {
        assert!(
            logged(&format!("{cancelled}: cancelled: cleanup in Drop")),
            "{cancelled}"
        );
    }

    println!("a save that takes 3 units, awaited for 1 unit, without and with shield:");
    let jobs = Jobs {
        start: Instant::now(),
        unit,
        log: log.clone(),
    };
    // ANCHOR: shield
    let save = jobs.clone().run("save (plain)", 3, Ok(0));
    assert!(wait_for(save, unit).await.is_err(), "the caller gave up");

    let (saved, on_disk) = oneshot::channel();
    let save = jobs.run("save (shielded)", 3, Ok(0));
    let shielded = shield(async move { saved.send(save.await) });
    assert!(
        wait_for(shielded, unit).await.is_err(),
        "the caller gave up"
    );
    // The caller moved on, the shielded task did not: wait for its result.
    let result = on_disk.await.expect("the shielded save ran to the end");
    // ANCHOR_END: shield
    println!("the shielded save returned {result:?}");
    assert_eq!(result, Ok(0));
    assert!(logged("save (plain): cancelled: cleanup in Drop"));
    assert!(logged("save (shielded): ran to the end"));
}
