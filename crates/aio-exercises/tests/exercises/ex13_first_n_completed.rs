use crate::jobs::{Log, job, lines, on_paused_clock};
use std::time::Duration;

use aio_exercises::ex13_first_n_completed::first_n;
use tokio::time::sleep;

#[test]
fn the_first_two_in_completion_order_and_the_rest_dropped() {
    let (first, endings, later) = on_paused_clock(|| async {
        let log = Log::default();
        let mirrors = [
            job(&log, "a", 40, "a"),
            job(&log, "b", 10, "b"),
            job(&log, "c", 30, "c"),
            job(&log, "d", 20, "d"),
            job(&log, "e", 3_600_000, "e"),
        ];
        let first = first_n(mirrors, 2).await;
        let endings = log.endings();
        sleep(Duration::from_secs(7200)).await; // a dropped future never runs on
        (first, endings, log.endings())
    });
    assert_eq!(first, ["b", "d"], "completion order, not input order");
    assert_eq!(
        endings,
        lines(&[
            "a: dropped",
            "b: finished",
            "c: dropped",
            "d: finished",
            "e: dropped"
        ]),
        "first_n returns when the second finishes, and the others are dropped"
    );
    assert_eq!(later, endings);
}

#[test]
fn the_quickest_wins_whatever_its_place() {
    let first = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 300, 1),
            job(&log, "b", 200, 2),
            job(&log, "c", 100, 3),
        ];
        first_n(jobs, 1).await
    });
    assert_eq!(
        first,
        [3],
        "the futures run side by side: the last one listed finishes first"
    );
}

#[test]
fn asking_for_more_than_there_are_returns_them_all() {
    let (all, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [
            job(&log, "a", 30, 30),
            job(&log, "b", 10, 10),
            job(&log, "c", 20, 20),
        ];
        let all = first_n(jobs, 10).await;
        (all, log.endings())
    });
    assert_eq!(all, [10, 20, 30]);
    assert_eq!(
        endings,
        lines(&["a: finished", "b: finished", "c: finished"])
    );
}

#[test]
fn asking_for_none_drops_them_all_unfinished() {
    let (none, endings) = on_paused_clock(|| async {
        let log = Log::default();
        let jobs = [job(&log, "a", 0, 1), job(&log, "b", 10, 2)];
        let none = first_n(jobs, 0).await;
        (none, log.endings())
    });
    assert!(none.is_empty());
    assert_eq!(endings, lines(&["a: dropped", "b: dropped"]));
}
