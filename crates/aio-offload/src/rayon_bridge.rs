//! The rayon bridge: await a result computed on rayon's thread pool.

use std::panic::{AssertUnwindSafe, catch_unwind};

use aio_loop::{ConcurrentFuture, FutureError};

use crate::error::panic_message;

/// Runs `job` on rayon's global pool and returns its future: `.await` it
/// from async code (the loop stays free while rayon computes), or `wait()`.
/// Inside `job`, rayon's parallel iterators split the work over every core.
///
/// A panic in `job` fails the future with [`FutureError::Panicked`]; rayon's
/// pool is not affected.
///
/// # Examples
///
/// ```
/// use rayon::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let sum = aio_offload::rayon_bridge::spawn(|| (1..=1000u64).into_par_iter().sum::<u64>());
/// assert_eq!(sum.await, Ok(500_500));
/// # }
/// ```
// ANCHOR: rayon_spawn
pub fn spawn<F, T>(job: F) -> ConcurrentFuture<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (completer, future) = ConcurrentFuture::channel();
    rayon::spawn(move || {
        if !completer.set_running() {
            return;
        }
        match catch_unwind(AssertUnwindSafe(job)) {
            Ok(value) => completer.set_result(value),
            Err(payload) => {
                completer.complete(Err(FutureError::Panicked(panic_message(&*payload))))
            }
        }
    });
    future
}
// ANCHOR_END: rayon_spawn
