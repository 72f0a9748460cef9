//! [`Event`] and its future.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::wait_list::{WaitCell, WaitSlot};

/// A flag that tasks can wait for: Python's `asyncio.Event`.
///
/// [`set`](Event::set) raises the flag and wakes every waiter;
/// [`clear`](Event::clear) lowers it; [`wait`](Event::wait) returns at once
/// while the flag is up and otherwise waits for the next `set`.
///
/// A waiter woken by a `set` returns even if `clear` follows before it runs:
/// the `set` notified it, and the notification is its own, not a re-read of
/// the flag. (A flag you only poll, like `tokio::sync::watch` read in a loop,
/// can miss a set-then-clear entirely.)
///
/// # Fairness
/// `set` wakes all waiters at once, in the order they began to wait.
///
/// # Cancel safety
/// [`wait`](Event::wait) is cancel-safe: dropping it leaves the list, and a
/// notification it never observed costs the other waiters nothing, since each
/// has its own.
///
/// # Examples
///
/// ```
/// use aio_sync::Event;
///
/// # futures::executor::block_on(async {
/// let ready = Event::new();
/// assert!(!ready.is_set());
/// ready.set();
/// ready.wait().await; // returns at once: the flag is up
/// ready.clear();
/// assert!(!ready.is_set());
/// # });
/// ```
// ANCHOR: event_struct
pub struct Event {
    /// The flag; the waiters are notified when it goes up.
    cell: WaitCell<bool>,
}
// ANCHOR_END: event_struct

impl Event {
    /// A lowered flag.
    ///
    /// ```
    /// assert!(!aio_sync::Event::new().is_set());
    /// ```
    pub fn new() -> Self {
        Self {
            cell: WaitCell::new(false),
        }
    }

    /// Raises the flag and wakes every waiter.
    ///
    /// ```
    /// let event = aio_sync::Event::new();
    /// event.set();
    /// assert!(event.is_set());
    /// ```
    // ANCHOR: event_set
    pub fn set(&self) {
        let mut shared = self.cell.lock();
        shared.state = true;
        shared.waiters.notify_many(usize::MAX, |_| ());
    }
    // ANCHOR_END: event_set

    /// Lowers the flag. Waiters already woken by a `set` still return.
    ///
    /// ```
    /// let event = aio_sync::Event::new();
    /// event.set();
    /// event.clear();
    /// assert!(!event.is_set());
    /// ```
    // ANCHOR: event_clear
    pub fn clear(&self) {
        self.cell.lock().state = false;
    }
    // ANCHOR_END: event_clear

    /// Whether the flag is up.
    ///
    /// ```
    /// assert!(!aio_sync::Event::new().is_set());
    /// ```
    pub fn is_set(&self) -> bool {
        self.cell.lock().state
    }

    /// Waits until the flag is up; returns at once if it already is.
    ///
    /// # Cancel safety
    /// Cancel-safe: see the type's documentation.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let event = aio_sync::Event::new();
    /// event.set();
    /// event.wait().await;
    /// # });
    /// ```
    pub fn wait(&self) -> EventWait<'_> {
        EventWait {
            event: self,
            slot: WaitSlot::default(),
        }
    }
}

impl Default for Event {
    /// A lowered flag, as [`Event::new`].
    ///
    /// ```
    /// let event: aio_sync::Event = Default::default();
    /// assert!(!event.is_set());
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = self.cell.lock();
        f.debug_struct("Event")
            .field("set", &shared.state)
            .field("waiting", &shared.waiters.waiting())
            .finish()
    }
}

/// The future of [`Event::wait`].
#[must_use = "futures do nothing unless awaited"]
pub struct EventWait<'a> {
    event: &'a Event,
    slot: WaitSlot,
}

// ANCHOR: event_wait_poll
impl Future for EventWait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        if this.slot.is_unregistered() && this.event.is_set() {
            return Poll::Ready(());
        }
        this.event.cell.poll_wait(
            &mut this.slot,
            cx,
            |shared, _| shared.state.then_some(()),
            |_, ()| (),
        )
    }
}
// ANCHOR_END: event_wait_poll

// ANCHOR: event_wait_drop
impl Drop for EventWait<'_> {
    fn drop(&mut self) {
        self.event.cell.cancel(&mut self.slot, |_, _| {});
    }
}
// ANCHOR_END: event_wait_drop

impl fmt::Debug for EventWait<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventWait")
            .field("waiting", &!self.slot.is_unregistered())
            .finish()
    }
}
