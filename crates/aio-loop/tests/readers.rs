//! `add_reader` / `add_writer`: level-triggered I/O callbacks on a
//! `UnixStream` pair.

use std::cell::Cell;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::rc::Rc;

use aio_loop::EventLoop;

/// A connected, non-blocking pair.
fn pair() -> (UnixStream, UnixStream) {
    let (a, b) = UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    b.set_nonblocking(true).unwrap();
    (a, b)
}

/// One iteration that cannot wait: something is ready.
fn run_iteration(lp: &EventLoop) {
    lp.call_soon(|| {}).unwrap();
    lp.run_once();
}

#[test]
fn reader_runs_every_iteration_while_data_waits_and_stops_after_remove() {
    let lp = EventLoop::new().unwrap();
    let (mut tx, rx) = pair();
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let handle = lp
        .add_reader(&rx, move || counter.set(counter.get() + 1))
        .unwrap();

    // No data yet: the reader does not run.
    run_iteration(&lp);
    assert_eq!(calls.get(), 0);

    // Data waits and nobody reads it: level-triggered, once per iteration.
    tx.write_all(b"x").unwrap();
    for expected in 1..=3 {
        lp.run_once();
        assert_eq!(calls.get(), expected);
    }

    assert!(lp.remove_reader(&rx));
    assert!(handle.is_cancelled());
    assert!(!lp.remove_reader(&rx), "nothing left to remove");
    run_iteration(&lp);
    run_iteration(&lp);
    assert_eq!(calls.get(), 3);
    lp.close().unwrap();
}

#[test]
fn reader_that_consumes_the_data_runs_once_per_write() {
    let lp = EventLoop::new().unwrap();
    let (mut tx, rx) = pair();
    let rx = Rc::new(rx);
    let received = Rc::new(Cell::new(0usize));
    let (reader, total) = (rx.clone(), received.clone());
    lp.add_reader(&*rx, move || {
        let mut buf = [0u8; 64];
        if let Ok(n) = (&*reader).read(&mut buf) {
            total.set(total.get() + n);
        }
    })
    .unwrap();
    tx.write_all(b"hello").unwrap();
    lp.run_once();
    assert_eq!(received.get(), 5);
    // Drained: the next iteration does not call it.
    run_iteration(&lp);
    assert_eq!(received.get(), 5);
    assert!(lp.remove_reader(&*rx));
    lp.close().unwrap();
}

#[test]
fn writer_runs_while_the_socket_is_writable_until_removed() {
    let lp = EventLoop::new().unwrap();
    let (tx, _rx) = pair();
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let handle = lp
        .add_writer(&tx, move || counter.set(counter.get() + 1))
        .unwrap();
    lp.run_once();
    lp.run_once();
    assert_eq!(calls.get(), 2);
    assert!(lp.remove_writer(&tx));
    assert!(handle.is_cancelled());
    run_iteration(&lp);
    assert_eq!(calls.get(), 2);
    lp.close().unwrap();
}

#[test]
fn replacing_a_reader_cancels_the_old_handle() {
    let lp = EventLoop::new().unwrap();
    let (mut tx, rx) = pair();
    let (old_calls, new_calls) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let counter = old_calls.clone();
    let old = lp
        .add_reader(&rx, move || counter.set(counter.get() + 1))
        .unwrap();
    let counter = new_calls.clone();
    let new = lp
        .add_reader(&rx, move || counter.set(counter.get() + 1))
        .unwrap();
    assert!(old.is_cancelled());
    assert!(!new.is_cancelled());

    tx.write_all(b"x").unwrap();
    lp.run_once();
    assert_eq!((old_calls.get(), new_calls.get()), (0, 1));
    assert!(lp.remove_reader(&rx));
    lp.close().unwrap();
}

#[test]
fn reader_and_writer_on_one_descriptor_are_independent() {
    let lp = EventLoop::new().unwrap();
    let (mut peer, sock) = pair();
    let (reads, writes) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let counter = reads.clone();
    lp.add_reader(&sock, move || counter.set(counter.get() + 1))
        .unwrap();
    let counter = writes.clone();
    lp.add_writer(&sock, move || counter.set(counter.get() + 1))
        .unwrap();
    lp.run_once();
    assert_eq!((reads.get(), writes.get()), (0, 1));

    assert!(lp.remove_writer(&sock));
    peer.write_all(b"x").unwrap();
    lp.run_once();
    assert_eq!((reads.get(), writes.get()), (1, 1));
    assert!(lp.remove_reader(&sock));
    lp.close().unwrap();
}

#[test]
fn close_drops_readers() {
    let lp = EventLoop::new().unwrap();
    let (_tx, rx) = pair();
    let handle = lp.add_reader(&rx, || {}).unwrap();
    lp.close().unwrap();
    assert!(!lp.remove_reader(&rx));
    drop(handle);
}
