//! The tour: a narrated walk through every concept that has landed, each
//! section naming its book chapter and its examples. Under 20 seconds.
//!
//!     cargo run --example tour [-- --quick]
//!
//! Each crate that lands adds one `Section` to `SECTIONS`.
mod common;

use std::io;
use std::time::{Duration, Instant};

use aio_primer::spinner::{
    human_bytes, idle_tasks, idle_threads, slow_async, slow_blocking, supervisor_abort,
    supervisor_blocked, supervisor_thread,
};
use common::{Options, Tee};

struct Section {
    title: &'static str,
    chapter: &'static str,
    examples: &'static [&'static str],
    run: fn(&Options) -> io::Result<()>,
}

const SECTIONS: &[Section] = &[Section {
    title: "Threads vs tasks",
    chapter: "book/src/spinner/index.md",
    examples: &[
        "spinner_thread",
        "spinner_task",
        "spinner_blocked",
        "threads_vs_tasks_scale",
    ],
    run: threads_vs_tasks,
}];

fn main() -> io::Result<()> {
    let options = Options::from_env();
    let started = Instant::now();
    println!(
        "aio-primer: asyncio's ideas, rebuilt in Rust. {} part(s) so far.",
        SECTIONS.len()
    );
    for (number, section) in SECTIONS.iter().enumerate() {
        println!("\n=== {}. {} ===", number + 1, section.title);
        println!("read: {}", section.chapter);
        for example in section.examples {
            println!("run:  cargo run --example {example}");
        }
        println!();
        (section.run)(&options)?;
    }
    println!(
        "\nTour finished in {:.1?}. Next: `cargo test`, then the book.",
        started.elapsed()
    );
    Ok(())
}

fn say(text: &str) {
    println!("  {text}");
}

fn threads_vs_tasks(options: &Options) -> io::Result<()> {
    let slow = options.time(Duration::from_secs(1));
    let interval = options.time(Duration::from_millis(100));

    say("A thread spinner: the OS runs it beside `main`. Nobody can kill a thread,");
    say("so `main` stops it through a Signal and joins it.");
    let tee = Tee::default();
    let answer = supervisor_thread("thread spinning", interval, tee.clone(), || {
        slow_blocking(slow)
    })?;
    say(&format!(
        "-> {answer}, after {} frames.",
        tee.copy.transcript().frames.len()
    ));

    say("A task spinner: one thread, two tasks taking turns at each `.await`.");
    say("`abort()` drops the spinner at its next `.await`; its Drop clears the line.");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let tee = Tee::default();
    let answer = runtime.block_on(supervisor_abort(
        "task spinning",
        interval,
        tee.clone(),
        slow_async(slow),
    ))?;
    say(&format!(
        "-> {answer}, after {} frames.",
        tee.copy.transcript().frames.len()
    ));

    say("The mistake: `std::thread::sleep` inside a task holds the only thread.");
    let tee = Tee::default();
    let answer = runtime.block_on(supervisor_blocked("frozen", interval, tee.clone(), || {
        slow_blocking(slow / 2)
    }))?;
    say(&format!(
        "-> {answer}, after {} frame: the spinner froze.",
        tee.copy.transcript().frames.len()
    ));
    drop(runtime);

    let (tasks, threads) = (options.size(20_000, 2_000), options.size(500, 50));
    say(&format!(
        "What they cost: {tasks} idle tasks, then {threads} idle threads."
    ));
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let task = idle_tasks(tasks, &runtime)?;
    let thread = idle_threads(threads)?;
    let ratio =
        thread.spawn_join_per_unit().as_secs_f64() / task.spawn_join_per_unit().as_secs_f64();
    let memory = |report: &aio_primer::spinner::ScaleReport| {
        report
            .resident_per_unit()
            .map_or_else(|| "n/a".to_owned(), human_bytes)
    };
    say(&format!(
        "-> a task: {} resident, {:.1?} to spawn+join; a thread: {} resident plus its stack, {:.1?} ({ratio:.0}x).",
        memory(&task),
        task.spawn_join_per_unit(),
        memory(&thread),
        thread.spawn_join_per_unit(),
    ));
    Ok(())
}
