//! The scale measurements report what they measured.
//!
//! Memory is read for the whole process, so this file holds a single test:
//! tests running in parallel threads of one process would add their own
//! threads and allocations to each other's figures.

use aio_spinner::{idle_tasks, idle_threads};

#[test]
fn tasks_and_threads_are_all_started_measured_and_joined() {
    let current_thread = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let tasks = idle_tasks(2000, &current_thread).unwrap();
    assert_eq!((tasks.kind, tasks.units), ("tokio task", 2000));

    let multi_thread = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let spread = idle_tasks(500, &multi_thread).unwrap();
    assert_eq!(spread.units, 500);

    let threads = idle_threads(32).unwrap();
    assert_eq!((threads.kind, threads.units), ("std thread", 32));

    if cfg!(target_os = "linux") {
        // Every thread reserves a stack of its own (2 MiB by default); a task
        // is one heap allocation of a few hundred bytes.
        let thread_reserve = threads.virtual_per_unit().unwrap();
        let task_reserve = tasks.virtual_per_unit().unwrap();
        assert!(thread_reserve >= 64.0 * 1024.0, "{threads:?}");
        assert!(
            task_reserve * 16.0 < thread_reserve,
            "a task must reserve far less address space than a thread: {tasks:?} vs {threads:?}"
        );
    }
}
