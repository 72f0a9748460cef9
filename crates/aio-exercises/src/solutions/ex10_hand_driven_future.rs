//! Reference solution of exercise 10 (see the exercise file for the task).

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

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
        // The flag first: the woken thread checks it when it returns from park.
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Polls `future` on this thread until it is ready, sleeping between polls
/// until its waker fires; returns its output and how many polls it took.
pub fn block_on_by_hand<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    let signal = ThreadWaker::new(thread::current());
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return (output, polls);
        }
        // A wake during the poll (a yield) already set the flag: no park.
        // park() may also return spuriously, hence the loop on the flag.
        while !signal.woken.swap(false, Ordering::SeqCst) {
            thread::park();
        }
    }
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

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded == 2 {
            return Poll::Ready(());
        }
        self.yielded += 1;
        // Pending without a wake-up arranged would never be polled again.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
