//! Model check of the threaded loop's task hand-off (`TaskState`) under
//! shuttle: two wakers and two workers race on one task, and in every
//! schedule tried the task is never polled by two workers at once, never
//! queued twice, and never misses a wake-up (the last poll saw every wake).
//!
//!     RUSTFLAGS="--cfg aio_shuttle" cargo test -p aio-loop --release --test shuttle_task_state
#![cfg(aio_shuttle)]

use std::collections::VecDeque;
use std::sync::Arc;

use aio_loop::threaded::TaskState;
use aio_testkit::models::check;
use shuttle::sync::Mutex;
use shuttle::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use shuttle::thread;

const WAKERS: usize = 2;
const WAKES_EACH: usize = 2;
const WORKERS: usize = 2;

struct Model {
    state: TaskState,
    /// The ready queue: how many times the task is in it.
    queue: Mutex<VecDeque<()>>,
    polling: AtomicBool,
    wakes_sent: AtomicUsize,
    /// `wakes_sent` as read at the start of the latest poll.
    last_poll_saw: AtomicUsize,
}

impl Model {
    fn enqueue(&self) {
        let mut queue = self.queue.lock().unwrap();
        assert!(queue.is_empty(), "the task was queued twice");
        queue.push_back(());
    }

    /// One worker step: take the task if it is queued, poll it once.
    fn try_run(&self, forgetful: bool) -> bool {
        if self.queue.lock().unwrap().pop_front().is_none() {
            return false;
        }
        self.state.start();
        assert!(
            !self.polling.swap(true, SeqCst),
            "polled by two workers at once"
        );
        self.last_poll_saw
            .store(self.wakes_sent.load(SeqCst), SeqCst);
        thread::yield_now();
        self.polling.store(false, SeqCst);
        let again = if forgetful {
            self.state.pending_forgetting_wakeups()
        } else {
            self.state.pending()
        };
        if again {
            self.enqueue();
        }
        true
    }
}

fn scenario(forgetful: bool) {
    let model = Arc::new(Model {
        state: TaskState::new_scheduled(),
        queue: Mutex::new(VecDeque::from([()])),
        polling: AtomicBool::new(false),
        wakes_sent: AtomicUsize::new(0),
        last_poll_saw: AtomicUsize::new(0),
    });
    let mut threads = Vec::new();
    for _ in 0..WAKERS {
        let model = model.clone();
        threads.push(thread::spawn(move || {
            for _ in 0..WAKES_EACH {
                // Whatever the waker reports, it happens before the wake.
                model.wakes_sent.fetch_add(1, SeqCst);
                if model.state.wake() {
                    model.enqueue();
                }
            }
        }));
    }
    for _ in 0..WORKERS {
        let model = model.clone();
        threads.push(thread::spawn(move || {
            for _ in 0..3 {
                model.try_run(forgetful);
                thread::yield_now();
            }
        }));
    }
    for thread in threads {
        thread.join().unwrap();
    }
    // Whatever is still queued runs now, as a worker would.
    while model.try_run(forgetful) {}
    assert_eq!(
        model.last_poll_saw.load(SeqCst),
        WAKERS * WAKES_EACH,
        "a wake-up was lost: no poll started after the last wake"
    );
}

#[test]
fn the_task_hand_off_never_double_polls_nor_loses_a_wakeup() {
    check(|| scenario(false));
}

#[test]
#[should_panic(expected = "a wake-up was lost")]
fn the_checker_catches_a_hand_off_that_forgets_wakeups() {
    check(|| scenario(true));
}
