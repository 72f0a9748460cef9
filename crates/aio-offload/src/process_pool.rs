//! `ProcessPool`: `concurrent.futures.ProcessPoolExecutor`, which nothing in
//! the Rust ecosystem offers.
//!
//! A worker is a child process: by default the current executable, re-run
//! in worker mode (the [`WORKER_ENV`] variable). At the start of `main`, one
//! line hands the process over to the worker loop when that variable is set:
//!
//! ```no_run
//! use aio_offload::process_pool::Registry;
//!
//! fn square(n: u64) -> u64 { n * n }
//!
//! fn main() {
//!     let jobs = Registry::new().register("square", square);
//!     jobs.serve_if_worker(); // never returns in a worker process
//!     // ... the program itself, which may start a ProcessPool ...
//! }
//! ```
//!
//! Jobs are plain functions registered by name; their arguments and results
//! travel as JSON (serde) in length-prefixed frames: the parent writes a
//! request to the child's stdin, the child answers on its stdout, one job
//! at a time. A job must not print to stdout (use stderr): that would
//! corrupt the frames, which the parent reports as an error.

use std::collections::{HashMap, VecDeque};
use std::error::Error;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use aio_loop::{Completer, ConcurrentFuture, FutureError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{PoolShutDown, panic_message};

/// The environment variable that puts a process in worker mode.
pub const WORKER_ENV: &str = "AIO_OFFLOAD_WORKER";

/// Frames larger than this are refused as malformed (a corrupted length
/// prefix must not make the parent allocate gigabytes).
const MAX_FRAME: u32 = 64 * 1024 * 1024;

/// Why a process-pool job failed. It reaches the job's future as
/// [`FutureError::Exception`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProcessError {
    /// The worker exited or crashed while running the job (it is replaced).
    WorkerDied(String),
    /// The worker's answer was not a valid frame (it is replaced).
    MalformedFrame(String),
    /// No job of that name is registered in the worker.
    UnknownJob(String),
    /// The arguments or the result did not (de)serialize.
    Serde(String),
    /// The job panicked in the worker (the worker survives).
    JobPanicked(String),
    /// The worker process could not be started.
    Spawn(String),
}

impl fmt::Display for ProcessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcessError::WorkerDied(why) => {
                write!(f, "the worker process died during the job: {why}")
            }
            ProcessError::MalformedFrame(why) => {
                write!(f, "the worker sent a malformed frame: {why}")
            }
            ProcessError::UnknownJob(name) => {
                write!(f, "no job named {name:?} is registered in the worker")
            }
            ProcessError::Serde(why) => write!(f, "the job's data did not (de)serialize: {why}"),
            ProcessError::JobPanicked(why) => write!(f, "the job panicked in the worker: {why}"),
            ProcessError::Spawn(why) => write!(f, "the worker process could not start: {why}"),
        }
    }
}

impl Error for ProcessError {}

/// What the parent sends.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    job: String,
    args: Value,
}

/// What the worker answers.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Ok(Value),
    Err(ProcessFailure),
}

#[derive(Debug, Serialize, Deserialize)]
enum ProcessFailure {
    UnknownJob(String),
    Serde(String),
    Panicked(String),
}

// ANCHOR: frames
/// Writes one frame: a little-endian `u32` length, then that many bytes.
fn write_frame(out: &mut impl Write, body: &[u8]) -> io::Result<()> {
    let len = u32::try_from(body.len())
        .ok()
        .filter(|len| *len <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "frame too large"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(body)?;
    out.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes is over the {MAX_FRAME}-byte limit"),
        ));
    }
    let mut body = vec![0u8; len as usize];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}
// ANCHOR_END: frames

type ErasedJob = Box<dyn Fn(Value) -> Result<Value, ProcessFailure> + Send + Sync>;

/// The jobs a worker process can run, by name.
///
/// # Examples
///
/// ```
/// use aio_offload::process_pool::Registry;
///
/// let jobs = Registry::new().register("add", |(a, b): (i64, i64)| a + b);
/// assert!(jobs.contains("add"));
/// assert!(!jobs.contains("sub"));
/// ```
#[derive(Default)]
pub struct Registry {
    jobs: HashMap<String, ErasedJob>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers `job` under `name`; its argument and result are serde types.
    // ANCHOR: register
    pub fn register<A, R, F>(mut self, name: &str, job: F) -> Self
    where
        A: DeserializeOwned,
        R: Serialize,
        F: Fn(A) -> R + Send + Sync + 'static,
    {
        let erased: ErasedJob = Box::new(move |args: Value| {
            let args: A = serde_json::from_value(args)
                .map_err(|err| ProcessFailure::Serde(err.to_string()))?;
            let result = catch_unwind(AssertUnwindSafe(|| job(args)))
                .map_err(|payload| ProcessFailure::Panicked(panic_message(&*payload)))?;
            serde_json::to_value(result).map_err(|err| ProcessFailure::Serde(err.to_string()))
        });
        self.jobs.insert(name.to_owned(), erased);
        self
    }
    // ANCHOR_END: register

    /// True if a job of that name is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.jobs.contains_key(name)
    }

    /// If this process was started as a pool worker ([`WORKER_ENV`] is
    /// set), serves jobs on stdin/stdout until stdin closes, then exits the
    /// process. Otherwise returns at once. Call it first thing in `main`.
    // ANCHOR: serve_if_worker
    pub fn serve_if_worker(&self) {
        if std::env::var_os(WORKER_ENV).is_some() {
            let stdin = io::stdin().lock();
            let stdout = io::stdout().lock();
            let code = match self.serve(stdin, stdout) {
                Ok(()) => 0,
                Err(err) => {
                    eprintln!("aio-offload worker: {err}");
                    1
                }
            };
            std::process::exit(code);
        }
    }
    // ANCHOR_END: serve_if_worker

    // ANCHOR: serve
    /// The worker loop: read a request, run the job, write the reply, until
    /// the input ends.
    ///
    /// # Errors
    ///
    /// An I/O error on either stream, or a request that is not valid JSON.
    pub fn serve(&self, input: impl Read, output: impl Write) -> io::Result<()> {
        let mut input = BufReader::new(input);
        let mut output = BufWriter::new(output);
        while let Some(frame) = read_frame(&mut input)? {
            let request: Request = serde_json::from_slice(&frame)
                .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
            let reply = match self.jobs.get(&request.job) {
                Some(job) => match job(request.args) {
                    Ok(value) => Reply::Ok(value),
                    Err(failure) => Reply::Err(failure),
                },
                None => Reply::Err(ProcessFailure::UnknownJob(request.job)),
            };
            let body = serde_json::to_vec(&reply).map_err(io::Error::other)?;
            write_frame(&mut output, &body)?;
        }
        Ok(())
    }
    // ANCHOR_END: serve
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.jobs.keys().collect();
        names.sort();
        f.debug_struct("Registry").field("jobs", &names).finish()
    }
}

/// Where a job's answer goes: the caller's typed [`Completer`], behind a
/// trait object so that one queue holds jobs of every result type.
trait Deliver: Send {
    fn set_running(&self) -> bool;
    fn deliver(self: Box<Self>, outcome: Result<Value, FutureError>);
}

impl<R: DeserializeOwned + Send + 'static> Deliver for Completer<R> {
    fn set_running(&self) -> bool {
        Completer::set_running(self)
    }

    fn deliver(self: Box<Self>, outcome: Result<Value, FutureError>) {
        let typed = outcome.and_then(|value| {
            serde_json::from_value(value)
                .map_err(|err| exception(ProcessError::Serde(err.to_string())))
        });
        self.complete(typed);
    }
}

/// A job waiting for a worker: its request and who to tell.
struct Pending {
    request: Vec<u8>,
    reply: Box<dyn Deliver>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Pending>,
    shut_down: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    work: Condvar,
    program: PathBuf,
    args: Vec<OsString>,
    /// The pid of each worker slot's current process (0: none).
    pids: Mutex<Vec<u32>>,
    /// How many worker processes were started, replacements included.
    started: Mutex<usize>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A pool of worker processes (Python's `ProcessPoolExecutor`).
///
/// Each worker slot has a manager thread in this process that feeds its
/// child one job at a time and reads the answer. A child that crashes or
/// exits mid-job fails that job with [`ProcessError::WorkerDied`] and is
/// replaced; a malformed answer fails the job with
/// [`ProcessError::MalformedFrame`] and the child is replaced too (its
/// state is unknown). [`shutdown`](Self::shutdown) (or dropping the pool)
/// closes every child's stdin, waits for it to exit, and leaves no child
/// process behind.
///
/// When does Rust want processes, with no GIL to escape? For isolation: a
/// crash (a segfault in a C library, an abort, an OOM kill) takes down one
/// worker, not the program; memory is returned to the OS when a worker is
/// replaced; and a job can be killed, which a thread cannot.
///
/// # Examples
///
/// ```no_run
/// use aio_offload::process_pool::{ProcessPool, Registry};
///
/// fn main() {
///     let jobs = Registry::new().register("square", |n: u64| n * n);
///     jobs.serve_if_worker();
///     let pool = ProcessPool::new(2).unwrap();
///     let nine = pool.submit::<_, u64>("square", &3u64).unwrap();
///     assert_eq!(nine.wait().unwrap(), 9);
/// }
/// ```
pub struct ProcessPool {
    shared: Arc<Shared>,
    managers: Mutex<Vec<JoinHandle<()>>>,
}

impl ProcessPool {
    /// A pool of `workers` processes running the current executable in
    /// worker mode (see the [module docs](self)).
    ///
    /// # Errors
    ///
    /// If the current executable cannot be found.
    pub fn new(workers: usize) -> io::Result<Self> {
        Ok(Self::with_program(
            std::env::current_exe()?,
            Vec::new(),
            workers,
        ))
    }

    /// A pool of `workers` processes running `program args...` with
    /// [`WORKER_ENV`] set (a dedicated worker binary, for instance).
    ///
    /// # Panics
    ///
    /// If `workers` is zero.
    pub fn with_program(program: impl Into<PathBuf>, args: Vec<OsString>, workers: usize) -> Self {
        assert!(workers > 0, "a ProcessPool needs at least one worker");
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            work: Condvar::new(),
            program: program.into(),
            args,
            pids: Mutex::new(vec![0; workers]),
            started: Mutex::new(0),
        });
        let managers = (0..workers)
            .map(|slot| {
                let shared = shared.clone();
                // Every worker starts now, so the first jobs do not pay for
                // starting a process; one that fails to start is retried
                // (and its error reported) with the first job of its slot.
                let first = spawn_worker(&shared, slot).ok();
                thread::Builder::new()
                    .name(format!("ProcessPool_{slot}"))
                    .spawn(move || manage(&shared, slot, first))
                    .expect("the OS refused to start a pool thread")
            })
            .collect();
        ProcessPool {
            shared,
            managers: Mutex::new(managers),
        }
    }

    /// Queues the job `name` with `args`; its future gives the result, or a
    /// [`ProcessError`] as [`FutureError::Exception`].
    ///
    /// # Errors
    ///
    /// [`PoolShutDown`] after [`shutdown`](Self::shutdown).
    // ANCHOR: process_submit
    pub fn submit<A, R>(&self, name: &str, args: &A) -> Result<ConcurrentFuture<R>, PoolShutDown>
    where
        A: Serialize + ?Sized,
        R: DeserializeOwned + Send + 'static,
    {
        let (completer, future) = ConcurrentFuture::channel();
        let request = serde_json::to_value(args)
            .and_then(|args| {
                serde_json::to_vec(&Request {
                    job: name.to_owned(),
                    args,
                })
            })
            .map_err(|err| ProcessError::Serde(err.to_string()));
        match request {
            Ok(request) => {
                let mut queue = lock(&self.shared.queue);
                if queue.shut_down {
                    return Err(PoolShutDown);
                }
                queue.jobs.push_back(Pending {
                    request,
                    reply: Box::new(completer),
                });
            }
            Err(err) => completer.complete(Err(exception(err))),
        }
        self.shared.work.notify_one();
        Ok(future)
    }
    // ANCHOR_END: process_submit

    /// Stops accepting jobs (Python's `shutdown(wait, cancel_futures)`):
    /// with `cancel_pending`, queued jobs are cancelled; running jobs
    /// finish. With `wait`, returns once every worker process has exited
    /// and been reaped.
    pub fn shutdown(&self, wait: bool, cancel_pending: bool) {
        let cancelled = {
            let mut queue = lock(&self.shared.queue);
            queue.shut_down = true;
            if cancel_pending {
                std::mem::take(&mut queue.jobs)
            } else {
                VecDeque::new()
            }
        };
        drop(cancelled);
        self.shared.work.notify_all();
        if wait {
            for manager in std::mem::take(&mut *lock(&self.managers)) {
                let _ = manager.join();
            }
        }
    }

    /// The pids of the worker processes alive now.
    pub fn worker_pids(&self) -> Vec<u32> {
        lock(&self.shared.pids)
            .iter()
            .copied()
            .filter(|pid| *pid != 0)
            .collect()
    }

    /// How many jobs wait for a worker.
    pub fn queued(&self) -> usize {
        lock(&self.shared.queue).jobs.len()
    }

    /// How many worker processes were started so far, replacements included.
    pub fn processes_started(&self) -> usize {
        *lock(&self.shared.started)
    }
}

impl Drop for ProcessPool {
    fn drop(&mut self) {
        self.shutdown(true, false);
    }
}

impl fmt::Debug for ProcessPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessPool")
            .field("program", &self.shared.program)
            .field("workers", &self.worker_pids())
            .field("queued", &lock(&self.shared.queue).jobs.len())
            .finish()
    }
}

fn exception(err: ProcessError) -> FutureError {
    FutureError::Exception(Arc::new(err))
}

/// One live worker process and its pipes.
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

// ANCHOR: spawn_worker
fn spawn_worker(shared: &Shared, slot: usize) -> Result<Worker, ProcessError> {
    let mut child = Command::new(&shared.program)
        .args(&shared.args)
        .env(WORKER_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| ProcessError::Spawn(err.to_string()))?;
    lock(&shared.pids)[slot] = child.id();
    *lock(&shared.started) += 1;
    let stdin = BufWriter::new(child.stdin.take().expect("piped"));
    let stdout = BufReader::new(child.stdout.take().expect("piped"));
    Ok(Worker {
        child,
        stdin,
        stdout,
    })
}
// ANCHOR_END: spawn_worker

// ANCHOR: retire
fn retire(shared: &Shared, slot: usize, worker: Worker, kill: bool) {
    let Worker {
        mut child, stdin, ..
    } = worker;
    // Closing stdin is the worker's signal to exit.
    drop(stdin);
    if kill {
        let _ = child.kill();
    }
    // Reap it: no zombie, no leftover process.
    let _ = child.wait();
    lock(&shared.pids)[slot] = 0;
}
// ANCHOR_END: retire

// ANCHOR: manage
/// The manager thread of one worker slot: start a child, feed it jobs one by
/// one, replace it when it dies or talks nonsense.
fn manage(shared: &Shared, slot: usize, first: Option<Worker>) {
    let mut worker = first;
    loop {
        let Pending { request, reply } = {
            let mut queue = lock(&shared.queue);
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    // Marked running under the queue's lock: once a job is
                    // out of the queue, `cancel` can no longer stop it.
                    if job.reply.set_running() {
                        break job;
                    }
                    continue; // cancelled while queued
                }
                if queue.shut_down {
                    drop(queue);
                    if let Some(worker) = worker.take() {
                        retire(shared, slot, worker, false);
                    }
                    return;
                }
                queue = shared
                    .work
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let live = match worker.take() {
            Some(live) => live,
            None => match spawn_worker(shared, slot) {
                Ok(live) => live,
                Err(err) => {
                    reply.deliver(Err(exception(err)));
                    continue;
                }
            },
        };
        let (outcome, live) = run_job(live, &request);
        match outcome {
            Ok(reply_frame) => {
                reply.deliver(reply_frame);
                worker = Some(live);
            }
            Err(err) => {
                // The child died or broke the protocol: fail this job and
                // start a fresh child for the next one.
                // Reaped before the caller hears of it: when the error
                // arrives, the dead worker is gone.
                retire(shared, slot, live, true);
                reply.deliver(Err(exception(err)));
            }
        }
    }
}
// ANCHOR_END: manage

/// Sends one request and reads its reply. `Err` means the worker is no
/// longer usable.
// ANCHOR: run_job
fn run_job(
    mut worker: Worker,
    request: &[u8],
) -> (Result<Result<Value, FutureError>, ProcessError>, Worker) {
    if let Err(err) = write_frame(&mut worker.stdin, request) {
        let why = exit_status(&mut worker).unwrap_or_else(|| err.to_string());
        return (Err(ProcessError::WorkerDied(why)), worker);
    }
    let frame = match read_frame(&mut worker.stdout) {
        Ok(Some(frame)) => frame,
        Ok(None) => {
            let why = exit_status(&mut worker).unwrap_or_else(|| "it closed its output".into());
            return (Err(ProcessError::WorkerDied(why)), worker);
        }
        Err(err) if err.kind() == io::ErrorKind::InvalidData => {
            return (Err(ProcessError::MalformedFrame(err.to_string())), worker);
        }
        Err(err) => {
            let why = exit_status(&mut worker).unwrap_or_else(|| err.to_string());
            return (Err(ProcessError::WorkerDied(why)), worker);
        }
    };
    let outcome = match serde_json::from_slice::<Reply>(&frame) {
        Ok(Reply::Ok(value)) => Ok(Ok(value)),
        Ok(Reply::Err(ProcessFailure::UnknownJob(name))) => {
            Ok(Err(exception(ProcessError::UnknownJob(name))))
        }
        Ok(Reply::Err(ProcessFailure::Serde(why))) => Ok(Err(exception(ProcessError::Serde(why)))),
        Ok(Reply::Err(ProcessFailure::Panicked(why))) => {
            Ok(Err(exception(ProcessError::JobPanicked(why))))
        }
        Err(err) => Err(ProcessError::MalformedFrame(err.to_string())),
    };
    (outcome, worker)
}
// ANCHOR_END: run_job

/// How the worker ended. Its pipe broke, so it is exiting or should: make
/// sure (a kill of an exited child is harmless) and reap it.
fn exit_status(worker: &mut Worker) -> Option<String> {
    let _ = worker.child.kill();
    worker
        .child
        .wait()
        .ok()
        .map(|status| format!("it exited with {status}"))
}
