//! `Downloader`: the same job done three ways, sequential, on a thread pool,
//! and as concurrent futures under a semaphore.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aio_sync::Semaphore;
use futures::StreamExt;
use indicatif::ProgressBar;

use super::report::Fetched;
use super::{CountryCode, FetchCause, FetchError, Summary};

/// How long the blocking client waits on a silent socket before giving up.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// Downloads flags from a [`FlagServer`](super::FlagServer) (or any server
/// with the same `/flags/{cc}.gif` layout) into a directory, in one of three
/// ways that give the same [`Summary`]:
///
/// | method | seed 001's version | concurrency |
/// |---|---|---|
/// | [`sequential`](Self::sequential) | `flags.py` | one request at a time, blocking |
/// | [`thread_pool`](Self::thread_pool) | `flags_threadpool.py` | `threads` blocking requests |
/// | [`concurrent`](Self::concurrent) | `flags2_asyncio.py` | up to `limit` futures on one task |
///
/// The two blocking clients speak HTTP/1.1 over `std::net::TcpStream`
/// themselves (one `GET`, `Connection: close`): forty lines instead of
/// reqwest's `blocking` feature, which would start a tokio runtime on a
/// hidden thread behind every client. The concurrent client uses reqwest.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::{CountryCode, Downloader, FlagServer, ServerConfig};
///
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = FlagServer::start(ServerConfig::default()).await?;
/// let dest = std::env::temp_dir().join(format!("aio-flags-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dest)?;
/// let downloader = Downloader::new(server.base_url(), &dest);
/// let codes = CountryCode::parse_all(["CN", "XX"])?;
///
/// let summary = downloader.concurrent(&codes, 2, &indicatif::ProgressBar::hidden()).await;
/// assert_eq!((summary.ok, summary.not_found, summary.errors.len()), (1, 1, 0));
/// assert!(dest.join("cn.gif").exists());
/// std::fs::remove_dir_all(&dest)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Downloader {
    base_url: String,
    dest: PathBuf,
    client: reqwest::Client,
}

impl Downloader {
    /// A downloader that fetches `{base_url}/flags/{cc}.gif` and saves it as
    /// `{dest}/{cc}.gif` (`dest` must exist).
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::Downloader;
    ///
    /// let downloader = Downloader::new("http://127.0.0.1:8000", std::env::temp_dir());
    /// assert_eq!(downloader.dest(), std::env::temp_dir());
    /// ```
    pub fn new(base_url: impl Into<String>, dest: impl Into<PathBuf>) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            dest: dest.into(),
            client: reqwest::Client::new(),
        }
    }

    /// The directory flags are saved to.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::Downloader;
    ///
    /// assert_eq!(Downloader::new("http://localhost", "/tmp/flags").dest(), "/tmp/flags");
    /// ```
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Downloads one flag after the other on the calling thread.
    ///
    /// Blocking: call it from a thread, or from async code through
    /// `tokio::task::spawn_blocking`, never directly on a runtime thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::{CountryCode, Downloader, FlagServer, ServerConfig};
    ///
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = FlagServer::start(ServerConfig {
    ///     failing: CountryCode::parse_all(["FR"])?,
    ///     ..ServerConfig::default()
    /// })
    /// .await?;
    /// let dest = std::env::temp_dir().join(format!("aio-flags-seq-{}", std::process::id()));
    /// std::fs::create_dir_all(&dest)?;
    /// let downloader = Downloader::new(server.base_url(), &dest);
    /// let codes = CountryCode::parse_all(["DE", "FR"])?;
    /// let summary = tokio::task::spawn_blocking(move || downloader.sequential(&codes)).await?;
    /// assert_eq!((summary.ok, summary.errors.len()), (1, 1));
    /// assert_eq!(summary.errors[0].to_string(), "FR: HTTP status 500");
    /// std::fs::remove_dir_all(&dest)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn sequential(&self, codes: &[CountryCode]) -> Summary {
        let started = Instant::now();
        let mut summary = Summary::default();
        for &code in codes {
            summary.record(self.fetch_blocking(code));
        }
        summary.elapsed = started.elapsed();
        summary
    }

    /// Downloads with `threads` OS threads, each taking the next code until
    /// none is left; outcomes are tallied in the order they finish.
    ///
    /// Blocking, like [`sequential`](Self::sequential).
    ///
    /// # Panics
    ///
    /// If `threads` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::{CountryCode, Downloader, FlagServer, ServerConfig, POP20};
    ///
    /// # #[tokio::main]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// let dest = std::env::temp_dir().join(format!("aio-flags-pool-{}", std::process::id()));
    /// std::fs::create_dir_all(&dest)?;
    /// let downloader = Downloader::new(server.base_url(), &dest);
    /// let codes = CountryCode::parse_all(POP20)?;
    /// let summary = tokio::task::spawn_blocking(move || downloader.thread_pool(&codes, 4)).await?;
    /// assert_eq!(summary.ok, 20);
    /// std::fs::remove_dir_all(&dest)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn thread_pool(&self, codes: &[CountryCode], threads: usize) -> Summary {
        assert!(threads > 0, "a thread pool needs at least one thread");
        let started = Instant::now();
        let next = AtomicUsize::new(0);
        let (done, outcomes) = mpsc::channel();
        let mut summary = Summary::default();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(codes.len()) {
                let (next, done) = (&next, done.clone());
                scope.spawn(move || {
                    while let Some(&code) = codes.get(next.fetch_add(1, Ordering::SeqCst)) {
                        if done.send(self.fetch_blocking(code)).is_err() {
                            break;
                        }
                    }
                });
            }
            // The workers hold the only senders left, so the loop below ends
            // when the last worker does.
            drop(done);
            for outcome in outcomes {
                summary.record(outcome);
            }
        });
        summary.elapsed = started.elapsed();
        summary
    }

    /// Downloads as concurrent futures on the calling task: at most `limit`
    /// requests at once (an [`aio_sync::Semaphore`], like seed 001's
    /// `asyncio.Semaphore(concur_req)`), outcomes tallied in completion
    /// order ([`as_completed`](crate::as_completed)), `progress` advanced
    /// once per flag, files written with `tokio::fs` so that saving never
    /// blocks the runtime.
    ///
    /// Give `ProgressBar::hidden()` to draw nothing; a bar drawing to
    /// stderr hides itself when stderr is not a terminal.
    ///
    /// # Panics
    ///
    /// If `limit` is zero.
    ///
    /// # Cancel safety
    ///
    /// Dropping the future drops every request in flight; flags already
    /// saved stay on disk.
    ///
    /// # Examples
    ///
    /// ```
    /// use indicatif::ProgressBar;
    /// use aio_tasks::flags::{CountryCode, Downloader, FlagServer, ServerConfig, POP20};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// let dest = std::env::temp_dir().join(format!("aio-flags-async-{}", std::process::id()));
    /// std::fs::create_dir_all(&dest)?;
    /// let progress = ProgressBar::hidden();
    /// let summary = Downloader::new(server.base_url(), &dest)
    ///     .concurrent(&CountryCode::parse_all(POP20)?, 5, &progress)
    ///     .await;
    /// assert_eq!(summary.ok, 20);
    /// assert_eq!(progress.position(), 20);
    /// assert!(server.max_in_flight() <= 5);
    /// std::fs::remove_dir_all(&dest)?;
    /// # Ok(())
    /// # }
    /// ```
    // ANCHOR: flags_concurrent
    pub async fn concurrent(
        &self,
        codes: &[CountryCode],
        limit: usize,
        progress: &ProgressBar,
    ) -> Summary {
        assert!(limit > 0, "a limit of zero would never send a request");
        let started = Instant::now();
        let semaphore = Semaphore::new(limit);
        progress.set_length(codes.len() as u64);
        let downloads = codes.iter().map(|&code| {
            let semaphore = &semaphore;
            async move {
                let fetched = {
                    // `async with semaphore:` around the request only; the
                    // permit goes back before the file is written.
                    let _permit = semaphore.acquire().await;
                    self.fetch_async(code).await
                };
                let outcome = match fetched {
                    Ok(Some(gif)) => tokio::fs::write(self.dest.join(code.file_name()), gif)
                        .await
                        .map(|()| Fetched::Saved)
                        .map_err(|error| FetchError {
                            code,
                            cause: FetchCause::Io(error),
                        }),
                    Ok(None) => Ok(Fetched::NotFound),
                    Err(error) => Err(error),
                };
                (code, outcome)
            }
        });
        let mut summary = Summary::default();
        let mut finished = crate::as_completed(downloads, None);
        while let Some(Ok((code, outcome))) = finished.next().await {
            progress.set_message(code.to_string());
            progress.inc(1);
            summary.record(outcome);
        }
        progress.finish();
        summary.elapsed = started.elapsed();
        summary
    }
    // ANCHOR_END: flags_concurrent

    /// One request with reqwest: `Some(body)` for 200, `None` for 404.
    async fn fetch_async(&self, code: CountryCode) -> Result<Option<Vec<u8>>, FetchError> {
        let transport = |error: reqwest::Error| FetchError {
            code,
            cause: FetchCause::Transport(Box::new(error)),
        };
        let url = format!("{}{}", self.base_url, code.url_path());
        let response = self.client.get(url).send().await.map_err(transport)?;
        match response.status().as_u16() {
            200 => Ok(Some(response.bytes().await.map_err(transport)?.to_vec())),
            404 => Ok(None),
            status => Err(FetchError {
                code,
                cause: FetchCause::Status(status),
            }),
        }
    }

    /// One request and one file write, blocking the calling thread.
    fn fetch_blocking(&self, code: CountryCode) -> Result<Fetched, FetchError> {
        let fail = |cause| FetchError { code, cause };
        let (status, body) = http_get(&self.base_url, &code.url_path())
            .map_err(|error| fail(FetchCause::Transport(Box::new(error))))?;
        match status {
            200 => std::fs::write(self.dest.join(code.file_name()), body)
                .map(|()| Fetched::Saved)
                .map_err(|error| fail(FetchCause::Io(error))),
            404 => Ok(Fetched::NotFound),
            status => Err(fail(FetchCause::Status(status))),
        }
    }
}

/// A minimal blocking HTTP/1.1 `GET` for the blocking clients: one request
/// per connection, a body delimited by `Content-Length` or by the server
/// closing the connection. Returns the status and the body.
fn http_get(base_url: &str, path: &str) -> io::Result<(u16, Vec<u8>)> {
    let invalid = |message: &str| io::Error::new(io::ErrorKind::InvalidData, message.to_owned());
    let authority = base_url.strip_prefix("http://").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::Unsupported,
            "the blocking client speaks plain http:// only",
        )
    })?;
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;

    let head_len = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| invalid("no end of headers"))?;
    let head =
        std::str::from_utf8(&response[..head_len]).map_err(|_| invalid("headers are not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| invalid("malformed status line"))?;
    let mut content_length = None;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        if name.eq_ignore_ascii_case("content-length") {
            content_length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| invalid("bad Content-Length"))?,
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(invalid("chunked bodies are not supported"));
        }
    }
    let body = response.split_off(head_len + 4);
    if content_length.is_some_and(|length| length != body.len()) {
        return Err(invalid("body shorter or longer than Content-Length"));
    }
    Ok((status, body))
}
