//! The loop's thread-safe inbox: the one part of the loop other threads (and
//! wakers, which must be `Send`) may touch.
//!
//! Everything else in an [`EventLoop`] lives on its thread without locks. A
//! waker, `call_soon_threadsafe` or a cancelled timer leaves a message here
//! and, if the loop is asleep in `poll(2)`, writes one byte to the loop's
//! wake-up socket (the self-pipe trick asyncio uses too).
//!
//! Lost wake-ups are avoided the same way the wait list avoids them
//! (register, re-check, wait): the loop first says it is going to sleep, then
//! re-checks the inbox, then sleeps; a sender first posts, then checks whether
//! the loop sleeps. Whichever order they run in, one of them sees the other.

use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::LoopError;
use crate::event_loop::EventLoop;
use crate::handle::{HandleState, TimerOwner};
use crate::task::TaskKey;
use std::sync::Arc;

/// A callback sent from another thread; it receives the loop it runs on.
pub(crate) type RemoteCallback = Box<dyn FnOnce(&EventLoop) + Send>;

pub(crate) enum Message {
    /// A waker fired: poll this task again.
    Wake(TaskKey),
    /// `call_soon_threadsafe` and friends.
    Call(Arc<HandleState>, RemoteCallback),
}

pub(crate) struct Inbox {
    messages: Mutex<Vec<Message>>,
    /// The loop is between "I am going to sleep" and waking up.
    sleeping: AtomicBool,
    closed: AtomicBool,
    /// Timers cancelled while in the heap: a hint for compacting it.
    cancelled_timers: AtomicUsize,
    wake_tx: UnixStream,
    wake_rx: UnixStream,
}

impl TimerOwner for Inbox {
    fn timer_cancelled(&self) {
        self.cancelled_timers.fetch_add(1, SeqCst);
        self.notify();
    }
}

impl Inbox {
    pub(crate) fn new() -> std::io::Result<Self> {
        let (wake_tx, wake_rx) = UnixStream::pair()?;
        wake_tx.set_nonblocking(true)?;
        wake_rx.set_nonblocking(true)?;
        Ok(Inbox {
            messages: Mutex::new(Vec::new()),
            sleeping: AtomicBool::new(false),
            closed: AtomicBool::new(false),
            cancelled_timers: AtomicUsize::new(0),
            wake_tx,
            wake_rx,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Message>> {
        self.messages.lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ANCHOR: inbox_post
    /// Posts a message, then wakes the loop if it sleeps.
    pub(crate) fn post(&self, message: Message) -> Result<(), LoopError> {
        if self.closed.load(SeqCst) {
            return Err(LoopError::Closed);
        }
        self.lock().push(message);
        self.notify();
        Ok(())
    }

    /// Wakes the loop if it is asleep (or about to be). Only the first caller
    /// after the loop said it would sleep writes the byte.
    pub(crate) fn notify(&self) {
        if self.sleeping.swap(false, SeqCst) {
            // A full socket buffer already holds a wake-up: nothing is lost.
            let _ = (&self.wake_tx).write(&[1]);
        }
    }
    // ANCHOR_END: inbox_post

    /// Timers cancelled while in the heap (see `TimerHeap::drop_cancelled`).
    pub(crate) fn cancelled_timers(&self) -> &AtomicUsize {
        &self.cancelled_timers
    }

    /// Moves every posted message into `into`.
    pub(crate) fn drain(&self, into: &mut Vec<Message>) {
        let mut messages = self.lock();
        if into.is_empty() {
            std::mem::swap(&mut *messages, into);
        } else {
            into.append(&mut messages);
        }
    }

    // ANCHOR: inbox_sleep
    /// Step one of "say, re-check, sleep": returns false (do not sleep) if a
    /// message is already waiting.
    pub(crate) fn prepare_to_sleep(&self) -> bool {
        self.sleeping.store(true, SeqCst);
        self.lock().is_empty()
    }

    /// The loop is awake again; swallows any wake-up bytes.
    pub(crate) fn woke_up(&self) {
        self.sleeping.store(false, SeqCst);
        let mut buf = [0u8; 64];
        loop {
            match (&self.wake_rx).read(&mut buf) {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
    }
    // ANCHOR_END: inbox_sleep

    /// True while the loop sleeps in `poll(2)` with nobody having woken it.
    pub(crate) fn is_sleeping(&self) -> bool {
        self.sleeping.load(SeqCst)
    }

    pub(crate) fn wake_fd(&self) -> &UnixStream {
        &self.wake_rx
    }

    pub(crate) fn close(&self) -> Vec<Message> {
        self.closed.store(true, SeqCst);
        std::mem::take(&mut *self.lock())
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(SeqCst)
    }
}
