//! The same small scenarios under four executors: `futures::executor::block_on`
//! (tasks joined in one future), `futures::executor::LocalPool` (spawned
//! tasks), and tokio's current-thread and multi-thread runtimes (spawned
//! tasks). The primitives need nothing but `Waker`, so each scenario is one
//! async fn that takes a way to spawn and runs unchanged under all of them.

use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Poll;

use aio_sync::{Barrier, Condition, Event, Lock, Semaphore};
use aio_testkit::{Job, Spawn, under_every_executor, yield_now};
use futures::future::join_all;

/// Many tasks increment a counter under the lock, yielding inside the
/// critical section so that the others really contend.
async fn lock_counter(spawn: Spawn) {
    const TASKS: usize = 40;
    const ROUNDS: usize = 10;
    let lock = Arc::new(Lock::new(0));
    let inside = Arc::new(AtomicUsize::new(0));
    let jobs = (0..TASKS).map(|_| {
        let (lock, inside) = (lock.clone(), inside.clone());
        spawn(Box::pin(async move {
            for _ in 0..ROUNDS {
                let mut guard = lock.lock().await;
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two inside");
                let seen = *guard;
                yield_now().await;
                *guard = seen + 1;
                inside.fetch_sub(1, Ordering::SeqCst);
            }
        }))
    });
    join_all(jobs).await;
    assert_eq!(*lock.lock().await, TASKS * ROUNDS, "no increment lost");
}

/// More tasks than permits; a counter of tasks inside never exceeds the limit.
async fn semaphore_limit(spawn: Spawn) {
    const PERMITS: usize = 3;
    const TASKS: usize = 20;
    let sem = Arc::new(Semaphore::new(PERMITS));
    let active = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let jobs = (0..TASKS).map(|_| {
        let (sem, active, peak) = (sem.clone(), active.clone(), peak.clone());
        spawn(Box::pin(async move {
            let _permit = sem.acquire().await;
            let now = active.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            for _ in 0..3 {
                yield_now().await;
            }
            active.fetch_sub(1, Ordering::SeqCst);
        }))
    });
    join_all(jobs).await;
    let peak = peak.load(Ordering::SeqCst);
    assert!((1..=PERMITS).contains(&peak), "peak concurrency {peak}");
    assert_eq!(sem.available_permits(), PERMITS);
}

/// Waiters register on an event; one `set` then an immediate `clear`
/// releases all of them.
async fn event_fan_out(spawn: Spawn) {
    const WAITERS: usize = 25;
    let event = Arc::new(Event::new());
    let registered = Arc::new(AtomicUsize::new(0));
    let returned = Arc::new(AtomicUsize::new(0));
    let mut jobs: Vec<Job> = (0..WAITERS)
        .map(|_| {
            let (event, registered, returned) =
                (event.clone(), registered.clone(), returned.clone());
            spawn(Box::pin(async move {
                let mut wait = pin!(event.wait());
                // Poll once so the waiter is in the list before the setter
                // may set and clear.
                let first = poll_fn(|cx| Poll::Ready(wait.as_mut().poll(cx))).await;
                assert!(first.is_pending(), "nobody set the event yet");
                registered.fetch_add(1, Ordering::SeqCst);
                wait.await;
                returned.fetch_add(1, Ordering::SeqCst);
            }))
        })
        .collect();
    let setter = {
        let (event, registered) = (event.clone(), registered.clone());
        spawn(Box::pin(async move {
            while registered.load(Ordering::SeqCst) < WAITERS {
                yield_now().await;
            }
            event.set();
            event.clear();
        }))
    };
    jobs.push(setter);
    join_all(jobs).await;
    assert_eq!(returned.load(Ordering::SeqCst), WAITERS);
    assert!(!event.is_set());
}

/// The shared state of the producer/consumer scenario.
#[derive(Default)]
struct Pipeline {
    items: VecDeque<usize>,
    producers_left: usize,
}

/// Producers push numbers and notify one consumer each; consumers take them
/// until the queue is empty and every producer is done.
async fn condition_producer_consumer(spawn: Spawn) {
    const PRODUCERS: usize = 3;
    const CONSUMERS: usize = 4;
    const ITEMS: usize = 30;
    let cond = Arc::new(Condition::new(Pipeline {
        producers_left: PRODUCERS,
        ..Pipeline::default()
    }));
    let received = Arc::new(Mutex::new(Vec::new()));
    let mut jobs: Vec<Job> = (0..CONSUMERS)
        .map(|_| {
            let (cond, received) = (cond.clone(), received.clone());
            spawn(Box::pin(async move {
                loop {
                    let guard = cond.lock().await;
                    let mut guard = cond
                        .wait_for(guard, |p| !p.items.is_empty() || p.producers_left == 0)
                        .await;
                    let Some(item) = guard.items.pop_front() else {
                        break; // empty, and nobody will produce more
                    };
                    drop(guard);
                    received.lock().unwrap().push(item);
                    yield_now().await;
                }
            }))
        })
        .collect();
    jobs.extend((0..PRODUCERS).map(|producer| {
        let cond = cond.clone();
        spawn(Box::pin(async move {
            for i in 0..ITEMS {
                let mut guard = cond.lock().await;
                guard.items.push_back(producer * ITEMS + i);
                cond.notify(&guard, 1);
                drop(guard);
                yield_now().await;
            }
            let mut guard = cond.lock().await;
            guard.producers_left -= 1;
            if guard.producers_left == 0 {
                cond.notify_all(&guard);
            }
        }))
    }));
    join_all(jobs).await;
    let mut received = received.lock().unwrap().clone();
    received.sort_unstable();
    assert_eq!(
        received,
        (0..PRODUCERS * ITEMS).collect::<Vec<_>>(),
        "each item exactly once"
    );
}

/// Parties meet at a barrier for several phases; nobody starts phase k+1
/// before everyone arrived at phase k, and each phase has one leader.
async fn barrier_phases(spawn: Spawn) {
    const PARTIES: usize = 4;
    const PHASES: usize = 5;
    let barrier = Arc::new(Barrier::new(PARTIES));
    let arrivals = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new(vec![Vec::new(); PHASES]));
    let jobs = (0..PARTIES).map(|party| {
        let (barrier, arrivals, results) = (barrier.clone(), arrivals.clone(), results.clone());
        spawn(Box::pin(async move {
            for phase in 0..PHASES {
                for _ in 0..party {
                    yield_now().await; // vary the order of arrival
                }
                arrivals.fetch_add(1, Ordering::SeqCst);
                let result = barrier.wait().await.expect("never broken here");
                assert!(
                    arrivals.load(Ordering::SeqCst) >= (phase + 1) * PARTIES,
                    "released before every party arrived at phase {phase}"
                );
                results.lock().unwrap()[phase].push(result);
            }
        }))
    });
    join_all(jobs).await;
    for (phase, results) in results.lock().unwrap().iter().enumerate() {
        let mut indices: Vec<_> = results.iter().map(|r| r.index()).collect();
        indices.sort_unstable();
        assert_eq!(indices, (0..PARTIES).collect::<Vec<_>>(), "phase {phase}");
        let leaders: Vec<_> = results.iter().filter(|r| r.is_leader()).collect();
        assert_eq!(leaders.len(), 1, "phase {phase}");
        assert_eq!(leaders[0].index(), PARTIES - 1);
    }
}

under_every_executor!(
    lock_counter,
    semaphore_limit,
    event_fan_out,
    condition_producer_consumer,
    barrier_phases,
);
