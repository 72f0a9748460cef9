//! Seed 001's flags downloader, for real: a local flag server, then the same
//! 21 flags fetched three ways, sequentially, by a pool of threads, and as
//! futures under a semaphore. Book: "Running many tasks", the downloader.
//!
//!     cargo run --example flags [-- --quick]
mod common;

use std::path::PathBuf;
use std::time::Duration;

use aio_primer::tasks::flags::{CountryCode, Downloader, FlagServer, POP20, ServerConfig, Summary};
use common::Options;
use indicatif::{ProgressBar, ProgressDrawTarget};

const THREADS: usize = 4;
const LIMIT: usize = 5;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    // Every request waits this long on the server, as a far-away server would.
    let latency = options.time(Duration::from_millis(100));
    let mut codes = CountryCode::parse_all(POP20).expect("POP20 is valid");
    codes.push(CountryCode::parse("XX").expect("two letters")); // the server has no XX: 404
    let dest =
        TempDir(std::env::temp_dir().join(format!("aio-primer-flags-{}", std::process::id())));

    println!(
        "{} flags, {latency:?} per request; IR answers 500, XX is not found",
        codes.len()
    );
    for (mode, limit) in [
        ("sequential", 1),
        ("thread pool", THREADS),
        ("concurrent", LIMIT),
    ] {
        // A fresh server per mode, so its count of requests in flight is this mode's.
        let server = FlagServer::start(ServerConfig {
            latency,
            failing: CountryCode::parse_all(["IR"]).expect("valid"),
            ..ServerConfig::default()
        })
        .await
        .expect("bind 127.0.0.1");
        let dir = dest.0.join(mode.replace(' ', "_"));
        std::fs::create_dir_all(&dir).expect("create the destination");
        let downloader = Downloader::new(server.base_url(), &dir);
        let wanted = codes.clone();
        let summary: Summary = match mode {
            // The blocking clients go to tokio's blocking threads: called
            // here, they would freeze the runtime, and the server with it.
            "sequential" => {
                tokio::task::spawn_blocking(move || downloader.sequential(&wanted)).await
            }
            "thread pool" => {
                tokio::task::spawn_blocking(move || downloader.thread_pool(&wanted, THREADS)).await
            }
            _ => {
                // Drawn on stderr, and only when stderr is a terminal.
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                Ok(downloader.concurrent(&wanted, LIMIT, &bar).await)
            }
        }
        .expect("the download panicked");
        // The server's own count shows each client's limit from the far side.
        let most = server.max_in_flight();
        println!("{mode:<12} {summary}; at most {most} requests in flight");
        for error in &summary.errors {
            println!("{:<12} *** {error}", "");
        }

        assert_eq!(
            (summary.ok, summary.not_found, summary.errors.len()),
            (19, 1, 1)
        );
        assert_eq!(
            std::fs::read_dir(&dir).expect("read dest").count(),
            19,
            "one file per flag"
        );
        assert!(most <= limit, "{mode}: {most} in flight, limit {limit}");
        server.shutdown().await.expect("server shutdown");
    }
}

/// The downloads' directory, removed when `main` ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
