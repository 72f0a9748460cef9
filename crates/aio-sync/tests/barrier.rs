//! `Barrier`, poll by poll: indices and the leader, FIFO release, abort,
//! reset, reuse, and waiters that leave mid-wait.

use aio_sync::{Barrier, BarrierWait, BarrierWaitResult};
use aio_testkit::{TestTask, WakeLog};

/// Starts a wait and polls it once: it must still be waiting.
fn arriving<'a>(
    barrier: &'a Barrier,
    name: &'static str,
    log: &WakeLog,
) -> TestTask<BarrierWait<'a>> {
    let mut task = TestTask::new(name, barrier.wait(), log);
    task.assert_pending();
    task
}

/// Polls a wait that completed its phase and returns its result.
#[track_caller]
fn released(task: &mut TestTask<BarrierWait<'_>>) -> BarrierWaitResult {
    task.assert_ready()
        .expect("the phase completed, the barrier is not broken")
}

#[test]
fn three_parties_get_distinct_indices_in_arrival_order_and_one_leader() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    let mut a = arriving(&barrier, "a", &log);
    assert_eq!(barrier.n_waiting(), 1);
    let mut b = arriving(&barrier, "b", &log);
    assert_eq!(barrier.n_waiting(), 2);
    assert!(log.take().is_empty());

    let mut c = TestTask::new("c", barrier.wait(), &log);
    let c = released(&mut c); // the last arrival completes the phase itself
    assert_eq!(log.take(), ["a", "b"], "released in arrival order");
    assert_eq!(barrier.n_waiting(), 0);
    let (a, b) = (released(&mut a), released(&mut b));

    assert_eq!([a.index(), b.index(), c.index()], [0, 1, 2]);
    assert_eq!(
        [a.is_leader(), b.is_leader(), c.is_leader()],
        [false, false, true]
    );
}

#[test]
fn a_barrier_of_one_releases_every_wait_at_once() {
    let barrier = Barrier::new(1);
    let log = WakeLog::new();
    for _ in 0..3 {
        let mut task = TestTask::new("alone", barrier.wait(), &log);
        let result = released(&mut task);
        assert_eq!((result.index(), result.is_leader()), (0, true));
    }
}

#[test]
#[should_panic(expected = "at least one party")]
fn a_barrier_of_zero_parties_panics() {
    let _ = Barrier::new(0);
}

#[test]
fn the_barrier_is_reused_across_phases() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    for _phase in 0..4 {
        let mut a = arriving(&barrier, "a", &log);
        let mut b = arriving(&barrier, "b", &log);
        let mut c = TestTask::new("c", barrier.wait(), &log);
        let leader = released(&mut c);
        assert_eq!(log.take(), ["a", "b"]);
        let indices = [
            released(&mut a).index(),
            released(&mut b).index(),
            leader.index(),
        ];
        assert_eq!(indices, [0, 1, 2]);
        assert!(leader.is_leader());
        assert_eq!(barrier.n_waiting(), 0);
    }
}

#[test]
fn late_waiters_of_a_completed_phase_do_not_mix_with_the_next_phase() {
    let barrier = Barrier::new(2);
    let log = WakeLog::new();
    let mut a = arriving(&barrier, "a", &log);
    let mut b = TestTask::new("b", barrier.wait(), &log);
    assert!(released(&mut b).is_leader());
    // a was released but has not run; the next phase starts meanwhile.
    let mut c = arriving(&barrier, "c", &log);
    assert_eq!(barrier.n_waiting(), 1, "a no longer counts");
    let mut d = TestTask::new("d", barrier.wait(), &log);
    let d = released(&mut d);
    assert_eq!(log.take(), ["a", "c"]);
    let (a, c) = (released(&mut a), released(&mut c));
    assert_eq!((a.index(), a.is_leader()), (0, false));
    assert_eq!((c.index(), c.is_leader()), (0, false));
    assert_eq!((d.index(), d.is_leader()), (1, true));
}

#[test]
fn a_waiter_dropped_mid_wait_leaves_and_the_phase_needs_another_arrival() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    let mut a = arriving(&barrier, "a", &log);
    let b = arriving(&barrier, "b", &log);
    assert_eq!(barrier.n_waiting(), 2);
    drop(b);
    assert_eq!(barrier.n_waiting(), 1);

    let mut c = arriving(&barrier, "c", &log); // would have completed it with b
    assert_eq!(barrier.n_waiting(), 2);
    assert!(
        log.take().is_empty(),
        "nobody released by only two live arrivals"
    );
    let mut d = TestTask::new("d", barrier.wait(), &log);
    let d = released(&mut d);
    assert_eq!(log.take(), ["a", "c"]);
    let indices = [
        released(&mut a).index(),
        released(&mut c).index(),
        d.index(),
    ];
    assert_eq!(
        indices,
        [0, 1, 2],
        "still distinct, in order of live arrival"
    );
    assert!(d.is_leader());
}

#[test]
fn a_waiter_dropped_after_its_phase_completed_changes_nothing() {
    let barrier = Barrier::new(2);
    let log = WakeLog::new();
    let a = arriving(&barrier, "a", &log);
    let mut b = TestTask::new("b", barrier.wait(), &log);
    released(&mut b);
    drop(a); // released, never ran
    assert_eq!(barrier.n_waiting(), 0);

    let mut c = arriving(&barrier, "c", &log);
    assert_eq!(barrier.n_waiting(), 1, "a's departure did not uncount c");
    let mut d = TestTask::new("d", barrier.wait(), &log);
    assert_eq!(released(&mut d).index(), 1);
    assert_eq!(released(&mut c).index(), 0);
}

#[test]
fn abort_breaks_the_waiters_and_every_later_wait_until_reset() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    let mut a = arriving(&barrier, "a", &log);
    let mut b = arriving(&barrier, "b", &log);

    barrier.abort();
    assert!(barrier.is_broken());
    assert_eq!(log.take(), ["a", "b"]);
    assert!(a.assert_ready().is_err());
    assert!(b.assert_ready().is_err());
    assert_eq!(barrier.n_waiting(), 0);

    for _ in 0..3 {
        let mut later = TestTask::new("later", barrier.wait(), &log);
        assert!(later.assert_ready().is_err(), "broken until reset");
    }
    assert_eq!(barrier.n_waiting(), 0, "a refused wait does not count");

    barrier.reset();
    assert!(!barrier.is_broken());
    let mut c = arriving(&barrier, "c", &log);
    let mut d = arriving(&barrier, "d", &log);
    let mut e = TestTask::new("e", barrier.wait(), &log);
    assert_eq!(released(&mut e).index(), 2);
    assert_eq!(released(&mut c).index(), 0);
    assert_eq!(released(&mut d).index(), 1);
}

#[test]
fn reset_breaks_the_current_waiters_then_the_barrier_works_again() {
    let barrier = Barrier::new(3);
    let log = WakeLog::new();
    let mut a = arriving(&barrier, "a", &log);
    let mut b = arriving(&barrier, "b", &log);

    barrier.reset();
    assert!(
        !barrier.is_broken(),
        "reset breaks the phase, not the barrier"
    );
    assert_eq!(log.take(), ["a", "b"]);
    assert_eq!(barrier.n_waiting(), 0);
    let error = a.assert_ready().unwrap_err();
    assert!(error.to_string().contains("broken"));
    assert!(b.assert_ready().is_err());

    // A fresh phase needs three new arrivals.
    let mut c = arriving(&barrier, "c", &log);
    let mut d = arriving(&barrier, "d", &log);
    assert!(log.take().is_empty());
    let mut e = TestTask::new("e", barrier.wait(), &log);
    assert!(released(&mut e).is_leader());
    assert_eq!(log.take(), ["c", "d"]);
    assert_eq!(released(&mut c).index(), 0);
    assert_eq!(released(&mut d).index(), 1);
}

#[test]
fn a_waiter_broken_by_reset_and_dropped_before_it_ran_uncounts_nobody() {
    let barrier = Barrier::new(2);
    let log = WakeLog::new();
    let a = arriving(&barrier, "a", &log);
    barrier.reset();
    let mut b = arriving(&barrier, "b", &log);
    drop(a); // broken by the reset, never saw it
    assert_eq!(barrier.n_waiting(), 1, "b still counts");
    let mut c = TestTask::new("c", barrier.wait(), &log);
    assert!(released(&mut c).is_leader());
    assert_eq!(released(&mut b).index(), 0);
}
