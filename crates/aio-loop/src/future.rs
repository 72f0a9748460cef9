//! `LoopFuture`: asyncio's `Future`, a box for a result that arrives later.

use std::cell::RefCell;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use crate::error::{FutureError, InvalidStateError};
use crate::event_loop::{EventLoop, LoopInner};
use crate::handle::Origin;

type DoneCallback<T> = (Origin, Box<dyn FnOnce(&LoopFuture<T>)>);

struct State<T> {
    outcome: Option<Result<T, FutureError>>,
    /// The output was moved out by awaiting a [`Task`](crate::Task).
    taken: bool,
    /// What the taken output was: a cancellation?
    taken_cancelled: bool,
    waiters: Vec<Waker>,
    callbacks: Vec<DoneCallback<T>>,
}

/// A result that will be set later, by someone else (asyncio's
/// `asyncio.Future`, made by `loop.create_future()`).
///
/// It is set once, with [`set_result`](Self::set_result) or
/// [`set_exception`](Self::set_exception), or [`cancel`](Self::cancel)led;
/// a second attempt is an [`InvalidStateError`]. When it is done, its done
/// callbacks are scheduled on the loop with `call_soon` (never run inline,
/// as in asyncio), and every task awaiting it is woken.
///
/// Awaiting a `LoopFuture` gives `Ok(value)` (a clone, so many tasks may
/// await one future) or the [`FutureError`] it ended with. It is a handle:
/// clones share the same state. It belongs to its loop's thread (`!Send`);
/// across threads use [`LoopHandle::spawn_threadsafe`](crate::LoopHandle::spawn_threadsafe).
///
/// # Examples
///
/// Seed 002's exam: a task sets the score, a done callback checks it.
///
/// ```
/// use std::time::Duration;
/// use aio_loop::{EventLoop, LoopFuture};
///
/// let lp = EventLoop::new()?;
/// let score: LoopFuture<u32> = lp.create_future();
/// score.add_done_callback(|fut| assert!(fut.result().unwrap() >= 60));
///
/// let exam = score.clone();
/// let task = lp.create_task(async move {
///     aio_loop::sleep(Duration::from_millis(1)).await;
///     exam.set_result(100).unwrap();
///     "Exam is completed."
/// })?;
/// assert_eq!(lp.run_until_complete(score.clone())?, Ok(100));
/// assert_eq!(task.result(), Ok("Exam is completed."));
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub struct LoopFuture<T> {
    state: Rc<RefCell<State<T>>>,
    lp: Weak<LoopInner>,
}

impl<T> Clone for LoopFuture<T> {
    fn clone(&self) -> Self {
        LoopFuture {
            state: self.state.clone(),
            lp: self.lp.clone(),
        }
    }
}

impl<T: 'static> LoopFuture<T> {
    pub(crate) fn new(lp: Weak<LoopInner>) -> Self {
        LoopFuture {
            state: Rc::new(RefCell::new(State {
                outcome: None,
                taken: false,
                taken_cancelled: false,
                waiters: Vec::new(),
                callbacks: Vec::new(),
            })),
            lp,
        }
    }

    /// Marks the future done with `value`.
    ///
    /// # Errors
    ///
    /// [`InvalidStateError`] if it is already done (set or cancelled).
    pub fn set_result(&self, value: T) -> Result<(), InvalidStateError> {
        self.complete(Ok(value))
    }

    /// Marks the future failed with `error` (asyncio's `set_exception`).
    ///
    /// # Errors
    ///
    /// [`InvalidStateError`] if it is already done.
    ///
    /// ```
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let fut = lp.create_future::<u8>();
    /// fut.set_exception(std::io::Error::other("disk on fire"))?;
    /// assert_eq!(fut.result().unwrap_err().to_string(), "the future failed: disk on fire");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_exception(
        &self,
        error: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Result<(), InvalidStateError> {
        self.complete(Err(FutureError::Exception(Arc::from(error.into()))))
    }

    /// Cancels the future: it becomes done with [`FutureError::Cancelled`].
    /// Returns false if it was already done.
    pub fn cancel(&self) -> bool {
        self.complete(Err(FutureError::Cancelled)).is_ok()
    }

    /// True once it has a result, an error, or was cancelled.
    pub fn is_done(&self) -> bool {
        self.state.borrow().outcome.is_some() || self.state.borrow().taken
    }

    /// True if it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        let state = self.state.borrow();
        state.taken_cancelled || matches!(state.outcome, Some(Err(FutureError::Cancelled)))
    }

    /// Schedules `callback` to run (through `call_soon`) once the future is
    /// done; if it is done already, schedules it now.
    #[track_caller]
    pub fn add_done_callback<F: FnOnce(&LoopFuture<T>) + 'static>(&self, callback: F) {
        let origin = Origin::new(std::any::type_name::<F>(), std::panic::Location::caller());
        let entry: DoneCallback<T> = (origin, Box::new(callback));
        if self.is_done() {
            self.schedule(vec![entry]);
        } else {
            self.state.borrow_mut().callbacks.push(entry);
        }
    }

    // ANCHOR: future_complete
    pub(crate) fn complete(
        &self,
        outcome: Result<T, FutureError>,
    ) -> Result<(), InvalidStateError> {
        let (waiters, callbacks) = {
            let mut state = self.state.borrow_mut();
            if state.outcome.is_some() || state.taken {
                return Err(InvalidStateError);
            }
            state.outcome = Some(outcome);
            (
                std::mem::take(&mut state.waiters),
                std::mem::take(&mut state.callbacks),
            )
        };
        waiters.into_iter().for_each(Waker::wake);
        self.schedule(callbacks);
        Ok(())
    }

    fn schedule(&self, callbacks: Vec<DoneCallback<T>>) {
        if callbacks.is_empty() {
            return;
        }
        // A loop that is gone or closed cannot run them: they are dropped,
        // like every other callback of a closed loop.
        let Some(inner) = self.lp.upgrade() else {
            return;
        };
        let lp = EventLoop::from_inner(inner);
        for (origin, callback) in callbacks {
            let fut = self.clone();
            let _ = lp.call_soon_with_origin(move || callback(&fut), origin);
        }
    }
    // ANCHOR_END: future_complete

    /// Moves the output out (awaiting a task does this).
    pub(crate) fn poll_take(&self, cx: &mut Context<'_>) -> Poll<Result<T, FutureError>> {
        let mut state = self.state.borrow_mut();
        if let Some(outcome) = state.outcome.take() {
            state.taken = true;
            state.taken_cancelled = matches!(outcome, Err(FutureError::Cancelled));
            return Poll::Ready(outcome);
        }
        if state.taken {
            return Poll::Ready(Err(FutureError::InvalidState(
                "the task's output was already taken",
            )));
        }
        register(&mut state.waiters, cx.waker());
        Poll::Pending
    }
}

fn register(waiters: &mut Vec<Waker>, waker: &Waker) {
    if !waiters.iter().any(|w| w.will_wake(waker)) {
        waiters.push(waker.clone());
    }
}

impl<T: Clone + 'static> LoopFuture<T> {
    /// The result, the error, or [`FutureError::InvalidState`] if it is not
    /// done yet (asyncio's `result()`).
    pub fn result(&self) -> Result<T, FutureError> {
        let state = self.state.borrow();
        match &state.outcome {
            Some(outcome) => outcome.clone(),
            None if state.taken => Err(FutureError::InvalidState(
                "the task's output was already taken",
            )),
            None => Err(FutureError::InvalidState("the result is not set yet")),
        }
    }
}

impl<T: Clone + 'static> Future for LoopFuture<T> {
    type Output = Result<T, FutureError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.state.borrow_mut();
        if let Some(outcome) = &state.outcome {
            return Poll::Ready(outcome.clone());
        }
        register(&mut state.waiters, cx.waker());
        Poll::Pending
    }
}

impl<T> fmt::Debug for LoopFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        let status = match &state.outcome {
            None if state.taken => "taken",
            None => "pending",
            Some(Ok(_)) => "finished",
            Some(Err(FutureError::Cancelled)) => "cancelled",
            Some(Err(_)) => "failed",
        };
        f.debug_struct("LoopFuture")
            .field("state", &status)
            .finish()
    }
}
