//! The selector: which file descriptors the loop watches, and one `poll(2)`.
//!
//! asyncio's `SelectorEventLoop` asks a `selectors.Selector` (epoll on Linux)
//! which sockets are ready. This selector uses `poll(2)`, the simplest call
//! that does the job: every iteration hands the kernel the list of file
//! descriptors and the events wanted, and the kernel marks the ready ones. It
//! is level-triggered, like asyncio's: a reader callback runs on every
//! iteration while data is waiting, until it reads the data or is removed.
//!
//! Why not epoll through the `polling` crate? `Poller::add` is an `unsafe fn`
//! (the caller promises to deregister the descriptor before closing it), and
//! this crate forbids unsafe code. Here the loop keeps its own duplicate of
//! each watched descriptor (`try_clone_to_owned`), so what it polls can never
//! be closed under it, and rustix's `poll` is a safe function.

use std::collections::BTreeMap;
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec};

use crate::handle::HandleState;

/// A reader or writer callback; it runs each time the descriptor is ready.
/// `C` is `Rc<dyn Fn()>` on the single-threaded loop and
/// `Arc<dyn Fn() + Send + Sync>` on the threaded one.
#[derive(Clone)]
pub(crate) struct Watch<C> {
    pub(crate) handle: Arc<HandleState>,
    pub(crate) callback: C,
}

/// A watch that fired: which descriptor, which side, and its callback.
pub(crate) type Fired<C> = (RawFd, Side, Watch<C>);

struct Slot<C> {
    watch: Watch<C>,
    /// Polled for. The threaded loop disarms a watch while its callback
    /// runs on a worker (see `select`'s `oneshot`).
    armed: bool,
}

struct Entry<C> {
    fd: OwnedFd,
    reader: Option<Slot<C>>,
    writer: Option<Slot<C>>,
}

impl<C> Entry<C> {
    fn side(&mut self, side: Side) -> &mut Option<Slot<C>> {
        match side {
            Side::Read => &mut self.reader,
            Side::Write => &mut self.writer,
        }
    }
}

pub(crate) struct Selector<C> {
    entries: BTreeMap<RawFd, Entry<C>>,
}

impl<C> Default for Selector<C> {
    fn default() -> Self {
        Selector {
            entries: BTreeMap::new(),
        }
    }
}

/// Which side of a descriptor a callback watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Read,
    Write,
}

impl<C: Clone> Selector<C> {
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Watches one side of `fd`; replaces (and cancels) a callback already
    /// watching it, as asyncio's `add_reader` does.
    // ANCHOR: selector_add
    pub(crate) fn add(&mut self, fd: &impl AsFd, side: Side, watch: Watch<C>) -> io::Result<()> {
        let raw = fd.as_fd().as_raw_fd();
        let entry = match self.entries.entry(raw) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(vacant) => {
                let fd = fd.as_fd().try_clone_to_owned()?;
                vacant.insert(Entry {
                    fd,
                    reader: None,
                    writer: None,
                })
            }
        };
        if let Some(old) = entry.side(side).replace(Slot { watch, armed: true }) {
            cancel(&old.watch);
        }
        Ok(())
    }
    // ANCHOR_END: selector_add

    /// Watches one side of the descriptor known to callers as `key`, through
    /// `fd`, a duplicate of it the caller made (the threaded loop duplicates
    /// on the calling thread, and its selector thread registers it here).
    pub(crate) fn add_owned(&mut self, key: RawFd, fd: OwnedFd, side: Side, watch: Watch<C>) {
        let entry = self.entries.entry(key).or_insert_with(|| Entry {
            fd,
            reader: None,
            writer: None,
        });
        if let Some(old) = entry.side(side).replace(Slot { watch, armed: true }) {
            cancel(&old.watch);
        }
    }

    /// Stops watching one side of `fd`; true if something was watching it.
    pub(crate) fn remove(&mut self, fd: RawFd, side: Side) -> bool {
        let Some(entry) = self.entries.get_mut(&fd) else {
            return false;
        };
        let removed = entry.side(side).take();
        if let Some(old) = &removed {
            cancel(&old.watch);
        }
        if entry.reader.is_none() && entry.writer.is_none() {
            self.entries.remove(&fd);
        }
        removed.is_some()
    }

    /// Removes the watch on one side of `fd` only if it is still `handle`'s:
    /// a future that stops waiting must not remove a newer callback.
    pub(crate) fn remove_if(&mut self, fd: RawFd, side: Side, handle: &Arc<HandleState>) -> bool {
        self.slot_of(fd, side, handle).is_some() && self.remove(fd, side)
    }

    /// Polls for `handle`'s watch again after its callback ran.
    pub(crate) fn rearm(&mut self, fd: RawFd, side: Side, handle: &Arc<HandleState>) {
        if let Some(slot) = self.slot_of(fd, side, handle) {
            slot.armed = true;
        }
    }

    fn slot_of(
        &mut self,
        fd: RawFd,
        side: Side,
        handle: &Arc<HandleState>,
    ) -> Option<&mut Slot<C>> {
        let slot = self.entries.get_mut(&fd)?.side(side).as_mut()?;
        Arc::ptr_eq(&slot.watch.handle, handle).then_some(slot)
    }

    /// Drops every watch (the loop is closing).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    /// One `poll(2)`: waits up to `timeout` (`None`: until something happens)
    /// for a watched descriptor or the wake-up socket, and appends the
    /// callbacks of the ready ones to `ready`. Returns how many descriptors
    /// were ready, the wake-up socket included.
    ///
    /// With `oneshot`, a watch that fires is disarmed until [`rearm`](Self::rearm):
    /// the threaded loop's selector thread must not report the same
    /// readiness again while a worker is still handling it (the duplicate
    /// events seed 003's author ran into).
    // ANCHOR: selector_select
    pub(crate) fn select(
        &mut self,
        wake: &impl AsFd,
        timeout: Option<Duration>,
        oneshot: bool,
        ready: &mut Vec<Fired<C>>,
    ) -> io::Result<usize> {
        let mut fds = Vec::with_capacity(self.entries.len() + 1);
        fds.push(PollFd::new(wake, PollFlags::IN));
        for entry in self.entries.values() {
            let mut flags = PollFlags::empty();
            if entry.reader.as_ref().is_some_and(|slot| slot.armed) {
                flags |= PollFlags::IN;
            }
            if entry.writer.as_ref().is_some_and(|slot| slot.armed) {
                flags |= PollFlags::OUT;
            }
            fds.push(PollFd::new(&entry.fd, flags));
        }
        // A timeout too large for a timespec is as good as none.
        let timeout = timeout.and_then(|t| Timespec::try_from(t).ok());
        let count = match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(count) => count,
            Err(rustix::io::Errno::INTR) => return Ok(0),
            Err(err) => return Err(err.into()),
        };
        if count == 0 {
            return Ok(0);
        }
        let revents: Vec<PollFlags> = fds[1..].iter().map(PollFd::revents).collect();
        drop(fds);
        // Errors and hang-ups wake both sides: the callback's read or write
        // then reports what happened, as with asyncio's selectors.
        let trouble = PollFlags::ERR | PollFlags::HUP | PollFlags::NVAL;
        for (revents, (&fd, entry)) in revents.into_iter().zip(self.entries.iter_mut()) {
            for (side, wanted) in [(Side::Read, PollFlags::IN), (Side::Write, PollFlags::OUT)] {
                if let Some(slot) = entry.side(side)
                    && slot.armed
                    && revents.intersects(wanted | trouble)
                {
                    slot.armed = !oneshot;
                    ready.push((fd, side, slot.watch.clone()));
                }
            }
        }
        Ok(count)
    }
    // ANCHOR_END: selector_select
}

fn cancel<C>(watch: &Watch<C>) {
    crate::handle::Handle::new(watch.handle.clone()).cancel();
}
