//! Sockets on the loop: asyncio's `sock_accept`, `sock_recv`, `sock_sendall`
//! and `sock_connect`, each "try the call; if it would block, wait for
//! readiness and try again".

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use rustix::fs::OFlags;
use rustix::net::{AddressFamily, SocketFlags, SocketType};

use crate::event_loop::EventLoop;
use crate::handle::{HandleState, Origin};
use crate::selector::Side;

/// The future of [`EventLoop::readable`] and [`EventLoop::writable`].
///
/// # Cancel safety
///
/// Dropping it removes its reader or writer callback (and only its own: a
/// callback added for the same descriptor later stays).
#[must_use = "futures do nothing unless awaited"]
pub struct Readiness<'a> {
    lp: EventLoop,
    fd: BorrowedFd<'a>,
    side: Side,
    /// Set by the callback; shared with it.
    fired: Rc<Cell<bool>>,
    waker: Rc<RefCell<Option<Waker>>>,
    registered: Option<Arc<HandleState>>,
}

impl EventLoop {
    /// Waits until `fd` is readable, by adding a reader callback that wakes
    /// this future and removing it afterwards.
    ///
    /// # Errors
    ///
    /// As [`add_reader`](Self::add_reader).
    pub fn readable<'a>(&self, fd: &'a impl AsFd) -> Readiness<'a> {
        self.readiness(fd.as_fd(), Side::Read)
    }

    /// Waits until `fd` is writable (see [`readable`](Self::readable)).
    pub fn writable<'a>(&self, fd: &'a impl AsFd) -> Readiness<'a> {
        self.readiness(fd.as_fd(), Side::Write)
    }

    fn readiness<'a>(&self, fd: BorrowedFd<'a>, side: Side) -> Readiness<'a> {
        Readiness {
            lp: self.clone(),
            fd,
            side,
            fired: Rc::new(Cell::new(false)),
            waker: Rc::new(RefCell::new(None)),
            registered: None,
        }
    }

    /// Reads into `buf` (asyncio's `sock_recv`); `Ok(0)` at end of stream.
    ///
    /// # Errors
    ///
    /// The socket's own errors; `InvalidInput` if it is in blocking mode
    /// (it would block the whole loop).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: nothing is read until the future completes.
    // ANCHOR: sock_recv
    pub async fn sock_recv<S>(&self, sock: &S, buf: &mut [u8]) -> io::Result<usize>
    where
        S: AsFd,
        for<'s> &'s S: Read,
    {
        ensure_nonblocking(sock)?;
        loop {
            match (&*sock).read(buf) {
                Err(err) if err.kind() == ErrorKind::WouldBlock => self.readable(sock).await?,
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
    // ANCHOR_END: sock_recv

    /// Writes all of `data` (asyncio's `sock_sendall`).
    ///
    /// # Errors
    ///
    /// As [`sock_recv`](Self::sock_recv).
    ///
    /// # Cancel safety
    ///
    /// Not cancel-safe: if dropped midway, an unknown prefix of `data` was
    /// sent (asyncio's `sock_sendall` has the same property).
    pub async fn sock_sendall<S>(&self, sock: &S, mut data: &[u8]) -> io::Result<()>
    where
        S: AsFd,
        for<'s> &'s S: Write,
    {
        ensure_nonblocking(sock)?;
        while !data.is_empty() {
            match (&*sock).write(data) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => data = &data[n..],
                Err(err) if err.kind() == ErrorKind::WouldBlock => self.writable(sock).await?,
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// Accepts a connection (asyncio's `sock_accept`); the new stream is
    /// already non-blocking.
    ///
    /// # Errors
    ///
    /// As [`sock_recv`](Self::sock_recv).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a connection is only accepted when the future completes.
    pub async fn sock_accept(&self, listener: &TcpListener) -> io::Result<(TcpStream, SocketAddr)> {
        ensure_nonblocking(listener)?;
        loop {
            match listener.accept() {
                Ok((stream, addr)) => {
                    stream.set_nonblocking(true)?;
                    return Ok((stream, addr));
                }
                Err(err) if err.kind() == ErrorKind::WouldBlock => self.readable(listener).await?,
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }

    /// Opens a non-blocking TCP connection to `addr` (asyncio's
    /// `sock_connect`, which connects a socket you made; `std` has no
    /// non-blocking connect, so this makes the socket too).
    ///
    /// # Errors
    ///
    /// The connection's error (`ConnectionRefused`, ...).
    ///
    /// # Cancel safety
    ///
    /// Dropping it closes the half-open socket.
    pub async fn sock_connect(&self, addr: SocketAddr) -> io::Result<TcpStream> {
        let family = if addr.is_ipv4() {
            AddressFamily::INET
        } else {
            AddressFamily::INET6
        };
        let fd = rustix::net::socket_with(
            family,
            SocketType::STREAM,
            SocketFlags::NONBLOCK | SocketFlags::CLOEXEC,
            None,
        )?;
        match rustix::net::connect(&fd, &addr) {
            Ok(()) => {}
            Err(rustix::io::Errno::INPROGRESS) => {
                // The connection completes (or fails) when it turns writable.
                self.writable(&fd).await?;
                rustix::net::sockopt::socket_error(&fd)??;
            }
            Err(err) => return Err(err.into()),
        }
        Ok(TcpStream::from(fd))
    }
}

// ANCHOR: ensure_nonblocking
fn ensure_nonblocking(sock: &impl AsFd) -> io::Result<()> {
    if rustix::fs::fcntl_getfl(sock)?.contains(OFlags::NONBLOCK) {
        Ok(())
    } else {
        Err(io::Error::new(
            ErrorKind::InvalidInput,
            "the socket must be non-blocking (call set_nonblocking(true)): a blocking call would stall the whole loop",
        ))
    }
}
// ANCHOR_END: ensure_nonblocking

impl Future for Readiness<'_> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.fired.get() {
            self.unregister();
            return Poll::Ready(Ok(()));
        }
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        if self.registered.is_none() {
            let (fired, waker) = (self.fired.clone(), self.waker.clone());
            let callback = Rc::new(move || {
                fired.set(true);
                if let Some(waker) = waker.borrow().as_ref() {
                    waker.wake_by_ref();
                }
            });
            let origin = Origin::new(
                match self.side {
                    Side::Read => "aio_loop::Readiness (readable)",
                    Side::Write => "aio_loop::Readiness (writable)",
                },
                std::panic::Location::caller(),
            );
            let handle = self
                .lp
                .add_watch(&self.fd, self.side, callback, origin)
                .map_err(|err| io::Error::other(err.to_string()))?;
            self.registered = Some(handle.state);
        }
        Poll::Pending
    }
}

impl Readiness<'_> {
    fn unregister(&mut self) {
        if let Some(handle) = self.registered.take() {
            self.lp
                .remove_watch_if(self.fd.as_raw_fd(), self.side, &handle);
        }
    }
}

impl Drop for Readiness<'_> {
    fn drop(&mut self) {
        self.unregister();
    }
}

impl fmt::Debug for Readiness<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Readiness")
            .field("fd", &self.fd.as_raw_fd())
            .field("side", &self.side)
            .field("fired", &self.fired.get())
            .finish()
    }
}
