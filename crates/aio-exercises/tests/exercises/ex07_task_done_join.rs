use std::panic::resume_unwind;
use std::sync::Arc;
use std::thread;

use aio_exercises::ex07_task_done_join::{TaskDoneError, WorkQueue};
use aio_exercises::support::run_with_deadline;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn join_returns_at_once_when_nothing_was_put() {
    let queue = WorkQueue::<u8>::new();
    let mut join = TestTask::new("join", queue.join(), &WakeLog::new());
    join.assert_ready();
}

#[test]
fn task_done_refuses_items_not_taken_yet() {
    let queue = WorkQueue::new();
    queue.put("job");
    let too_early = queue.task_done();
    assert_eq!(too_early, Err(TaskDoneError), "the item is still queued");
    assert_eq!(queue.unfinished(), 1, "a refused task_done changes nothing");
    assert_eq!(queue.get(), Some("job"));
    assert_eq!(queue.task_done(), Ok(()));
    assert_eq!(queue.unfinished(), 0);
    assert_eq!(queue.task_done(), Err(TaskDoneError), "one too many");
}

#[test]
fn join_waits_until_every_item_is_done_not_just_taken() {
    let log = WakeLog::new();
    let queue = WorkQueue::new();
    queue.put(1);
    queue.put(2);
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    assert_eq!(queue.get(), Some(1));
    assert_eq!(queue.get(), Some(2));
    // Empty, but both items are still being worked on.
    join.assert_pending();
    queue.task_done().unwrap();
    assert_eq!(
        log.take(),
        Vec::<&str>::new(),
        "one item is still unfinished"
    );
    join.assert_pending();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["join"], "the last task_done wakes the joiner");
    join.assert_ready();
}

#[test]
fn every_joiner_is_woken_and_a_cancelled_one_is_forgotten() {
    let log = WakeLog::new();
    let queue = WorkQueue::new();
    queue.put('x');
    let mut first = TestTask::new("first", queue.join(), &log);
    let mut cancelled = TestTask::new("cancelled", queue.join(), &log);
    let mut last = TestTask::new("last", queue.join(), &log);
    first.assert_pending();
    cancelled.assert_pending();
    last.assert_pending();
    drop(cancelled);
    queue.get().unwrap();
    queue.task_done().unwrap();
    assert_eq!(log.take(), ["first", "last"]);
    first.assert_ready();
    last.assert_ready();
}

#[test]
fn join_is_not_fooled_by_work_that_creates_more_work() {
    let log = WakeLog::new();
    let queue = WorkQueue::new();
    queue.put(3u32);
    let mut join = TestTask::new("join", queue.join(), &log);
    join.assert_pending();
    // Each item n > 0 puts n - 1 before it is marked done, like a crawler.
    while let Some(n) = queue.get() {
        if n > 0 {
            queue.put(n - 1);
        }
        queue.task_done().unwrap();
        if queue.unfinished() > 0 {
            join.assert_pending();
        }
    }
    assert_eq!(log.take(), ["join"]);
    join.assert_ready();
}

#[test]
fn consumers_on_threads_release_a_joiner() {
    run_with_deadline(|| {
        let queue = Arc::new(WorkQueue::new());
        for job in 0..100 {
            queue.put(job);
        }
        let consumers: Vec<_> = (0..4)
            .map(|_| {
                let queue = queue.clone();
                thread::spawn(move || {
                    while queue.get().is_some() {
                        queue.task_done().unwrap();
                    }
                })
            })
            .collect();
        // Waits on this thread, woken by the consumers' last task_done.
        futures::executor::block_on(queue.join());
        for consumer in consumers {
            if let Err(panic) = consumer.join() {
                resume_unwind(panic);
            }
        }
        assert_eq!(queue.unfinished(), 0);
    });
}
