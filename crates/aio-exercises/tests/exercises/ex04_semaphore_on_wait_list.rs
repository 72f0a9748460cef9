use std::cell::Cell;
use std::rc::Rc;

use aio_exercises::ex04_semaphore_on_wait_list::Semaphore;
use aio_exercises::support::run_with_deadline;
use aio_testkit::{TestTask, WakeLog, yield_now};
use futures::task::LocalSpawnExt;

#[test]
fn free_permits_are_taken_at_once_and_given_back() {
    let sem = Semaphore::new(2);
    let log = WakeLog::new();
    let mut first = TestTask::new("first", sem.acquire(), &log);
    let first = first.poll();
    let mut second = TestTask::new("second", sem.acquire(), &log);
    let second = second.poll();
    assert!(first.is_ready() && second.is_ready());
    assert_eq!(sem.available_permits(), 0);
    sem.release();
    sem.release();
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn no_more_tasks_run_at_once_than_there_are_permits() {
    let (max_seen, finished) = run_with_deadline(|| {
        let sem = Rc::new(Semaphore::new(2));
        let running = Rc::new(Cell::new(0));
        let max_seen = Rc::new(Cell::new(0));
        let finished = Rc::new(Cell::new(0));
        let mut pool = futures::executor::LocalPool::new();
        for _ in 0..8 {
            let (sem, running, max_seen, finished) = (
                sem.clone(),
                running.clone(),
                max_seen.clone(),
                finished.clone(),
            );
            pool.spawner()
                .spawn_local(async move {
                    for _ in 0..3 {
                        sem.acquire().await;
                        running.set(running.get() + 1);
                        max_seen.set(max_seen.get().max(running.get()));
                        for _ in 0..3 {
                            yield_now().await; // let the others try
                        }
                        running.set(running.get() - 1);
                        sem.release();
                    }
                    finished.set(finished.get() + 1);
                })
                .expect("the pool is alive");
        }
        pool.run();
        (max_seen.get(), finished.get())
    });
    assert_eq!(max_seen, 2);
    assert_eq!(finished, 8);
}

#[test]
fn waiters_are_served_first_come_first_served() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let mut holder = TestTask::new("holder", sem.acquire(), &log);
    let held = holder.poll();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    let queued = [a.poll(), b.poll(), c.poll()];
    assert!(held.is_ready());
    assert!(queued.iter().all(|poll| poll.is_pending()));

    sem.release();
    assert_eq!(log.take(), ["a"]);
    // The permit is on its way to `a`: a newcomer may not take it.
    let mut late = TestTask::new("late", sem.acquire(), &log);
    late.assert_pending();
    b.assert_pending();
    a.assert_ready();
    assert_eq!(sem.available_permits(), 0);

    sem.release();
    assert_eq!(log.take(), ["b"]);
    b.assert_ready();
    sem.release();
    assert_eq!(log.take(), ["c"]);
    c.assert_ready();
    sem.release();
    assert_eq!(log.take(), ["late"]);
    late.assert_ready();
    sem.release();
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_dropped_waiter_does_not_lose_a_permit() {
    let sem = Semaphore::new(1);
    let log = WakeLog::new();
    let mut holder = TestTask::new("holder", sem.acquire(), &log);
    let held = holder.poll();
    let mut a = TestTask::new("a", sem.acquire(), &log);
    let mut b = TestTask::new("b", sem.acquire(), &log);
    let mut c = TestTask::new("c", sem.acquire(), &log);
    let queued = [a.poll(), b.poll(), c.poll()];
    assert!(held.is_ready());
    assert!(queued.iter().all(|poll| poll.is_pending()));

    // `b` gives up while still waiting: it simply leaves the line.
    drop(b);
    assert!(log.take().is_empty());

    // `a` is handed the permit, then cancelled before it runs: it must pass
    // the permit on to `c`.
    sem.release();
    assert_eq!(log.take(), ["a"]);
    drop(a);
    assert_eq!(log.take(), ["c"], "the permit handed to `a` was lost");
    c.assert_ready();

    sem.release();
    assert_eq!(sem.available_permits(), 1);
}
