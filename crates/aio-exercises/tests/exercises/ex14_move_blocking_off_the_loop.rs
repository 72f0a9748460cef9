use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::thread;

use aio_exercises::ex14_move_blocking_off_the_loop::{ThreadPool, checksum, checksum_all};
use aio_exercises::given::{checksum_threads, hold_checksum};
use aio_exercises::support::run_with_deadline;

/// The name of the thread that runs the async runtime.
const LOOP_THREAD: &str = "event_loop";

/// Runs `scenario` on a current-thread tokio runtime, on a thread named
/// [`LOOP_THREAD`], under the deadline; resumes its panic.
fn on_the_loop<T, F>(scenario: impl FnOnce() -> F + Send + 'static) -> T
where
    T: Send + 'static,
    F: Future<Output = T>,
{
    run_with_deadline(move || {
        let the_loop = thread::Builder::new()
            .name(LOOP_THREAD.into())
            .spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .build()
                    .expect("a runtime")
                    .block_on(scenario())
            })
            .expect("a thread");
        match the_loop.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// A fresh directory for one test's files (tests run in parallel).
fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("aio-exercises-ex14-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("a scratch file");
    path
}

fn contents(i: usize) -> Vec<u8> {
    format!("file {i}: {}", "x".repeat(i * 100)).into_bytes()
}

#[test]
fn checksums_come_back_correct_and_in_input_order() {
    let dir = scratch("order");
    let paths: Vec<PathBuf> = (0..6)
        .map(|i| write(&dir, &format!("{i}.txt"), &contents(i)))
        .collect();
    let sums = on_the_loop({
        let paths = paths.clone();
        move || async move {
            let pool = ThreadPool::with_prefix("checksum", 3);
            checksum_all(&pool, &paths).await
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let expected: Vec<u64> = (0..6).map(|i| checksum(&contents(i))).collect();
    assert_eq!(sums.expect("every file exists"), expected);
}

#[test]
fn every_checksum_ran_on_a_pool_thread_and_none_on_the_loop() {
    let dir = scratch("threads");
    let paths: Vec<PathBuf> = (0..4)
        .map(|i| write(&dir, &format!("{i}.txt"), &contents(i)))
        .collect();
    let sums = on_the_loop({
        let paths = paths.clone();
        move || async move {
            let pool = ThreadPool::with_prefix("checksum", 2);
            checksum_all(&pool, &paths).await
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(sums.expect("every file exists").len(), 4);
    for path in &paths {
        let threads = checksum_threads(path);
        assert_eq!(threads.len(), 1, "{path:?} was checksummed {threads:?}");
        assert_ne!(
            threads[0], LOOP_THREAD,
            "the runtime's own thread ran the blocking call"
        );
        assert!(
            threads[0].starts_with("checksum_"),
            "{path:?} was checksummed on {:?}, not on the pool",
            threads[0]
        );
    }
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = scratch("missing");
    let present = write(&dir, "present.txt", b"here");
    let missing = dir.join("missing.txt");
    let result = on_the_loop({
        let paths = vec![present, missing];
        move || async move {
            let pool = ThreadPool::with_prefix("checksum", 2);
            checksum_all(&pool, &paths).await
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        result.map_err(|err| err.kind()),
        Err(io::ErrorKind::NotFound)
    );
}

#[test]
fn the_loop_runs_other_tasks_while_the_pool_reads() {
    // The read waits until another task on the same one-thread loop
    // releases it: that task can only run if checksum_all awaits (yields
    // the thread) instead of blocking it with wait() or the call itself.
    let dir = scratch("yields");
    let path = write(&dir, "held.txt", b"held");
    let hold = hold_checksum(&path);
    let sums = on_the_loop({
        let paths = vec![path.clone()];
        move || async move {
            let pool = ThreadPool::with_prefix("checksum", 1);
            let releaser = tokio::spawn(async move { hold.release() });
            let sums = checksum_all(&pool, &paths).await;
            releaser.await.expect("the releasing task");
            sums
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(sums.expect("the file exists"), vec![checksum(b"held")]);
}
