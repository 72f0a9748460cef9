//! TaskGroup: spawn order, the body's output, the first failure cancelling
//! siblings and body, every error reported, panics, GroupClosed, tasks
//! spawning siblings, and dropping the scope. Paused clock throughout.

use std::sync::{Arc, Mutex};

use aio_tasks::{GroupClosed, TaskGroup, TimeoutError, wait_for};
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

mod common;
use common::{Log, OnDrop, ms};

/// Sleeps `delay` milliseconds and returns `outcome`; logs `end NAME` only
/// if it got past its await, and `drop NAME` in any case.
async fn job(
    log: Log,
    name: &'static str,
    delay: u64,
    outcome: Result<u32, String>,
) -> Result<u32, String> {
    let _flag = OnDrop {
        log: log.clone(),
        name,
    };
    sleep(ms(delay)).await;
    log.push(format!("end {name}"));
    outcome
}

type Group = TaskGroup<u32, String>;

#[tokio::test(start_paused = true)]
async fn values_come_back_in_spawn_order_with_the_body_output() {
    let log = Log::default();
    let started = Instant::now();
    let (body, values) = Group::run(|group| {
        let log = log.clone();
        async move {
            let mut indices = Vec::new();
            for (name, delay) in [("a", 30), ("b", 10), ("c", 20)] {
                let task = job(log.clone(), name, delay, Ok(delay as u32));
                indices.push(group.spawn(task).unwrap());
            }
            indices
        }
    })
    .await
    .unwrap();
    assert_eq!(body, [0, 1, 2]);
    assert_eq!(values, [30, 10, 20]);
    // The scope waited for every task, not just the body.
    assert_eq!(started.elapsed(), ms(30));
}

#[tokio::test(start_paused = true)]
async fn a_group_with_no_tasks_returns_the_body_output() {
    let (body, values) = Group::run(|_group| async { "nothing spawned" })
        .await
        .unwrap();
    assert_eq!(body, "nothing spawned");
    assert!(values.is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_first_error_cancels_the_siblings_and_the_body() {
    let log = Log::default();
    let started = Instant::now();
    let failure = Group::run(|group| {
        let log = log.clone();
        async move {
            let _body_flag = OnDrop {
                log: log.clone(),
                name: "body",
            };
            group
                .spawn(job(log.clone(), "a", 10, Err("a failed".into())))
                .unwrap();
            group.spawn(job(log.clone(), "b", 50, Ok(2))).unwrap();
            group.spawn(job(log.clone(), "c", 60, Ok(3))).unwrap();
            sleep(ms(30)).await;
            log.push("body resumed");
        }
    })
    .await
    .unwrap_err();
    assert_eq!(failure.errors(), ["a failed".to_owned()]);
    assert!(failure.panics().is_empty());
    // Cancelling takes no virtual time: the scope ends when `a` fails.
    assert_eq!(started.elapsed(), ms(10));
    for name in ["b", "c", "body"] {
        assert!(log.has(&format!("drop {name}")), "{name} was not dropped");
    }
    sleep(ms(100)).await;
    assert!(!log.has("end b") && !log.has("end c") && !log.has("body resumed"));
    assert_eq!(
        failure.to_string(),
        "1 task(s) of the group failed; a failed"
    );
}

#[tokio::test(start_paused = true)]
async fn every_error_is_reported_when_two_tasks_fail_at_the_same_instant() {
    let log = Log::default();
    let failure = Group::run(|group| {
        let log = log.clone();
        async move {
            group
                .spawn(job(log.clone(), "a", 10, Err("a failed".into())))
                .unwrap();
            group
                .spawn(job(log.clone(), "b", 10, Err("b failed".into())))
                .unwrap();
            group.spawn(job(log.clone(), "c", 50, Ok(3))).unwrap();
        }
    })
    .await
    .unwrap_err();
    let mut errors = failure.clone().into_errors();
    errors.sort();
    assert_eq!(errors, ["a failed", "b failed"]);
    assert!(log.has("drop c") && !log.has("end c"));
}

#[tokio::test(start_paused = true)]
async fn panics_are_collected_and_cancel_the_siblings() {
    let log = Log::default();
    let failure = Group::run(|group| {
        let log = log.clone();
        async move {
            group
                .spawn(async {
                    sleep(ms(10)).await;
                    panic!("kaboom");
                })
                .unwrap();
            group
                .spawn(async {
                    sleep(ms(10)).await;
                    panic!("kaboom #{}", 2);
                })
                .unwrap();
            group
                .spawn(job(log.clone(), "c", 10, Err("c failed".into())))
                .unwrap();
            group.spawn(job(log.clone(), "d", 50, Ok(4))).unwrap();
        }
    })
    .await
    .unwrap_err();
    let mut panics = failure.panics().to_vec();
    panics.sort();
    assert_eq!(panics, ["kaboom", "kaboom #2"]);
    assert_eq!(failure.errors(), ["c failed".to_owned()]);
    assert!(log.has("drop d") && !log.has("end d"));
    assert!(
        failure
            .to_string()
            .starts_with("3 task(s) of the group failed")
    );
}

/// Tries to spawn into the group when dropped, and records the answer.
struct SpawnOnDrop {
    group: Group,
    answer: Arc<Mutex<Option<Result<usize, GroupClosed>>>>,
}

impl Drop for SpawnOnDrop {
    fn drop(&mut self) {
        let answer = self.group.spawn(async { Ok(0) });
        *self.answer.lock().unwrap() = Some(answer);
    }
}

#[tokio::test(start_paused = true)]
async fn spawn_after_a_failure_is_refused() {
    let kept: Arc<Mutex<Option<Group>>> = Arc::default();
    let from_body: Arc<Mutex<Option<Result<usize, GroupClosed>>>> = Arc::default();
    let from_sibling: Arc<Mutex<Option<Result<usize, GroupClosed>>>> = Arc::default();
    let failure = Group::run(|group| {
        let (kept, from_body, from_sibling) =
            (kept.clone(), from_body.clone(), from_sibling.clone());
        async move {
            *kept.lock().unwrap() = Some(group.clone());
            // The body is cancelled by the failure: its drop tries to spawn.
            let _body = SpawnOnDrop {
                group: group.clone(),
                answer: from_body,
            };
            let sibling = SpawnOnDrop {
                group: group.clone(),
                answer: from_sibling,
            };
            group
                .spawn(async move {
                    let _sibling = sibling;
                    sleep(ms(50)).await;
                    Ok(2)
                })
                .unwrap();
            group
                .spawn(async {
                    sleep(ms(10)).await;
                    Err("failed".to_owned())
                })
                .unwrap();
            sleep(ms(100)).await;
        }
    })
    .await
    .unwrap_err();
    assert_eq!(failure.errors(), ["failed".to_owned()]);
    assert_eq!(*from_body.lock().unwrap(), Some(Err(GroupClosed)));
    assert_eq!(*from_sibling.lock().unwrap(), Some(Err(GroupClosed)));
    // And after the scope, too.
    let group = kept.lock().unwrap().take().unwrap();
    assert_eq!(group.spawn(async { Ok(1) }), Err(GroupClosed));
}

#[tokio::test(start_paused = true)]
async fn spawn_after_the_scope_ended_is_refused() {
    let kept: Arc<Mutex<Option<Group>>> = Arc::default();
    let (_, values) = Group::run(|group| {
        let kept = kept.clone();
        async move {
            group.spawn(async { Ok(1) }).unwrap();
            *kept.lock().unwrap() = Some(group);
        }
    })
    .await
    .unwrap();
    assert_eq!(values, [1]);
    let group = kept.lock().unwrap().take().unwrap();
    assert_eq!(group.spawn(async { Ok(2) }), Err(GroupClosed));
    assert_eq!(
        GroupClosed.to_string(),
        "the task group is shutting down or finished"
    );
}

#[tokio::test(start_paused = true)]
async fn a_task_spawns_a_sibling_through_a_cloned_group() {
    let started = Instant::now();
    let (body, values) = Group::run(|group| async move {
        let spawner = group.clone();
        group
            .spawn(async move {
                sleep(ms(10)).await;
                // The body is over by now; the scope still waits for this one.
                let index = spawner
                    .spawn(async {
                        sleep(ms(10)).await;
                        Ok(2)
                    })
                    .unwrap();
                assert_eq!(index, 1);
                Ok(1)
            })
            .unwrap();
        "body done"
    })
    .await
    .unwrap();
    assert_eq!(body, "body done");
    assert_eq!(values, [1, 2]);
    assert_eq!(started.elapsed(), ms(20));
}

#[tokio::test(start_paused = true)]
async fn a_task_spawns_a_sibling_after_a_delay_when_the_set_is_otherwise_empty() {
    // The only task spawns its successor and ends: the scope must not
    // mistake the moment between the two for "every task ended".
    let (_, values) = Group::run(|group| async move {
        let spawner = group.clone();
        group
            .spawn(async move {
                sleep(ms(10)).await;
                let next = spawner.clone();
                spawner
                    .spawn(async move {
                        sleep(ms(10)).await;
                        next.spawn(async { Ok(3) }).unwrap();
                        Ok(2)
                    })
                    .unwrap();
                Ok(1)
            })
            .unwrap();
    })
    .await
    .unwrap();
    assert_eq!(values, [1, 2, 3]);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_scope_future_aborts_the_tasks() {
    let log = Log::default();
    let (alive, dropped) = oneshot::channel::<()>();
    let outcome = wait_for(
        Group::run(|group| {
            let log = log.clone();
            async move {
                group
                    .spawn(async move {
                        let _alive = alive;
                        job(log, "long", 3_600_000, Ok(1)).await
                    })
                    .unwrap();
            }
        }),
        ms(10),
    )
    .await;
    assert_eq!(outcome.unwrap_err(), TimeoutError);
    // The sender goes away when the aborted task is dropped. Had the task
    // not been aborted, it would have logged "end long" first.
    assert!(dropped.await.is_err());
    assert_eq!(log.entries(), ["drop long"]);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_scope_future_aborts_a_task_that_holds_the_group() {
    let log = Log::default();
    let (alive, dropped) = oneshot::channel::<()>();
    let outcome = wait_for(
        Group::run(|group| {
            let log = log.clone();
            async move {
                let spawner = group.clone();
                group
                    .spawn(async move {
                        let _alive = alive;
                        let value = job(log, "long", 3_600_000, Ok(1)).await;
                        // Keeps the group to spawn a follow-up later.
                        spawner.spawn(async { Ok(2) }).ok();
                        value
                    })
                    .unwrap();
            }
        }),
        ms(10),
    )
    .await;
    assert_eq!(outcome.unwrap_err(), TimeoutError);
    assert!(dropped.await.is_err());
    assert_eq!(log.entries(), ["drop long"]);
}

#[test]
fn a_group_on_a_multi_thread_runtime_reports_every_error() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let failure = runtime.block_on(Group::run(|group| async move {
        let (release, released) = tokio::sync::watch::channel(false);
        for index in 0..8u32 {
            let mut released = released.clone();
            group
                .spawn(async move {
                    released.wait_for(|go| *go).await.unwrap();
                    if index % 2 == 0 {
                        Ok(index)
                    } else {
                        Err(format!("task {index} failed"))
                    }
                })
                .unwrap();
        }
        release.send(true).unwrap();
    }));
    // Some failures may be cancelled before they ran; at least one is reported,
    // and each reported error is one of the failing tasks'.
    let failure = failure.unwrap_err();
    assert!(!failure.errors().is_empty());
    for error in failure.errors() {
        assert!(error.ends_with("failed"), "{error}");
    }
}
