//! A coroutine driven by hand: Python's `coro.send(None)` until
//! `StopIteration` is Rust's `poll` until `Poll::Ready`. A future is lazy:
//! calling the `async fn` runs nothing; each poll runs it to its next
//! `.await` that is not ready. `run_until_complete` is a loop around poll.
//! Book: "The event loop", a coroutine by hand.
//!
//!     cargo run --example hand_driven_future [-- --quick]
mod common;

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use aio_primer::event_loop::{EventLoop, yield_now};
use common::Options;

type Log = Rc<RefCell<Vec<&'static str>>>;

/// The coroutine: one suspension point (a yield), then a result.
async fn take_exam(log: Log) -> u32 {
    log.borrow_mut().push("started");
    println!("    [coroutine] started, now yielding to the caller");
    // asyncio's `await asyncio.sleep(0)`: give control back once.
    // ANCHOR: cs_yield
    yield_now().await;
    // ANCHOR_END: cs_yield
    log.borrow_mut().push("resumed");
    println!("    [coroutine] resumed, returning the score");
    100
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _options = Options::from_env(); // nothing to shorten: no waits here
    let log = Log::default();

    // ANCHOR: lazy_future
    // `coro = take_exam()`: a value, not a running computation.
    let coro = take_exam(log.clone());
    println!(
        "created the future; the coroutine has run {} step(s)",
        log.borrow().len()
    );
    assert!(
        log.borrow().is_empty(),
        "a future must not run before it is polled"
    );
    // ANCHOR_END: lazy_future

    // `coro.send(None)` in a loop, with a waker that does nothing: we poll
    // again at once instead of waiting to be woken (fine here, a yield is
    // ready again at once; a real loop sleeps until the waker fires).
    // ANCHOR: poll_by_hand
    let mut coro = pin!(coro);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    let score = loop {
        polls += 1;
        match coro.as_mut().poll(&mut cx) {
            Poll::Pending => println!("poll #{polls}: Pending (the coroutine yielded)"),
            Poll::Ready(score) => {
                // Python would raise StopIteration(100) here.
                println!("poll #{polls}: Ready({score}) (StopIteration, value {score})");
                break score;
            }
        }
    };
    // ANCHOR_END: poll_by_hand
    assert_eq!((polls, score), (2, 100), "one yield means two polls");
    assert_eq!(*log.borrow(), ["started", "resumed"]);

    // The same coroutine on a real loop: run_until_complete wraps it in a
    // task, polls it, and polls again each time its waker posts to the loop.
    // ANCHOR: cs_run_until_complete
    let lp = EventLoop::new()?;
    let log = Log::default();
    let before = lp.iterations();
    let on_loop = lp.run_until_complete(take_exam(log.clone()))?;
    // ANCHOR_END: cs_run_until_complete
    println!(
        "on an EventLoop: {on_loop} after {} loop iteration(s)",
        lp.iterations() - before
    );
    assert_eq!(on_loop, 100);
    assert_eq!(*log.borrow(), ["started", "resumed"]);
    lp.close()?;
    Ok(())
}
