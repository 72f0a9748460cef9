//! The list of exercises, in the order a class does them.

/// One exercise: where it lives, what it teaches, how to get unstuck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// Two digits: `"01"`.
    pub id: &'static str,
    /// Its module and file name: `ex01_stop_spinner_thread`.
    pub module: &'static str,
    /// One line: what to build.
    pub title: &'static str,
    /// The book part it belongs to.
    pub part: &'static str,
    /// The chapter to read first (a path under `book/src/`).
    pub chapter: &'static str,
    /// A hint for the stuck.
    pub hint: &'static str,
    /// About how long it takes a student, in minutes.
    pub minutes: u32,
}

/// Every exercise, easiest first.
///
/// ```
/// let ids: Vec<_> = aio_exercises::EXERCISES.iter().map(|e| e.id).collect();
/// let mut sorted = ids.clone();
/// sorted.sort();
/// assert_eq!(ids, sorted);
/// assert!(aio_exercises::EXERCISES.iter().all(|e| e.module.starts_with(&format!("ex{}_", e.id))));
/// ```
pub const EXERCISES: &[Exercise] = &[Exercise {
    id: "01",
    module: "ex01_stop_spinner_thread",
    title: "Stop a spinner thread cleanly with a stop signal",
    part: "Threads vs tasks",
    chapter: "spinner/thread.md",
    hint: "Loop until the flag is set; check it between frames with a timed wait, not a sleep you cannot interrupt.",
    minutes: 10,
}];
