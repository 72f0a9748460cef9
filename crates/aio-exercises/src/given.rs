//! Types the exercises build on (given, not to be changed).

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// A stop signal a thread can wait on with a timeout (Python's
/// `threading.Event`).
///
/// ```
/// use std::time::Duration;
/// let stop = aio_exercises::given::StopSignal::new();
/// assert!(!stop.wait_timeout(Duration::from_millis(1)));
/// stop.set();
/// assert!(stop.wait_timeout(Duration::from_secs(3600))); // returns at once
/// ```
#[derive(Debug, Default)]
pub struct StopSignal {
    set: Mutex<bool>,
    changed: Condvar,
}

impl StopSignal {
    /// A signal not set yet.
    pub fn new() -> Self {
        StopSignal::default()
    }

    /// Sets the signal and wakes every waiter.
    pub fn set(&self) {
        *self.set.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    /// Waits until the signal is set or `timeout` passes; true if it is set.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        let (set, _) = self
            .changed
            .wait_timeout_while(set, timeout, |set| !*set)
            .unwrap_or_else(PoisonError::into_inner);
        *set
    }
}

// ---- exercise 02: a line on the terminal that a test can read --------------

/// A terminal line shared between a spinner and the test watching it: what
/// it shows now, and every frame ever drawn on it, in order.
///
/// ```
/// let line = aio_exercises::given::SharedLine::new();
/// line.draw('|');
/// line.draw('/');
/// assert_eq!(line.text(), "/");
/// line.clear();
/// assert_eq!((line.text(), line.frames(), line.is_cleared()), (String::new(), vec!['|', '/'], true));
/// ```
#[derive(Debug, Default, Clone)]
pub struct SharedLine(std::sync::Arc<Mutex<LineState>>);

#[derive(Debug, Default)]
struct LineState {
    text: String,
    frames: Vec<char>,
    cleared: bool,
}

impl SharedLine {
    /// An empty line.
    pub fn new() -> Self {
        SharedLine::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, LineState> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Shows `frame` in place of whatever the line showed.
    pub fn draw(&self, frame: char) {
        let mut state = self.state();
        state.text = frame.to_string();
        state.frames.push(frame);
        state.cleared = false;
    }

    /// Erases the line.
    pub fn clear(&self) {
        let mut state = self.state();
        state.text.clear();
        state.cleared = true;
    }

    /// What the line shows now.
    pub fn text(&self) -> String {
        self.state().text.clone()
    }

    /// Every frame drawn so far, in order.
    pub fn frames(&self) -> Vec<char> {
        self.state().frames.clone()
    }

    /// `true` if the line was cleared after the last frame.
    pub fn is_cleared(&self) -> bool {
        self.state().cleared
    }
}

// ---- exercise 03: a one-shot flag with a waker slot -------------------------

/// A flag that is set once, and the one waker to wake when it is: the state
/// behind exercise 03's `FlagWait` future.
///
/// [`is_set`](Flag::is_set) and [`register`](Flag::register) each take the
/// flag's mutex on their own, so between two calls anything can happen. To
/// make "anything" happen on purpose, a test can ask for the flag to be set
/// by another party right after the next check has read it
/// ([`set_right_after_next_check`](Flag::set_right_after_next_check)): the
/// check reports `false`, and by the time it returns the flag is up.
///
/// ```
/// let flag = aio_exercises::given::Flag::new();
/// flag.set_right_after_next_check();
/// assert!(!flag.is_set()); // read "not set"...
/// assert!(flag.is_set()); // ...and was set just after
/// ```
#[derive(Debug, Default)]
pub struct Flag {
    state: Mutex<FlagState>,
}

#[derive(Debug, Default)]
struct FlagState {
    set: bool,
    waker: Option<std::task::Waker>,
    set_after_next_check: bool,
}

impl Flag {
    /// A flag not set, with no waker registered.
    pub fn new() -> Self {
        Flag::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, FlagState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the flag and wakes the registered waker, if any (once: the
    /// waker is taken out).
    pub fn set(&self) {
        let waker = {
            let mut state = self.state();
            state.set = true;
            state.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Reads the flag.
    pub fn is_set(&self) -> bool {
        let (set, set_now) = {
            let mut state = self.state();
            (state.set, std::mem::take(&mut state.set_after_next_check))
        };
        if set_now {
            // Another party sets the flag just after we read it.
            self.set();
        }
        set
    }

    /// Stores `waker` as the one to wake on [`set`](Flag::set), replacing
    /// any waker stored before.
    pub fn register(&self, waker: &std::task::Waker) {
        self.state().waker = Some(waker.clone());
    }

    /// Test hook: the next [`is_set`](Flag::is_set) reads the flag, then the
    /// flag is set (and the registered waker, if any, woken) before the
    /// check returns what it read.
    pub fn set_right_after_next_check(&self) {
        self.state().set_after_next_check = true;
    }
}

// ---- exercise 05: a bank account behind an async lock -----------------------

/// A bank account: an id, and a balance behind an [`aio_sync::Lock`].
///
/// ```
/// # futures::executor::block_on(async {
/// let account = aio_exercises::given::Account::new(1, 100);
/// *account.balance.lock().await -= 30;
/// assert_eq!((account.id, *account.balance.lock().await), (1, 70));
/// # });
/// ```
#[derive(Debug)]
pub struct Account {
    /// Unique among the accounts of one bank.
    pub id: u32,
    /// The money, locked while a transfer moves it.
    pub balance: aio_sync::Lock<i64>,
}

impl Account {
    /// An account `id` holding `balance`.
    pub fn new(id: u32, balance: i64) -> Self {
        Account {
            id,
            balance: aio_sync::Lock::new(balance),
        }
    }
}

// ---- exercise 14: a blocking checksum that logs which thread ran it ---------

/// Which thread checksummed which path: `(path, thread name)`, in order.
static CHECKSUM_LOG: Mutex<Vec<(std::path::PathBuf, String)>> = Mutex::new(Vec::new());

/// Paths whose checksum must wait until the test releases them.
static CHECKSUM_HOLDS: Mutex<Vec<(std::path::PathBuf, std::sync::Arc<StopSignal>)>> =
    Mutex::new(Vec::new());

/// The checksum of some bytes (64-bit FNV-1a): what
/// [`blocking_checksum`] computes from a file's contents.
///
/// ```
/// use aio_exercises::given::checksum;
/// assert_eq!(checksum(b""), 0xcbf2_9ce4_8422_2325);
/// assert_ne!(checksum(b"ab"), checksum(b"ba"));
/// ```
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the file at `path` with `std::fs` (a blocking call: never make it
/// on an event loop's thread) and returns its [`checksum`].
///
/// Before reading, it records the name of the thread it runs on
/// (`"<unnamed>"` for a thread without one) for
/// [`checksum_threads`], and waits while the path is held with
/// [`hold_checksum`].
///
/// # Errors
///
/// The error of `std::fs::read`: `NotFound` for a missing file.
///
/// ```
/// use aio_exercises::given::{blocking_checksum, checksum, checksum_threads};
/// let path = std::env::temp_dir().join(format!("aio-given-doc-{}", std::process::id()));
/// std::fs::write(&path, b"hello").unwrap();
/// let sum = std::thread::Builder::new()
///     .name("reader".into())
///     .spawn({
///         let path = path.clone();
///         move || blocking_checksum(&path)
///     })
///     .unwrap()
///     .join()
///     .unwrap();
/// assert_eq!(sum.unwrap(), checksum(b"hello"));
/// assert_eq!(checksum_threads(&path), ["reader"]);
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn blocking_checksum(path: &std::path::Path) -> std::io::Result<u64> {
    let thread = std::thread::current()
        .name()
        .unwrap_or("<unnamed>")
        .to_owned();
    CHECKSUM_LOG
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((path.to_owned(), thread));
    let hold = CHECKSUM_HOLDS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|(held, _)| held == path)
        .map(|(_, released)| released.clone());
    if let Some(released) = hold {
        while !released.wait_timeout(Duration::from_secs(3600)) {}
    }
    let bytes = std::fs::read(path)?;
    Ok(checksum(&bytes))
}

/// The names of the threads that ran [`blocking_checksum`] on `path`, in
/// the order they did.
pub fn checksum_threads(path: &std::path::Path) -> Vec<String> {
    CHECKSUM_LOG
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|(logged, _)| logged == path)
        .map(|(_, thread)| thread.clone())
        .collect()
}

/// Test hook: until the returned [`ChecksumHold`] is released (or
/// dropped), [`blocking_checksum`] of `path` waits before it reads.
pub fn hold_checksum(path: &std::path::Path) -> ChecksumHold {
    let released = std::sync::Arc::new(StopSignal::new());
    CHECKSUM_HOLDS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((path.to_owned(), released.clone()));
    ChecksumHold {
        path: path.to_owned(),
        released,
    }
}

/// A path held by [`hold_checksum`]; releasing or dropping it lets its
/// checksums go on.
#[derive(Debug)]
pub struct ChecksumHold {
    path: std::path::PathBuf,
    released: std::sync::Arc<StopSignal>,
}

impl ChecksumHold {
    /// Lets the checksums of the held path go on.
    pub fn release(self) {}
}

impl Drop for ChecksumHold {
    fn drop(&mut self) {
        CHECKSUM_HOLDS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(held, _)| held != &self.path);
        self.released.set();
    }
}
