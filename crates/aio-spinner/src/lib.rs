//! Threads vs tasks: the first chapter of the asyncio story, in Rust.
//!
//! Fluent Python opens its concurrency chapters with a spinner: an animation
//! that turns while a slow function runs, first on a thread that is told to
//! stop through a shared flag, then as an asyncio task that is cancelled.
//! This crate is that pair, plus the mistake that freezes it and a measure of
//! what each costs at scale.
//!
//! | Python | here |
//! |---|---|
//! | `spin(msg, signal)` on a `threading.Thread`, `signal.go = False` | [`spin_thread`], [`Signal`], [`supervisor_thread`] |
//! | `asyncio.create_task(spin(msg))`, `spinner.cancel()` | [`spin_task`], [`supervisor_abort`] (`JoinHandle::abort`) |
//! | cooperative stop with an `asyncio.Event` | [`spin_task_until_cancelled`], [`supervisor_token`] (`CancellationToken` + `select!`) |
//! | `time.sleep` inside a coroutine | [`supervisor_blocked`] |
//! | `slow_function()` | [`slow_blocking`], [`slow_async`] |
//!
//! Both spinners draw through [`SpinnerLine`] into any `impl Write`, so tests
//! capture their output in a [`SharedOutput`] and read it back with
//! [`Transcript`]. [`idle_threads`] and [`idle_tasks`] measure the cost table
//! of the book's chapter.
//!
//! ```
//! use std::time::Duration;
//! use aio_spinner::{supervisor_thread, slow_blocking, SharedOutput};
//!
//! let output = SharedOutput::new();
//! let answer = supervisor_thread("thinking!", Duration::from_millis(5), output.clone(), || {
//!     slow_blocking(Duration::from_millis(20))
//! })?;
//! assert_eq!(answer, 42);
//! assert!(output.transcript().cleared);
//! # Ok::<(), std::io::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod line;
mod output;
mod scale;
mod task;
mod thread;

pub use line::{BACKSPACE, FRAMES, SpinnerLine};
pub use output::{SharedOutput, Transcript};
pub use scale::{MemoryStatus, ScaleReport, human_bytes, idle_tasks, idle_threads};
pub use task::{
    slow_async, spin_task, spin_task_until_cancelled, supervisor_abort, supervisor_blocked,
    supervisor_token,
};
pub use thread::{Signal, slow_blocking, spin_thread, supervisor_thread};
