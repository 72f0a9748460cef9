//! The same scenario under four executors: `futures::executor::block_on`
//! (jobs joined in one future), `futures::executor::LocalPool` (spawned
//! jobs), and tokio's current-thread and multi-thread runtimes (spawned
//! jobs). A runtime-agnostic primitive needs nothing but `Waker`, so a
//! scenario is one async fn that takes a way to spawn ([`Spawn`]) and runs
//! unchanged under all of them; [`under_every_executor!`](crate::under_every_executor)
//! writes the four tests.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::task::Poll;
use std::thread;
use std::time::Duration;

use futures::task::LocalSpawnExt;

/// A unit of work a scenario hands to the executor.
pub type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Starts a job and returns a future that completes when the job has.
pub type Spawn = Rc<dyn Fn(Job) -> Job>;

/// Yields once to the executor, whichever it is: wakes itself and returns
/// `Pending` once.
///
/// ```
/// futures::executor::block_on(aio_testkit::yield_now());
/// ```
pub async fn yield_now() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}

/// Runs an executor on a thread of its own and fails, instead of hanging, if
/// it never finishes (a lost wakeup leaves a scenario waiting forever). The
/// time limit only turns a hang into a failure; nothing waits on it.
///
/// # Panics
/// If `run` panics (the panic is resumed) or does not finish within a minute.
///
/// ```
/// aio_testkit::within_a_minute(|| assert_eq!(1 + 1, 2));
/// ```
pub fn within_a_minute(run: impl FnOnce() + Send + 'static) {
    let (finished, done) = mpsc::channel();
    let executor = thread::spawn(move || {
        run();
        let _ = finished.send(());
    });
    match done.recv_timeout(Duration::from_secs(60)) {
        Ok(()) => executor.join().expect("finished"),
        Err(RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(executor.join().expect_err("panicked"))
        }
        Err(RecvTimeoutError::Timeout) => panic!("the scenario never finished: a lost wakeup?"),
    }
}

/// `block_on`, with "spawning" returning the job itself to be joined.
///
/// ```
/// async fn scenario(spawn: aio_testkit::Spawn) {
///     spawn(Box::pin(async {})).await;
/// }
/// aio_testkit::on_block_on(scenario);
/// ```
pub fn on_block_on<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || futures::executor::block_on(scenario(Rc::new(|job| job))));
}

/// A `LocalPool`, each job spawned as its own task.
///
/// ```
/// async fn scenario(spawn: aio_testkit::Spawn) {
///     spawn(Box::pin(async {})).await;
/// }
/// aio_testkit::on_local_pool(scenario);
/// ```
pub fn on_local_pool<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let mut pool = futures::executor::LocalPool::new();
        let spawner = pool.spawner();
        let spawn: Spawn = Rc::new(move |job| {
            let handle = spawner.spawn_local_with_handle(job).expect("pool alive");
            Box::pin(handle)
        });
        pool.run_until(scenario(spawn));
    });
}

fn tokio_spawn() -> Spawn {
    Rc::new(|job| {
        let handle = tokio::spawn(job);
        Box::pin(async move { handle.await.expect("the job panicked") })
    })
}

/// tokio's current-thread runtime, each job a `tokio::spawn`ed task.
///
/// ```
/// async fn scenario(spawn: aio_testkit::Spawn) {
///     spawn(Box::pin(async {})).await;
/// }
/// aio_testkit::on_tokio_current_thread(scenario);
/// ```
pub fn on_tokio_current_thread<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        runtime.block_on(scenario(tokio_spawn()));
    });
}

/// tokio's multi-thread runtime with 2 workers, each job a `tokio::spawn`ed task.
///
/// ```
/// async fn scenario(spawn: aio_testkit::Spawn) {
///     spawn(Box::pin(async {})).await;
/// }
/// aio_testkit::on_tokio_multi_thread(scenario);
/// ```
pub fn on_tokio_multi_thread<F: Future<Output = ()> + 'static>(scenario: fn(Spawn) -> F) {
    within_a_minute(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("runtime");
        runtime.block_on(scenario(tokio_spawn()));
    });
}

/// One module per scenario, one `#[test]` per executor: each scenario is an
/// `async fn(Spawn)` in the invoking module.
///
/// ```
/// async fn nothing(spawn: aio_testkit::Spawn) {
///     spawn(Box::pin(async {})).await;
/// }
/// aio_testkit::under_every_executor!(nothing);
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! under_every_executor {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn futures_block_on() {
                $crate::on_block_on(super::$scenario);
            }

            #[test]
            fn futures_local_pool() {
                $crate::on_local_pool(super::$scenario);
            }

            #[test]
            fn tokio_current_thread() {
                $crate::on_tokio_current_thread(super::$scenario);
            }

            #[test]
            fn tokio_multi_thread() {
                $crate::on_tokio_multi_thread(super::$scenario);
            }
        }
    )*};
}
