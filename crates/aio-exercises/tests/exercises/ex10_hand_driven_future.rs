use std::future::Future;
use std::panic::resume_unwind;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};
use std::thread::{self, JoinHandle};

use aio_exercises::ex10_hand_driven_future::{ThreadWaker, YieldTwice, block_on_by_hand};
use aio_exercises::support::run_with_deadline;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn a_ready_future_takes_one_poll() {
    let outcome = run_with_deadline(|| block_on_by_hand(async { 6 * 7 }));
    assert_eq!(outcome, (42, 1));
}

#[test]
fn yield_twice_wakes_itself_before_each_pending() {
    let mut task = TestTask::new("yielder", YieldTwice::new(), &WakeLog::new());
    task.assert_pending();
    assert_eq!(task.wakes(), 1, "woken before the first Pending");
    task.assert_pending();
    assert_eq!(task.wakes(), 2, "woken before the second Pending");
    task.assert_ready();
    assert_eq!(task.wakes(), 2, "no wake with Ready");
}

#[test]
fn yield_twice_takes_three_polls() {
    let outcome = run_with_deadline(|| block_on_by_hand(YieldTwice::new()));
    assert_eq!(outcome, ((), 3));
}

#[test]
fn async_code_awaiting_yields_runs_to_the_end() {
    let outcome = run_with_deadline(|| {
        block_on_by_hand(async {
            YieldTwice::new().await;
            YieldTwice::new().await;
            "done"
        })
    });
    assert_eq!(outcome, ("done", 5));
}

#[test]
fn the_thread_waker_sets_its_flag_and_unparks() {
    let waiting = run_with_deadline(|| {
        let signal = ThreadWaker::new(thread::current());
        let waker = Waker::from(signal.clone());
        let waker_thread = thread::spawn(move || waker.wake());
        if let Err(panic) = waker_thread.join() {
            resume_unwind(panic);
        }
        // Returns at once if the wake unparked this thread (else: the deadline).
        thread::park();
        signal.woken.load(Ordering::SeqCst)
    });
    assert!(waiting, "wake sets the flag");
}

/// Pending on its first poll, after handing its waker to a thread that
/// marks it done and wakes it; ready once done. Spurious polls return
/// Pending.
#[derive(Default)]
struct WokenFromAnotherThread {
    done: Arc<AtomicBool>,
    helper: Option<JoinHandle<()>>,
}

impl Future for WokenFromAnotherThread {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.helper.is_none() {
            let (done, waker) = (self.done.clone(), cx.waker().clone());
            self.helper = Some(thread::spawn(move || {
                done.store(true, Ordering::SeqCst);
                waker.wake();
            }));
            return Poll::Pending;
        }
        if !self.done.load(Ordering::SeqCst) {
            return Poll::Pending;
        }
        if let Some(Err(panic)) = self.helper.take().map(JoinHandle::join) {
            resume_unwind(panic);
        }
        Poll::Ready("woken from another thread")
    }
}

#[test]
fn a_future_woken_from_another_thread_is_polled_once_more_not_in_a_busy_loop() {
    let outcome = run_with_deadline(|| block_on_by_hand(WokenFromAnotherThread::default()));
    assert_eq!(outcome, ("woken from another thread", 2));
}

/// Wakes itself many times on its first poll, then is ready.
struct WakesTenTimes(bool);

impl Future for WakesTenTimes {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            return Poll::Ready(());
        }
        // Five wakes by reference, five by value (as a waker kept elsewhere).
        let kept: Vec<Waker> = (0..5).map(|_| cx.waker().clone()).collect();
        for waker in kept {
            cx.waker().wake_by_ref();
            waker.wake();
        }
        Poll::Pending
    }
}

#[test]
fn ten_wakes_before_the_next_poll_make_one_poll() {
    let outcome = run_with_deadline(|| block_on_by_hand(WakesTenTimes(false)));
    assert_eq!(outcome, ((), 2));
}

#[test]
fn a_channel_fed_from_another_thread() {
    let outcome = run_with_deadline(|| {
        let (sender, receiver) = futures::channel::oneshot::channel();
        let producer = thread::spawn(move || sender.send(42).is_ok());
        let (received, polls) = block_on_by_hand(receiver);
        let sent = producer.join().unwrap_or_else(|panic| resume_unwind(panic));
        (received, sent, polls <= 2)
    });
    assert_eq!(outcome, (Ok(42), true, true));
}
