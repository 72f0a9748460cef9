//! Getting blocking and CPU-bound work off the loop.
//!
//! | Python | here | the ecosystem |
//! |---|---|---|
//! | `ThreadPoolExecutor`, `loop.run_in_executor(pool, f)`, `asyncio.to_thread` | [`ThreadPool`] | `tokio::task::spawn_blocking` |
//! | `ProcessPoolExecutor` | [`ProcessPool`] | none |
//! | a CPU-bound map | [`rayon_bridge::spawn`] + `rayon::par_iter` | `rayon` |
//! | `concurrent.futures.Future`, `wrap_future` | [`aio_loop::ConcurrentFuture`] (blockable and awaitable) | `tokio::sync::oneshot` |
//! | seed 000's `WriteThread` (its own loop, `run_coroutine_threadsafe` + `wrap_future`), `tail_async`, `confirm_merge` | [`WriteThread`], [`Tail`], [`merge`], [`confirm_merge`] | a thread running a tokio current-thread runtime |
//!
//! Every pool hands back an [`aio_loop::ConcurrentFuture`]: a blocking
//! thread calls `wait()`, async code on any runtime `.await`s it, exactly as
//! Python code awaits what `run_in_executor` returns.
//!
//! ```
//! use aio_offload::ThreadPool;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let pool = ThreadPool::new(2);
//! // The blocking call runs on a pool thread; this task just awaits it.
//! let text = pool.submit(|| std::fs::read_to_string("Cargo.toml")).unwrap();
//! assert!(text.await.unwrap().unwrap().contains("aio-offload"));
//! # }
//! ```
#![warn(missing_docs, missing_debug_implementations)]

mod error;
pub mod jobs;
pub mod process_pool;
pub mod rayon_bridge;
mod tail;
mod thread_pool;
mod write_thread;

pub use error::PoolShutDown;
pub use process_pool::{ProcessError, ProcessPool};
pub use tail::{
    DEFAULT_POLL_INTERVAL, DoneSignal, MergeReport, Tail, TailLine, confirm_merge, merge,
};
pub use thread_pool::ThreadPool;
pub use write_thread::{LineSender, WriteThread};
