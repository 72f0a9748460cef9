use crate::jobs::{Log, job, lines, on_paused_clock};
use std::time::Duration;

use aio_exercises::ex12_task_group_cancels_siblings::run_all;
use tokio::time::sleep;

type Outcome = Result<u32, String>;

#[test]
fn every_value_in_spawn_order_when_all_succeed() {
    let (result, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let tasks = [
            job(&log, "a", 30, Outcome::Ok(1)),
            job(&log, "b", 10, Ok(2)),
            job(&log, "c", 20, Ok(3)),
        ];
        let result = run_all(tasks).await;
        (result, log.endings())
    });
    assert_eq!(
        result,
        Ok(vec![1, 2, 3]),
        "spawn order, not completion order"
    );
    assert_eq!(
        endings,
        lines(&["a: finished", "b: finished", "c: finished"])
    );
}

#[test]
fn the_first_failure_cancels_the_siblings() {
    let (result, endings, later) = on_paused_clock(|| async {
        let log = Log::default();
        let tasks = [
            job(&log, "a", 5, Outcome::Ok(1)),
            job(&log, "b", 100, Ok(2)),
            job(&log, "c", 10, Err("c failed".to_owned())),
            job(&log, "d", 3_600_000, Ok(4)),
        ];
        let result = run_all(tasks).await;
        let endings = log.endings();
        sleep(Duration::from_secs(7200)).await; // an aborted task never runs on
        (result, endings, log.endings())
    });
    assert_eq!(result, Err(vec!["c failed".to_owned()]));
    assert_eq!(
        endings,
        lines(&["a: finished", "b: dropped", "c: finished", "d: dropped"]),
        "when run_all returns, the siblings are aborted and gone"
    );
    assert_eq!(later, endings);
}

#[test]
fn failures_at_the_same_instant_are_all_reported() {
    let (result, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let tasks = [
            job(&log, "config", 10, Outcome::Ok(1)),
            job(&log, "prices", 20, Err("prices: HTTP 500".to_owned())),
            job(&log, "stock", 20, Err("stock: connection reset".to_owned())),
            job(&log, "reviews", 40, Ok(4)),
        ];
        let result = run_all(tasks).await;
        (result, log.endings())
    });
    let mut errors = result.expect_err("two tasks failed");
    errors.sort();
    assert_eq!(errors, ["prices: HTTP 500", "stock: connection reset"]);
    assert_eq!(
        endings,
        lines(&[
            "config: finished",
            "prices: finished",
            "reviews: dropped",
            "stock: finished"
        ])
    );
}

#[test]
fn a_task_that_fails_at_once_cancels_tasks_that_never_got_far() {
    let (result, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let tasks = [
            job(&log, "a", 1_000, Outcome::Ok(1)),
            job(&log, "b", 0, Err("b failed".to_owned())),
            job(&log, "c", 1_000, Ok(3)),
        ];
        let result = run_all(tasks).await;
        (result, log.endings())
    });
    assert_eq!(result, Err(vec!["b failed".to_owned()]));
    assert_eq!(endings, lines(&["a: dropped", "b: finished", "c: dropped"]));
}

#[test]
fn no_tasks_is_an_empty_success() {
    let result = on_paused_clock(|| async {
        let tasks: Vec<std::future::Ready<Outcome>> = Vec::new();
        run_all(tasks).await
    });
    assert_eq!(result, Ok(vec![]));
}
