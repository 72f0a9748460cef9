//! Talking to a loop from other threads: `LoopHandle` and `ConcurrentFuture`.

use std::any::type_name;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, Location, catch_unwind};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::error::{FutureError, LoopError, panic_message};
use crate::handle::{Handle, HandleState, Origin};
use crate::inbox::{Inbox, Message};

/// A `Send + Sync + Clone` handle on an [`EventLoop`](crate::EventLoop) for
/// other threads: asyncio's `call_soon_threadsafe` and
/// `run_coroutine_threadsafe`.
///
/// Everything it does goes through the loop's inbox and, if the loop is
/// asleep in `poll(2)`, wakes it at once by writing to its wake-up socket.
///
/// # Examples
///
/// ```
/// use std::thread;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let handle = lp.handle();
/// let worker = thread::spawn(move || {
///     // run_coroutine_threadsafe: the future runs on the loop's thread.
///     let answer = handle.spawn_threadsafe(async { 6 * 7 }).unwrap();
///     let value = answer.wait().unwrap();
///     handle.stop().unwrap();
///     value
/// });
/// lp.run_forever()?;
/// assert_eq!(worker.join().unwrap(), 42);
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Clone)]
pub struct LoopHandle {
    inbox: Arc<Inbox>,
}

impl LoopHandle {
    pub(crate) fn new(inbox: Arc<Inbox>) -> Self {
        LoopHandle { inbox }
    }

    /// Schedules `callback` on the loop's thread, from any thread (asyncio's
    /// `call_soon_threadsafe`), and wakes the loop if it sleeps.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    #[track_caller]
    // ANCHOR: call_soon_threadsafe
    pub fn call_soon_threadsafe<F: FnOnce() + Send + 'static>(
        &self,
        callback: F,
    ) -> Result<Handle, LoopError> {
        let handle = HandleState::new(Origin::new(type_name::<F>(), Location::caller()));
        self.inbox
            .post(Message::Call(handle.clone(), Box::new(move |_| callback())))?;
        Ok(Handle::new(handle))
    }
    // ANCHOR_END: call_soon_threadsafe

    /// Runs `future` as a task on the loop, from any thread (asyncio's
    /// `run_coroutine_threadsafe`). The returned [`ConcurrentFuture`] can be
    /// waited on by a blocking thread ([`ConcurrentFuture::wait`]) or awaited
    /// by another runtime (asyncio's `wrap_future`).
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    #[track_caller]
    // ANCHOR: spawn_threadsafe
    pub fn spawn_threadsafe<F>(&self, future: F) -> Result<ConcurrentFuture<F::Output>, LoopError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        let (task, result) = concurrent(future);
        let handle = HandleState::new(origin);
        self.inbox.post(Message::Call(
            handle,
            Box::new(move |lp| {
                // If the loop closes first, dropping the task reports the
                // cancellation (see ThreadsafeTask's Drop).
                let _ = lp.create_task_with_origin(task, origin);
            }),
        ))?;
        Ok(result)
    }
    // ANCHOR_END: spawn_threadsafe

    /// Like [`spawn_threadsafe`](Self::spawn_threadsafe), for a future that
    /// is not `Send`: `make` is sent to the loop's thread and builds the
    /// future there, so it may use the loop's own futures ([`sleep`](crate::sleep),
    /// [`LoopFuture`](crate::LoopFuture), [`Task`](crate::Task)), which hold
    /// `Rc`s. Only the output crosses back.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use aio_loop::EventLoop;
    ///
    /// let lp = EventLoop::new()?;
    /// let handle = lp.handle();
    /// let worker = std::thread::spawn(move || {
    ///     let nap = handle
    ///         .spawn_threadsafe_with(|| async {
    ///             aio_loop::sleep(Duration::from_millis(1)).await;
    ///             "rested"
    ///         })
    ///         .unwrap();
    ///     let text = nap.wait().unwrap();
    ///     handle.stop().unwrap();
    ///     text
    /// });
    /// lp.run_forever()?;
    /// assert_eq!(worker.join().unwrap(), "rested");
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    #[track_caller]
    pub fn spawn_threadsafe_with<M, F>(
        &self,
        make: M,
    ) -> Result<ConcurrentFuture<F::Output>, LoopError>
    where
        M: FnOnce() -> F + Send + 'static,
        F: Future + 'static,
        F::Output: Send + 'static,
    {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        let shared = Arc::new(Shared::default());
        let result = ConcurrentFuture {
            shared: shared.clone(),
        };
        // If the loop closes before `make` runs, or `make` panics, the
        // completer's Drop reports the cancellation.
        let mut completer = Completer {
            shared: Some(shared),
        };
        let handle = HandleState::new(origin);
        self.inbox.post(Message::Call(
            handle,
            Box::new(move |lp| {
                let future = make();
                let shared = completer.shared.take().expect("a callback runs once");
                let task = ThreadsafeTask {
                    future: Box::pin(future),
                    shared,
                };
                let _ = lp.create_task_with_origin(task, origin);
            }),
        ))?;
        Ok(result)
    }

    /// Stops the loop from any thread: it finishes its current iteration
    /// and `run_forever` returns.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    pub fn stop(&self) -> Result<(), LoopError> {
        let handle = HandleState::new(Origin::new("LoopHandle::stop", Location::caller()));
        self.inbox
            .post(Message::Call(handle, Box::new(|lp| lp.stop())))
    }

    /// True once the loop was closed.
    pub fn is_closed(&self) -> bool {
        self.inbox.is_closed()
    }

    /// True while the loop is asleep in `poll(2)` and nobody has woken it
    /// yet: a window for tests and demos on the loop's sleep.
    pub fn is_sleeping(&self) -> bool {
        self.inbox.is_sleeping()
    }
}

impl fmt::Debug for LoopHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopHandle")
            .field("closed", &self.is_closed())
            .field("sleeping", &self.is_sleeping())
            .finish()
    }
}

struct Slot<T> {
    outcome: Option<Result<T, FutureError>>,
    /// The output was moved out by `wait` or by awaiting.
    taken: bool,
    cancel_requested: bool,
    /// The work started: from now on only its own code can end it.
    running: bool,
    /// Whoever awaits the `ConcurrentFuture` from another runtime.
    waiter: Option<Waker>,
    /// The loop's task, to wake it when cancelled.
    task: Option<Waker>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            outcome: None,
            taken: false,
            cancel_requested: false,
            running: false,
            waiter: None,
            task: None,
        }
    }
}

struct Shared<T> {
    slot: Mutex<Slot<T>>,
    done: Condvar,
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared {
            slot: Mutex::new(Slot::default()),
            done: Condvar::new(),
        }
    }
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, Slot<T>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn complete(&self, outcome: Result<T, FutureError>) {
        let waiter = {
            let mut slot = self.lock();
            if slot.outcome.is_some() || slot.taken {
                return;
            }
            slot.outcome = Some(outcome);
            slot.task = None;
            slot.waiter.take()
        };
        self.done.notify_all();
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }
}

/// Splits `future` into the task a loop runs and the [`ConcurrentFuture`]
/// another thread waits on.
pub(crate) fn concurrent<F: Future>(future: F) -> (ThreadsafeTask<F>, ConcurrentFuture<F::Output>) {
    let shared = Arc::new(Shared::default());
    let task = ThreadsafeTask {
        future: Box::pin(future),
        shared: shared.clone(),
    };
    (task, ConcurrentFuture { shared })
}

/// The producing side of a [`ConcurrentFuture`] (the part of
/// `concurrent.futures.Future` that an executor uses): whoever does the work
/// marks it running, then completes it. Dropping a `Completer` that did not
/// complete reports `Cancelled`, so a waiter never waits forever.
///
/// # Examples
///
/// ```
/// use aio_loop::{ConcurrentFuture, FutureError};
///
/// let (completer, future) = ConcurrentFuture::channel();
/// std::thread::spawn(move || {
///     if completer.set_running() {
///         completer.set_result(6 * 7);
///     }
/// });
/// assert_eq!(future.wait(), Ok(42));
///
/// let (completer, future) = ConcurrentFuture::<u8>::channel();
/// assert!(future.cancel()); // not running yet: cancelled at once
/// assert!(!completer.set_running()); // the worker skips it
/// assert_eq!(future.wait(), Err(FutureError::Cancelled));
/// ```
pub struct Completer<T> {
    shared: Option<Arc<Shared<T>>>,
}

impl<T> Completer<T> {
    /// Marks the work as started (`set_running_or_notify_cancel`): false if
    /// it was cancelled first, and then the work must be skipped. Once
    /// running, [`ConcurrentFuture::cancel`] can no longer stop it.
    pub fn set_running(&self) -> bool {
        let Some(shared) = &self.shared else {
            return false;
        };
        let mut slot = shared.lock();
        if slot.outcome.is_some() || slot.taken {
            return false;
        }
        slot.running = true;
        true
    }

    /// True if the future was cancelled (the work may stop early).
    pub fn is_cancelled(&self) -> bool {
        self.shared.as_ref().is_none_or(|shared| {
            let slot = shared.lock();
            slot.cancel_requested || matches!(slot.outcome, Some(Err(FutureError::Cancelled)))
        })
    }

    /// Completes the future with `value`.
    pub fn set_result(self, value: T) {
        self.complete(Ok(value));
    }

    /// Completes the future with `outcome` (an error: the work failed or
    /// panicked).
    pub fn complete(mut self, outcome: Result<T, FutureError>) {
        if let Some(shared) = self.shared.take() {
            shared.complete(outcome);
        }
    }
}

impl<T> Drop for Completer<T> {
    fn drop(&mut self) {
        if let Some(shared) = self.shared.take() {
            shared.complete(Err(FutureError::Cancelled));
        }
    }
}

impl<T> fmt::Debug for Completer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Completer")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

/// The task `spawn_threadsafe` runs on the loop: the user's future, its
/// panic caught, its output sent to the [`ConcurrentFuture`].
pub(crate) struct ThreadsafeTask<F: Future> {
    future: Pin<Box<F>>,
    shared: Arc<Shared<F::Output>>,
}

impl<F: Future> Future for ThreadsafeTask<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        {
            let mut slot = self.shared.lock();
            if slot.outcome.is_some() {
                // Cancelled before it ever ran.
                return Poll::Ready(());
            }
            if slot.cancel_requested {
                drop(slot);
                self.shared.complete(Err(FutureError::Cancelled));
                return Poll::Ready(());
            }
            slot.running = true;
            slot.task = Some(cx.waker().clone());
        }
        let this = &mut *self;
        match catch_unwind(AssertUnwindSafe(|| this.future.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => {
                this.shared.complete(Ok(value));
                Poll::Ready(())
            }
            Err(payload) => {
                this.shared
                    .complete(Err(FutureError::Panicked(panic_message(&*payload))));
                Poll::Ready(())
            }
        }
    }
}

impl<F: Future> Drop for ThreadsafeTask<F> {
    fn drop(&mut self) {
        // Dropped unfinished: cancelled, or the loop closed under it.
        self.shared.complete(Err(FutureError::Cancelled));
    }
}

/// The result of a future running on an event loop, for another thread
/// (asyncio's `concurrent.futures.Future` from `run_coroutine_threadsafe`).
///
/// Block on it with [`wait`](Self::wait), or await it from any runtime (it
/// implements `Future`). Dropping it detaches the task, which keeps running.
///
/// # Cancel safety
///
/// Dropping an `.await` on it loses nothing: the output stays in the
/// `ConcurrentFuture` for the next poll.
///
/// # Examples
///
/// Awaited from a `futures` executor on another thread (asyncio's
/// `wrap_future`):
///
/// ```
/// use std::thread;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let handle = lp.handle();
/// let other = thread::spawn(move || {
///     futures::executor::block_on(async {
///         let fut = handle.spawn_threadsafe(async { "from the loop" }).unwrap();
///         let text = fut.await.unwrap();
///         handle.stop().unwrap();
///         text
///     })
/// });
/// lp.run_forever()?;
/// assert_eq!(other.join().unwrap(), "from the loop");
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub struct ConcurrentFuture<T> {
    shared: Arc<Shared<T>>,
}

impl<T> ConcurrentFuture<T> {
    /// Blocks this thread until the future is done and returns its output.
    ///
    /// Never call it on the loop's own thread: the loop could not run the
    /// future while you block it, so it would wait forever.
    ///
    /// # Errors
    ///
    /// [`FutureError::Cancelled`] if it was cancelled or its loop closed,
    /// [`FutureError::Panicked`] if the future panicked.
    // ANCHOR: concurrent_wait
    pub fn wait(self) -> Result<T, FutureError> {
        let mut slot = self.shared.lock();
        loop {
            if let Some(outcome) = slot.outcome.take() {
                slot.taken = true;
                return outcome;
            }
            slot = self
                .shared
                .done
                .wait(slot)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
    // ANCHOR_END: concurrent_wait

    /// Cancels the work (asyncio's `concurrent.futures.Future.cancel`):
    /// work that has not started is cancelled at once; a loop task that
    /// started is asked to stop, and its future is dropped at its next
    /// step. Returns false if it is done, or running where nothing can stop
    /// it (a job already running on a thread pool).
    pub fn cancel(&self) -> bool {
        let task = {
            let mut slot = self.shared.lock();
            if slot.outcome.is_some() || slot.taken {
                return false;
            }
            if !slot.running {
                drop(slot);
                self.shared.complete(Err(FutureError::Cancelled));
                return true;
            }
            let Some(task) = slot.task.take() else {
                return false;
            };
            slot.cancel_requested = true;
            task
        };
        task.wake();
        true
    }

    /// A pending future and the [`Completer`] that completes it, for code
    /// that runs work elsewhere (a thread pool, a process) and reports back.
    pub fn channel() -> (Completer<T>, ConcurrentFuture<T>) {
        let shared = Arc::new(Shared::default());
        (
            Completer {
                shared: Some(shared.clone()),
            },
            ConcurrentFuture { shared },
        )
    }

    /// True once the future finished, failed or was cancelled.
    pub fn is_done(&self) -> bool {
        let slot = self.shared.lock();
        slot.outcome.is_some() || slot.taken
    }
}

impl<T> Future for ConcurrentFuture<T> {
    type Output = Result<T, FutureError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = self.shared.lock();
        if let Some(outcome) = slot.outcome.take() {
            slot.taken = true;
            return Poll::Ready(outcome);
        }
        if slot.taken {
            return Poll::Ready(Err(FutureError::InvalidState(
                "the output was already taken",
            )));
        }
        slot.waiter = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<T> fmt::Debug for ConcurrentFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConcurrentFuture")
            .field("done", &self.is_done())
            .finish()
    }
}
