//! Random cancellation for the stress tests: a deterministic generator, and
//! ways to drop a future part-way that hit the moments careless primitives
//! get wrong.

use std::future::Future;
use std::time::Duration;

use tokio::task::{JoinHandle, yield_now};

/// A tiny deterministic generator (xorshift64): the same choices on every
/// run, so a failing stress run can be read; the thread interleavings still
/// vary, which is the point.
///
/// ```
/// let mut a = aio_testkit::XorShift::for_task(3);
/// let mut b = aio_testkit::XorShift::for_task(3);
/// assert_eq!(a.below(100), b.below(100));
/// assert!(a.below(10) < 10);
/// ```
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator for task number `task`, each task its own sequence.
    ///
    /// ```
    /// let mut rng = aio_testkit::XorShift::for_task(0);
    /// assert!(rng.below(2) < 2);
    /// ```
    pub fn for_task(task: usize) -> Self {
        let task = u64::try_from(task).unwrap_or(u64::MAX);
        let seed =
            0x9E37_79B9_7F4A_7C15_u64 ^ task.wrapping_add(1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        Self(seed | 1)
    }

    /// The next number in `0..n`.
    ///
    /// # Panics
    /// If `n` is zero.
    ///
    /// ```
    /// let mut rng = aio_testkit::XorShift::for_task(1);
    /// assert!((0..100).all(|_| rng.below(3) < 3));
    /// ```
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Yields to the runtime `times` times.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// aio_testkit::yield_times(3).await;
/// # }
/// ```
pub async fn yield_times(times: u64) {
    for _ in 0..times {
        yield_now().await;
    }
}

/// Runs `work` to completion, or cancels it (drops it part-way); `None` if
/// cancelled. Must run inside a tokio runtime with timers.
///
/// Two ways to cancel: a tiny real timeout (tokio polls the work before the
/// timer, so it drops only work still pending), or a `select!` that looks at
/// a few yields *before* the work, so it also drops work that was woken
/// because it had just been handed a lock, a permit, a notification or an
/// item: the moment a careless primitive loses the hand-over.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut rng = aio_testkit::XorShift::for_task(0);
/// let outcome = aio_testkit::maybe_cancelled(&mut rng, async { 1 }).await;
/// assert!(matches!(outcome, None | Some(1)));
/// # }
/// ```
pub async fn maybe_cancelled<F: Future>(rng: &mut XorShift, work: F) -> Option<F::Output> {
    match rng.below(3) {
        0 => Some(work.await),
        1 => {
            let limit = Duration::from_micros(rng.below(300));
            tokio::time::timeout(limit, work).await.ok()
        }
        _ => {
            let yields = 1 + rng.below(4);
            tokio::select! {
                biased;
                () = yield_times(yields) => None,
                output = work => Some(output),
            }
        }
    }
}

/// Waits for every task and returns their outputs, failing (instead of
/// hanging) if one never ends within a minute, or panicked.
///
/// # Panics
/// If a task panicked or some task did not finish within 60 seconds (a lost
/// wakeup, most likely).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let tasks = (0..3).map(|n| tokio::spawn(async move { n * 2 })).collect();
/// assert_eq!(aio_testkit::join_every(tasks, "doubling").await, [0, 2, 4]);
/// # }
/// ```
pub async fn join_every<T>(tasks: Vec<JoinHandle<T>>, what: &str) -> Vec<T> {
    let all = futures::future::join_all(tasks);
    let results = tokio::time::timeout(Duration::from_secs(60), all)
        .await
        .unwrap_or_else(|_| panic!("{what}: some task never finished (a lost wakeup?)"));
    results
        .into_iter()
        .map(|result| result.unwrap_or_else(|error| panic!("{what}: {error}")))
        .collect()
}
