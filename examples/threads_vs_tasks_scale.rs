//! What does one more thread cost, and one more task? Starts N idle tokio
//! tasks, then M idle OS threads, and prints memory and spawn+join time per
//! unit. Book: "Threads vs tasks", the cost table.
//!
//!     cargo run --release --example threads_vs_tasks_scale [-- N [THREADS]] [--quick]
//!
//! With one number N, both counts are N; with two, the second is the number
//! of threads (a hundred thousand threads is more than most machines allow).
mod common;

use aio_primer::spinner::{ScaleReport, human_bytes, idle_tasks, idle_threads};
use common::Options;

fn main() -> std::io::Result<()> {
    let options = Options::from_env();
    let tasks: usize = options.arg(0, options.size(100_000, 10_000));
    let default_threads = if options.args.is_empty() {
        options.size(2_000, 200)
    } else {
        tasks
    };
    let threads: usize = options.arg(1, default_threads);

    // Tasks first, on a fresh heap, so the allocator has no free memory to
    // hide their cost in; the thread stacks come from their own mappings.
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let task_report = idle_tasks(tasks, &runtime)?;
    drop(runtime);
    let thread_report = idle_threads(threads)?;

    println!(
        "{:<12} {:>8} {:>12} {:>12} {:>10}",
        "unit", "count", "RSS/unit", "virt/unit", "spawn+join"
    );
    println!("{task_report}");
    println!("{thread_report}");
    print_ratios(&task_report, &thread_report);
    Ok(())
}

fn print_ratios(task: &ScaleReport, thread: &ScaleReport) {
    let time_ratio =
        thread.spawn_join_per_unit().as_secs_f64() / task.spawn_join_per_unit().as_secs_f64();
    println!("a thread's spawn+join costs {time_ratio:.0}x a task's");
    if let (Some(task_rss), Some(thread_rss), Some(thread_virt)) = (
        task.resident_per_unit(),
        thread.resident_per_unit(),
        thread.virtual_per_unit(),
    ) {
        println!(
            "an idle task holds {} resident; a thread {} resident and {} of reserved address space (stack, malloc arenas)",
            human_bytes(task_rss),
            human_bytes(thread_rss),
            human_bytes(thread_virt),
        );
    }
}
