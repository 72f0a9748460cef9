//! `call_soon`: FIFO order, one iteration at a time, and panics that the
//! loop survives.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use aio_loop::EventLoop;

#[test]
fn call_soon_runs_callbacks_in_fifo_order() {
    let lp = EventLoop::new().unwrap();
    let order = Rc::new(RefCell::new(Vec::new()));
    for i in 0..10 {
        let order = order.clone();
        lp.call_soon(move || order.borrow_mut().push(i)).unwrap();
    }
    lp.run_once();
    assert_eq!(*order.borrow(), (0..10).collect::<Vec<_>>());
    lp.close().unwrap();
}

#[test]
fn callback_scheduled_by_a_callback_waits_for_the_next_iteration() {
    let lp = EventLoop::new().unwrap();
    let log = Rc::new(RefCell::new(Vec::new()));
    let (again, first_log) = (lp.clone(), log.clone());
    lp.call_soon(move || {
        first_log.borrow_mut().push("first");
        let nested_log = first_log.clone();
        again
            .call_soon(move || nested_log.borrow_mut().push("nested"))
            .unwrap();
    })
    .unwrap();
    let second_log = log.clone();
    lp.call_soon(move || second_log.borrow_mut().push("second"))
        .unwrap();

    lp.run_once();
    assert_eq!(*log.borrow(), ["first", "second"]);
    lp.run_once();
    assert_eq!(*log.borrow(), ["first", "second", "nested"]);
    lp.close().unwrap();
}

#[test]
fn cancelled_handle_never_runs() {
    let lp = EventLoop::new().unwrap();
    let ran = Rc::new(Cell::new(false));
    let flag = ran.clone();
    let handle = lp.call_soon(move || flag.set(true)).unwrap();
    handle.cancel();
    assert!(handle.is_cancelled());
    lp.run_once();
    assert!(!ran.get());
    lp.close().unwrap();
}

#[test]
fn panicking_callback_does_not_stop_the_loop_and_is_reported_with_its_origin() {
    let lp = EventLoop::new().unwrap();
    let reports = Rc::new(RefCell::new(Vec::new()));
    let seen = reports.clone();
    lp.set_exception_handler(move |ctx| {
        seen.borrow_mut().push((
            ctx.message(),
            ctx.panic().to_owned(),
            ctx.origin().location().file().to_owned(),
            ctx.origin().location().line(),
        ));
    });
    let after = Rc::new(Cell::new(false));
    let panic_line = line!() + 1;
    lp.call_soon(|| panic!("boom in a callback")).unwrap();
    let flag = after.clone();
    lp.call_soon(move || flag.set(true)).unwrap();

    lp.run_once();
    assert!(after.get(), "the callback after the panicking one ran");
    let reports = reports.borrow();
    assert_eq!(reports.len(), 1);
    let (message, panic, file, line) = &reports[0];
    assert_eq!(*message, "Exception in callback");
    assert_eq!(panic, "boom in a callback");
    assert_eq!(file, file!());
    assert_eq!(*line, panic_line);
    drop(reports);

    // And the loop keeps running later iterations.
    let later = Rc::new(Cell::new(false));
    let flag = later.clone();
    lp.call_soon(move || flag.set(true)).unwrap();
    lp.run_once();
    assert!(later.get());
    lp.close().unwrap();
}

#[test]
fn panicking_exception_handler_does_not_stop_the_loop() {
    let lp = EventLoop::new().unwrap();
    let handler_calls = Rc::new(Cell::new(0));
    let calls = handler_calls.clone();
    lp.set_exception_handler(move |_| {
        calls.set(calls.get() + 1);
        panic!("the handler itself fails");
    });
    lp.call_soon(|| panic!("first")).unwrap();
    let after = Rc::new(Cell::new(false));
    let flag = after.clone();
    lp.call_soon(move || flag.set(true)).unwrap();
    lp.call_soon(|| panic!("second")).unwrap();

    lp.run_once();
    assert!(after.get());
    assert_eq!(handler_calls.get(), 2);

    // Back to the default handler (stderr): still no escape.
    lp.reset_exception_handler();
    lp.call_soon(|| panic!("third")).unwrap();
    lp.run_once();
    assert_eq!(handler_calls.get(), 2);
    lp.close().unwrap();
}

#[test]
fn run_until_complete_runs_callbacks_scheduled_before_it() {
    let lp = EventLoop::new().unwrap();
    let ran = Rc::new(Cell::new(0));
    for _ in 0..3 {
        let ran = ran.clone();
        lp.call_soon(move || ran.set(ran.get() + 1)).unwrap();
    }
    assert_eq!(lp.run_until_complete(async { 5 }).unwrap(), 5);
    assert_eq!(ran.get(), 3);
    lp.close().unwrap();
}
