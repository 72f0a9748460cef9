//! `WriteThread`: seed 000's thread with its own event loop that owns the
//! output file, fed from async code on another runtime.

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

use aio_loop::{ConcurrentFuture, EventLoop, FutureError, LoopHandle};

/// The output file and its line count: owned by the write thread.
struct Output {
    file: BufWriter<File>,
    lines: Arc<AtomicU64>,
}

thread_local! {
    // Each write thread keeps its file here. Only code running on that
    // thread (the tasks its loop runs) can reach it, so no lock is needed:
    // the compiler enforces what seed 000 promises by convention.
    static OUTPUT: RefCell<Option<Output>> = const { RefCell::new(None) };
}

/// Runs on the write thread, inside a task of its loop.
fn write_on_this_thread(line: &str) -> io::Result<()> {
    OUTPUT.with(|output| match output.borrow_mut().as_mut() {
        Some(output) => {
            output.file.write_all(line.as_bytes())?;
            output.file.write_all(b"\n")?;
            output.lines.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        None => Err(stopped()),
    })
}

fn stopped() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the write thread has stopped")
}

/// A cloneable, `Send` handle that sends lines to a [`WriteThread`]; it
/// outlives the guard, and writes after the thread stopped fail.
///
/// # Examples
///
/// ```
/// use aio_offload::WriteThread;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let path = std::env::temp_dir().join(format!("sender-doc-{}.txt", std::process::id()));
/// let writer = WriteThread::start(&path)?;
/// let sender = writer.sender();
/// let task = tokio::spawn(async move { sender.write_line("from a task".into()).await });
/// task.await.unwrap().unwrap()?;
/// assert_eq!(writer.stop().await?, 1);
/// assert_eq!(std::fs::read_to_string(&path)?, "from a task\n");
/// # std::fs::remove_file(&path)
/// # }
/// ```
#[derive(Clone)]
pub struct LineSender {
    handle: LoopHandle,
    lines: Arc<AtomicU64>,
}

impl LineSender {
    /// Sends `line` (a newline is appended) to the write thread, where a task
    /// of its loop writes it to the buffered file: asyncio's
    /// `run_coroutine_threadsafe(real_write(line), loop)`. Await the returned
    /// [`ConcurrentFuture`] from any runtime (asyncio's `wrap_future`), or
    /// `wait()` on it from a plain thread.
    ///
    /// Lines are written in the order their `write_line` calls happened;
    /// the write is done (into the buffer) when the future completes, and on
    /// disk once the thread is stopped.
    ///
    /// # Errors
    ///
    /// The future gives `Ok(Err(e))` when writing failed, with
    /// `ErrorKind::BrokenPipe` once the write thread has stopped, and
    /// `Err(FutureError::Cancelled)` for a line sent while it was stopping.
    /// Never a hang.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future does not cancel the write: the line is written.
    pub fn write_line(&self, line: String) -> ConcurrentFuture<io::Result<()>> {
        // ANCHOR: write_line
        let sent = self
            .handle
            .spawn_threadsafe_with(move || async move { write_on_this_thread(&line) });
        // ANCHOR_END: write_line
        sent.unwrap_or_else(|_closed| {
            let (completer, future) = ConcurrentFuture::channel();
            completer.set_result(Err(stopped()));
            future
        })
    }

    /// How many lines the write thread has written so far.
    pub fn lines_written(&self) -> u64 {
        self.lines.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for LineSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineSender")
            .field("lines_written", &self.lines_written())
            .field("stopped", &self.handle.is_closed())
            .finish()
    }
}

struct Running {
    thread: JoinHandle<()>,
    /// Completed by the thread as its last act: the final flush and count.
    finished: ConcurrentFuture<io::Result<u64>>,
}

/// A thread that runs its own event loop and owns one output file (seed
/// 000's `WriteThread`): async code on other threads sends it lines, so the
/// system calls of writing never block their loop.
///
/// The thread runs aio-loop's own [`EventLoop`], not a tokio current-thread
/// runtime: it is this project's loop, single-threaded by construction
/// (`EventLoop` is `!Send`, the file lives in a thread-local), and it shows
/// asyncio's pair for real: [`LoopHandle::spawn_threadsafe_with`] is
/// `run_coroutine_threadsafe`, and awaiting the [`ConcurrentFuture`] it
/// returns from tokio is `wrap_future`. A tokio runtime would do the job
/// just as well (`Handle::spawn` plus a `oneshot`).
///
/// The guard starts the thread; [`stop`](Self::stop) (async) or
/// [`stop_blocking`](Self::stop_blocking) flushes, stops the loop and joins
/// the thread; dropping the guard without stopping does the same, blocking,
/// and ignores errors (Python's `async with WriteThread(path)`).
///
/// # Errors
///
/// Writes report their I/O errors through their futures; the final flush
/// reports through `stop`.
///
/// # Examples
///
/// ```
/// use aio_offload::WriteThread;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let path = std::env::temp_dir().join(format!("write-thread-doc-{}.txt", std::process::id()));
/// let writer = WriteThread::start(&path)?;
/// writer.write_line("first".into()).await.unwrap()?;
/// writer.write_line("second".into()).await.unwrap()?;
/// assert_eq!(writer.stop().await?, 2);
/// assert_eq!(std::fs::read_to_string(&path)?, "first\nsecond\n");
/// # std::fs::remove_file(&path)
/// # }
/// ```
#[must_use = "dropping the WriteThread stops it at once"]
pub struct WriteThread {
    sender: LineSender,
    running: Option<Running>,
}

impl WriteThread {
    /// Creates (or truncates) the file at `path` and starts the thread
    /// `write-thread` with its loop. Blocks until the thread is ready.
    ///
    /// # Errors
    ///
    /// The error of creating the file or the loop, or of spawning the thread.
    // ANCHOR: start
    pub fn start(path: impl AsRef<Path>) -> io::Result<WriteThread> {
        let file = File::create(path)?;
        let lines = Arc::new(AtomicU64::new(0));
        let (ready_tx, ready_rx) = mpsc::channel();
        let (completer, finished) = ConcurrentFuture::channel();
        let thread_lines = lines.clone();
        let thread = thread::Builder::new()
            .name("write-thread".into())
            .spawn(move || {
                let lp = match EventLoop::new() {
                    Ok(lp) => lp,
                    Err(err) => {
                        let _ = ready_tx.send(Err(io::Error::other(err)));
                        return;
                    }
                };
                OUTPUT.with(|output| {
                    *output.borrow_mut() = Some(Output {
                        file: BufWriter::new(file),
                        lines: thread_lines.clone(),
                    });
                });
                let _ = ready_tx.send(Ok(lp.handle()));
                let run = lp.run_forever();
                // Lines sent from now on find no file: they fail instead
                // of waiting for a loop that will not run again.
                let output = OUTPUT.with(|output| output.borrow_mut().take());
                let flushed = match output {
                    Some(mut output) => output.file.flush(),
                    None => Ok(()),
                };
                let _ = lp.close();
                let outcome = run
                    .map_err(io::Error::other)
                    .and(flushed)
                    .map(|()| thread_lines.load(Ordering::Relaxed));
                completer.set_result(outcome);
            })?;
        let handle = ready_rx
            .recv()
            .map_err(|_| io::Error::other("the write thread died while starting"))??;
        Ok(WriteThread {
            sender: LineSender { handle, lines },
            running: Some(Running { thread, finished }),
        })
    }
    // ANCHOR_END: start

    /// Sends `line` to the thread: see [`LineSender::write_line`].
    pub fn write_line(&self, line: String) -> ConcurrentFuture<io::Result<()>> {
        self.sender.write_line(line)
    }

    /// A cloneable handle for other tasks and threads.
    pub fn sender(&self) -> LineSender {
        self.sender.clone()
    }

    /// How many lines the thread has written so far.
    pub fn lines_written(&self) -> u64 {
        self.sender.lines_written()
    }

    /// Stops the thread and returns how many lines it wrote. Every line
    /// whose `write_line` returned before this call is written and flushed;
    /// then the loop stops and closes, and the thread is joined.
    ///
    /// Async: it awaits the thread's last act without blocking the caller's
    /// runtime; the final join then returns at once.
    ///
    /// # Errors
    ///
    /// The error of the final flush, or one saying the thread panicked.
    pub async fn stop(mut self) -> io::Result<u64> {
        let running = self.request_stop();
        let outcome = running.finished.await;
        Self::join(running.thread, outcome)
    }

    /// [`stop`](Self::stop) for code that is not async: blocks until the
    /// thread has flushed and exited.
    ///
    /// # Errors
    ///
    /// As for [`stop`](Self::stop).
    ///
    /// ```
    /// let path = std::env::temp_dir().join(format!("stop-blocking-{}.txt", std::process::id()));
    /// let writer = aio_offload::WriteThread::start(&path)?;
    /// writer.write_line("no runtime needed".into()).wait().unwrap()?;
    /// assert_eq!(writer.stop_blocking()?, 1);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stop_blocking(mut self) -> io::Result<u64> {
        let running = self.request_stop();
        let outcome = running.finished.wait();
        Self::join(running.thread, outcome)
    }

    // ANCHOR: request_stop
    /// Asks the loop to stop from inside a task. Tasks step in FIFO order,
    /// so every write task created before this one has already run; a bare
    /// `LoopHandle::stop` would end the loop before those tasks' first step.
    fn request_stop(&mut self) -> Running {
        let running = self.running.take().expect("stopped only once");
        let _ = self.sender.handle.spawn_threadsafe_with(|| async {
            if let Ok(lp) = aio_loop::get_running_loop() {
                lp.stop();
            }
        });
        running
    }
    // ANCHOR_END: request_stop

    fn join(
        thread: JoinHandle<()>,
        outcome: Result<io::Result<u64>, FutureError>,
    ) -> io::Result<u64> {
        let joined = thread.join();
        match (joined, outcome) {
            (Ok(()), Ok(outcome)) => outcome,
            _ => Err(io::Error::other("the write thread panicked")),
        }
    }
}

impl Drop for WriteThread {
    /// Like leaving `async with` without awaiting `stop`: flush, stop, join.
    fn drop(&mut self) {
        if self.running.is_some() {
            let running = self.request_stop();
            let outcome = running.finished.wait();
            let _ = Self::join(running.thread, outcome);
        }
    }
}

impl fmt::Debug for WriteThread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteThread")
            .field("lines_written", &self.lines_written())
            .field("running", &self.running.is_some())
            .finish()
    }
}
