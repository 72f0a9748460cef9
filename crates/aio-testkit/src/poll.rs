//! Poll by poll: a test task that owns one pinned future and polls it with a
//! waker that counts its wake-ups and writes its name into a shared log.
//! Dropping a [`TestTask`] drops its future: that is how a test cancels.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

/// The names of the wakers woken so far, in the order they were woken.
///
/// ```
/// let log = aio_testkit::WakeLog::new();
/// let waker = aio_testkit::CountingWaker::new("a", &log);
/// std::task::Waker::from(waker).wake();
/// assert_eq!(log.take(), ["a"]);
/// assert!(log.take().is_empty());
/// ```
#[derive(Debug, Default, Clone)]
pub struct WakeLog(Arc<Mutex<Vec<&'static str>>>);

impl WakeLog {
    /// An empty log.
    ///
    /// ```
    /// assert!(aio_testkit::WakeLog::new().take().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The wake-ups logged since the last call; forgets them.
    ///
    /// ```
    /// assert_eq!(aio_testkit::WakeLog::new().take(), Vec::<&str>::new());
    /// ```
    pub fn take(&self) -> Vec<&'static str> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A waker that counts its wake-ups and logs its name.
///
/// ```
/// let log = aio_testkit::WakeLog::new();
/// let counter = aio_testkit::CountingWaker::new("w", &log);
/// let waker = std::task::Waker::from(counter.clone());
/// waker.wake_by_ref();
/// waker.wake();
/// assert_eq!(counter.wakes(), 2);
/// ```
#[derive(Debug)]
pub struct CountingWaker {
    name: &'static str,
    wakes: AtomicUsize,
    log: WakeLog,
}

impl CountingWaker {
    /// A waker named `name`, logging into `log`.
    ///
    /// ```
    /// let counter = aio_testkit::CountingWaker::new("w", &aio_testkit::WakeLog::new());
    /// assert_eq!(counter.wakes(), 0);
    /// ```
    pub fn new(name: &'static str, log: &WakeLog) -> Arc<Self> {
        Arc::new(Self {
            name,
            wakes: AtomicUsize::new(0),
            log: log.clone(),
        })
    }

    /// How many times it was woken.
    ///
    /// ```
    /// let counter = aio_testkit::CountingWaker::new("w", &aio_testkit::WakeLog::new());
    /// std::task::Waker::from(counter.clone()).wake();
    /// assert_eq!(counter.wakes(), 1);
    /// ```
    pub fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        self.log
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(self.name);
    }
}

/// Polls `future` once with `waker`.
///
/// ```
/// let mut ready = std::pin::pin!(async { 5 });
/// let poll = aio_testkit::poll_once(ready.as_mut(), std::task::Waker::noop());
/// assert_eq!(poll, std::task::Poll::Ready(5));
/// ```
pub fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(waker))
}

/// One pinned future and the counting waker it is always polled with.
///
/// ```
/// use aio_testkit::{TestTask, WakeLog};
/// let mut task = TestTask::new("t", async { 1 }, &WakeLog::new());
/// assert_eq!(task.assert_ready(), 1);
/// assert_eq!(task.wakes(), 0);
/// ```
pub struct TestTask<F: Future> {
    future: Pin<Box<F>>,
    counter: Arc<CountingWaker>,
    waker: Waker,
}

impl<F: Future> TestTask<F> {
    /// A task named `name`: the name its wake-ups write into `log`.
    ///
    /// ```
    /// let task = aio_testkit::TestTask::new("t", std::future::pending::<()>(), &aio_testkit::WakeLog::new());
    /// assert_eq!(task.wakes(), 0);
    /// ```
    pub fn new(name: &'static str, future: F, log: &WakeLog) -> Self {
        let counter = CountingWaker::new(name, log);
        Self {
            future: Box::pin(future),
            waker: Waker::from(counter.clone()),
            counter,
        }
    }

    /// Polls once with the task's own waker.
    ///
    /// ```
    /// let mut task = aio_testkit::TestTask::new("t", std::future::pending::<()>(), &aio_testkit::WakeLog::new());
    /// assert!(task.poll().is_pending());
    /// ```
    pub fn poll(&mut self) -> Poll<F::Output> {
        poll_once(self.future.as_mut(), &self.waker)
    }

    /// Polls once with another waker, as an executor may after moving the task.
    ///
    /// ```
    /// let mut task = aio_testkit::TestTask::new("t", async { 2 }, &aio_testkit::WakeLog::new());
    /// assert_eq!(task.poll_with(std::task::Waker::noop()), std::task::Poll::Ready(2));
    /// ```
    pub fn poll_with(&mut self, waker: &Waker) -> Poll<F::Output> {
        poll_once(self.future.as_mut(), waker)
    }

    /// How many times this task's waker was woken.
    ///
    /// ```
    /// let task = aio_testkit::TestTask::new("t", async {}, &aio_testkit::WakeLog::new());
    /// assert_eq!(task.wakes(), 0);
    /// ```
    pub fn wakes(&self) -> usize {
        self.counter.wakes()
    }

    /// Polls once and asserts the future is still pending.
    ///
    /// # Panics
    /// If the future completed.
    ///
    /// ```
    /// let mut task = aio_testkit::TestTask::new("t", std::future::pending::<()>(), &aio_testkit::WakeLog::new());
    /// task.assert_pending();
    /// ```
    #[track_caller]
    pub fn assert_pending(&mut self) {
        assert!(
            self.poll().is_pending(),
            "{} should be pending",
            self.counter.name
        );
    }

    /// Polls once, asserts the future completed, and returns its output.
    /// Poll a completed task no more.
    ///
    /// # Panics
    /// If the future is still pending.
    ///
    /// ```
    /// let mut task = aio_testkit::TestTask::new("t", async { 'x' }, &aio_testkit::WakeLog::new());
    /// assert_eq!(task.assert_ready(), 'x');
    /// ```
    #[track_caller]
    pub fn assert_ready(&mut self) -> F::Output {
        match self.poll() {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("{} should be ready", self.counter.name),
        }
    }
}

impl<F: Future> fmt::Debug for TestTask<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestTask")
            .field("name", &self.counter.name)
            .field("wakes", &self.wakes())
            .finish()
    }
}
