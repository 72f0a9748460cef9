//! `ThreadPool`: `concurrent.futures.ThreadPoolExecutor`, for blocking calls.

use std::collections::VecDeque;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use aio_loop::{ConcurrentFuture, FutureError};

use crate::error::{PoolShutDown, panic_message};

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    shut_down: bool,
    /// Workers waiting for a job.
    idle: usize,
}

struct Shared {
    queue: Mutex<Queue>,
    work: Condvar,
}

fn lock(shared: &Shared) -> MutexGuard<'_, Queue> {
    shared.queue.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A pool of named threads for blocking work (Python's
/// `concurrent.futures.ThreadPoolExecutor`, what `loop.run_in_executor` and
/// `asyncio.to_thread` use).
///
/// Threads start lazily, one per submitted job while none is idle, up to
/// `max_workers`, and are named `{prefix}_{n}` (by default `ThreadPool_0`,
/// `ThreadPool_1`, ...). Jobs wait in one FIFO queue. A job that panics
/// fails its own future with [`FutureError::Panicked`]; its worker goes on.
///
/// [`submit`](Self::submit) returns an [`aio_loop::ConcurrentFuture`]:
/// block on it with `wait()`, or `.await` it from any runtime (the
/// `run_in_executor` pattern). Beside it, tokio's own answer is
/// `tokio::task::spawn_blocking`, a pool the runtime owns.
///
/// # Examples
///
/// Seed 004's scenario: six blocking calls on three workers.
///
/// ```
/// use std::time::Duration;
/// use aio_offload::ThreadPool;
///
/// fn blocks(n: u64) -> u64 {
///     std::thread::sleep(Duration::from_millis(10));
///     n * n
/// }
///
/// let pool = ThreadPool::new(3);
/// let squares: Vec<_> = (0..6).map(|n| pool.submit(move || blocks(n)).unwrap()).collect();
/// let squares: Vec<u64> = squares.into_iter().map(|job| job.wait().unwrap()).collect();
/// assert_eq!(squares, [0, 1, 4, 9, 16, 25]);
/// assert_eq!(pool.threads(), 3);
/// ```
pub struct ThreadPool {
    shared: Arc<Shared>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    max_workers: usize,
    prefix: String,
}

impl ThreadPool {
    /// A pool of at most `max_workers` threads named `ThreadPool_{n}`.
    ///
    /// # Panics
    ///
    /// If `max_workers` is zero (Python raises `ValueError`).
    pub fn new(max_workers: usize) -> Self {
        Self::with_prefix("ThreadPool", max_workers)
    }

    /// A pool whose threads are named `{prefix}_{n}` (Python's
    /// `thread_name_prefix`).
    ///
    /// # Panics
    ///
    /// If `max_workers` is zero.
    pub fn with_prefix(prefix: &str, max_workers: usize) -> Self {
        assert!(max_workers > 0, "a ThreadPool needs at least one worker");
        ThreadPool {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                work: Condvar::new(),
            }),
            workers: Mutex::new(Vec::new()),
            max_workers,
            prefix: prefix.to_owned(),
        }
    }

    /// Queues `job` and returns its future.
    ///
    /// # Errors
    ///
    /// [`PoolShutDown`] after [`shutdown`](Self::shutdown).
    // ANCHOR: submit
    pub fn submit<F, T>(&self, job: F) -> Result<ConcurrentFuture<T>, PoolShutDown>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (completer, future) = ConcurrentFuture::channel();
        let run: Job = Box::new(move || {
            // Cancelled while it waited in the queue: skip it.
            if !completer.set_running() {
                return;
            }
            match catch_unwind(AssertUnwindSafe(job)) {
                Ok(value) => completer.set_result(value),
                Err(payload) => {
                    completer.complete(Err(FutureError::Panicked(panic_message(&*payload))));
                }
            }
        });
        let start_worker = {
            let mut queue = lock(&self.shared);
            if queue.shut_down {
                return Err(PoolShutDown);
            }
            queue.jobs.push_back(run);
            queue.idle == 0
        };
        if start_worker {
            self.start_worker();
        }
        self.shared.work.notify_one();
        Ok(future)
    }
    // ANCHOR_END: submit

    /// Runs `f` on every item and returns the results in input order
    /// (Python's `executor.map`), waiting for each in turn.
    ///
    /// # Errors
    ///
    /// [`PoolShutDown`] after [`shutdown`](Self::shutdown).
    ///
    /// ```
    /// let pool = aio_offload::ThreadPool::new(2);
    /// let lengths: Vec<_> = pool.map(|s: &str| s.len(), ["a", "bb", "ccc"]).unwrap().collect();
    /// assert_eq!(lengths, [Ok(1), Ok(2), Ok(3)]);
    /// ```
    pub fn map<I, F, T>(
        &self,
        f: F,
        items: I,
    ) -> Result<impl Iterator<Item = Result<T, FutureError>> + use<I, F, T>, PoolShutDown>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> T + Send + Sync + 'static,
        T: Send + 'static,
    {
        let f = Arc::new(f);
        let futures = items
            .into_iter()
            .map(|item| {
                let f = f.clone();
                self.submit(move || f(item))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(futures.into_iter().map(ConcurrentFuture::wait))
    }

    /// Stops accepting jobs (Python's `shutdown(wait, cancel_futures)`).
    /// With `cancel_pending`, jobs still queued are cancelled (their futures
    /// report `Cancelled`); jobs already running always finish. With `wait`,
    /// returns once every worker has exited.
    // ANCHOR: shutdown
    pub fn shutdown(&self, wait: bool, cancel_pending: bool) {
        let cancelled = {
            let mut queue = lock(&self.shared);
            queue.shut_down = true;
            if cancel_pending {
                std::mem::take(&mut queue.jobs)
            } else {
                VecDeque::new()
            }
        };
        // Dropping a queued job drops its completer: `Cancelled`.
        drop(cancelled);
        self.shared.work.notify_all();
        if wait {
            let workers =
                std::mem::take(&mut *self.workers.lock().unwrap_or_else(PoisonError::into_inner));
            for worker in workers {
                // Jobs catch their panics: a worker never ends in one.
                let _ = worker.join();
            }
        }
    }
    // ANCHOR_END: shutdown

    /// How many threads the pool has started.
    pub fn threads(&self) -> usize {
        self.workers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// How many jobs wait for a thread.
    pub fn queued(&self) -> usize {
        lock(&self.shared).jobs.len()
    }

    fn start_worker(&self) {
        let mut workers = self.workers.lock().unwrap_or_else(PoisonError::into_inner);
        if workers.len() >= self.max_workers {
            return;
        }
        let shared = self.shared.clone();
        let name = format!("{}_{}", self.prefix, workers.len());
        let worker = thread::Builder::new()
            .name(name)
            .spawn(move || work(&shared))
            .expect("the OS refused to start a pool thread");
        workers.push(worker);
    }
}

// ANCHOR: worker
/// A worker: take the next job, run it, repeat; exit once the pool is shut
/// down and the queue is empty.
fn work(shared: &Shared) {
    loop {
        let job = {
            let mut queue = lock(shared);
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break job;
                }
                if queue.shut_down {
                    return;
                }
                queue.idle += 1;
                queue = shared
                    .work
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
                queue.idle -= 1;
            }
        };
        job();
    }
}
// ANCHOR_END: worker

impl Drop for ThreadPool {
    /// Like leaving Python's `with ThreadPoolExecutor() as pool:` block:
    /// queued jobs still run, and the threads are joined.
    fn drop(&mut self) {
        self.shutdown(true, false);
    }
}

impl fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPool")
            .field("prefix", &self.prefix)
            .field("max_workers", &self.max_workers)
            .field("threads", &self.threads())
            .field("queued", &self.queued())
            .finish()
    }
}
