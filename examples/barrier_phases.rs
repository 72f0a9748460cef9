//! Three workers compute in phases and meet at a `Barrier` after each one;
//! then a phase is aborted (everyone gets `BrokenBarrier`), the barrier is
//! reset, and work resumes. Book: "Synchronization", Barrier.
//!
//!     cargo run --example barrier_phases [-- --quick]
mod common;

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use aio_primer::sync::{Barrier, BarrierWaitResult, BrokenBarrier};
use common::Options;
use tokio::task::JoinSet;
use tokio::time::sleep;

const WORKERS: usize = 3;

type Outcome = Result<BarrierWaitResult, BrokenBarrier>;

/// One worker: for each phase, work (for a time that varies), then wait for
/// the others. Stops at the first broken phase.
async fn worker(
    id: usize,
    barrier: Arc<Barrier>,
    phases: Range<usize>,
    unit: Duration,
) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    for phase in phases {
        sleep(unit * ((id + phase) % WORKERS + 1) as u32).await;
        // ANCHOR: cs_barrier
        let outcome = barrier.wait().await;
        // ANCHOR_END: cs_barrier
        match &outcome {
            Ok(place) if place.is_leader() => println!(
                "  phase {phase}: worker {id} arrived last, index {}: leader",
                place.index()
            ),
            Ok(place) => println!(
                "  phase {phase}: worker {id} passed, index {}",
                place.index()
            ),
            Err(broken) => println!("  phase {phase}: worker {id} got Err: {broken}"),
        }
        let broken = outcome.is_err();
        outcomes.push(outcome);
        if broken {
            break;
        }
    }
    outcomes
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let unit = options.time(Duration::from_millis(150));
    let barrier = Arc::new(Barrier::new(WORKERS));
    let run = |workers: Range<usize>, phases: Range<usize>| {
        let mut set = JoinSet::new();
        for id in workers {
            set.spawn(worker(id, barrier.clone(), phases.clone(), unit));
        }
        set
    };

    println!("phases 0-2, {WORKERS} workers: nobody starts a phase before all finished the last");
    let by_worker: Vec<Vec<Outcome>> = run(0..WORKERS, 0..3).join_all().await;
    for phase in 0..3 {
        let mut places: Vec<_> = by_worker.iter().map(|w| w[phase].unwrap()).collect();
        places.sort_by_key(BarrierWaitResult::index);
        let indices: Vec<usize> = places.iter().map(BarrierWaitResult::index).collect();
        assert_eq!(indices, [0, 1, 2], "each phase hands out every index once");
        let leaders: Vec<bool> = places.iter().map(BarrierWaitResult::is_leader).collect();
        assert_eq!(leaders, [false, false, true], "the last to arrive leads");
    }

    println!("phase 3: worker 2 crashed; the two others wait, the supervisor aborts");
    let stranded = run(0..2, 3..4);
    while barrier.n_waiting() < 2 {
        sleep(unit / 10).await; // the supervisor checks now and then
    }
    barrier.abort();
    let stranded: Vec<Outcome> = stranded.join_all().await.concat();
    let late = barrier.wait().await; // broken until reset: fails at once
    if let Err(broken) = &late {
        println!("  a late wait() fails at once: {broken}");
    }
    assert!(stranded.iter().all(Result::is_err) && late.is_err());

    println!("reset, and phase 4 with all {WORKERS} workers");
    barrier.reset();
    let resumed: Vec<Outcome> = run(0..WORKERS, 4..5).join_all().await.concat();
    assert!(
        resumed.iter().all(Result::is_ok),
        "a reset barrier works again"
    );
}
