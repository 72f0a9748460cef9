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
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec};

use crate::handle::HandleState;

/// A reader or writer callback; it runs each time the descriptor is ready.
#[derive(Clone)]
pub(crate) struct Watch {
    pub(crate) handle: Arc<HandleState>,
    pub(crate) callback: Rc<dyn Fn()>,
}

struct Entry {
    fd: OwnedFd,
    reader: Option<Watch>,
    writer: Option<Watch>,
}

#[derive(Default)]
pub(crate) struct Selector {
    entries: BTreeMap<RawFd, Entry>,
}

/// Which side of a descriptor a callback watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Read,
    Write,
}

impl Selector {
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Watches one side of `fd`; replaces (and cancels) a callback already
    /// watching it, as asyncio's `add_reader` does.
    // ANCHOR: selector_add
    pub(crate) fn add(&mut self, fd: &impl AsFd, side: Side, watch: Watch) -> io::Result<()> {
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
        let slot = match side {
            Side::Read => &mut entry.reader,
            Side::Write => &mut entry.writer,
        };
        if let Some(old) = slot.replace(watch) {
            Self::cancel(&old);
        }
        Ok(())
    }
    // ANCHOR_END: selector_add

    /// Stops watching one side of `fd`; true if something was watching it.
    pub(crate) fn remove(&mut self, fd: RawFd, side: Side) -> bool {
        let Some(entry) = self.entries.get_mut(&fd) else {
            return false;
        };
        let slot = match side {
            Side::Read => &mut entry.reader,
            Side::Write => &mut entry.writer,
        };
        let removed = slot.take();
        if let Some(old) = &removed {
            Self::cancel(old);
        }
        if entry.reader.is_none() && entry.writer.is_none() {
            self.entries.remove(&fd);
        }
        removed.is_some()
    }

    /// Removes the watch on one side of `fd` only if it is still `handle`'s:
    /// a future that stops waiting must not remove a newer callback.
    pub(crate) fn remove_if(&mut self, fd: RawFd, side: Side, handle: &Arc<HandleState>) -> bool {
        let ours = self.entries.get(&fd).is_some_and(|entry| {
            let slot = match side {
                Side::Read => &entry.reader,
                Side::Write => &entry.writer,
            };
            slot.as_ref()
                .is_some_and(|watch| Arc::ptr_eq(&watch.handle, handle))
        });
        ours && self.remove(fd, side)
    }

    fn cancel(watch: &Watch) {
        crate::handle::Handle::new(watch.handle.clone()).cancel();
    }

    /// Drops every watch (the loop is closing).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    /// One `poll(2)`: waits up to `timeout` (`None`: until something happens)
    /// for a watched descriptor or the wake-up socket, and appends the
    /// callbacks of the ready ones to `ready`. Returns how many descriptors
    /// were ready, the wake-up socket included.
    // ANCHOR: selector_select
    pub(crate) fn select(
        &self,
        wake: &impl AsFd,
        timeout: Option<Duration>,
        ready: &mut Vec<Watch>,
    ) -> io::Result<usize> {
        let mut fds = Vec::with_capacity(self.entries.len() + 1);
        fds.push(PollFd::new(wake, PollFlags::IN));
        for entry in self.entries.values() {
            let mut flags = PollFlags::empty();
            if entry.reader.is_some() {
                flags |= PollFlags::IN;
            }
            if entry.writer.is_some() {
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
        // Errors and hang-ups wake both sides: the callback's read or write
        // then reports what happened, as with asyncio's selectors.
        let trouble = PollFlags::ERR | PollFlags::HUP | PollFlags::NVAL;
        for (pollfd, entry) in fds[1..].iter().zip(self.entries.values()) {
            let revents = pollfd.revents();
            if let Some(reader) = &entry.reader
                && revents.intersects(PollFlags::IN | trouble)
            {
                ready.push(reader.clone());
            }
            if let Some(writer) = &entry.writer
                && revents.intersects(PollFlags::OUT | trouble)
            {
                ready.push(writer.clone());
            }
        }
        Ok(count)
    }
    // ANCHOR_END: selector_select
}
