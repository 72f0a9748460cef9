//! The demo jobs of the process pool: seed 002's CPU-bound job and the jobs
//! the tests use to crash a worker or break the protocol on purpose.

use std::io::Write;

use crate::process_pool::Registry;

/// Seed 002's CPU-bound job: the sum of the square roots of `start..end`.
///
/// ```
/// assert_eq!(aio_offload::jobs::sqrt_sum((0, 5)).round(), 6.0); // 0 + 1 + 1.41 + 1.73 + 2 = 6.15
/// ```
// ANCHOR: sqrt_sum
pub fn sqrt_sum((start, end): (u64, u64)) -> f64 {
    (start..end).map(|n| (n as f64).sqrt()).sum()
}
// ANCHOR_END: sqrt_sum

/// The registry of demo jobs: `square`, `sqrt_sum`, `pid` (the worker's
/// process id), `panic` (panics), `exit` (the worker exits with the given
/// code mid-job), and `garbage` (writes bytes that are not a frame to stdout).
///
/// ```
/// let jobs = aio_offload::jobs::demo_registry();
/// for name in ["square", "sqrt_sum", "pid", "panic", "exit", "garbage"] {
///     assert!(jobs.contains(name));
/// }
/// ```
// ANCHOR: demo_registry
pub fn demo_registry() -> Registry {
    Registry::new()
        .register("square", |n: u64| n * n)
        .register("sqrt_sum", sqrt_sum)
        .register("pid", |(): ()| std::process::id())
        .register("panic", |message: String| -> u64 { panic!("{message}") })
        .register("exit", |code: i32| -> u64 { std::process::exit(code) })
        .register("garbage", |(): ()| -> u64 {
            // A frame header announcing 4 GiB, then nothing: the parent must
            // report a malformed frame, not allocate or hang.
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&[0xff, 0xff, 0xff, 0xff, b'x']);
            let _ = out.flush();
            std::process::exit(0)
        })
}
// ANCHOR_END: demo_registry
