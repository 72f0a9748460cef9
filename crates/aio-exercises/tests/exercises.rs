//! Every exercise's tests, one module per exercise (`exNN_name::test`).
//! Run one exercise: `cargo test -p aio-exercises --test exercises ex01`.
//! The same tests run against the reference answers with `--features solutions`.

#[path = "exercises/ex01_stop_spinner_thread.rs"]
mod ex01_stop_spinner_thread;
