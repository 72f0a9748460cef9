//! Stress: hundreds of tasks on tokio's multi-thread runtime, cancelled at
//! random (a tiny real timeout, or a `select!` against a few yields), then the
//! invariant each primitive promises, checked at the end.
//!
//! The randomness is a xorshift generator seeded with constants, so the
//! choices are the same on every run; the thread interleavings are not, which
//! is the point. Nothing here asserts on time: the timeouts only make
//! cancellations happen, and the one long timeout turns a hang into a failure.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use aio_sync::{Acquire, Barrier, BoundedSemaphore, Condition, Event, Lock, Semaphore};
use aio_testkit::{XorShift, join_every, maybe_cancelled, yield_times};
use tokio::task::{JoinHandle, yield_now};

/// Counts the tasks inside a critical section and records the peak; leaving
/// is its `Drop`, so a task cancelled inside leaves too.
struct Inside<'a> {
    count: &'a AtomicUsize,
}

impl<'a> Inside<'a> {
    fn enter(count: &'a AtomicUsize, peak: &AtomicUsize) -> Self {
        let now = count.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(now, Ordering::SeqCst);
        Self { count }
    }
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_keeps_mutual_exclusion_under_random_cancellation() {
    const TASKS: usize = 200;
    const ROUNDS: usize = 20;
    let lock = Arc::new(Lock::new(0_usize));
    let inside = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let tasks = (0..TASKS)
        .map(|task| {
            let (lock, inside, peak) = (lock.clone(), inside.clone(), peak.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(task);
                let (mut done, mut cancelled) = (0, 0);
                for _ in 0..ROUNDS {
                    let hold_for = rng.below(3);
                    // Cancellable while queued and while inside.
                    let critical_section = async {
                        let mut guard = lock.lock().await;
                        let _inside = Inside::enter(&inside, &peak);
                        yield_times(hold_for).await;
                        *guard += 1; // no await between these two lines
                    };
                    match maybe_cancelled(&mut rng, critical_section).await {
                        Some(()) => done += 1,
                        None => cancelled += 1,
                    }
                }
                (done, cancelled)
            })
        })
        .collect();
    let outcomes = join_every(tasks, "lock").await;
    let done: usize = outcomes.iter().map(|(done, _)| done).sum();
    let cancelled: usize = outcomes.iter().map(|(_, cancelled)| cancelled).sum();

    assert_eq!(peak.load(Ordering::SeqCst), 1, "two tasks inside at once");
    assert_eq!(inside.load(Ordering::SeqCst), 0);
    assert_eq!(done + cancelled, TASKS * ROUNDS);
    assert!(
        cancelled > 0 && done > 0,
        "done {done}, cancelled {cancelled}"
    );
    let guard = lock.try_lock().expect("free, and nobody left in the queue");
    assert_eq!(*guard, done, "one increment per completed critical section");
}

/// What the semaphore stress needs from `Semaphore` and `BoundedSemaphore`.
trait Permits: Send + Sync + 'static {
    fn acquire(&self) -> Acquire<'_>;
    fn release_forgotten(&self);
    fn available_permits(&self) -> usize;
}

impl Permits for Semaphore {
    fn acquire(&self) -> Acquire<'_> {
        Semaphore::acquire(self)
    }
    fn release_forgotten(&self) {
        self.release();
    }
    fn available_permits(&self) -> usize {
        Semaphore::available_permits(self)
    }
}

impl Permits for BoundedSemaphore {
    fn acquire(&self) -> Acquire<'_> {
        BoundedSemaphore::acquire(self)
    }
    fn release_forgotten(&self) {
        self.release().expect("a forgotten permit may come back");
    }
    fn available_permits(&self) -> usize {
        BoundedSemaphore::available_permits(self)
    }
}

/// Tasks acquire, work, and give the permit back by drop or by
/// `forget` + `release`, while being cancelled at random; the number inside
/// never exceeds `permits`, and every permit comes home.
async fn hammer_permits<S: Permits>(sem: Arc<S>, permits: usize) {
    const TASKS: usize = 200;
    const ROUNDS: usize = 20;
    let inside = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let tasks = (0..TASKS)
        .map(|task| {
            let (sem, inside, peak) = (sem.clone(), inside.clone(), peak.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(task);
                let mut cancelled = 0;
                for _ in 0..ROUNDS {
                    let (work_for, manual_release) = (rng.below(3), rng.below(4) == 0);
                    let section = async {
                        // Declared after the permit, `inside` is dropped before it,
                        // also when the section is cancelled part-way.
                        let permit = sem.acquire().await;
                        let inside = Inside::enter(&inside, &peak);
                        yield_times(work_for).await;
                        drop(inside);
                        if manual_release {
                            permit.forget(); // asyncio's bare acquire() ...
                            sem.release_forgotten(); // ... and release()
                        }
                    };
                    if maybe_cancelled(&mut rng, section).await.is_none() {
                        cancelled += 1;
                    }
                }
                cancelled
            })
        })
        .collect();
    let cancelled: usize = join_every(tasks, "semaphore").await.into_iter().sum();

    let peak = peak.load(Ordering::SeqCst);
    assert!(
        (1..=permits).contains(&peak),
        "peak {peak} with {permits} permits"
    );
    assert!(cancelled > 0);
    assert_eq!(sem.available_permits(), permits, "every permit came back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semaphore_conserves_permits_under_random_cancellation() {
    const PERMITS: usize = 4;
    let sem = Arc::new(Semaphore::new(PERMITS));
    hammer_permits(sem.clone(), PERMITS).await;
    let all: Vec<_> = (0..PERMITS).map(|_| sem.try_acquire().unwrap()).collect();
    assert!(sem.try_acquire().is_none(), "no extra permit appeared");
    drop(all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bounded_semaphore_conserves_permits_under_random_cancellation() {
    const PERMITS: usize = 3;
    let sem = Arc::new(BoundedSemaphore::new(PERMITS));
    hammer_permits(sem.clone(), PERMITS).await;
    assert!(
        sem.release().is_err(),
        "no forgotten permit left outstanding"
    );
    assert_eq!(sem.available_permits(), PERMITS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn barrier_phases_each_complete_with_every_party_and_one_leader() {
    const PARTIES: usize = 8;
    const PHASES: usize = 200;
    let barrier = Arc::new(Barrier::new(PARTIES));
    let arrivals = Arc::new(AtomicUsize::new(0));
    let completions: Arc<Vec<AtomicUsize>> =
        Arc::new((0..PHASES).map(|_| AtomicUsize::new(0)).collect());
    let leaders: Arc<Vec<AtomicUsize>> =
        Arc::new((0..PHASES).map(|_| AtomicUsize::new(0)).collect());
    let indices: Arc<Vec<AtomicU64>> = Arc::new((0..PHASES).map(|_| AtomicU64::new(0)).collect());
    let tasks = (0..PARTIES)
        .map(|party| {
            let barrier = barrier.clone();
            let arrivals = arrivals.clone();
            let (completions, leaders, indices) =
                (completions.clone(), leaders.clone(), indices.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(party);
                for phase in 0..PHASES {
                    yield_times(rng.below(4)).await;
                    // Cancelled only before arriving: a wait that never ran.
                    if rng.below(4) == 0 {
                        drop(barrier.wait());
                    }
                    arrivals.fetch_add(1, Ordering::SeqCst);
                    let result = barrier.wait().await.expect("nobody aborts");
                    assert!(
                        arrivals.load(Ordering::SeqCst) >= (phase + 1) * PARTIES,
                        "phase {phase} released before every party arrived"
                    );
                    completions[phase].fetch_add(1, Ordering::SeqCst);
                    if result.is_leader() {
                        leaders[phase].fetch_add(1, Ordering::SeqCst);
                        assert_eq!(result.index(), PARTIES - 1);
                    }
                    let previous = indices[phase].fetch_or(1 << result.index(), Ordering::SeqCst);
                    assert_eq!(previous & (1 << result.index()), 0, "index given twice");
                }
            })
        })
        .collect();
    join_every(tasks, "barrier").await;

    for phase in 0..PHASES {
        assert_eq!(
            completions[phase].load(Ordering::SeqCst),
            PARTIES,
            "phase {phase}"
        );
        assert_eq!(leaders[phase].load(Ordering::SeqCst), 1, "phase {phase}");
        assert_eq!(
            indices[phase].load(Ordering::SeqCst),
            (1 << PARTIES) - 1,
            "phase {phase}"
        );
    }
    assert_eq!(barrier.n_waiting(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_fan_out_releases_every_registered_waiter_even_if_cleared_at_once() {
    const WAITERS: usize = 300;
    let event = Arc::new(Event::new());
    let registered = Arc::new(AtomicUsize::new(0));
    let mut tasks: Vec<JoinHandle<bool>> = (0..WAITERS)
        .map(|task| {
            let (event, registered) = (event.clone(), registered.clone());
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(task);
                let mut wait = std::pin::pin!(event.wait());
                // One poll puts the waiter in the list before the set.
                let first = futures::poll!(wait.as_mut());
                assert!(first.is_pending());
                registered.fetch_add(1, Ordering::SeqCst);
                // A cancelled waiter drops its wait when the task ends.
                maybe_cancelled(&mut rng, wait).await.is_some()
            })
        })
        .collect();
    let setter = {
        let (event, registered) = (event.clone(), registered.clone());
        tokio::spawn(async move {
            while registered.load(Ordering::SeqCst) < WAITERS {
                yield_now().await;
            }
            event.set();
            event.clear(); // too late to stop anyone the set woke
            true
        })
    };
    tasks.push(setter);
    // The invariant is that this join ends: every waiter that was not
    // cancelled returned, although the flag went down right after the set.
    let outcomes = join_every(tasks, "event").await;
    let returned = outcomes.iter().filter(|returned| **returned).count();
    assert!(returned > 1, "returned {returned}");
    assert!(!event.is_set());
}

/// The state behind the relay's condition.
struct Relay {
    /// Queued waiters, oldest first: the order the condition must serve.
    order: VecDeque<usize>,
    /// How to cancel each waiter: an `Event` it races its wait against.
    cancels: Vec<Option<Arc<Event>>>,
    /// Set once, by the notifier.
    go: bool,
}

/// A relay down a queue of waiters: the notifier wakes the first, each woken
/// waiter wakes the next with `notify(1)`, and while it holds the lock it
/// cancels at random the waiter it has just notified (before or after that
/// one ran and queued for the lock), or one still waiting further back.
/// Each cancelled notified waiter must pass its notification on, or the
/// relay stops and everyone behind hangs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn condition_relay_reaches_every_waiter_despite_cancellations() {
    const WAITERS: usize = 300;
    let cancels: Vec<_> = (0..WAITERS).map(|_| Arc::new(Event::new())).collect();
    let cond = Arc::new(Condition::new(Relay {
        order: VecDeque::new(),
        cancels: cancels.iter().cloned().map(Some).collect(),
        go: false,
    }));
    let mut tasks: Vec<JoinHandle<bool>> = cancels
        .into_iter()
        .enumerate()
        .map(|(task, cancelled)| {
            let cond = cond.clone();
            tokio::spawn(async move {
                let mut rng = XorShift::for_task(task);
                let mut guard = cond.lock().await;
                guard.order.push_back(task);
                let wait = cond.wait_for(guard, |relay| relay.go);
                // The cancel is looked at first: a waiter that was notified
                // or handed the lock meanwhile is dropped all the same.
                let mut guard = tokio::select! {
                    biased;
                    () = cancelled.wait() => return false,
                    guard = wait => guard,
                };
                if guard.order.front() == Some(&task) {
                    guard.order.pop_front();
                } else {
                    // Not at the front: only because a relayer cancelled this
                    // waiter just after the select looked at the cancel and
                    // just before the wait completed. The waiter won that race
                    // and relays like any other.
                    assert!(cancelled.is_set(), "task {task} served out of order");
                }
                cond.notify(&guard, 1);
                while rng.below(3) == 0 {
                    yield_times(rng.below(3)).await; // let it run, or not
                    let Some(next) = guard.order.pop_front() else {
                        break;
                    };
                    guard.cancels[next].take().expect("cancelled once").set();
                }
                if rng.below(8) == 0 && guard.order.len() > 1 {
                    let back = 1 + rng.below(guard.order.len() as u64 - 1) as usize;
                    let waiting = guard.order.remove(back).expect("in range");
                    guard.cancels[waiting].take().expect("cancelled once").set();
                }
                yield_times(rng.below(3)).await;
                true
            })
        })
        .collect();
    let notifier = {
        let cond = cond.clone();
        tokio::spawn(async move {
            // Start once every waiter is queued: no latecomer then adds a
            // notification of its own, and the relay is a single chain.
            let mut guard = cond.lock().await;
            while guard.order.len() < WAITERS {
                drop(guard);
                yield_now().await;
                guard = cond.lock().await;
            }
            guard.go = true;
            cond.notify(&guard, 1);
            true
        })
    };
    tasks.push(notifier);
    // The invariant is that this join ends: every waiter not cancelled was
    // reached by the relay, in queue order.
    let outcomes = join_every(tasks, "condition").await;
    let cancelled = outcomes.iter().filter(|returned| !**returned).count();
    assert!(
        cancelled > 0 && cancelled < WAITERS,
        "cancelled {cancelled}"
    );
    assert!(cond.lock().await.order.is_empty());
}
