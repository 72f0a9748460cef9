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
