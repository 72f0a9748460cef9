//! # Exercise 03: register, re-check, wait (fix the lost wakeup)
//!
//! Read first: "Inside the wait list" (`book/src/sync/wait-list.md`),
//! section "Register, re-check, wait".
//!
//! [`FlagWait`] waits until a [`Flag`] is set. Its `poll` must either
//! return `Ready` or make sure that the waker it was given will be woken
//! when the flag is set. The obvious order is wrong:
//!
//! ```text
//! if flag.is_set() { return Ready }   // 1. check: "not set"
//!                                      //    <- flag.set() runs here: no waker yet, wakes nobody
//! flag.register(cx.waker());           // 2. register: too late
//! return Pending                       // 3. sleeps forever: the lost wakeup
//! ```
//!
//! Implement `poll` so that no moment exists where a `set` reaches nobody:
//! **register first, then check**, then wait. (A check before registering
//! is a fine fast path, as long as you check again after registering.)
//! Register on every poll that returns `Pending`: an executor may poll the
//! future with a different waker than last time, and only the newest one
//! is sure to reach the task.
//!
//! The tests use [`Flag::set_right_after_next_check`] to make the flag be
//! set exactly between a check and what follows it.
//!
//! Run the tests: `cargo test -p aio-exercises --test exercises ex03`.

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
        let _ = (self.flag, cx);
        todo!("exercise 03: register the waker, then check the flag, then return Pending")
    }
}
