//! Reference solution of exercise 03 (see the exercise file for the task).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use crate::given::Flag;

/// Waits until `flag` is set: `await event.wait()` for a one-shot event.
pub fn wait(flag: &Flag) -> FlagWait<'_> {
    FlagWait { flag }
}

/// The future of [`wait`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct FlagWait<'a> {
    flag: &'a Flag,
}

impl Future for FlagWait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // 1. Register: from now on, every `set` wakes this waker.
        self.flag.register(cx.waker());
        // 2. Re-check: a `set` that ran before the registration is seen here.
        if self.flag.is_set() {
            return Poll::Ready(());
        }
        // 3. Wait: a `set` after the registration will wake us.
        Poll::Pending
    }
}
