//! Other threads and the loop: `call_soon_threadsafe`, `spawn_threadsafe`,
//! `ConcurrentFuture`, and waking a sleeping loop.
//!
//! A thread never sleeps to synchronize: it waits for
//! `LoopHandle::is_sleeping()` or for a channel, and every wait has a
//! generous deadline that only turns a hang into a failure.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use aio_loop::{Clock, EventLoop, FutureError, LoopHandle, ManualClock, get_running_loop};
use aio_testkit::within_a_minute;

/// How long a helper thread waits for the loop before it gives up.
const DEADLINE: Duration = Duration::from_secs(30);

/// Spins until `handle.is_sleeping()` equals `sleeping`; false on timeout.
fn wait_until_sleeping_is(handle: &LoopHandle, sleeping: bool) -> bool {
    let deadline = Instant::now() + DEADLINE;
    while handle.is_sleeping() != sleeping {
        if Instant::now() > deadline {
            return false;
        }
        thread::yield_now();
    }
    true
}

#[test]
fn call_soon_threadsafe_wakes_a_sleeping_loop() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let handle = lp.handle();
        let (ran_tx, ran_rx) = mpsc::channel();
        let poster = thread::spawn(move || {
            assert!(
                wait_until_sleeping_is(&handle, true),
                "the loop never slept"
            );
            handle
                .call_soon_threadsafe(move || {
                    ran_tx.send(thread::current().id()).unwrap();
                    get_running_loop().unwrap().stop();
                })
                .unwrap();
        });
        // Nothing to do: the loop sleeps until the other thread posts.
        lp.run_forever().unwrap();
        poster.join().unwrap();
        assert_eq!(ran_rx.try_recv(), Ok(thread::current().id()));
        lp.close().unwrap();
    });
}

#[test]
fn loop_handle_stop_from_another_thread_stops_a_sleeping_loop() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let handle = lp.handle();
        let stopper = thread::spawn(move || {
            assert!(wait_until_sleeping_is(&handle, true));
            handle.stop().unwrap();
        });
        lp.run_forever().unwrap();
        stopper.join().unwrap();
        lp.close().unwrap();
    });
}

#[test]
fn spawn_threadsafe_result_can_be_waited_for_from_another_thread() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let handle = lp.handle();
        let client = thread::spawn(move || {
            let answer = handle
                .spawn_threadsafe(async {
                    aio_loop::yield_now().await;
                    6 * 7
                })
                .unwrap();
            let value = answer.wait();
            handle.stop().unwrap();
            value
        });
        lp.run_forever().unwrap();
        assert_eq!(client.join().unwrap(), Ok(42));
        lp.close().unwrap();
    });
}

#[test]
fn spawn_threadsafe_result_can_be_awaited_by_a_futures_executor_on_another_thread() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let handle = lp.handle();
        let client = thread::spawn(move || {
            futures::executor::block_on(async {
                let mut total = 0;
                for i in 0..10 {
                    total += handle.spawn_threadsafe(async move { i }).unwrap().await?;
                }
                handle.stop().unwrap();
                Ok::<_, FutureError>(total)
            })
        });
        lp.run_forever().unwrap();
        assert_eq!(client.join().unwrap(), Ok(45));
        lp.close().unwrap();
    });
}

#[test]
fn cancelling_a_concurrent_future_whose_task_waits_on_the_loop_gives_cancelled() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let handle = lp.handle();
        let client = thread::spawn(move || {
            let (started_tx, started_rx) = mpsc::channel();
            let waiting = handle
                .spawn_threadsafe(async move {
                    started_tx.send(()).unwrap();
                    // Waits on the loop forever (aio_loop::sleep is !Send).
                    std::future::pending::<u8>().await
                })
                .unwrap();
            started_rx.recv_timeout(DEADLINE).expect("the task started");
            let accepted = waiting.cancel();
            let outcome = waiting.wait();
            handle.stop().unwrap();
            (accepted, outcome)
        });
        lp.run_forever().unwrap();
        assert_eq!(client.join().unwrap(), (true, Err(FutureError::Cancelled)));
        assert_eq!(lp.pending_tasks(), 0);
        lp.close().unwrap();
    });
}

#[test]
fn closing_the_loop_resolves_a_pending_concurrent_future_to_cancelled() {
    let lp = EventLoop::new().unwrap();
    let handle = lp.handle();
    let running = handle
        .spawn_threadsafe(std::future::pending::<u8>())
        .unwrap();
    lp.run_once(); // the inbox is drained: the request becomes a task...
    lp.run_once(); // ...which takes its first step and waits
    // This one never reaches the loop: it is still in the inbox at close.
    let queued = handle
        .spawn_threadsafe(std::future::pending::<u8>())
        .unwrap();
    assert!(!running.is_done());
    assert_eq!(lp.pending_tasks(), 1);
    lp.close().unwrap();
    assert!(running.is_done());
    assert!(queued.is_done());
    assert_eq!(running.wait(), Err(FutureError::Cancelled));
    assert_eq!(queued.wait(), Err(FutureError::Cancelled));
}

#[test]
fn cancelled_timer_wakes_the_sleeping_loop_tokio_6751() {
    within_a_minute(|| {
        let lp = EventLoop::new().unwrap();
        let timer = lp.call_later(Duration::from_secs(3600), || {}).unwrap();
        let handle = lp.handle();
        let canceller = thread::spawn(move || {
            // 1. The loop sleeps on the hour-long timer.
            let slept = wait_until_sleeping_is(&handle, true);
            // 2. Cancel it from here. `cancel` clears the sleeping flag
            //    itself (it is the wake-up), so the flag can only turn true
            //    again if the loop woke, ran an iteration and went back to
            //    sleep: nothing else is posted before that.
            timer.cancel();
            let slept_again = slept && wait_until_sleeping_is(&handle, true);
            // Stop the loop either way so that a failure is not a hang.
            handle.stop().unwrap();
            (slept, slept_again)
        });
        lp.run_forever().unwrap();
        let (slept, slept_again) = canceller.join().unwrap();
        assert!(slept, "the loop never slept on its timer");
        assert!(
            slept_again,
            "cancelling the timer did not wake the loop to drop it"
        );
        assert_eq!(lp.scheduled_timers(), 0);
        // Had the cancel not woken the loop, the stop would have ended the
        // first iteration, the one that slept on the timer.
        assert!(lp.iterations() >= 2);
        lp.close().unwrap();
    });
}

#[test]
fn spawn_threadsafe_with_builds_a_non_send_future_on_the_loop_thread() {
    let lp = EventLoop::with_clock(Clock::Manual(ManualClock::new())).unwrap();
    let handle = lp.handle();
    let loop_thread = thread::current().id();
    let worker = thread::spawn(move || {
        let fut = handle
            .spawn_threadsafe_with(move || async move {
                // `sleep` holds an `Rc`: this future could not be sent.
                aio_loop::sleep(Duration::from_secs(60)).await;
                thread::current().id()
            })
            .unwrap();
        let ran_on = fut.wait().unwrap();
        handle.stop().unwrap();
        ran_on
    });
    lp.run_forever().unwrap();
    assert_eq!(worker.join().unwrap(), loop_thread);
}

#[test]
fn spawn_threadsafe_with_is_cancelled_if_the_loop_closes_before_it_starts() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.handle().spawn_threadsafe_with(|| async { 1 }).unwrap();
    lp.close().unwrap();
    assert_eq!(fut.wait(), Err(FutureError::Cancelled));
}

#[test]
fn sleep_works_when_the_loop_is_stepped_by_hand() {
    let lp = EventLoop::with_clock(Clock::Manual(ManualClock::new())).unwrap();
    let task = lp
        .create_task(async {
            aio_loop::sleep(Duration::from_secs(1)).await;
            "woke"
        })
        .unwrap();
    while !task.is_done() {
        lp.run_once();
    }
    assert_eq!(task.result(), Ok("woke"));
}

#[test]
fn a_completer_dropped_without_completing_reports_cancelled() {
    let (completer, future) = aio_loop::ConcurrentFuture::<u8>::channel();
    assert!(completer.set_running());
    drop(completer);
    assert_eq!(future.wait(), Err(FutureError::Cancelled));
}

#[test]
fn running_work_without_a_task_cannot_be_cancelled() {
    let (completer, future) = aio_loop::ConcurrentFuture::channel();
    assert!(completer.set_running());
    assert!(!future.cancel(), "a running job is past cancelling");
    assert!(!completer.is_cancelled());
    completer.set_result("done");
    assert_eq!(future.wait(), Ok("done"));
}

#[test]
fn cancelling_before_the_loop_polls_the_task_never_runs_it() {
    let lp = EventLoop::new().unwrap();
    let ran = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = ran.clone();
    let fut = lp
        .handle()
        .spawn_threadsafe(async move { flag.store(true, std::sync::atomic::Ordering::SeqCst) })
        .unwrap();
    assert!(fut.cancel());
    lp.run_until_complete(async {}).unwrap();
    lp.run_until_complete(async {}).unwrap();
    assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    assert_eq!(fut.wait(), Err(FutureError::Cancelled));
}
