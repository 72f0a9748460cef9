//! The worker program of exercise 15's tests: started by a `ProcessPool`
//! (`ProcessPool::with_program(env!("CARGO_BIN_EXE_exercise_worker"), ..)`),
//! it serves the demo jobs of `aio_offload::jobs` (`sqrt_sum`, `pid`, ...)
//! on its stdin and stdout. Run by hand, it says so and exits with code 2.
fn main() {
    aio_offload::jobs::demo_registry().serve_if_worker();
    eprintln!(
        "exercise_worker: run by a ProcessPool (it sets {})",
        aio_offload::process_pool::WORKER_ENV
    );
    std::process::exit(2);
}
