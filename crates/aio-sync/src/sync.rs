//! The one place that names `std::sync`. Under `--cfg aio_shuttle` or
//! `--cfg aio_loom` the model checkers' twins replace it, so every lock and
//! atomic of this crate becomes a point where the checker can switch threads.
//! (The project's own cfg names, never the global `loom`, which tokio reads too.)

// ANCHOR: sync_shim
#[cfg(aio_loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(all(aio_shuttle, not(aio_loom)))]
pub(crate) use shuttle::sync::{Mutex, MutexGuard};
#[cfg(not(any(aio_shuttle, aio_loom)))]
pub(crate) use std::sync::{Mutex, MutexGuard};
// ANCHOR_END: sync_shim

/// Locks `mutex`, ignoring poison: our critical sections never panic half-way
/// through an update, and a user's panic elsewhere must not wedge a primitive.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
