//! `detect_blocking`: find the poll that blocked the executor.

use std::fmt;
use std::future::Future;
use std::panic::Location;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// One poll that ran longer than the threshold: the future's location, the
/// poll's number and how long it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlowPoll {
    /// Where the watched future was wrapped.
    pub location: &'static Location<'static>,
    /// Which poll of the future (1 is the first).
    pub poll: u64,
    /// How long the poll ran.
    pub elapsed: Duration,
}

impl fmt::Display for SlowPoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "poll #{} of the future at {} blocked its thread for {:.3} s",
            self.poll,
            self.location,
            self.elapsed.as_secs_f64()
        )
    }
}

type Report = Arc<dyn Fn(&SlowPoll) + Send + Sync>;

/// Times every poll of `future` and reports the ones that take longer than
/// `threshold`: Rust's answer to asyncio's debug-mode warning "Executing
/// <Task ...> took 0.501 seconds". A poll should return in microseconds; a
/// slow one is a blocking call (`std::thread::sleep`, a blocking read, a
/// CPU-heavy loop) that stops every other task on that thread. The fix is
/// `tokio::task::spawn_blocking` (or an async version of the call).
///
/// By default a slow poll is reported as a `tracing` warning (target
/// `aio_tasks::blocking`); [`DetectBlocking::on_slow_poll`] replaces that.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let reports = Arc::new(Mutex::new(Vec::new()));
/// let log = reports.clone();
/// let blocking = async {
///     std::thread::sleep(Duration::from_millis(30)); // the mistake
///     42
/// };
/// let answer = aio_tasks::detect_blocking(blocking, Duration::from_millis(10))
///     .on_slow_poll(move |slow| log.lock().unwrap().push(slow.clone()))
///     .await;
/// assert_eq!(answer, 42);
/// let reports = reports.lock().unwrap();
/// assert_eq!(reports.len(), 1);
/// assert!(reports[0].elapsed >= Duration::from_millis(30));
/// assert!(reports[0].location.file().ends_with(".rs"));
/// # }
/// ```
#[track_caller]
pub fn detect_blocking<F: Future>(future: F, threshold: Duration) -> DetectBlocking<F> {
    DetectBlocking {
        future: Box::pin(future),
        threshold,
        location: Location::caller(),
        polls: 0,
        report: None,
    }
}

/// The future of [`detect_blocking`].
#[must_use = "futures do nothing unless awaited"]
pub struct DetectBlocking<F> {
    future: Pin<Box<F>>,
    threshold: Duration,
    location: &'static Location<'static>,
    polls: u64,
    report: Option<Report>,
}

impl<F> DetectBlocking<F> {
    /// Reports slow polls to `report` instead of `tracing`.
    pub fn on_slow_poll(mut self, report: impl Fn(&SlowPoll) + Send + Sync + 'static) -> Self {
        self.report = Some(Arc::new(report));
        self
    }
}

impl<F: Future> Future for DetectBlocking<F> {
    type Output = F::Output;

    // ANCHOR: detect_blocking_poll
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls += 1;
        let started = Instant::now();
        let polled = self.future.as_mut().poll(cx);
        let elapsed = started.elapsed();
        if elapsed > self.threshold {
            let slow = SlowPoll {
                location: self.location,
                poll: self.polls,
                elapsed,
            };
            match &self.report {
                Some(report) => report(&slow),
                None => tracing::warn!(
                    target: "aio_tasks::blocking",
                    location = %slow.location,
                    poll = slow.poll,
                    elapsed_ms = slow.elapsed.as_secs_f64() * 1e3,
                    "a poll blocked the executor's thread; move the blocking call to spawn_blocking"
                ),
            }
        }
        polled
    }
    // ANCHOR_END: detect_blocking_poll
}

impl<F> fmt::Debug for DetectBlocking<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DetectBlocking")
            .field("location", &self.location)
            .field("threshold", &self.threshold)
            .field("polls", &self.polls)
            .finish()
    }
}
