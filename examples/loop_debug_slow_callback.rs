//! Debug mode catches the classic mistake: a blocking `time.sleep(0.5)`
//! inside a coroutine (`std::thread::sleep` here) holds the loop's only
//! thread. With `set_debug(true)` the loop times every task step and reports
//! the slow one, with the line that created it. The fix, `aio_loop::sleep`,
//! gives the thread back and nothing is reported.
//! Book: "The event loop", debug mode.
//!
//!     cargo run --example loop_debug_slow_callback [-- --quick]
mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use aio_primer::event_loop::{EventLoop, SlowCallback, sleep};
use common::Options;

// ANCHOR: blocking_coroutine
/// The mistake: a blocking call inside a coroutine.
async fn slow_coroutine(io: Duration) {
    std::thread::sleep(io); // "simulating slow I/O": nothing else can run meanwhile
}
// ANCHOR_END: blocking_coroutine

/// The fix: the same wait, awaited, so the loop runs other work meanwhile.
// ANCHOR: cs_sleep
async fn fixed_coroutine(io: Duration) {
    sleep(io).await;
}
// ANCHOR_END: cs_sleep

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let io = options.time(Duration::from_millis(500));
    let lp = EventLoop::new()?;

    // asyncio.run(..., debug=True): report steps slower than the threshold
    // (100 ms by default; scaled with the sleep so --quick still reports).
    // ANCHOR: cs_debug
    lp.set_debug(true);
    lp.set_slow_callback_duration(options.time(Duration::from_millis(100)));
    // ANCHOR_END: cs_debug
    let reports: Rc<RefCell<Vec<SlowCallback>>> = Rc::default();
    let log = reports.clone();
    lp.set_slow_callback_handler(move |report| {
        println!("  debug: {report}");
        log.borrow_mut().push(report.clone());
    });

    println!("the mistake: std::thread::sleep({io:?}) in a task");
    lp.run_until_complete(slow_coroutine(io))?;
    let mistakes = reports.borrow().len();

    println!("the fix: aio_loop::sleep({io:?}).await");
    lp.run_until_complete(fixed_coroutine(io))?;
    let after_fix = reports.borrow().len() - mistakes;
    println!("slow steps reported: {mistakes} for the mistake, {after_fix} for the fix");
    lp.close()?;

    let reports = reports.borrow();
    assert_eq!(
        (mistakes, after_fix),
        (1, 0),
        "only the blocking step is slow"
    );
    let report = &reports[0];
    assert!(
        report.is_task() && report.duration() >= io,
        "one task step took the whole sleep"
    );
    assert!(
        report
            .origin()
            .location()
            .file()
            .ends_with("loop_debug_slow_callback.rs")
    );
    Ok(())
}
