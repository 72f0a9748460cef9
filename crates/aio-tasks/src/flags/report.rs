//! What a download gives back: `FetchError` for one flag, `Summary` for a run.

use std::error::Error;
use std::fmt;
use std::io;
use std::time::Duration;

use super::CountryCode;

/// Why one flag could not be downloaded or saved, with its country code
/// (seed 001's `FetchError(country_code)` raised `from` the cause).
///
/// A 404 is not a `FetchError`: the downloaders count it as "not found" and
/// go on.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::{CountryCode, FetchCause, FetchError};
///
/// let error = FetchError { code: CountryCode::parse("IR")?, cause: FetchCause::Status(500) };
/// assert_eq!(error.to_string(), "IR: HTTP status 500");
/// # Ok::<(), aio_tasks::flags::InvalidCode>(())
/// ```
#[derive(Debug)]
pub struct FetchError {
    /// The flag that failed.
    pub code: CountryCode,
    /// What went wrong.
    pub cause: FetchCause,
}

/// The cause inside a [`FetchError`].
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::FetchCause;
///
/// let cause = FetchCause::Io(std::io::Error::other("disk full"));
/// assert_eq!(cause.to_string(), "saving: disk full");
/// ```
#[derive(Debug)]
pub enum FetchCause {
    /// The server answered with a status other than 200 or 404.
    Status(u16),
    /// The request did not complete: connection refused, reset, a malformed
    /// response.
    Transport(Box<dyn Error + Send + Sync>),
    /// The flag arrived but could not be saved.
    Io(io::Error),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.cause)
    }
}

impl Error for FetchError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.cause {
            FetchCause::Status(_) => None,
            FetchCause::Transport(error) => Some(&**error),
            FetchCause::Io(error) => Some(error),
        }
    }
}

impl fmt::Display for FetchCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(status) => write!(f, "HTTP status {status}"),
            Self::Transport(error) => write!(f, "transport: {error}"),
            Self::Io(error) => write!(f, "saving: {error}"),
        }
    }
}

/// The outcome of one run of a downloader: seed 001's `Counter` of
/// statuses, plus the time the run took.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_tasks::flags::Summary;
///
/// let summary = Summary { ok: 18, not_found: 1, errors: Vec::new(), elapsed: Duration::from_millis(1250) };
/// assert_eq!(summary.to_string(), "18 ok, 1 not found, 0 errors in 1.25 s");
/// ```
#[derive(Debug, Default)]
pub struct Summary {
    /// Flags downloaded and saved.
    pub ok: usize,
    /// Flags the server answered 404 for.
    pub not_found: usize,
    /// Every other failure, in the order the downloader met it.
    pub errors: Vec<FetchError>,
    /// Wall-clock time of the whole run.
    pub elapsed: Duration,
}

/// How one flag ended, short of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fetched {
    Saved,
    NotFound,
}

impl Summary {
    pub(crate) fn record(&mut self, outcome: Result<Fetched, FetchError>) {
        match outcome {
            Ok(Fetched::Saved) => self.ok += 1,
            Ok(Fetched::NotFound) => self.not_found += 1,
            Err(error) => self.errors.push(error),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ok, {} not found, {} errors in {:.2} s",
            self.ok,
            self.not_found,
            self.errors.len(),
            self.elapsed.as_secs_f64()
        )
    }
}
