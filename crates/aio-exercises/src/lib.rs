//! Classroom exercises for aio-primer, in the spirit of rustlings: each one
//! fails until it is solved.
//!
//! Each exercise is one file in `src/exercises/` whose doc comment says
//! what to do and which chapter to read, with a stub (`todo!("exercise
//! NN: ...")`) to complete; its tests are in `tests/exercises/`. The
//! reference answers live in `src/solutions/` and replace the stubs when the
//! crate is built with `--features solutions` (the same tests run against
//! both). Hand out the crate without `src/solutions/`.
//!
//! ```text
//! cargo run -p aio-exercises --bin check            # progress, and the next hint
//! cargo run -p aio-exercises --bin check -- --hint 03
//! cargo run -p aio-exercises --bin check -- --json  # for grading
//! ```
//!
//! The crate is a workspace member but not a default member: `cargo test`
//! at the root stays green while exercises are unsolved.

mod catalog;
pub mod given;
pub mod support;

pub use catalog::{EXERCISES, Exercise};

/// Declares an exercise module: the student's file, or with the
/// `solutions` feature the reference answer (`#[path]` needs literals, so
/// both paths are spelled out).
macro_rules! exercise {
    ($name:ident, $exercise:literal, $solution:literal) => {
        #[cfg_attr(not(feature = "solutions"), path = $exercise)]
        #[cfg_attr(feature = "solutions", path = $solution)]
        pub mod $name;
    };
}

exercise!(
    ex01_stop_spinner_thread,
    "exercises/ex01_stop_spinner_thread.rs",
    "solutions/ex01_stop_spinner_thread.rs"
);
exercise!(
    ex02_cancel_spinner_task,
    "exercises/ex02_cancel_spinner_task.rs",
    "solutions/ex02_cancel_spinner_task.rs"
);
exercise!(
    ex03_lost_wakeup,
    "exercises/ex03_lost_wakeup.rs",
    "solutions/ex03_lost_wakeup.rs"
);
exercise!(
    ex04_semaphore_on_wait_list,
    "exercises/ex04_semaphore_on_wait_list.rs",
    "solutions/ex04_semaphore_on_wait_list.rs"
);
exercise!(
    ex05_deadlock_two_locks,
    "exercises/ex05_deadlock_two_locks.rs",
    "solutions/ex05_deadlock_two_locks.rs"
);
exercise!(
    ex06_bounded_put_waits,
    "exercises/ex06_bounded_put_waits.rs",
    "solutions/ex06_bounded_put_waits.rs"
);
exercise!(
    ex07_task_done_join,
    "exercises/ex07_task_done_join.rs",
    "solutions/ex07_task_done_join.rs"
);
exercise!(
    ex08_timer_order,
    "exercises/ex08_timer_order.rs",
    "solutions/ex08_timer_order.rs"
);
exercise!(
    ex09_periodic_callback,
    "exercises/ex09_periodic_callback.rs",
    "solutions/ex09_periodic_callback.rs"
);
exercise!(
    ex10_hand_driven_future,
    "exercises/ex10_hand_driven_future.rs",
    "solutions/ex10_hand_driven_future.rs"
);
exercise!(
    ex11_gather_with_timeout,
    "exercises/ex11_gather_with_timeout.rs",
    "solutions/ex11_gather_with_timeout.rs"
);
exercise!(
    ex12_task_group_cancels_siblings,
    "exercises/ex12_task_group_cancels_siblings.rs",
    "solutions/ex12_task_group_cancels_siblings.rs"
);
exercise!(
    ex13_first_n_completed,
    "exercises/ex13_first_n_completed.rs",
    "solutions/ex13_first_n_completed.rs"
);
exercise!(
    ex14_move_blocking_off_the_loop,
    "exercises/ex14_move_blocking_off_the_loop.rs",
    "solutions/ex14_move_blocking_off_the_loop.rs"
);
exercise!(
    ex15_cpu_job_on_the_process_pool,
    "exercises/ex15_cpu_job_on_the_process_pool.rs",
    "solutions/ex15_cpu_job_on_the_process_pool.rs"
);
exercise!(
    ex16_map_in_input_order,
    "exercises/ex16_map_in_input_order.rs",
    "solutions/ex16_map_in_input_order.rs"
);
