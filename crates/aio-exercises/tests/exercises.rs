//! Every exercise's tests, one module per exercise (`exNN_name::test`).
//! Run one exercise: `cargo test -p aio-exercises --test exercises ex01`.
//! The same tests run against the reference answers with `--features solutions`.

#[path = "exercises/ex01_stop_spinner_thread.rs"]
mod ex01_stop_spinner_thread;
#[path = "exercises/ex02_cancel_spinner_task.rs"]
mod ex02_cancel_spinner_task;
#[path = "exercises/ex03_lost_wakeup.rs"]
mod ex03_lost_wakeup;
#[path = "exercises/ex04_semaphore_on_wait_list.rs"]
mod ex04_semaphore_on_wait_list;
#[path = "exercises/ex05_deadlock_two_locks.rs"]
mod ex05_deadlock_two_locks;
#[path = "exercises/ex06_bounded_put_waits.rs"]
mod ex06_bounded_put_waits;
#[path = "exercises/ex07_task_done_join.rs"]
mod ex07_task_done_join;
#[path = "exercises/ex08_timer_order.rs"]
mod ex08_timer_order;
#[path = "exercises/ex09_periodic_callback.rs"]
mod ex09_periodic_callback;
#[path = "exercises/ex10_hand_driven_future.rs"]
mod ex10_hand_driven_future;
#[path = "exercises/ex11_gather_with_timeout.rs"]
mod ex11_gather_with_timeout;
#[path = "exercises/ex12_task_group_cancels_siblings.rs"]
mod ex12_task_group_cancels_siblings;
#[path = "exercises/ex13_first_n_completed.rs"]
mod ex13_first_n_completed;
#[path = "exercises/ex14_move_blocking_off_the_loop.rs"]
mod ex14_move_blocking_off_the_loop;
#[path = "exercises/ex15_cpu_job_on_the_process_pool.rs"]
mod ex15_cpu_job_on_the_process_pool;
#[path = "exercises/ex16_map_in_input_order.rs"]
mod ex16_map_in_input_order;

#[path = "exercises/jobs.rs"]
mod jobs;
