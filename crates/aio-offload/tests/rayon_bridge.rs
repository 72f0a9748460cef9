//! `rayon_bridge::spawn`: a result computed on rayon's pool, a panic turned
//! into an error, and the future awaited from tokio and blocked on.
use aio_loop::FutureError;
use aio_offload::jobs::sqrt_sum;
use aio_offload::rayon_bridge;
use rayon::prelude::*;

#[test]
fn the_result_comes_back_through_wait() {
    let sum = rayon_bridge::spawn(|| (1..=10_000u64).into_par_iter().sum::<u64>());
    assert_eq!(sum.wait(), Ok(50_005_000));
}

#[test]
fn a_parallel_sqrt_sum_matches_the_serial_one() {
    let parallel = rayon_bridge::spawn(|| {
        (0..16u64)
            .into_par_iter()
            .map(|chunk| sqrt_sum((chunk * 10_000, (chunk + 1) * 10_000)))
            .sum::<f64>()
    })
    .wait()
    .unwrap();
    let serial = sqrt_sum((0, 160_000));
    assert!(
        (parallel - serial).abs() <= serial * 1e-12,
        "{parallel} vs {serial}"
    );
}

#[test]
fn the_job_runs_on_a_rayon_thread() {
    let index = rayon_bridge::spawn(rayon::current_thread_index).wait();
    assert!(matches!(index, Ok(Some(_))), "{index:?}");
}

#[test]
fn a_panic_becomes_panicked_and_rayon_goes_on() {
    let boom = rayon_bridge::spawn(|| -> u8 { panic!("rayon boom") });
    assert_eq!(boom.wait(), Err(FutureError::Panicked("rayon boom".into())));
    let formatted = rayon_bridge::spawn(|| -> u8 { panic!("code {}", 7) });
    assert_eq!(
        formatted.wait(),
        Err(FutureError::Panicked("code 7".into()))
    );
    assert_eq!(rayon_bridge::spawn(|| 1 + 1).wait(), Ok(2));
}

#[test]
fn awaited_from_tokio() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (a, b) = runtime.block_on(async {
        let a = rayon_bridge::spawn(|| (0..100u32).into_par_iter().map(|n| n * 2).sum::<u32>());
        let b = rayon_bridge::spawn(|| -> u32 { panic!("awaited panic") });
        (a.await, b.await)
    });
    assert_eq!(a, Ok(9_900));
    assert_eq!(b, Err(FutureError::Panicked("awaited panic".into())));
}

#[test]
fn awaited_from_futures_block_on() {
    let jobs: Vec<_> = (0..8u64)
        .map(|n| rayon_bridge::spawn(move || n * n))
        .collect();
    let results = futures::executor::block_on(futures::future::join_all(jobs));
    let expected: Vec<_> = (0..8u64).map(|n| Ok(n * n)).collect();
    assert_eq!(results, expected);
}
