//! `ThreadedLoop`: seed 003's event loop on many threads.
//!
//! The single-threaded [`EventLoop`](crate::EventLoop) runs one callback at a
//! time. Seed 003 asks what happens if the ready queue is drained by several
//! worker threads instead, and splits the rest of the loop off accordingly:
//!
//! - a **shared ready queue** (a `Mutex<VecDeque>` and a `Condvar`): every
//!   `call_soon`, every due timer, every ready socket and every woken task is
//!   a job in it, and idle workers block on the condvar (no spinning);
//! - a **scheduler thread** that owns the timer heap: it sleeps on its own
//!   condvar until the nearest timer, or until a new earlier timer (or a
//!   cancellation) wakes it to recompute, and moves due callbacks to the
//!   ready queue;
//! - a **selector thread** that waits in `poll(2)` and turns readiness into
//!   jobs. A watch that fired is disarmed until its callback has run on a
//!   worker, so the same readiness is not reported twice (the duplicate
//!   events seed 003's author ran into);
//! - **workers** that pop a job, run it, and go back for the next.
//!
//! It reuses the single-threaded loop's pieces: [`Handle`], [`TimerHandle`],
//! the timer heap, the selector and [`ConcurrentFuture`].
//!
//! # What the single-threaded loop promised and this one cannot
//!
//! - Callbacks *start* in FIFO order (the queue is FIFO) but may *finish* in
//!   any order, and two callbacks may run at the same time: state shared by
//!   callbacks needs a lock or atomics. On [`EventLoop`](crate::EventLoop)
//!   a callback runs alone, so `Rc<RefCell<_>>` is enough; here the compiler
//!   insists on `Send` callbacks and `Arc<Mutex<_>>`.
//! - Two steps of one task never overlap (a task is polled by one worker at
//!   a time), but consecutive steps may run on different workers.
//! - Every job passes through one lock: with many workers and short jobs,
//!   the workers queue up on that lock instead of running (see the book's
//!   measurements, and tokio's per-worker queues with work stealing).

use std::any::type_name;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::io::{Read, Write};
use std::ops::Deref;
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::panic::{AssertUnwindSafe, Location, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock, Weak};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::error::{LoopError, panic_message};
use crate::handle::{Handle, HandleState, Origin, TimerHandle, TimerOwner};
use crate::report::ExceptionContext;
use crate::selector::{Selector, Side, Watch};
pub use crate::task_state::TaskState;
use crate::threadsafe::{ConcurrentFuture, concurrent};
use crate::timers::TimerHeap;

type SendCallback = Box<dyn FnOnce() + Send>;
type IoCallback = Arc<dyn Fn() + Send + Sync>;
type ExceptionHandler = Arc<dyn Fn(&ExceptionContext) + Send + Sync>;

// ANCHOR: job
/// One unit of work in the shared ready queue.
enum Job {
    /// `call_soon`, or a timer the scheduler thread found due.
    Call(Arc<HandleState>, SendCallback),
    /// A reader or writer whose descriptor is ready; re-armed after it ran.
    Io(RawFd, Side, Watch<IoCallback>),
    /// Poll this task once.
    Poll(Arc<TaskCell>),
}

#[derive(Default)]
struct ReadyQueue {
    jobs: VecDeque<Job>,
    stopping: bool,
}
// ANCHOR_END: job

/// A change for the selector thread, which owns the selector.
enum IoChange {
    Add(RawFd, OwnedFd, Side, Watch<IoCallback>),
    Remove(RawFd, Side),
    Rearm(RawFd, Side, Arc<HandleState>),
}

struct Shared {
    ready: Mutex<ReadyQueue>,
    work: Condvar,
    timers: Mutex<TimerHeap<SendCallback>>,
    timers_changed: Condvar,
    cancelled_timers: AtomicUsize,
    io_changes: Mutex<Vec<IoChange>>,
    selector_tx: UnixStream,
    selector_rx: UnixStream,
    stopping: AtomicBool,
    exception_handler: RwLock<Option<ExceptionHandler>>,
    /// Every unfinished task, so that shutting down can drop their futures
    /// (a task nobody will ever wake is otherwise kept alive by its waker).
    tasks: Mutex<HashMap<u64, Weak<TaskCell>>>,
    next_task: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn push(&self, job: Job) {
        lock(&self.ready).jobs.push_back(job);
        self.work.notify_one();
    }

    fn push_all(&self, jobs: Vec<Job>) {
        let count = jobs.len();
        lock(&self.ready).jobs.extend(jobs);
        if count == 1 {
            self.work.notify_one();
        } else if count > 1 {
            self.work.notify_all();
        }
    }

    fn check_open(&self) -> Result<(), LoopError> {
        if self.stopping.load(SeqCst) {
            Err(LoopError::Closed)
        } else {
            Ok(())
        }
    }

    fn change_io(&self, change: IoChange) {
        lock(&self.io_changes).push(change);
        // A full socket buffer already holds a wake-up.
        let _ = (&self.selector_tx).write(&[1]);
    }

    fn report(&self, context: ExceptionContext) {
        let handler = self
            .exception_handler
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match handler {
            Some(handler) if catch_unwind(AssertUnwindSafe(|| handler(&context))).is_ok() => {}
            _ => eprintln!("aio_loop::ThreadedLoop: {context}"),
        }
    }

    // ANCHOR: run_job
    fn run(&self, job: Job) {
        match job {
            Job::Call(handle, callback) => {
                if !handle.is_cancelled() {
                    self.run_callback(handle.origin(), callback);
                }
            }
            Job::Io(fd, side, watch) => {
                if !watch.handle.is_cancelled() {
                    let callback = watch.callback.clone();
                    self.run_callback(watch.handle.origin(), move || callback());
                    self.change_io(IoChange::Rearm(fd, side, watch.handle));
                }
            }
            Job::Poll(task) => task.run(),
        }
    }
    // ANCHOR_END: run_job

    fn run_callback(&self, origin: Origin, callback: impl FnOnce()) {
        if let Err(payload) = catch_unwind(AssertUnwindSafe(callback)) {
            self.report(ExceptionContext {
                message: "Exception in callback",
                origin,
                panic: panic_message(&*payload),
            });
        }
    }
}

// ANCHOR: timer_cancelled
impl TimerOwner for Shared {
    fn timer_cancelled(&self) {
        self.cancelled_timers.fetch_add(1, SeqCst);
        // Let the scheduler thread recompute its sleep: the lock orders this
        // notification after its check of the heap, so it cannot be missed.
        drop(lock(&self.timers));
        self.timers_changed.notify_one();
    }
}
// ANCHOR_END: timer_cancelled

// ----- tasks -----------------------------------------------------------------

/// A task of the threaded loop: its future, and the [`TaskState`] that makes
/// sure at most one worker polls it at a time and that no wake-up is lost.
struct TaskCell {
    id: u64,
    state: TaskState,
    future: Mutex<Option<Pin<Box<dyn Future<Output = ()> + Send>>>>,
    shared: Weak<Shared>,
}

// ANCHOR: task_wake
impl Wake for TaskCell {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.state.wake()
            && let Some(shared) = self.shared.upgrade()
        {
            shared.push(Job::Poll(self.clone()));
        }
    }
}
// ANCHOR_END: task_wake

// ANCHOR: task_run
impl TaskCell {
    fn run(self: Arc<Self>) {
        self.state.start();
        let waker = Waker::from(self.clone());
        let mut future = lock(&self.future);
        let Some(pinned) = future.as_mut() else {
            return;
        };
        // The future is a `ThreadsafeTask`: it catches its own panics.
        match pinned.as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(()) => {
                *future = None;
                self.state.finish();
                if let Some(shared) = self.shared.upgrade() {
                    lock(&shared.tasks).remove(&self.id);
                }
            }
            Poll::Pending => {
                drop(future);
                // Woken during the poll: queue the next step.
                if self.state.pending()
                    && let Some(shared) = self.shared.upgrade()
                {
                    shared.push(Job::Poll(self.clone()));
                }
            }
        }
    }
}
// ANCHOR_END: task_run

// ----- the threads -----------------------------------------------------------

// ANCHOR: worker
fn worker(shared: Arc<Shared>) {
    loop {
        let job = {
            let mut queue = lock(&shared.ready);
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break job;
                }
                if queue.stopping {
                    return;
                }
                queue = shared
                    .work
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        shared.run(job);
    }
}
// ANCHOR_END: worker

// ANCHOR: scheduler
fn scheduler(shared: Arc<Shared>) {
    let mut heap = lock(&shared.timers);
    loop {
        if shared.stopping.load(SeqCst) {
            return;
        }
        heap.drop_cancelled(&shared.cancelled_timers);
        let now = Instant::now();
        let mut due = Vec::new();
        heap.pop_due(now, &shared.cancelled_timers, |handle, callback| {
            due.push(Job::Call(handle, callback));
        });
        if !due.is_empty() {
            drop(heap);
            shared.push_all(due);
            heap = lock(&shared.timers);
            continue;
        }
        heap = match heap.next_when() {
            Some(when) => {
                let timeout = when.saturating_duration_since(now);
                shared
                    .timers_changed
                    .wait_timeout(heap, timeout)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => shared
                .timers_changed
                .wait(heap)
                .unwrap_or_else(PoisonError::into_inner),
        };
    }
}
// ANCHOR_END: scheduler

// ANCHOR: selector
fn selector(shared: Arc<Shared>) {
    let mut selector = Selector::<IoCallback>::default();
    let mut fired = Vec::new();
    loop {
        for change in std::mem::take(&mut *lock(&shared.io_changes)) {
            match change {
                IoChange::Add(key, fd, side, watch) => selector.add_owned(key, fd, side, watch),
                IoChange::Remove(key, side) => {
                    selector.remove(key, side);
                }
                IoChange::Rearm(key, side, handle) => selector.rearm(key, side, &handle),
            }
        }
        if shared.stopping.load(SeqCst) {
            return;
        }
        // Any change posted after the drain above writes a byte, so this
        // poll returns at once: no change waits for the next event.
        if let Err(err) = selector.select(&shared.selector_rx, None, true, &mut fired) {
            shared.report(ExceptionContext {
                message: "poll(2) failed",
                origin: Origin::new("ThreadedLoop selector thread", Location::caller()),
                panic: err.to_string(),
            });
        }
        let mut buf = [0u8; 64];
        while let Ok(n) = (&shared.selector_rx).read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        let jobs = fired
            .drain(..)
            .map(|(fd, side, watch)| Job::Io(fd, side, watch))
            .collect();
        shared.push_all(jobs);
    }
}
// ANCHOR_END: selector

// ----- the public types ------------------------------------------------------

/// An event loop whose ready queue is drained by several worker threads,
/// with a scheduler thread for timers and a selector thread for I/O (seed
/// 003's design). See the [module docs](self) for what it cannot promise
/// that [`EventLoop`](crate::EventLoop) does.
///
/// All the scheduling methods live on [`ThreadedHandle`] (this type derefs
/// to it); a handle is `Send + Sync + Clone`, so callbacks can schedule
/// more work from any thread.
///
/// # Stopping
///
/// [`stop`](ThreadedHandle::stop) (or [`join`](Self::join), or dropping the
/// loop) makes every scheduling call return [`LoopError::Closed`]; the
/// workers drain the ready queue (every callback that was ready runs), then
/// exit; timers not yet due and I/O watches are dropped without running;
/// an unfinished task is dropped, and its [`ConcurrentFuture`] reports
/// `Cancelled`.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use aio_loop::ThreadedLoop;
///
/// let lp = ThreadedLoop::new(2)?;
/// let count = Arc::new(AtomicUsize::new(0));
/// for _ in 0..100 {
///     let count = count.clone();
///     lp.call_soon(move || { count.fetch_add(1, Ordering::SeqCst); })?;
/// }
/// let answer = lp.spawn(async { 6 * 7 })?;
/// assert_eq!(answer.wait(), Ok(42));
/// lp.join(); // drains the ready queue, then joins the threads
/// assert_eq!(count.load(Ordering::SeqCst), 100);
/// # Ok::<(), aio_loop::LoopError>(())
/// ```
pub struct ThreadedLoop {
    handle: ThreadedHandle,
    threads: Vec<JoinHandle<()>>,
}

/// A `Send + Sync + Clone` handle on a [`ThreadedLoop`]: `call_soon`,
/// `call_later`, `call_at`, `spawn`, readers and writers, `stop`.
#[derive(Clone)]
pub struct ThreadedHandle {
    shared: Arc<Shared>,
}

impl ThreadedLoop {
    /// Starts a loop with `workers` worker threads (named `aio-worker-N`),
    /// plus its scheduler and selector threads.
    ///
    /// # Errors
    ///
    /// [`LoopError::Io`] if a thread or the wake-up socket cannot be created.
    ///
    /// # Panics
    ///
    /// If `workers` is zero.
    pub fn new(workers: usize) -> Result<Self, LoopError> {
        assert!(workers > 0, "a ThreadedLoop needs at least one worker");
        let (selector_tx, selector_rx) = UnixStream::pair()?;
        selector_tx.set_nonblocking(true)?;
        selector_rx.set_nonblocking(true)?;
        let shared = Arc::new(Shared {
            ready: Mutex::new(ReadyQueue::default()),
            work: Condvar::new(),
            timers: Mutex::new(TimerHeap::default()),
            timers_changed: Condvar::new(),
            cancelled_timers: AtomicUsize::new(0),
            io_changes: Mutex::new(Vec::new()),
            selector_tx,
            selector_rx,
            stopping: AtomicBool::new(false),
            exception_handler: RwLock::new(None),
            tasks: Mutex::new(HashMap::new()),
            next_task: AtomicU64::new(0),
        });
        let mut lp = ThreadedLoop {
            handle: ThreadedHandle {
                shared: shared.clone(),
            },
            threads: Vec::new(),
        };
        let spawn = |name: String, body: fn(Arc<Shared>)| {
            let shared = shared.clone();
            thread::Builder::new()
                .name(name)
                .spawn(move || body(shared))
        };
        for n in 0..workers {
            lp.threads.push(spawn(format!("aio-worker-{n}"), worker)?);
        }
        lp.threads.push(spawn("aio-scheduler".into(), scheduler)?);
        lp.threads.push(spawn("aio-selector".into(), selector)?);
        Ok(lp)
    }

    /// A handle for other threads and for callbacks.
    pub fn handle(&self) -> ThreadedHandle {
        self.handle.clone()
    }

    /// Stops the loop (see [Stopping](Self#stopping)) and waits for its
    /// threads to exit.
    pub fn join(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.handle.stop();
        for thread in self.threads.drain(..) {
            // Workers catch callback panics; a thread can only end in a
            // panic through a bug in the loop itself.
            let _ = thread.join();
        }
        // Callbacks that hold a handle on the loop would keep it alive in a
        // cycle: drop everything left once the threads are gone.
        let shared = &self.handle.shared;
        // Unfinished tasks: drop their futures (their `ConcurrentFuture`s
        // then report `Cancelled`). A future's `Drop` may wake another task,
        // which only queues a job that is dropped below.
        let tasks: Vec<_> = lock(&shared.tasks).drain().map(|(_, task)| task).collect();
        for task in tasks.iter().filter_map(Weak::upgrade) {
            task.state.finish();
            let future = lock(&task.future).take();
            drop(future);
        }
        let leftovers = std::mem::take(&mut lock(&shared.ready).jobs);
        let timers = lock(&shared.timers).take_all();
        let changes = std::mem::take(&mut *lock(&shared.io_changes));
        drop((leftovers, timers, changes));
    }
}

impl Deref for ThreadedLoop {
    type Target = ThreadedHandle;

    fn deref(&self) -> &ThreadedHandle {
        &self.handle
    }
}

impl Drop for ThreadedLoop {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl ThreadedHandle {
    /// The loop's clock (the system's monotonic clock).
    pub fn time(&self) -> Instant {
        Instant::now()
    }

    /// Queues `callback`; the first idle worker runs it.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] once the loop is stopping.
    #[track_caller]
    pub fn call_soon<F: FnOnce() + Send + 'static>(
        &self,
        callback: F,
    ) -> Result<Handle, LoopError> {
        self.shared.check_open()?;
        let handle = HandleState::new(Origin::new(type_name::<F>(), Location::caller()));
        self.shared
            .push(Job::Call(handle.clone(), Box::new(callback)));
        Ok(Handle::new(handle))
    }

    /// Runs `callback` `delay` from now, on a worker.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] once the loop is stopping.
    #[track_caller]
    pub fn call_later<F: FnOnce() + Send + 'static>(
        &self,
        delay: Duration,
        callback: F,
    ) -> Result<TimerHandle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.schedule_at(Instant::now() + delay, Box::new(callback), origin)
    }

    /// Runs `callback` once the clock reaches `when`, on a worker. Never
    /// before `when`; after it by however long the scheduler thread takes
    /// to wake and a worker to become free.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] once the loop is stopping.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use std::time::{Duration, Instant};
    /// # let lp = aio_loop::ThreadedLoop::new(1)?;
    /// let (tx, rx) = mpsc::channel();
    /// let when = Instant::now() + Duration::from_millis(5);
    /// lp.call_at(when, move || tx.send(Instant::now()).unwrap())?;
    /// assert!(rx.recv().unwrap() >= when);
    /// # Ok::<(), aio_loop::LoopError>(())
    /// ```
    #[track_caller]
    pub fn call_at<F: FnOnce() + Send + 'static>(
        &self,
        when: Instant,
        callback: F,
    ) -> Result<TimerHandle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.schedule_at(when, Box::new(callback), origin)
    }

    // ANCHOR: schedule_at
    fn schedule_at(
        &self,
        when: Instant,
        callback: SendCallback,
        origin: Origin,
    ) -> Result<TimerHandle, LoopError> {
        self.shared.check_open()?;
        let handle = HandleState::new(origin);
        let earliest = {
            let mut heap = lock(&self.shared.timers);
            heap.push(when, handle.clone(), callback);
            heap.next_when() == Some(when)
        };
        // Only a new earliest timer changes how long the scheduler sleeps.
        if earliest {
            self.shared.timers_changed.notify_one();
        }
        let owner: Weak<Shared> = Arc::downgrade(&self.shared);
        Ok(TimerHandle::new(handle, when, owner))
    }
    // ANCHOR_END: schedule_at

    /// Runs `future` as a task on the workers; the returned
    /// [`ConcurrentFuture`] can be waited on or awaited from anywhere.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`] once the loop is stopping.
    pub fn spawn<F>(&self, future: F) -> Result<ConcurrentFuture<F::Output>, LoopError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.shared.check_open()?;
        let (task, result) = concurrent(future);
        let id = self.shared.next_task.fetch_add(1, SeqCst);
        let cell = Arc::new(TaskCell {
            id,
            state: TaskState::new_scheduled(),
            future: Mutex::new(Some(Box::pin(task))),
            shared: Arc::downgrade(&self.shared),
        });
        lock(&self.shared.tasks).insert(id, Arc::downgrade(&cell));
        self.shared.push(Job::Poll(cell));
        Ok(result)
    }

    /// Calls `callback` on a worker whenever `fd` is readable, until
    /// [`remove_reader`](Self::remove_reader). The selector thread does not
    /// report `fd` again until the callback has returned.
    ///
    /// # Errors
    ///
    /// [`LoopError::Closed`], or [`LoopError::Io`] if `fd` cannot be duplicated.
    #[track_caller]
    pub fn add_reader<F: Fn() + Send + Sync + 'static>(
        &self,
        fd: &impl AsFd,
        callback: F,
    ) -> Result<Handle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.add_watch(fd, Side::Read, Arc::new(callback), origin)
    }

    /// Calls `callback` on a worker whenever `fd` is writable, until
    /// [`remove_writer`](Self::remove_writer).
    ///
    /// # Errors
    ///
    /// As [`add_reader`](Self::add_reader).
    #[track_caller]
    pub fn add_writer<F: Fn() + Send + Sync + 'static>(
        &self,
        fd: &impl AsFd,
        callback: F,
    ) -> Result<Handle, LoopError> {
        let origin = Origin::new(type_name::<F>(), Location::caller());
        self.add_watch(fd, Side::Write, Arc::new(callback), origin)
    }

    fn add_watch(
        &self,
        fd: &impl AsFd,
        side: Side,
        callback: IoCallback,
        origin: Origin,
    ) -> Result<Handle, LoopError> {
        self.shared.check_open()?;
        let key = fd.as_fd().as_raw_fd();
        let owned = fd.as_fd().try_clone_to_owned()?;
        let handle = HandleState::new(origin);
        let watch = Watch {
            handle: handle.clone(),
            callback,
        };
        self.shared
            .change_io(IoChange::Add(key, owned, side, watch));
        Ok(Handle::new(handle))
    }

    /// Stops watching `fd` for reading (the selector thread applies it
    /// before its next poll).
    pub fn remove_reader(&self, fd: &impl AsRawFd) {
        self.shared
            .change_io(IoChange::Remove(fd.as_raw_fd(), Side::Read));
    }

    /// Stops watching `fd` for writing.
    pub fn remove_writer(&self, fd: &impl AsRawFd) {
        self.shared
            .change_io(IoChange::Remove(fd.as_raw_fd(), Side::Write));
    }

    /// Where panics in callbacks are reported (by default: a line on stderr).
    /// The worker that caught the panic goes on with the next job.
    pub fn set_exception_handler(
        &self,
        handler: impl Fn(&ExceptionContext) + Send + Sync + 'static,
    ) {
        *self
            .shared
            .exception_handler
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(handler));
    }

    /// Stops the loop without waiting (see [Stopping](ThreadedLoop#stopping)):
    /// scheduling is refused from now on, and the threads exit once the
    /// ready queue is empty.
    // ANCHOR: stop
    pub fn stop(&self) {
        let shared = &self.shared;
        shared.stopping.store(true, SeqCst);
        lock(&shared.ready).stopping = true;
        shared.work.notify_all();
        drop(lock(&shared.timers));
        shared.timers_changed.notify_all();
        let _ = (&shared.selector_tx).write(&[1]);
    }
    // ANCHOR_END: stop

    /// True once [`stop`](Self::stop) was called.
    pub fn is_stopping(&self) -> bool {
        self.shared.stopping.load(SeqCst)
    }

    /// How many jobs wait in the ready queue right now.
    pub fn ready_len(&self) -> usize {
        lock(&self.shared.ready).jobs.len()
    }
}

impl fmt::Debug for ThreadedLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadedLoop")
            .field("threads", &self.threads.len())
            .field("handle", &self.handle)
            .finish()
    }
}

impl fmt::Debug for ThreadedHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadedHandle")
            .field("stopping", &self.is_stopping())
            .field("ready", &self.ready_len())
            .finish()
    }
}
