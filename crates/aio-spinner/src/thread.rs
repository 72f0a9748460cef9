//! The spinner on an OS thread, stopped by a [`Signal`]: Fluent Python's
//! `spinner_thread.py`, where `Signal.go` is a flag the thread checks.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use crate::line::SpinnerLine;

/// A stop request that one thread sends and another waits for.
///
/// Python's seed uses a plain attribute, `signal.go = False`, which the
/// spinner reads after each `time.sleep(0.1)`, so stopping can take up to one
/// whole interval. Here the flag sits behind a `Mutex` with a `Condvar`, and
/// [`wait_timeout`](Signal::wait_timeout) returns the moment
/// [`stop`](Signal::stop) is called: the spinner sleeps *on the signal*, not
/// beside it.
///
/// Either way the point stands: no language lets you kill a thread from the
/// outside safely (it could die holding a lock or half-way through a write).
/// A thread stops because its own code looks at a signal and returns.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::Signal;
///
/// let signal = Signal::new();
/// assert!(!signal.wait_timeout(Duration::from_millis(1)));
/// signal.stop();
/// assert!(signal.is_stopped());
/// // Once stopped, waiting returns at once, however long the timeout.
/// assert!(signal.wait_timeout(Duration::from_secs(3600)));
/// ```
#[derive(Debug, Default)]
pub struct Signal {
    stopped: Mutex<bool>,
    changed: Condvar,
}

impl Signal {
    /// A signal that has not been stopped.
    ///
    /// ```
    /// assert!(!aio_spinner::Signal::new().is_stopped());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks whoever waits on this signal to stop, and wakes them now.
    ///
    /// ```
    /// let signal = aio_spinner::Signal::new();
    /// signal.stop();
    /// signal.stop(); // stopping twice is harmless
    /// assert!(signal.is_stopped());
    /// ```
    pub fn stop(&self) {
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    /// Whether [`stop`](Signal::stop) has been called.
    ///
    /// ```
    /// let signal = aio_spinner::Signal::new();
    /// assert!(!signal.is_stopped());
    /// ```
    pub fn is_stopped(&self) -> bool {
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Blocks for up to `timeout`; returns `true` as soon as the signal is
    /// stopped (at once if it already is), `false` if the time ran out.
    ///
    /// ```
    /// use std::time::Duration;
    /// let signal = aio_spinner::Signal::new();
    /// assert!(!signal.wait_timeout(Duration::ZERO));
    /// ```
    // ANCHOR: signal_wait
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        // `wait_timeout_while` re-checks the flag around spurious wakeups.
        let (stopped, _) = self
            .changed
            .wait_timeout_while(stopped, timeout, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *stopped
    }
    // ANCHOR_END: signal_wait
}

/// The body of the thread spinner: draws a frame, sleeps `interval` on the
/// signal, and repeats until `signal` is stopped; then clears the line and
/// gives the writer back.
///
/// It draws at least one frame, even when the signal is already stopped.
/// Run it on its own thread (see [`supervisor_thread`]); called directly, it
/// blocks the caller until someone else stops the signal.
///
/// # Errors
/// Any error from writing to `out`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{spin_thread, Signal, Transcript};
///
/// let signal = Signal::new();
/// signal.stop(); // stopped before it starts: exactly one frame, then the clear
/// let out = spin_thread("thinking!", Duration::from_secs(1), &signal, Vec::new())?;
/// let transcript = Transcript::parse(&String::from_utf8(out).unwrap());
/// assert_eq!(transcript.frames, vec!['|']);
/// assert!(transcript.cleared);
/// # Ok::<(), std::io::Error>(())
/// ```
// ANCHOR: spin_thread
pub fn spin_thread<W: Write>(
    message: &str,
    interval: Duration,
    signal: &Signal,
    out: W,
) -> io::Result<W> {
    let mut line = SpinnerLine::new(message, out);
    loop {
        line.draw()?;
        if signal.wait_timeout(interval) {
            break;
        }
    }
    line.clear()?;
    Ok(line.into_inner())
}
// ANCHOR_END: spin_thread

/// Runs `slow` on the calling thread while [`spin_thread`] animates on a
/// spawned one; stops the spinner, joins it, and returns what `slow` returned.
///
/// This is the seed's `supervisor()`: start the thread, do the work, flip the
/// signal, `join`. The join matters: it is how the supervisor knows the line
/// was cleared before it prints the answer.
///
/// # Errors
/// The spinner's write error, if it had one (the result of `slow` is lost
/// then, as the line may be in any state).
///
/// # Panics
/// If the spinner thread panicked, the panic is resumed here.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::{supervisor_thread, SharedOutput};
///
/// let output = SharedOutput::new();
/// let answer = supervisor_thread("thinking!", Duration::from_millis(5), output.clone(), || 42)?;
/// assert_eq!(answer, 42);
/// assert!(output.transcript().cleared);
/// # Ok::<(), std::io::Error>(())
/// ```
// ANCHOR: supervisor_thread
pub fn supervisor_thread<T, W>(
    message: &str,
    interval: Duration,
    out: W,
    slow: impl FnOnce() -> T,
) -> io::Result<T>
where
    W: Write + Send + 'static,
{
    let signal = Arc::new(Signal::new());
    let spinner = {
        let signal = Arc::clone(&signal);
        let message = message.to_owned();
        thread::Builder::new()
            .name("spinner".into())
            .spawn(move || spin_thread(&message, interval, &signal, out))?
    };
    let result = slow();
    signal.stop();
    match spinner.join() {
        Ok(written) => written.map(|_| result),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
// ANCHOR_END: supervisor_thread

/// The seed's `slow_function`: blocks the calling thread for `delay`, then
/// returns 42. On a thread that is fine; inside an async task it freezes every
/// other task on that thread (see [`supervisor_blocked`](crate::supervisor_blocked)).
///
/// ```
/// assert_eq!(aio_spinner::slow_blocking(std::time::Duration::ZERO), 42);
/// ```
pub fn slow_blocking(delay: Duration) -> u32 {
    thread::sleep(delay);
    42
}
