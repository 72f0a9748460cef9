//! The wait-list core under loom: every interleaving of two threads, not a
//! sample. Small scenarios on purpose: loom's search grows exponentially.
//!
//! Run with `just check-models` (or `RUSTFLAGS="--cfg aio_loom" cargo test
//! -p aio-sync --release --test loom_wait_list`).
#![cfg(aio_loom)]

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Wake, Waker};

use aio_sync::broken::BrokenEvent;
use aio_sync::{Event, Lock, Semaphore};
use loom::future::block_on;
use loom::sync::Arc;
use loom::sync::atomic::AtomicBool;
use loom::thread;

/// A waker that records that it was woken.
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// One thread calls `set()` while this one polls `wait()` once. Whatever the
/// interleaving, a waiter left pending must have been woken. (Polled by hand
/// rather than with `block_on`, so a lost wakeup is a failed assertion, not a
/// deadlock that loom reports while tearing its threads down.)
macro_rules! set_reaches_the_waiter {
    ($event:ty) => {
        loom::model(|| {
            let event = Arc::new(<$event>::new());
            let setter = {
                let event = Arc::clone(&event);
                thread::spawn(move || event.set())
            };
            let flag = std::sync::Arc::new(Flag(AtomicBool::new(false)));
            let waker = Waker::from(std::sync::Arc::clone(&flag));
            let mut wait = pin!(event.wait());
            let pending = wait
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending();
            setter.join().unwrap();
            // The waiter is still registered here (not dropped): if it was
            // left pending, the set must have woken it.
            assert!(
                !pending || flag.0.load(Ordering::SeqCst),
                "the waiter was left pending and never woken: a lost wakeup"
            );
        })
    };
}

#[test]
fn event_set_always_reaches_a_waiter() {
    set_reaches_the_waiter!(Event);
}

#[test]
fn lock_hand_off_between_two_threads_loses_no_update() {
    loom::model(|| {
        let lock = Arc::new(Lock::new(0u32));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || *block_on(lock.lock()) += 1)
        };
        *block_on(lock.lock()) += 1;
        other.join().unwrap();
        assert_eq!(*block_on(lock.lock()), 2);
    });
}

#[test]
fn semaphore_permit_is_handed_over_not_lost() {
    loom::model(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        let other = {
            let semaphore = Arc::clone(&semaphore);
            thread::spawn(move || drop(block_on(semaphore.acquire())))
        };
        drop(block_on(semaphore.acquire()));
        other.join().unwrap();
        assert_eq!(semaphore.available_permits(), 1);
    });
}

/// The checker must be able to fail: the event without the re-check loses
/// the wakeup in the interleaving where `set` runs between the waiter's check
/// and its registration.
#[test]
#[should_panic(expected = "lost wakeup")]
fn check_then_wait_without_recheck_is_caught() {
    set_reaches_the_waiter!(BrokenEvent);
}

#[test]
fn a_dropped_waiter_passes_the_permit_it_was_handed() {
    loom::model(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        semaphore.try_acquire().expect("free at first").forget();
        let flag = std::sync::Arc::new(Flag(AtomicBool::new(false)));
        let waker = Waker::from(std::sync::Arc::clone(&flag));
        let mut acquire = Box::pin(semaphore.acquire());
        let queued = acquire
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending();
        assert!(queued);
        let releaser = {
            let semaphore = Arc::clone(&semaphore);
            thread::spawn(move || semaphore.release())
        };
        // Dropped while the other thread releases: before the hand-off (it
        // just leaves) or after (it must pass the permit back).
        drop(acquire);
        releaser.join().unwrap();
        assert_eq!(semaphore.available_permits(), 1, "a permit was lost");
    });
}
