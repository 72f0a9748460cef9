//! `LoopFuture` and `Task`: results, exceptions, done callbacks,
//! cancellation, and panics.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use aio_loop::{Clock, EventLoop, FutureError, InvalidStateError, ManualClock, Task};

fn manual_loop() -> EventLoop {
    EventLoop::with_clock(Clock::Manual(ManualClock::new())).unwrap()
}

/// Sets its flag when dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn loop_future_set_twice_returns_invalid_state_error() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.create_future();
    fut.set_result(1).unwrap();
    assert_eq!(fut.set_result(2), Err(InvalidStateError));
    assert_eq!(fut.set_exception("late"), Err(InvalidStateError));
    assert!(!fut.cancel());
    assert_eq!(fut.result(), Ok(1));
    lp.close().unwrap();
}

#[test]
fn loop_future_result_before_done_is_invalid_state() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.create_future::<u8>();
    assert!(!fut.is_done());
    assert!(matches!(fut.result(), Err(FutureError::InvalidState(_))));
    lp.close().unwrap();
}

#[test]
fn loop_future_cancel_makes_it_done_and_cancelled() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.create_future::<u8>();
    assert!(fut.cancel());
    assert!(fut.is_done());
    assert!(fut.is_cancelled());
    assert_eq!(fut.result(), Err(FutureError::Cancelled));
    assert!(!fut.cancel(), "a second cancel does nothing");
    assert_eq!(fut.set_result(3), Err(InvalidStateError));
    lp.close().unwrap();
}

#[test]
fn done_callbacks_run_on_the_next_iteration_not_inline() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.create_future::<u32>();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    fut.add_done_callback(move |f| log.borrow_mut().push(f.result()));

    fut.set_result(42).unwrap();
    assert!(seen.borrow().is_empty(), "not run inside set_result");
    lp.run_once();
    assert_eq!(*seen.borrow(), [Ok(42)]);
    lp.close().unwrap();
}

#[test]
fn done_callback_added_after_done_still_runs() {
    let lp = EventLoop::new().unwrap();
    let fut = lp.create_future::<&str>();
    fut.set_result("ready").unwrap();
    let seen = Rc::new(RefCell::new(None));
    let log = seen.clone();
    fut.add_done_callback(move |f| *log.borrow_mut() = Some(f.result()));
    assert_eq!(*seen.borrow(), None, "scheduled, not run inline");
    lp.run_once();
    assert_eq!(*seen.borrow(), Some(Ok("ready")));
    lp.close().unwrap();
}

#[test]
fn several_tasks_awaiting_one_future_all_get_the_value() {
    let lp = manual_loop();
    let fut = lp.create_future::<String>();
    let tasks: Vec<Task<Result<String, FutureError>>> = (0..5)
        .map(|_| lp.create_task(fut.clone()).unwrap())
        .collect();
    let setter = fut.clone();
    lp.call_later(Duration::from_secs(1), move || {
        setter.set_result("shared".to_owned()).unwrap();
    })
    .unwrap();
    let results = lp
        .run_until_complete(async move {
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await.unwrap());
            }
            results
        })
        .unwrap();
    assert_eq!(results, vec![Ok("shared".to_owned()); 5]);
    lp.close().unwrap();
}

#[test]
fn task_cancel_drops_the_future_at_its_next_await_point() {
    let lp = manual_loop();
    let dropped = Rc::new(Cell::new(false));
    let after_await = Rc::new(Cell::new(false));
    let (guard, after, sleeper) = (DropFlag(dropped.clone()), after_await.clone(), lp.clone());
    let task = lp
        .create_task(async move {
            let _guard = guard;
            sleeper.sleep(Duration::from_secs(3600)).await;
            after.set(true);
        })
        .unwrap();
    lp.run_once(); // first step: now waiting on the sleep
    assert!(!task.is_done());
    assert!(!dropped.get());

    assert!(task.cancel());
    lp.run_once();
    assert!(dropped.get(), "the future (and its guard) was dropped");
    assert!(!after_await.get(), "code after the await never ran");
    assert!(task.is_done());
    assert!(task.is_cancelled());
    assert_eq!(task.result(), Err(FutureError::Cancelled));
    assert_eq!(lp.pending_tasks(), 0);
    lp.close().unwrap();
}

#[test]
fn cancel_of_a_done_task_returns_false() {
    let lp = EventLoop::new().unwrap();
    let task = lp.create_task(async { 5 }).unwrap();
    lp.run_once();
    assert!(task.is_done());
    assert!(!task.cancel());
    assert!(!task.is_cancelled());
    assert_eq!(task.result(), Ok(5));
    lp.close().unwrap();
}

#[test]
fn task_that_completes_in_the_step_where_it_was_cancelled_keeps_its_output() {
    let lp = EventLoop::new().unwrap();
    let me: Rc<RefCell<Option<Task<u32>>>> = Rc::new(RefCell::new(None));
    let cancel_accepted = Rc::new(Cell::new(false));
    let (myself, accepted) = (me.clone(), cancel_accepted.clone());
    let task = lp
        .create_task(async move {
            // Cancelled during its own last step: the request comes too late.
            let task = myself
                .borrow_mut()
                .take()
                .expect("set before the first step");
            accepted.set(task.cancel());
            7
        })
        .unwrap();
    *me.borrow_mut() = Some(task.clone());
    lp.run_once();
    lp.call_soon(|| {}).unwrap();
    lp.run_once(); // the wake-up posted by cancel finds a finished task
    assert!(cancel_accepted.get());
    assert!(task.is_done());
    assert!(!task.is_cancelled());
    assert_eq!(task.result(), Ok(7));
    lp.close().unwrap();
}

#[test]
fn panicking_task_returns_panicked_and_the_loop_goes_on() {
    let lp = EventLoop::new().unwrap();
    let reports = Rc::new(Cell::new(0));
    let count = reports.clone();
    lp.set_exception_handler(move |_| count.set(count.get() + 1));
    let failing = lp
        .create_task(async {
            if true {
                panic!("task boom");
            }
            1
        })
        .unwrap();
    let after = lp
        .run_until_complete(async {
            aio_loop::yield_now().await;
            "still running"
        })
        .unwrap();
    assert_eq!(after, "still running");
    assert_eq!(
        failing.result(),
        Err(FutureError::Panicked("task boom".to_owned()))
    );
    assert_eq!(
        reports.get(),
        0,
        "a held task's panic is its result, not a report"
    );
    lp.close().unwrap();
}

#[test]
fn detached_panicking_task_is_reported_as_never_retrieved() {
    let lp = EventLoop::new().unwrap();
    let reports = Rc::new(RefCell::new(Vec::new()));
    let log = reports.clone();
    lp.set_exception_handler(move |ctx| {
        log.borrow_mut().push((
            ctx.message(),
            ctx.panic().to_owned(),
            ctx.origin().location().file().to_owned(),
        ));
    });
    drop(lp.create_task(async { panic!("nobody listens") }).unwrap());
    lp.run_until_complete(aio_loop::yield_now()).unwrap();
    assert_eq!(
        *reports.borrow(),
        [(
            "Task exception was never retrieved",
            "nobody listens".to_owned(),
            file!().to_owned()
        )]
    );
    lp.close().unwrap();
}

#[test]
fn awaiting_a_task_twice_reports_invalid_state_the_second_time() {
    let lp = EventLoop::new().unwrap();
    let task = lp.create_task(async { 3 }).unwrap();
    let again = task.clone();
    let (first, second) = lp
        .run_until_complete(async move { (task.await, again.await) })
        .unwrap();
    assert_eq!(first, Ok(3));
    assert!(matches!(second, Err(FutureError::InvalidState(_))));
    lp.close().unwrap();
}
