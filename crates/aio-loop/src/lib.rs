//! asyncio's event loop, built from scratch in safe Rust so that every line
//! of one iteration can be read.
//!
//! | asyncio | here |
//! |---|---|
//! | `asyncio.new_event_loop()`, `loop.time()` | [`EventLoop::new`], [`EventLoop::time`] |
//! | `loop.call_soon` / `call_later` / `call_at` | [`EventLoop::call_soon`], [`call_later`](EventLoop::call_later), [`call_at`](EventLoop::call_at) |
//! | `asyncio.Handle`, `asyncio.TimerHandle` | [`Handle`], [`TimerHandle`] |
//! | `run_forever`, `run_until_complete`, `stop`, `close` | the [`EventLoop`] methods of the same names |
//! | `asyncio.Future`, `loop.create_future()` | [`LoopFuture`], [`EventLoop::create_future`] |
//! | `asyncio.Task`, `loop.create_task()` | [`Task`], [`EventLoop::create_task`] |
//! | `asyncio.sleep` | [`sleep`], [`yield_now`] |
//! | `call_soon_threadsafe`, `run_coroutine_threadsafe`, `wrap_future` | [`LoopHandle`], [`ConcurrentFuture`] |
//! | `add_reader` / `add_writer`, `sock_accept` / `sock_recv` / `sock_sendall` / `sock_connect` | the [`EventLoop`] methods of the same names |
//! | `loop.set_debug(True)`, `slow_callback_duration` | [`EventLoop::set_debug`], [`SlowCallback`] |
//! | `set_exception_handler` | [`EventLoop::set_exception_handler`], [`ExceptionContext`] |
//! | `get_event_loop`, `set_event_loop`, `get_running_loop` | [`get_event_loop`], [`set_event_loop`], [`get_running_loop`] |
//!
//! The loop is single-threaded and uses no async runtime: a ready queue, a
//! timer heap, a task slab, `poll(2)` for I/O, and an inbox that other
//! threads and wakers post to. A task is a callback that polls a future:
//! its `Waker` posts "poll task N", and the loop runs that like any other
//! ready callback. [`EventLoop::run_once`] is the whole algorithm.
//!
//! Because it only relies on `std::task::Waker`, the primitives of
//! `aio-sync` and `aio-queue` run on this loop unchanged.
//!
//! ```
//! use std::time::Duration;
//! use aio_loop::EventLoop;
//!
//! let lp = EventLoop::new()?;
//! let hello = lp.create_task(async {
//!     aio_loop::sleep(Duration::from_millis(1)).await;
//!     "Hello"
//! })?;
//! let greeting = lp.run_until_complete(async move {
//!     let hello = hello.await.unwrap();
//!     format!("{hello}, world!")
//! })?;
//! assert_eq!(greeting, "Hello, world!");
//! lp.close()?;
//! # Ok::<(), aio_loop::LoopError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod clock;
mod current;
mod error;
mod event_loop;
mod future;
mod handle;
mod inbox;
mod report;
mod selector;
mod sleep;
mod sock;
mod task;
mod task_state;
pub mod threaded;
mod threadsafe;
mod timers;

pub use clock::{Clock, ManualClock};
pub use current::{get_event_loop, get_running_loop, new_event_loop, set_event_loop};
pub use error::{FutureError, InvalidStateError, LoopError};
pub use event_loop::{DEFAULT_SLOW_CALLBACK_DURATION, EventLoop};
pub use future::LoopFuture;
pub use handle::{Handle, Origin, TimerHandle};
pub use report::{ExceptionContext, SlowCallback};
pub use sleep::{Sleep, YieldNow, sleep, yield_now};
pub use sock::Readiness;
pub use task::Task;
pub use threaded::{ThreadedHandle, ThreadedLoop};
pub use threadsafe::{Completer, ConcurrentFuture, LoopHandle};
