//! A dedicated worker binary for `ProcessPool::with_program`: serves the
//! demo jobs of `aio_offload::jobs`. The tests start their pools with it.
fn main() {
    aio_offload::jobs::demo_registry().serve_if_worker();
    eprintln!(
        "offload_worker: run by a ProcessPool (it sets {})",
        aio_offload::process_pool::WORKER_ENV
    );
    std::process::exit(2);
}
