//! `run_forever`, `run_until_complete`, `stop`, `close`, and the loop of the
//! current thread.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use aio_loop::{
    Clock, EventLoop, FutureError, LoopError, ManualClock, get_event_loop, get_running_loop,
    new_event_loop, set_event_loop,
};

fn manual_loop() -> EventLoop {
    EventLoop::with_clock(Clock::Manual(ManualClock::new())).unwrap()
}

/// Sets its flag when dropped: proves that something was dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn stop_inside_run_forever_finishes_the_iteration_and_defers_new_callbacks() {
    let lp = EventLoop::new().unwrap();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (stopper, stop_log) = (lp.clone(), log.clone());
    lp.call_soon(move || {
        stop_log.borrow_mut().push("stop");
        stopper.stop();
        let nested = stop_log.clone();
        stopper
            .call_soon(move || nested.borrow_mut().push("scheduled during"))
            .unwrap();
    })
    .unwrap();
    let same_iteration = log.clone();
    lp.call_soon(move || same_iteration.borrow_mut().push("same iteration"))
        .unwrap();

    lp.run_forever().unwrap();
    assert_eq!(*log.borrow(), ["stop", "same iteration"]);
    assert!(!lp.is_running());

    // The deferred callback runs on the next run.
    lp.run_until_complete(async {}).unwrap();
    assert_eq!(
        *log.borrow(),
        ["stop", "same iteration", "scheduled during"]
    );
    lp.close().unwrap();
}

#[test]
fn stop_before_run_forever_runs_exactly_one_iteration() {
    let lp = EventLoop::new().unwrap();
    let runs = Rc::new(Cell::new(0));
    let (again, counter) = (lp.clone(), runs.clone());
    // A callback that reschedules itself forever.
    fn tick(lp: EventLoop, counter: Rc<Cell<u32>>) {
        counter.set(counter.get() + 1);
        let next = lp.clone();
        lp.call_soon(move || tick(next, counter)).unwrap();
    }
    lp.call_soon(move || tick(again, counter)).unwrap();
    let before = lp.iterations();
    lp.stop();
    lp.run_forever().unwrap();
    assert_eq!(lp.iterations() - before, 1);
    assert_eq!(runs.get(), 1);
    lp.close().unwrap();
}

#[test]
fn run_until_complete_with_a_failing_future_returns_its_exception() {
    let lp = EventLoop::new().unwrap();
    let failing = lp.create_future::<u8>();
    failing.set_exception("no luck").unwrap();
    let outcome = lp.run_until_complete(failing).unwrap();
    match outcome {
        Err(FutureError::Exception(err)) => assert_eq!(err.to_string(), "no luck"),
        other => panic!("expected an exception, got {other:?}"),
    }
    lp.close().unwrap();
}

#[test]
fn run_until_complete_on_a_cancelled_task_reports_cancelled() {
    let lp = manual_loop();
    let task = lp
        .create_task(async { aio_loop::sleep(Duration::from_secs(3600)).await })
        .unwrap();
    assert!(task.cancel());
    // The task is the awaited future: its cancellation is the output.
    let outcome = lp.run_until_complete(task.clone()).unwrap();
    assert_eq!(outcome, Err(FutureError::Cancelled));
    assert!(task.is_cancelled());
    lp.close().unwrap();
}

#[test]
fn run_until_complete_with_a_panicking_future_returns_panicked() {
    let lp = EventLoop::new().unwrap();
    let outcome = lp.run_until_complete(async {
        if true {
            panic!("main future failed");
        }
        7
    });
    assert_eq!(
        outcome,
        Err(LoopError::Future(FutureError::Panicked(
            "main future failed".to_owned()
        )))
    );
    // The loop is usable afterwards.
    assert_eq!(lp.run_until_complete(async { 8 }).unwrap(), 8);
    lp.close().unwrap();
}

#[test]
fn stop_before_the_future_completes_returns_stopped_before_complete() {
    let lp = manual_loop();
    let finished = Rc::new(Cell::new(false));
    let flag = finished.clone();
    let stopper = lp.clone();
    let outcome = lp.run_until_complete(async move {
        stopper.stop();
        stopper.sleep(Duration::from_secs(1)).await;
        flag.set(true);
        7
    });
    assert_eq!(outcome, Err(LoopError::StoppedBeforeComplete));
    assert!(!finished.get());
    assert_eq!(lp.pending_tasks(), 1);

    // The task stays scheduled and finishes on a later run.
    lp.run_until_complete(lp.sleep(Duration::from_secs(2)))
        .unwrap();
    assert!(finished.get());
    assert_eq!(lp.pending_tasks(), 0);
    lp.close().unwrap();
}

#[test]
fn run_forever_reentered_from_a_callback_returns_running() {
    let lp = EventLoop::new().unwrap();
    let results = Rc::new(RefCell::new(Vec::new()));
    let (inner, seen) = (lp.clone(), results.clone());
    lp.call_soon(move || {
        seen.borrow_mut().push(inner.run_forever());
        seen.borrow_mut().push(inner.run_until_complete(async {}));
        inner.stop();
    })
    .unwrap();
    lp.run_forever().unwrap();
    assert_eq!(
        *results.borrow(),
        [Err(LoopError::Running), Err(LoopError::Running)]
    );
    lp.close().unwrap();
}

#[test]
fn close_while_running_returns_running() {
    let lp = EventLoop::new().unwrap();
    let result = Rc::new(RefCell::new(None));
    let (inner, seen) = (lp.clone(), result.clone());
    lp.call_soon(move || {
        *seen.borrow_mut() = Some(inner.close());
        inner.stop();
    })
    .unwrap();
    lp.run_forever().unwrap();
    assert_eq!(*result.borrow(), Some(Err(LoopError::Running)));
    assert!(!lp.is_closed());
    lp.close().unwrap();
}

#[test]
fn second_loop_run_inside_a_running_one_returns_another_loop_running() {
    let lp = EventLoop::new().unwrap();
    let other = EventLoop::new().unwrap();
    let other_keep = other.clone();
    let results = Rc::new(RefCell::new(Vec::new()));
    let (inner, seen) = (lp.clone(), results.clone());
    lp.call_soon(move || {
        seen.borrow_mut().push(other.run_forever());
        seen.borrow_mut().push(other.run_until_complete(async {}));
        inner.stop();
    })
    .unwrap();
    lp.run_forever().unwrap();
    assert_eq!(
        *results.borrow(),
        [
            Err(LoopError::AnotherLoopRunning),
            Err(LoopError::AnotherLoopRunning)
        ]
    );
    // Once the first loop is done, the second one runs.
    assert_eq!(other_keep.run_until_complete(async { 3 }).unwrap(), 3);
    lp.close().unwrap();
    other_keep.close().unwrap();
}

#[test]
fn closed_loop_rejects_every_scheduling_call() {
    let lp = EventLoop::new().unwrap();
    let handle = lp.handle();
    lp.close().unwrap();
    assert!(lp.is_closed());
    assert!(handle.is_closed());

    assert_eq!(lp.call_soon(|| {}).unwrap_err(), LoopError::Closed);
    assert_eq!(
        lp.call_later(Duration::from_secs(1), || {}).unwrap_err(),
        LoopError::Closed
    );
    assert_eq!(lp.call_at(lp.time(), || {}).unwrap_err(), LoopError::Closed);
    assert_eq!(lp.create_task(async {}).unwrap_err(), LoopError::Closed);
    let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
    assert_eq!(lp.add_reader(&a, || {}).unwrap_err(), LoopError::Closed);
    assert_eq!(lp.add_writer(&a, || {}).unwrap_err(), LoopError::Closed);
    assert_eq!(lp.run_forever(), Err(LoopError::Closed));
    assert_eq!(lp.run_until_complete(async {}), Err(LoopError::Closed));
    assert_eq!(
        handle.call_soon_threadsafe(|| {}).unwrap_err(),
        LoopError::Closed
    );
    assert_eq!(
        handle.spawn_threadsafe(async {}).unwrap_err(),
        LoopError::Closed
    );
    assert_eq!(handle.stop(), Err(LoopError::Closed));
}

#[test]
fn close_twice_is_ok() {
    let lp = EventLoop::new().unwrap();
    assert_eq!(lp.close(), Ok(()));
    assert_eq!(lp.close(), Ok(()));
    assert!(lp.is_closed());
}

#[test]
fn close_cancels_pending_tasks() {
    let lp = manual_loop();
    let sleeper = lp.clone();
    let started = lp
        .create_task(async move { sleeper.sleep(Duration::from_secs(3600)).await })
        .unwrap();
    lp.run_once(); // the first step: now it sleeps
    let never_started = lp.create_task(async { 1 }).unwrap();
    assert_eq!(lp.pending_tasks(), 2);

    lp.close().unwrap();
    assert_eq!(started.result(), Err(FutureError::Cancelled));
    assert!(started.is_cancelled());
    assert_eq!(never_started.result(), Err(FutureError::Cancelled));
    assert_eq!(lp.pending_tasks(), 0);
}

#[test]
fn close_drops_pending_callbacks_timers_and_task_futures() {
    let lp = manual_loop();
    let (soon, later, task) = (
        Rc::new(Cell::new(false)),
        Rc::new(Cell::new(false)),
        Rc::new(Cell::new(false)),
    );
    let ran = Rc::new(Cell::new(false));

    let (guard, flag) = (DropFlag(soon.clone()), ran.clone());
    lp.call_soon(move || {
        let _guard = guard;
        flag.set(true);
    })
    .unwrap();
    let (guard, flag) = (DropFlag(later.clone()), ran.clone());
    lp.call_later(Duration::from_secs(5), move || {
        let _guard = guard;
        flag.set(true);
    })
    .unwrap();
    let guard = DropFlag(task.clone());
    let _task = lp
        .create_task(async move {
            let _guard = guard;
            std::future::pending::<()>().await;
        })
        .unwrap();
    assert!(!soon.get() && !later.get() && !task.get());

    lp.close().unwrap();
    assert!(soon.get(), "the call_soon callback was dropped");
    assert!(later.get(), "the call_later callback was dropped");
    assert!(task.get(), "the task's future was dropped");
    assert!(!ran.get(), "no callback ran");
    assert_eq!(lp.scheduled_timers(), 0);
}

#[test]
fn get_event_loop_set_event_loop_and_get_running_loop_are_per_thread() {
    assert_eq!(get_event_loop().unwrap_err(), LoopError::NoEventLoop);
    assert_eq!(get_running_loop().unwrap_err(), LoopError::NoEventLoop);

    let lp = new_event_loop().unwrap();
    set_event_loop(Some(lp.clone()));
    assert!(get_event_loop().unwrap().ptr_eq(&lp));
    // Set is not running.
    assert_eq!(get_running_loop().unwrap_err(), LoopError::NoEventLoop);

    // Another thread has its own (empty) slot.
    let elsewhere = std::thread::spawn(|| {
        let before = get_event_loop().is_err();
        let theirs = new_event_loop().unwrap();
        set_event_loop(Some(theirs.clone()));
        let after = get_event_loop().unwrap().ptr_eq(&theirs);
        set_event_loop(None);
        theirs.close().unwrap();
        (before, after)
    })
    .join()
    .unwrap();
    assert_eq!(elsewhere, (true, true));
    assert!(get_event_loop().unwrap().ptr_eq(&lp));

    // Inside a run, the running loop wins over the current one.
    let other = new_event_loop().unwrap();
    let (running_is_other, current_is_other) = other
        .run_until_complete(async { (get_running_loop().unwrap(), get_event_loop().unwrap()) })
        .map(|(running, current)| (running.ptr_eq(&other), current.ptr_eq(&other)))
        .unwrap();
    assert!(running_is_other && current_is_other);
    assert_eq!(get_running_loop().unwrap_err(), LoopError::NoEventLoop);
    assert!(get_event_loop().unwrap().ptr_eq(&lp));

    set_event_loop(None);
    assert_eq!(get_event_loop().unwrap_err(), LoopError::NoEventLoop);
    lp.close().unwrap();
    other.close().unwrap();
}
