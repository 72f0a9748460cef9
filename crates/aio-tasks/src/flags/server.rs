//! `FlagServer`: the local HTTP server the downloaders fetch from.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{CountryCode, POP20, flag_gif};

/// What the [`FlagServer`] serves, and how badly.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_tasks::flags::{CountryCode, ServerConfig};
///
/// let config = ServerConfig {
///     latency: Duration::from_millis(10),
///     failing: CountryCode::parse_all(["IR"])?,
///     ..ServerConfig::default()
/// };
/// assert_eq!(config.codes.len(), 20);
/// # Ok::<(), aio_tasks::flags::InvalidCode>(())
/// ```
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The flags the server has; any other code gets a 404. Defaults to
    /// [`POP20`].
    pub codes: Vec<CountryCode>,
    /// Codes that answer `500 Internal Server Error`, whether or not the
    /// server has their flag. Defaults to none.
    pub failing: Vec<CountryCode>,
    /// How long every request waits (on the server's runtime, without
    /// blocking it) before it is answered. Defaults to zero.
    pub latency: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            codes: CountryCode::parse_all(POP20).expect("POP20 holds valid codes"),
            failing: Vec::new(),
            latency: Duration::ZERO,
        }
    }
}

/// A flag server on `127.0.0.1` at a free port, running as a task on the
/// current tokio runtime: `GET /flags/{cc}.gif` answers with
/// [`flag_gif(cc)`](flag_gif) after the configured latency, 404 for a code it
/// does not have and 500 for a failing one.
///
/// It counts the requests it receives and the requests in flight (received,
/// not yet answered), and remembers the most that were ever in flight at
/// once: that is how a test sees a client's concurrency limit from the
/// other end of the socket.
///
/// Dropping the server (or [`shutdown`](Self::shutdown)) stops it
/// gracefully: it accepts no more connections and finishes the requests it
/// is answering.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::{FlagServer, ServerConfig};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let server = FlagServer::start(ServerConfig::default()).await?;
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// assert_eq!(server.requests(), 0);
/// server.shutdown().await
/// # }
/// ```
pub struct FlagServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

struct Shared {
    flags: HashMap<CountryCode, Bytes>,
    failing: HashSet<CountryCode>,
    latency: Duration,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl FlagServer {
    /// Generates the flags, binds `127.0.0.1:0` and starts serving on the
    /// current tokio runtime.
    ///
    /// # Errors
    ///
    /// The error of binding the socket.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime.
    ///
    /// # Examples
    ///
    /// ```
    /// use aio_tasks::flags::{FlagServer, ServerConfig};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert!(server.addr().ip().is_loopback());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(config: ServerConfig) -> io::Result<Self> {
        let shared = Arc::new(Shared {
            flags: config
                .codes
                .iter()
                .map(|&code| (code, Bytes::from(flag_gif(code))))
                .collect(),
            failing: config.failing.into_iter().collect(),
            latency: config.latency,
            requests: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let app = Router::new()
            .route("/flags/{file}", get(serve_flag))
            .with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                // A send and a dropped sender both end the wait: either
                // way the server stops.
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert_ne!(server.addr().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL to give a
    /// [`Downloader`](super::Downloader).
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert_eq!(server.base_url(), format!("http://{}", server.addr()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bytes the server answers with for `code`, or `None` for a code it
    /// answers 404 or 500 for.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{CountryCode, FlagServer, ServerConfig, flag_gif};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// let cn = CountryCode::parse("CN")?;
    /// assert_eq!(server.flag(cn), Some(&flag_gif(cn)[..]));
    /// assert_eq!(server.flag(CountryCode::parse("XX")?), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn flag(&self, code: CountryCode) -> Option<&[u8]> {
        if self.shared.failing.contains(&code) {
            return None;
        }
        self.shared.flags.get(&code).map(|bytes| &bytes[..])
    }

    /// How many requests the server has received, whatever their answer.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert_eq!(server.requests(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// How many requests are being answered right now.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert_eq!(server.in_flight(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight.load(Ordering::SeqCst)
    }

    /// The most requests that were ever in flight at once.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// assert_eq!(server.max_in_flight(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Stops accepting connections, finishes the requests in flight, and
    /// waits for the server task to end.
    ///
    /// # Errors
    ///
    /// An I/O error the server task ended with.
    ///
    /// # Examples
    ///
    /// ```
    /// # use aio_tasks::flags::{FlagServer, ServerConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let server = FlagServer::start(ServerConfig::default()).await?;
    /// let addr = server.addr();
    /// server.shutdown().await?;
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl fmt::Debug for FlagServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlagServer")
            .field("addr", &self.addr)
            .field("requests", &self.requests())
            .field("in_flight", &self.in_flight())
            .field("max_in_flight", &self.max_in_flight())
            .finish()
    }
}

/// Counts a request in flight for as long as it lives, so a request whose
/// client hangs up (and whose handler is dropped mid-sleep) is counted out.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve_flag(State(shared): State<Arc<Shared>>, Path(file): Path<String>) -> Response {
    let _counted = InFlight::enter(&shared);
    tokio::time::sleep(shared.latency).await;
    let code = file
        .strip_suffix(".gif")
        .and_then(|code| CountryCode::parse(code).ok());
    match code {
        Some(code) if shared.failing.contains(&code) => {
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Some(code) => match shared.flags.get(&code) {
            Some(gif) => ([(header::CONTENT_TYPE, "image/gif")], gif.clone()).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
