use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use aio_exercises::ex03_lost_wakeup::{Flag, wait};
use aio_exercises::support::run_with_deadline;
use aio_testkit::{CountingWaker, TestTask, WakeLog};

/// The broken order, to show what the exercise fixes: check, then register.
struct NaiveWait<'a>(&'a Flag);

impl Future for NaiveWait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.is_set() {
            return Poll::Ready(());
        }
        self.0.register(cx.waker());
        Poll::Pending
    }
}

#[test]
fn a_flag_already_set_is_ready_at_once() {
    let flag = Flag::new();
    flag.set();
    let mut waiter = TestTask::new("waiter", wait(&flag), &WakeLog::new());
    let first = waiter.poll();
    assert!(first.is_ready());
}

#[test]
fn a_set_after_waiting_wakes_the_waiter() {
    let flag = Flag::new();
    let log = WakeLog::new();
    let mut waiter = TestTask::new("waiter", wait(&flag), &log);
    let first = waiter.poll();
    assert!(first.is_pending());
    flag.set();
    assert_eq!(log.take(), ["waiter"]);
    waiter.assert_ready();
}

#[test]
fn a_set_between_check_and_registration_is_not_lost() {
    let flag = Flag::new();
    let log = WakeLog::new();
    let mut waiter = TestTask::new("waiter", wait(&flag), &log);
    flag.set_right_after_next_check();
    let first = waiter.poll();
    // Either the future saw the flag, or the set woke it: never neither.
    assert!(
        first.is_ready() || waiter.wakes() == 1,
        "Pending and never woken: the wakeup was lost (check, then register?)"
    );
    if first.is_pending() {
        waiter.assert_ready();
    }

    // The naive order, same schedule: Pending, and nobody will ever wake it.
    let naive_flag = Flag::new();
    let mut naive = TestTask::new("naive", NaiveWait(&naive_flag), &log);
    naive_flag.set_right_after_next_check();
    assert!(naive.poll().is_pending());
    assert_eq!(naive.wakes(), 0, "the naive order loses this wakeup");
}

#[test]
fn the_newest_waker_is_the_one_woken() {
    // An executor may move the task: the second poll brings another waker.
    let flag = Flag::new();
    let log = WakeLog::new();
    let mut waiter = TestTask::new("old", wait(&flag), &log);
    let first = waiter.poll();
    let moved = Waker::from(CountingWaker::new("new", &log));
    let second = waiter.poll_with(&moved);
    assert!(first.is_pending() && second.is_pending());
    flag.set();
    assert_eq!(log.take(), ["new"]);
    assert!(waiter.poll_with(&moved).is_ready());
}

#[test]
fn a_set_from_another_thread_ends_the_wait() {
    run_with_deadline(|| {
        let flag = std::sync::Arc::new(Flag::new());
        let setter = {
            let flag = flag.clone();
            std::thread::spawn(move || flag.set())
        };
        futures::executor::block_on(wait(&flag));
        setter.join().expect("the setter does not panic");
    });
}
