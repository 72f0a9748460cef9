//! # Exercise 10: drive a future by hand
//!
//! Read first: "Futures and tasks: a task is a callback that polls"
//! (`book/src/loop/tasks.md`), and the example `hand_driven_future`.
//!
//! A future runs only when it is polled, and after it returns `Pending` it
//! is polled again only when its `Waker` fires. Write the smallest
//! executor that keeps that contract, and a future that uses it:
//!
//! 1. [`ThreadWaker`]: a waker for a thread that waits. Implement `Wake`:
//!    waking sets the `woken` flag, *then* unparks the thread
//!    (`Thread::unpark`).
//! 2. [`block_on_by_hand`]: pin the future (`std::pin::pin!`), build a
//!    `Waker` from an `Arc<ThreadWaker>` for the current thread
//!    (`thread::current()`), and loop: poll once (count it); on `Ready`,
//!    return the output and the number of polls; on `Pending`, wait until
//!    the flag is set (`thread::park()` in a loop: it may return without
//!    an unpark), clear it, and poll again. Never poll again before a wake:
//!    a future woken from another thread a minute later must be polled
//!    twice, not a million times.
//! 3. [`YieldTwice`]: a future that returns `Pending` twice, then `Ready(())`.
//!    Before each `Pending`, it wakes its own waker
//!    (`cx.waker().wake_by_ref()`): "poll me again, after the others"
//!    (asyncio's `await asyncio.sleep(0)`). Without that, no executor
//!    would ever poll it again.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex10`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::task::{Context, Poll, Wake};
use std::thread::Thread;

/// Wakes a thread that waits for it: sets a flag, then unparks the thread.
#[derive(Debug)]
pub struct ThreadWaker {
    /// The thread to unpark.
    pub thread: Thread,
    /// Set by a wake, cleared by the executor before it polls again.
    pub woken: AtomicBool,
}

impl ThreadWaker {
    /// A waker for `thread`, not woken yet. (Given.)
    pub fn new(thread: Thread) -> Arc<Self> {
        Arc::new(ThreadWaker {
            thread,
            woken: AtomicBool::new(false),
        })
    }
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        todo!("exercise 10: set the flag, then unpark the thread")
    }
}

/// Polls `future` on this thread until it is ready, sleeping between polls
/// until its waker fires; returns its output and how many polls it took.
pub fn block_on_by_hand<F: Future>(future: F) -> (F::Output, usize) {
    let _future = future;
    todo!("exercise 10: poll; on Pending, park until the ThreadWaker's flag is set; repeat")
}

/// A future that yields twice (`Pending`, waking itself), then completes.
#[derive(Debug, Default)]
pub struct YieldTwice {
    yielded: u8,
}

impl YieldTwice {
    /// Not polled yet. (Given.)
    pub fn new() -> Self {
        YieldTwice::default()
    }
}

impl Future for YieldTwice {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let _ = (self.yielded, cx);
        todo!("exercise 10: Pending twice (waking yourself first), then Ready")
    }
}
