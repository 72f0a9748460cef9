use crate::jobs::{Log, job, lines, on_paused_clock};
use std::time::Duration;

use aio_exercises::ex11_gather_with_timeout::{GatherError, gather_within};
use tokio::time::sleep;

type Outcome = Result<u32, String>;

const DEADLINE: Duration = Duration::from_millis(50);

#[test]
fn every_value_in_input_order_when_all_finish_in_time() {
    let (result, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 30, Outcome::Ok(1)),
            job(&log, "b", 10, Ok(2)),
            job(&log, "c", 20, Ok(3)),
        ];
        let result = gather_within(jobs, DEADLINE).await;
        (result, log.endings())
    });
    assert_eq!(
        result,
        Ok(vec![1, 2, 3]),
        "input order, not completion order"
    );
    assert_eq!(
        endings,
        lines(&["a: finished", "b: finished", "c: finished"])
    );
}

#[test]
fn the_first_error_wins_and_the_others_are_dropped() {
    let (result, endings, later) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 30, Outcome::Ok(1)),
            job(&log, "b", 10, Err("b failed".to_owned())),
            job(&log, "c", 20, Ok(3)),
        ];
        let result = gather_within(jobs, DEADLINE).await;
        let endings = log.endings();
        sleep(Duration::from_secs(1)).await; // nothing may run on
        (result, endings, log.endings())
    });
    assert_eq!(result, Err(GatherError::Failed("b failed".to_owned())));
    assert_eq!(endings, lines(&["a: dropped", "b: finished", "c: dropped"]));
    assert_eq!(later, endings);
}

#[test]
fn on_timeout_every_unfinished_future_is_dropped() {
    let (result, endings, later) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 30, Outcome::Ok(1)),
            job(&log, "b", 200, Ok(2)),
            job(&log, "c", 10, Ok(3)),
            job(&log, "d", 3_600_000, Ok(4)),
        ];
        let result = gather_within(jobs, DEADLINE).await;
        let endings = log.endings();
        sleep(Duration::from_secs(7200)).await; // nothing may run on
        (result, endings, log.endings())
    });
    assert_eq!(result, Err(GatherError::TimedOut));
    assert_eq!(
        endings,
        lines(&["a: finished", "b: dropped", "c: finished", "d: dropped"]),
        "on timeout the unfinished futures are dropped, the finished ones' values discarded"
    );
    assert_eq!(later, endings);
}

#[test]
fn an_error_after_the_deadline_comes_too_late() {
    let (result, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 10, Outcome::Ok(1)),
            job(&log, "b", 100, Err("b failed".to_owned())),
        ];
        let result = gather_within(jobs, DEADLINE).await;
        (result, log.endings())
    });
    assert_eq!(result, Err(GatherError::TimedOut));
    assert_eq!(endings, lines(&["a: finished", "b: dropped"]));
}

#[test]
fn nothing_to_gather_is_an_empty_success() {
    let result = on_paused_clock(|| async {
        let jobs: Vec<std::future::Ready<Outcome>> = Vec::new();
        gather_within(jobs, DEADLINE).await
    });
    assert_eq!(result, Ok(vec![]));
}
