//! `EventLoop`: asyncio's event loop, one iteration at a time.

use std::any::type_name;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::panic::{AssertUnwindSafe, Location, catch_unwind};
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::current;
use crate::error::{FutureError, LoopError, panic_message};
use crate::future::LoopFuture;
use crate::handle::{Handle, HandleState, Origin, TimerHandle};
use crate::inbox::{Inbox, Message, RemoteCallback};
use crate::report::{ExceptionContext, SlowCallback};
use crate::selector::{Fired, Selector, Side, Watch};

/// A reader's or writer's callback: called every time its descriptor is ready.
type IoCallback = Rc<dyn Fn()>;
use crate::task::{Task, TaskKey, TaskShared, TaskSlab, TaskSlot};
use crate::threadsafe::LoopHandle;
use crate::timers::TimerHeap;

/// The default of [`EventLoop::set_slow_callback_duration`] (asyncio's 0.1 s).
pub const DEFAULT_SLOW_CALLBACK_DURATION: Duration = Duration::from_millis(100);

// ANCHOR: ready_enum
/// One entry of the ready queue: something to run on this iteration.
enum Ready {
    /// `call_soon`, or a timer that came due.
    Call(Arc<HandleState>, Box<dyn FnOnce()>),
    /// A callback sent from another thread.
    Remote(Arc<HandleState>, RemoteCallback),
    /// A reader or writer whose descriptor is ready.
    Io(Watch<IoCallback>),
    /// "Poll task N": the callback `move || loop.step(n)`, kept as data so
    /// that waking a task does not allocate.
    Step(TaskKey),
}
// ANCHOR_END: ready_enum

/// Everything the loop owns that only its thread touches.
#[derive(Default)]
struct State {
    ready: VecDeque<Ready>,
    timers: TimerHeap<Box<dyn FnOnce()>>,
    tasks: TaskSlab,
    selector: Selector<IoCallback>,
    /// Scratch buffers reused by every iteration.
    io_ready: Vec<Fired<IoCallback>>,
    messages: Vec<Message>,
}

type ExceptionHandler = Rc<dyn Fn(&ExceptionContext)>;
type SlowCallbackHandler = Rc<dyn Fn(&SlowCallback)>;

pub(crate) struct LoopInner {
    state: RefCell<State>,
    inbox: Arc<Inbox>,
    clock: Clock,
    running: Cell<bool>,
    stopping: Cell<bool>,
    debug: Cell<bool>,
    slow_callback_duration: Cell<Duration>,
    iterations: Cell<u64>,
    exception_handler: RefCell<Option<ExceptionHandler>>,
    slow_callback_handler: RefCell<Option<SlowCallbackHandler>>,
}

/// An event loop built from scratch (asyncio's `asyncio.EventLoop`).
///
/// It runs callbacks ([`call_soon`](Self::call_soon)), timers
/// ([`call_later`](Self::call_later), [`call_at`](Self::call_at)), tasks
/// ([`create_task`](Self::create_task)) and I/O callbacks
/// ([`add_reader`](Self::add_reader)), one iteration at a time, on the
/// thread that created it. One iteration is [`run_once`](Self::run_once);
/// read it, it is the whole loop.
///
/// `EventLoop` is a cheap handle (`Clone`, reference-counted) and `!Send`:
/// the compiler, not a debug-mode check, keeps other threads out. They talk
/// to the loop through its [`LoopHandle`].
///
/// # Differences from asyncio
///
/// - Scheduling returns a `Result`: [`LoopError::Closed`] once the loop is
///   closed (asyncio raises `RuntimeError`).
/// - Callbacks are closures, so there is no `*args` and no `functools.partial`.
/// - A panicking callback is caught and reported to the exception handler,
///   as asyncio does with an exception, and the loop goes on.
/// - Callbacks and tasks often hold a clone of the loop; close the loop when
///   you are done (as in asyncio): [`close`](Self::close) drops every pending
///   callback and task, which also breaks those reference cycles.
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use std::time::Duration;
/// use aio_loop::EventLoop;
///
/// let lp = EventLoop::new()?;
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let (a, b, c) = (log.clone(), log.clone(), log.clone());
/// lp.call_later(Duration::from_millis(2), move || a.borrow_mut().push("later"))?;
/// lp.call_soon(move || b.borrow_mut().push("soon"))?;
/// let stopper = lp.clone();
/// lp.call_later(Duration::from_millis(3), move || {
///     c.borrow_mut().push("stop");
///     stopper.stop();
/// })?;
/// lp.run_forever()?;
/// assert_eq!(*log.borrow(), ["soon", "later", "stop"]);
/// lp.close()?;
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
#[derive(Clone)]
pub struct EventLoop {
    inner: Rc<LoopInner>,
}

impl EventLoop {
    /// A new loop on the system clock (asyncio's `new_event_loop()`).
    ///
    /// # Errors
    ///
    /// [`LoopError::Io`] if the operating system refuses the loop's wake-up
    /// socket pair.
    pub fn new() -> Result<Self, LoopError> {
        Self::with_clock(Clock::System)
    }

    /// A new loop that reads the time from `clock` (a [`ManualClock`] in
    /// tests).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// [`ManualClock`]: crate::ManualClock
    pub fn with_clock(clock: Clock) -> Result<Self, LoopError> {
        Ok(EventLoop {
            inner: Rc::new(LoopInner {
                state: RefCell::new(State::default()),
                inbox: Arc::new(Inbox::new()?),
                clock,
                running: Cell::new(false),
                stopping: Cell::new(false),
                debug: Cell::new(false),
                slow_callback_duration: Cell::new(DEFAULT_SLOW_CALLBACK_DURATION),
                iterations: Cell::new(0),
                exception_handler: RefCell::new(None),
                slow_callback_handler: RefCell::new(None),
            }),
        })
    }

    pub(crate) fn from_inner(inner: Rc<LoopInner>) -> Self {
        EventLoop { inner }
    }

    pub(crate) fn downgrade(&self) -> Weak<LoopInner> {
        Rc::downgrade(&self.inner)
    }

    /// True if both handles are the same loop.
    pub fn ptr_eq(&self, other: &EventLoop) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// The loop's current time (asyncio's `loop.time()`): monotonic, the
    /// clock `call_at` deadlines are measured on.
    pub fn time(&self) -> Instant {
        self.inner.clock.now()
    }

    /// A `Send + Clone` handle for other threads: `call_soon_threadsafe`,
    /// `spawn_threadsafe`, `stop`.
    pub fn handle(&self) -> LoopHandle {
        LoopHandle::new(self.inner.inbox.clone())
    }

    fn check_open(&self) -> Result<(), LoopError> {
        if self.inner.inbox.is_closed() {
            Err(LoopError::Closed)
        } else {
            Ok(())
        }
    }

    // ----- callbacks --------------------------------------------------------

    /// Schedules `callback` to run on the next iteration (asyncio's
    /// `call_soon`). Callbacks run in the order they were scheduled.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let order = Rc::new(RefCell::new(Vec::new()));
    /// for i in 0..3 {
    ///     let order = order.clone();
    ///     lp.call_soon(move || order.borrow_mut().push(i))?;
    /// }
    /// lp.run_until_complete(async {})?;
    /// assert_eq!(*order.borrow(), [0, 1, 2]);
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    // ANCHOR: call_soon
    #[track_caller]
    pub fn call_soon<F: FnOnce() + 'static>(&self, callback: F) -> Result<Handle, LoopError> {
        self.call_soon_with_origin(callback, Origin::new(type_name::<F>(), Location::caller()))
    }
    // ANCHOR_END: call_soon

    pub(crate) fn call_soon_with_origin(
        &self,
        callback: impl FnOnce() + 'static,
        origin: Origin,
    ) -> Result<Handle, LoopError> {
        self.check_open()?;
        let state = HandleState::new(origin);
        self.inner
            .state
            .borrow_mut()
            .ready
            .push_back(Ready::Call(state.clone(), Box::new(callback)));
        Ok(Handle::new(state))
    }

    // ANCHOR: call_later
    /// Schedules `callback` to run `delay` from now (asyncio's `call_later`:
    /// `call_at(time() + delay)`).
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    #[track_caller]
    pub fn call_later<F: FnOnce() + 'static>(
        &self,
        delay: Duration,
        callback: F,
    ) -> Result<TimerHandle, LoopError> {
        let when = self.time() + delay;
        self.call_at_with_origin(
            when,
            callback,
            Origin::new(type_name::<F>(), Location::caller()),
        )
    }
    // ANCHOR_END: call_later

    /// Schedules `callback` to run once the loop's clock reaches `when`
    /// (asyncio's `call_at`). `when` is on the loop's clock ([`time`](Self::time)),
    /// never a wall-clock timestamp. Timers due at the same instant run in
    /// the order they were scheduled.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    /// use std::time::Duration;
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let order = Rc::new(RefCell::new(Vec::new()));
    /// let when = lp.time() + Duration::from_millis(1);
    /// for name in ["first", "second"] {
    ///     let order = order.clone();
    ///     lp.call_at(when, move || order.borrow_mut().push(name))?;
    /// }
    /// lp.run_until_complete(aio_loop::sleep(Duration::from_millis(2)))?;
    /// assert_eq!(*order.borrow(), ["first", "second"]);
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    #[track_caller]
    pub fn call_at<F: FnOnce() + 'static>(
        &self,
        when: Instant,
        callback: F,
    ) -> Result<TimerHandle, LoopError> {
        self.call_at_with_origin(
            when,
            callback,
            Origin::new(type_name::<F>(), Location::caller()),
        )
    }

    // ANCHOR: call_at_with_origin
    fn call_at_with_origin(
        &self,
        when: Instant,
        callback: impl FnOnce() + 'static,
        origin: Origin,
    ) -> Result<TimerHandle, LoopError> {
        self.check_open()?;
        let handle = HandleState::new(origin);
        self.inner
            .state
            .borrow_mut()
            .timers
            .push(when, handle.clone(), Box::new(callback));
        let owner: std::sync::Weak<Inbox> = Arc::downgrade(&self.inner.inbox);
        Ok(TimerHandle::new(handle, when, owner))
    }
    // ANCHOR_END: call_at_with_origin

    /// How many timers the heap holds, cancelled ones not yet removed
    /// included: a window on the compaction rule.
    pub fn scheduled_timers(&self) -> usize {
        self.inner.state.borrow().timers.len()
    }

    /// How many tasks are not finished yet.
    pub fn pending_tasks(&self) -> usize {
        self.inner.state.borrow().tasks.len()
    }

    /// How many iterations ([`run_once`](Self::run_once)) the loop has run.
    pub fn iterations(&self) -> u64 {
        self.inner.iterations.get()
    }

    // ----- futures and tasks ------------------------------------------------

    /// A new, pending [`LoopFuture`] bound to this loop (asyncio's
    /// `create_future`).
    pub fn create_future<T: 'static>(&self) -> LoopFuture<T> {
        LoopFuture::new(self.downgrade())
    }

    /// Wraps `future` in a [`Task`] and schedules its first step (asyncio's
    /// `create_task`).
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] if the loop is closed.
    #[track_caller]
    pub fn create_task<F>(&self, future: F) -> Result<Task<F::Output>, LoopError>
    where
        F: Future + 'static,
    {
        self.create_task_with_origin(future, Origin::new(type_name::<F>(), Location::caller()))
    }

    // ANCHOR: create_task
    pub(crate) fn create_task_with_origin<F>(
        &self,
        future: F,
        origin: Origin,
    ) -> Result<Task<F::Output>, LoopError>
    where
        F: Future + 'static,
    {
        self.check_open()?;
        let mut state = self.inner.state.borrow_mut();
        let key = state.tasks.vacant_key();
        let waker_state = TaskSlab::new_waker(key, Arc::downgrade(&self.inner.inbox));
        let waker = Waker::from(waker_state.clone());
        let output = self.create_future();
        let shared = Rc::new(TaskShared::new(output.clone(), waker.clone(), origin));
        let future = Box::pin(async move {
            let value = future.await;
            // Only this task completes its output, and only once.
            let _ = output.complete(Ok(value));
        });
        state.tasks.put(
            key,
            TaskSlot {
                future,
                waker_state,
                waker,
                control: shared.clone(),
                origin,
            },
        );
        // The first step is an ordinary ready callback, like asyncio's
        // `call_soon(self.__step)` in `Task.__init__`.
        state.ready.push_back(Ready::Step(key));
        Ok(Task::new(shared))
    }
    // ANCHOR_END: create_task

    // ----- running and stopping ---------------------------------------------

    /// Runs until [`stop`](Self::stop) is called (asyncio's `run_forever`).
    /// If `stop` was called before, runs one iteration and returns.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`], [`LoopError::Running`] (re-entered from a
    /// callback), [`LoopError::AnotherLoopRunning`] (another loop runs on
    /// this thread).
    pub fn run_forever(&self) -> Result<(), LoopError> {
        self.check_open()?;
        if self.inner.running.get() {
            return Err(LoopError::Running);
        }
        let _running = current::enter(self)?;
        self.inner.running.set(true);
        // Reset the flags even if a callback's panic escapes run_once.
        struct Reset<'a>(&'a LoopInner);
        impl Drop for Reset<'_> {
            fn drop(&mut self) {
                self.0.running.set(false);
                self.0.stopping.set(false);
            }
        }
        let _reset = Reset(&self.inner);
        loop {
            self.run_once();
            if self.inner.stopping.get() || self.inner.inbox.is_closed() {
                break;
            }
        }
        Ok(())
    }

    /// Runs the loop until `future` completes, and returns its output
    /// (asyncio's `run_until_complete`). The future runs as a task; other
    /// callbacks and tasks run meanwhile.
    ///
    /// # Errors
    ///
    /// The errors of [`run_forever`](Self::run_forever);
    /// [`LoopError::StoppedBeforeComplete`] if [`stop`](Self::stop) ended the
    /// run first (the task stays scheduled); [`LoopError::Future`] if the
    /// task was cancelled or panicked. A future whose *output* is an error
    /// completes: a [`LoopFuture`] with an exception, or a [`Task`] that was
    /// cancelled, gives `Ok(Err(FutureError::...))` (asyncio would raise).
    /// The outer `Result` is the loop's, the inner one the future's.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_loop::{EventLoop, FutureError};
    ///
    /// let lp = EventLoop::new()?;
    /// assert_eq!(lp.run_until_complete(async { 1 + 1 })?, 2);
    ///
    /// let failing = lp.create_future::<u8>();
    /// failing.set_exception("no luck")?;
    /// let outcome = lp.run_until_complete(failing)?;
    /// assert!(matches!(outcome, Err(FutureError::Exception(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn run_until_complete<F>(&self, future: F) -> Result<F::Output, LoopError>
    where
        F: Future + 'static,
    {
        if self.inner.running.get() {
            return Err(LoopError::Running);
        }
        let task = self.create_task(future)?;
        // Stop the loop once the task is done, unless this call has already
        // returned (asyncio removes its done callback for the same reason).
        let waiting = Rc::new(Cell::new(true));
        let still_waiting = waiting.clone();
        let lp = self.clone();
        task.add_done_callback(move |_| {
            if still_waiting.get() {
                lp.stop();
            }
        });
        let run = self.run_forever();
        waiting.set(false);
        run?;
        if !task.is_done() {
            return Err(LoopError::StoppedBeforeComplete);
        }
        let waker = Waker::noop();
        match task.poll_output(&mut Context::from_waker(waker)) {
            Poll::Ready(output) => output.map_err(LoopError::Future),
            Poll::Pending => Err(LoopError::StoppedBeforeComplete),
        }
    }

    /// Asks the loop to stop: the current iteration finishes, then
    /// `run_forever` returns. Callbacks scheduled during that iteration run
    /// on the next `run_*`.
    pub fn stop(&self) {
        self.inner.stopping.set(true);
    }

    /// True while `run_forever` or `run_until_complete` runs.
    pub fn is_running(&self) -> bool {
        self.inner.running.get()
    }

    /// True once [`close`](Self::close) was called.
    pub fn is_closed(&self) -> bool {
        self.inner.inbox.is_closed()
    }

    /// Closes the loop (asyncio's `close`): every pending callback, timer,
    /// reader and writer is dropped, every unfinished task is cancelled, and
    /// from now on every scheduling call returns [`LoopError::Closed`].
    /// Closing twice does nothing.
    ///
    /// # Errors
    ///
    /// [`LoopError::Running`] if the loop is running.
    pub fn close(&self) -> Result<(), LoopError> {
        if self.inner.running.get() {
            return Err(LoopError::Running);
        }
        if self.is_closed() {
            return Ok(());
        }
        let messages = self.inner.inbox.close();
        // Take everything out first and drop it after the borrow ends: the
        // `Drop` of a callback or a task may call back into the loop.
        let (ready, timers, tasks) = {
            let mut state = self.inner.state.borrow_mut();
            state.selector.clear();
            (
                std::mem::take(&mut state.ready),
                state.timers.take_all(),
                state.tasks.drain(),
            )
        };
        drop((messages, ready, timers));
        for slot in tasks {
            let TaskSlot {
                future, control, ..
            } = slot;
            drop(future);
            control.fail(FutureError::Cancelled);
        }
        Ok(())
    }

    // ----- one iteration ----------------------------------------------------

    /// Runs one iteration of the loop, in the order of asyncio's
    /// `BaseEventLoop._run_once`:
    ///
    /// 1. drop cancelled timers from the head of the heap (and compact the
    ///    heap when more than half of it is cancelled);
    /// 2. compute how long to wait: zero if callbacks are ready (or the loop
    ///    is stopping), until the nearest timer otherwise, forever if there
    ///    is neither;
    /// 3. wait that long for I/O (or a wake-up from another thread), and
    ///    queue the callbacks of the ready descriptors;
    /// 4. queue what other threads and wakers posted;
    /// 5. move the timers that are due to the ready queue;
    /// 6. run exactly the callbacks that are ready now. What they schedule
    ///    waits for the next iteration, so a callback that reschedules itself
    ///    cannot starve I/O or timers.
    ///
    /// `run_forever` is this in a loop. Calling it by hand (outside a run)
    /// is a way to watch the loop step by step.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let count = Rc::new(Cell::new(0));
    /// let again = lp.clone();
    /// let c = count.clone();
    /// lp.call_soon(move || {
    ///     c.set(c.get() + 1);
    ///     let c = c.clone();
    ///     again.call_soon(move || c.set(c.get() + 1)).unwrap();
    /// })?;
    /// lp.run_once();
    /// assert_eq!(count.get(), 1); // the callback it scheduled waits
    /// lp.run_once();
    /// assert_eq!(count.get(), 2);
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    // ANCHOR: run_once
    pub fn run_once(&self) {
        let inner = &*self.inner;
        // Stepped by hand: be this thread's running loop meanwhile, so that
        // `sleep()` and `get_running_loop()` inside callbacks find it.
        let _running = (!inner.running.get())
            .then(|| current::enter(self).ok())
            .flatten();
        inner.iterations.set(inner.iterations.get() + 1);
        let ntodo = {
            let mut state = inner.state.borrow_mut();
            let state = &mut *state;

            // 1. Cancelled timers at the head of the heap go now; the rest
            //    only when they are more than half of the heap.
            state.timers.drop_cancelled(inner.inbox.cancelled_timers());

            // 2. How long may the loop sleep?
            let mut timeout = if !state.ready.is_empty() || inner.stopping.get() {
                Some(Duration::ZERO)
            } else {
                state
                    .timers
                    .next_when()
                    .map(|when| when.saturating_duration_since(inner.clock.now()))
            };
            // Say "I am going to sleep", then re-check the inbox: a wake-up
            // posted after this line writes to the wake-up socket instead.
            let sleeping = timeout != Some(Duration::ZERO);
            if sleeping && !inner.inbox.prepare_to_sleep() {
                timeout = Some(Duration::ZERO);
            }
            // A manual clock never sleeps for a timer: it polls without
            // waiting and, if nothing happened, jumps to the timer.
            let jump_to = match (&inner.clock, state.timers.next_when()) {
                (Clock::Manual(_), Some(when)) if timeout != Some(Duration::ZERO) => {
                    timeout = Some(Duration::ZERO);
                    Some(when)
                }
                _ => None,
            };

            // 3. Poll for I/O. With nothing to wait for and no descriptor to
            //    ask about, skip the system call.
            let mut events = 0;
            if sleeping || !state.selector.is_empty() {
                events = match state.selector.select(
                    inner.inbox.wake_fd(),
                    timeout,
                    false,
                    &mut state.io_ready,
                ) {
                    Ok(events) => events,
                    Err(err) => {
                        self.report_io_error(&err);
                        0
                    }
                };
            }
            if sleeping {
                inner.inbox.woke_up();
            }
            state.ready.extend(
                state
                    .io_ready
                    .drain(..)
                    .map(|(_, _, watch)| Ready::Io(watch)),
            );

            // 4. What wakers and other threads posted.
            inner.inbox.drain(&mut state.messages);
            let posted = !state.messages.is_empty();
            state
                .ready
                .extend(state.messages.drain(..).map(|message| match message {
                    Message::Wake(key) => Ready::Step(key),
                    Message::Call(handle, callback) => Ready::Remote(handle, callback),
                }));
            if let Some(when) = jump_to
                && events == 0
                && !posted
            {
                inner.clock.advance_to(when);
            }

            // 5. Timers that are due join the ready queue, in (when, seq) order.
            let now = inner.clock.now();
            let ready = &mut state.ready;
            state
                .timers
                .pop_due(now, inner.inbox.cancelled_timers(), |handle, callback| {
                    ready.push_back(Ready::Call(handle, callback));
                });
            state.ready.len()
        };

        // 6. Run what was ready when this iteration began, and nothing more.
        for _ in 0..ntodo {
            let Some(ready) = inner.state.borrow_mut().ready.pop_front() else {
                break;
            };
            self.run_ready(ready);
        }
    }
    // ANCHOR_END: run_once

    // ANCHOR: run_ready
    fn run_ready(&self, ready: Ready) {
        match ready {
            Ready::Call(handle, callback) => {
                if !handle.is_cancelled() {
                    self.run_callback(handle.origin(), callback);
                }
            }
            Ready::Remote(handle, callback) => {
                if !handle.is_cancelled() {
                    self.run_callback(handle.origin(), move || callback(self));
                }
            }
            Ready::Io(watch) => {
                if !watch.handle.is_cancelled() {
                    let callback = watch.callback;
                    self.run_callback(watch.handle.origin(), move || callback());
                }
            }
            Ready::Step(key) => self.step(key),
        }
    }
    // ANCHOR_END: run_ready

    // ANCHOR: run_callback
    /// Runs one callback: timed in debug mode, its panic caught and reported.
    fn run_callback(&self, origin: Origin, callback: impl FnOnce()) {
        let started = self.inner.debug.get().then(|| self.time());
        let outcome = catch_unwind(AssertUnwindSafe(callback));
        if let Some(started) = started {
            self.check_slow(origin, started, false);
        }
        if let Err(payload) = outcome {
            self.report_exception(ExceptionContext {
                message: "Exception in callback",
                origin,
                panic: panic_message(&*payload),
            });
        }
    }
    // ANCHOR_END: run_callback

    // ANCHOR: step
    /// One step of a task: poll its future once.
    fn step(&self, key: TaskKey) {
        // A stale key: the task finished after this wake-up was posted.
        let Some(mut slot) = self.inner.state.borrow_mut().tasks.take(key) else {
            return;
        };
        slot.waker_state.clear();
        if slot.control.cancel_requested() {
            self.finish_task(key, slot, FutureError::Cancelled);
            return;
        }
        let started = self.inner.debug.get().then(|| self.time());
        let polled = {
            let mut cx = Context::from_waker(&slot.waker);
            catch_unwind(AssertUnwindSafe(|| slot.future.as_mut().poll(&mut cx)))
        };
        if let Some(started) = started {
            self.check_slow(slot.origin, started, true);
        }
        match polled {
            Ok(Poll::Pending) => self.inner.state.borrow_mut().tasks.put(key, slot),
            Ok(Poll::Ready(())) => {
                self.inner.state.borrow_mut().tasks.release(key);
                drop(slot);
            }
            Err(payload) => {
                let panic = panic_message(&*payload);
                // Nobody holds the task's handle: nobody will see its error,
                // so report it (asyncio's "Task exception was never retrieved").
                if Rc::strong_count(&slot.control) == 1 {
                    self.report_exception(ExceptionContext {
                        message: "Task exception was never retrieved",
                        origin: slot.origin,
                        panic: panic.clone(),
                    });
                }
                self.finish_task(key, slot, FutureError::Panicked(panic));
            }
        }
    }
    // ANCHOR_END: step

    fn finish_task(&self, key: TaskKey, slot: TaskSlot, error: FutureError) {
        self.inner.state.borrow_mut().tasks.release(key);
        let TaskSlot {
            future, control, ..
        } = slot;
        // Dropping the future is the task's cleanup: its locals' `Drop`s run
        // here, outside any borrow of the loop's state.
        drop(future);
        control.fail(error);
    }

    // ----- I/O callbacks ----------------------------------------------------

    /// Calls `callback` on every iteration while `fd` is readable, until
    /// [`remove_reader`](Self::remove_reader) (asyncio's `add_reader`). A
    /// second reader for the same descriptor replaces the first.
    ///
    /// The loop keeps a duplicate of the descriptor while it watches it, so
    /// closing yours does not end the watch: remove the reader first.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`], or [`LoopError::Io`] if the descriptor cannot
    /// be duplicated.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::io::{Read, Write};
    /// use std::os::unix::net::UnixStream;
    /// use std::rc::Rc;
    /// # let lp = aio_loop::EventLoop::new()?;
    /// let (mut tx, rx) = UnixStream::pair()?;
    /// let rx = Rc::new(rx);
    /// let got = lp.create_future::<String>();
    /// let (reader, result, lp2) = (rx.clone(), got.clone(), lp.clone());
    /// lp.add_reader(&*rx, move || {
    ///     let mut line = String::new();
    ///     (&*reader).read_to_string(&mut line).unwrap();
    ///     lp2.remove_reader(&*reader);
    ///     result.set_result(line).unwrap();
    /// })?;
    /// tx.write_all(b"hello")?;
    /// drop(tx);
    /// assert_eq!(lp.run_until_complete(got)?, Ok("hello".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn add_reader<F: Fn() + 'static>(
        &self,
        fd: &impl AsFd,
        callback: F,
    ) -> Result<Handle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.add_watch(fd, Side::Read, Rc::new(callback), origin)
    }

    /// Calls `callback` on every iteration while `fd` is writable, until
    /// [`remove_writer`](Self::remove_writer) (asyncio's `add_writer`).
    ///
    /// # Errors
    ///
    /// As [`add_reader`](Self::add_reader).
    #[track_caller]
    pub fn add_writer<F: Fn() + 'static>(
        &self,
        fd: &impl AsFd,
        callback: F,
    ) -> Result<Handle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.add_watch(fd, Side::Write, Rc::new(callback), origin)
    }

    pub(crate) fn add_watch(
        &self,
        fd: &impl AsFd,
        side: Side,
        callback: Rc<dyn Fn()>,
        origin: Origin,
    ) -> Result<Handle, LoopError> {
        self.check_open()?;
        let handle = HandleState::new(origin);
        self.inner.state.borrow_mut().selector.add(
            fd,
            side,
            Watch {
                handle: handle.clone(),
                callback,
            },
        )?;
        Ok(Handle::new(handle))
    }

    pub(crate) fn remove_watch_if(&self, fd: RawFd, side: Side, handle: &Arc<HandleState>) {
        self.inner
            .state
            .borrow_mut()
            .selector
            .remove_if(fd, side, handle);
    }

    /// Stops watching `fd` for reading; true if a reader was registered.
    pub fn remove_reader(&self, fd: &impl AsRawFd) -> bool {
        self.inner
            .state
            .borrow_mut()
            .selector
            .remove(fd.as_raw_fd(), Side::Read)
    }

    /// Stops watching `fd` for writing; true if a writer was registered.
    pub fn remove_writer(&self, fd: &impl AsRawFd) -> bool {
        self.inner
            .state
            .borrow_mut()
            .selector
            .remove(fd.as_raw_fd(), Side::Write)
    }

    // ----- debug mode and reports -------------------------------------------

    /// Turns debug mode on or off (asyncio's `set_debug`, or
    /// `PYTHONASYNCIODEBUG=1`). In debug mode the loop times every callback
    /// and every task step and reports those that ran longer than
    /// [`slow_callback_duration`](Self::slow_callback_duration).
    pub fn set_debug(&self, enabled: bool) {
        self.inner.debug.set(enabled);
    }

    /// True in debug mode.
    pub fn get_debug(&self) -> bool {
        self.inner.debug.get()
    }

    /// The threshold above which debug mode reports a callback (default
    /// [`DEFAULT_SLOW_CALLBACK_DURATION`], 100 ms).
    pub fn slow_callback_duration(&self) -> Duration {
        self.inner.slow_callback_duration.get()
    }

    /// Sets the slow-callback threshold.
    pub fn set_slow_callback_duration(&self, threshold: Duration) {
        self.inner.slow_callback_duration.set(threshold);
    }

    /// Where debug mode sends its slow-callback reports (by default: a line
    /// on stderr).
    pub fn set_slow_callback_handler(&self, handler: impl Fn(&SlowCallback) + 'static) {
        *self.inner.slow_callback_handler.borrow_mut() = Some(Rc::new(handler));
    }

    /// Where caught panics are reported (asyncio's `set_exception_handler`;
    /// by default: a line on stderr).
    pub fn set_exception_handler(&self, handler: impl Fn(&ExceptionContext) + 'static) {
        *self.inner.exception_handler.borrow_mut() = Some(Rc::new(handler));
    }

    /// Goes back to the default exception handler.
    pub fn reset_exception_handler(&self) {
        *self.inner.exception_handler.borrow_mut() = None;
    }

    // ANCHOR: check_slow
    fn check_slow(&self, origin: Origin, started: Instant, is_task: bool) {
        let duration = self.time().saturating_duration_since(started);
        if duration < self.slow_callback_duration() {
            return;
        }
        let report = SlowCallback {
            origin,
            duration,
            is_task,
        };
        let handler = self.inner.slow_callback_handler.borrow().clone();
        match handler {
            Some(handler) => handler(&report),
            None => eprintln!("aio_loop: {report}"),
        }
    }
    // ANCHOR_END: check_slow

    // ANCHOR: report_exception
    pub(crate) fn report_exception(&self, context: ExceptionContext) {
        let handler = self.inner.exception_handler.borrow().clone();
        match handler {
            // A handler that panics itself is reported on stderr, and the
            // loop still goes on.
            Some(handler) => {
                if catch_unwind(AssertUnwindSafe(|| handler(&context))).is_err() {
                    eprintln!("aio_loop: the exception handler panicked while handling: {context}");
                }
            }
            None => eprintln!("aio_loop: {context}"),
        }
    }
    // ANCHOR_END: report_exception

    fn report_io_error(&self, err: &std::io::Error) {
        self.report_exception(ExceptionContext {
            message: "poll(2) failed",
            origin: Origin::new("EventLoop::run_once", Location::caller()),
            panic: err.to_string(),
        });
    }
}

impl fmt::Debug for EventLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.state.borrow();
        f.debug_struct("EventLoop")
            .field("running", &self.is_running())
            .field("closed", &self.is_closed())
            .field("debug", &self.get_debug())
            .field("ready", &state.ready.len())
            .field("timers", &state.timers.len())
            .field("tasks", &state.tasks.len())
            .finish()
    }
}
