//! aio-primer: Python's asyncio, rebuilt in Rust one concept per crate.
//!
//! Each module below is one crate of the workspace and one part of the book
//! (`book/`). Read the Python idea in the book, run the example with
//! `cargo run --example NAME`, then read the crate: every primitive is small,
//! documented and tested. The facade only re-exports; it holds no code.
//!
//! | module | asyncio idea | book part |
//! |---|---|---|
//! | [`spinner`] | `threading.Thread` + a flag vs `create_task` + `cancel()` | Threads vs tasks |
//! | [`sync`] | `Lock`, `Event`, `Condition`, `Semaphore`, `BoundedSemaphore`, `Barrier` | Synchronization |
//! | [`queue`] | `Queue`, `PriorityQueue`, `LifoQueue`: `maxsize`, `*_nowait`, `task_done`/`join`, `shutdown` | Queues |
//! | [`event_loop`] | the event loop: `call_soon`/`call_later`/`call_at`, `Future`, `Task`, I/O, debug mode | The event loop |
//! | [`tasks`] | `gather`, `wait`, `as_completed`, `wait_for`, `timeout`, `TaskGroup`, `shield`, slow-poll detection; the flags downloader | Running many tasks |
//! | [`offload`] | `run_in_executor`, `ThreadPoolExecutor`, `ProcessPoolExecutor`, a CPU-bound map | Offloading work |
//!
//! ```
//! use std::time::Duration;
//! use aio_primer::spinner::{supervisor_thread, SharedOutput};
//!
//! let answer = supervisor_thread("thinking!", Duration::from_millis(5), SharedOutput::new(), || 42)?;
//! assert_eq!(answer, 42);
//! # Ok::<(), std::io::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

pub use aio_loop as event_loop;
pub use aio_offload as offload;
pub use aio_queue as queue;
pub use aio_spinner as spinner;
pub use aio_sync as sync;
pub use aio_tasks as tasks;
