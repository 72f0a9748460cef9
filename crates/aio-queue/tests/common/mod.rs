//! Poll-by-poll helpers for the deterministic queue tests: a waker that
//! counts its wake-ups and writes its name into a shared log, a poll-once
//! helper, and a test task that owns one pinned future and polls it with its
//! own waker. Dropping a [`TestTask`] drops its future: that is how a test
//! cancels.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use aio_queue::{GenericQueue, Store};

/// The names of the wakers woken so far, in the order they were woken.
#[derive(Debug, Default, Clone)]
pub(crate) struct WakeLog(Arc<Mutex<Vec<&'static str>>>);

impl WakeLog {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The wake-ups logged since the last call; forgets them.
    pub(crate) fn take(&self) -> Vec<&'static str> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// A waker that counts its wake-ups and logs its name.
#[derive(Debug)]
struct CountingWaker {
    name: &'static str,
    wakes: AtomicUsize,
    log: WakeLog,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        self.log.0.lock().unwrap().push(self.name);
    }
}

/// Polls `future` once with `waker`.
pub(crate) fn poll_once<F: Future + ?Sized>(future: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(waker))
}

/// One pinned future and the counting waker it is always polled with.
pub(crate) struct TestTask<F: Future> {
    future: Pin<Box<F>>,
    counter: Arc<CountingWaker>,
    waker: Waker,
}

impl<F: Future> TestTask<F> {
    /// A task named `name`: the name its wake-ups write into `log`.
    pub(crate) fn new(name: &'static str, future: F, log: &WakeLog) -> Self {
        let counter = Arc::new(CountingWaker {
            name,
            wakes: AtomicUsize::new(0),
            log: log.clone(),
        });
        Self {
            future: Box::pin(future),
            waker: Waker::from(counter.clone()),
            counter,
        }
    }

    pub(crate) fn poll(&mut self) -> Poll<F::Output> {
        poll_once(self.future.as_mut(), &self.waker)
    }

    /// How many times this task's waker was woken.
    pub(crate) fn wakes(&self) -> usize {
        self.counter.wakes.load(Ordering::SeqCst)
    }

    #[track_caller]
    pub(crate) fn assert_pending(&mut self) {
        assert!(
            self.poll().is_pending(),
            "{} should be pending",
            self.counter.name
        );
    }

    /// Polls once, asserts the future completed, returns its output. Poll a
    /// completed task no more.
    #[track_caller]
    pub(crate) fn assert_ready(&mut self) -> F::Output {
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

/// Asserts that a bounded queue holds no more than its `maxsize`, and
/// returns its `qsize`.
#[track_caller]
pub(crate) fn checked_qsize<T, S: Store<T>>(queue: &GenericQueue<T, S>) -> usize {
    let qsize = queue.qsize();
    if let Some(max) = queue.maxsize() {
        assert!(qsize <= max, "qsize {qsize} above maxsize {max}");
    }
    qsize
}

/// Takes every item the queue hands out now, with `get_nowait`.
pub(crate) fn drain<T, S: Store<T>>(queue: &GenericQueue<T, S>) -> Vec<T> {
    std::iter::from_fn(|| queue.get_nowait().ok()).collect()
}
