//! The list of exercises, in the order a class does them.

/// One exercise: where it lives, what it teaches, how to get unstuck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// Two digits: `"01"`.
    pub id: &'static str,
    /// Its module and file name: `ex01_stop_spinner_thread`.
    pub module: &'static str,
    /// One line: what to build.
    pub title: &'static str,
    /// The book part it belongs to.
    pub part: &'static str,
    /// The chapter to read first (a path under `book/src/`).
    pub chapter: &'static str,
    /// A hint for the stuck.
    pub hint: &'static str,
    /// About how long it takes a student, in minutes.
    pub minutes: u32,
}

/// Every exercise, easiest first.
///
/// ```
/// let ids: Vec<_> = aio_exercises::EXERCISES.iter().map(|e| e.id).collect();
/// let mut sorted = ids.clone();
/// sorted.sort();
/// assert_eq!(ids, sorted);
/// assert!(aio_exercises::EXERCISES.iter().all(|e| e.module.starts_with(&format!("ex{}_", e.id))));
/// ```
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "01",
        module: "ex01_stop_spinner_thread",
        title: "Stop a spinner thread cleanly with a stop signal",
        part: "Threads vs tasks",
        chapter: "spinner/thread.md",
        hint: "Loop until the flag is set; check it between frames with a timed wait, not a sleep you cannot interrupt.",
        minutes: 10,
    },
    Exercise {
        id: "02",
        module: "ex02_cancel_spinner_task",
        title: "Cancel a spinner task and clear its line in Drop",
        part: "Threads vs tasks",
        chapter: "spinner/task.md",
        hint: "Cancelling a task drops its future at an .await, so code after the loop never runs: own the line in a small guard struct whose Drop clears it, then loop { draw; sleep(interval).await }.",
        minutes: 15,
    },
    Exercise {
        id: "03",
        module: "ex03_lost_wakeup",
        title: "Fix the lost wakeup: register, re-check, wait",
        part: "Synchronization",
        chapter: "sync/wait-list.md",
        hint: "A set() between your check and your registration wakes nobody. Register the waker first (on every poll), then check the flag, then return Pending.",
        minutes: 15,
    },
    Exercise {
        id: "04",
        module: "ex04_semaphore_on_wait_list",
        title: "Build a FIFO semaphore on the wait list",
        part: "Synchronization",
        chapter: "sync/semaphore.md",
        hint: "release: notify_one(()) or, if it gives the message back, count += 1. poll: poll_wait whose re-check takes a permit only if is_first_waiting(me). Drop: cancel, and give back a permit on Removed::Notified.",
        minutes: 25,
    },
    Exercise {
        id: "05",
        module: "ex05_deadlock_two_locks",
        title: "Break the deadlock between two locks with a lock order",
        part: "Synchronization",
        chapter: "sync/lock.md",
        hint: "Two transfers going opposite ways each hold the lock the other wants. Always lock the account with the smaller id first, whichever way the money goes.",
        minutes: 15,
    },
    Exercise {
        id: "06",
        module: "ex06_bounded_put_waits",
        title: "Make a bounded queue's put wait while the queue is full",
        part: "Queues",
        chapter: "queue/index.md",
        hint: "Mirror get: lock the items, wait_for(|items| items.len() < capacity), push_back, then notify_all so a waiting getter re-checks.",
        minutes: 15,
    },
    Exercise {
        id: "07",
        module: "ex07_task_done_join",
        title: "Count unfinished work: task_done and join",
        part: "Queues",
        chapter: "queue/index.md",
        hint: "task_done: under the lock, Err(TaskDoneError) if taken == 0; else taken -= 1, unfinished -= 1, and at zero notify_many(usize::MAX, |_| ()). Join::poll: poll_wait whose re-check is (unfinished == 0).then_some(()). An empty queue is not done: the last item may still be in the works.",
        minutes: 15,
    },
    Exercise {
        id: "08",
        module: "ex08_timer_order",
        title: "Order timers by time, then by scheduling order",
        part: "The event loop",
        chapter: "loop/timers.md",
        hint: "BinaryHeap pops the greatest: compare (other.when, other.seq) with (self.when, self.seq), reversed, with seq bumped on every schedule. Cancel by forgetting the seq in the pending set; pop_due and next_when skip heads that are not pending.",
        minutes: 20,
    },
    Exercise {
        id: "09",
        module: "ex09_periodic_callback",
        title: "Write a periodic callback that does not drift",
        part: "The event loop",
        chapter: "loop/timers.md",
        hint: "Each tick is a call_at(when, ...) whose closure knows its own `when`: run the callback, count it, stop if cancelled or at the limit, else reschedule at when + period (adding more periods while that is before lp.time()). Keep the TimerHandle so cancel can cancel it.",
        minutes: 25,
    },
    Exercise {
        id: "10",
        module: "ex10_hand_driven_future",
        title: "Drive a future by hand: a waker, park and unpark",
        part: "The event loop",
        chapter: "loop/tasks.md",
        hint: "wake: woken.store(true), then thread.unpark(). block_on: pin!, Waker::from(ThreadWaker::new(thread::current())), loop { poll; on Pending: while !woken.swap(false) { thread::park() } }. YieldTwice: wake_by_ref() before returning Pending.",
        minutes: 20,
    },
    Exercise {
        id: "11",
        module: "ex11_gather_with_timeout",
        title: "Add a timeout to a gather, and cancel everything on it",
        part: "Running many tasks",
        chapter: "tasks/timeouts.md",
        hint: "aio_tasks::wait_for(aio_tasks::gather(futures), timeout).await gives Result<Result<Vec<T>, E>, TimeoutError>: map Ok(Ok(v)) to Ok(v), Ok(Err(e)) to Failed(e), Err(_) to TimedOut. Nothing to cancel by hand: dropping gather drops every future in it.",
        minutes: 15,
    },
    Exercise {
        id: "12",
        module: "ex12_task_group_cancels_siblings",
        title: "Make a task group cancel the siblings of a failed task",
        part: "Running many tasks",
        chapter: "tasks/task-group.md",
        hint: "Spawn async move { (index, task.await) } on a JoinSet. Loop while let Some(joined) = set.join_next().await: file Ok values by index; on the first Err call abort_all() and keep joining (errors that arrive later still count); skip JoinErrors that is_cancelled(), resume_unwind the panics. Return only when join_next gives None.",
        minutes: 25,
    },
    Exercise {
        id: "13",
        module: "ex13_first_n_completed",
        title: "Keep the first n results to finish and drop the rest",
        part: "Running many tasks",
        chapter: "tasks/as-completed.md",
        hint: "Collect the futures into a FuturesUnordered (or aio_tasks::as_completed(futures, None)) and take n items from it with StreamExt::next or take(n). Returning drops the set, which cancels the futures still in it. n == 0: return before polling anything.",
        minutes: 15,
    },
    Exercise {
        id: "14",
        module: "ex14_move_blocking_off_the_loop",
        title: "Move a blocking call off the loop onto a thread pool",
        part: "Offloading work",
        chapter: "offload/index.md",
        hint: "For each path: let path = path.clone(); pool.submit(move || blocking_checksum(&path)). Collect all the ConcurrentFutures first, then .await each in order (never .wait() in async code). job.await gives Result<io::Result<u64>, FutureError>: map_err(io::Error::other)?? unwraps both layers.",
        minutes: 15,
    },
    Exercise {
        id: "15",
        module: "ex15_cpu_job_on_the_process_pool",
        title: "Run a CPU job on the process pool, in chunks",
        part: "Offloading work",
        chapter: "offload/processes.md",
        hint: "chunks == 0: return the ZeroChunks error first. step = (end - start) / chunks; chunk i is start + i*step .. start + (i+1)*step, and the last ends at end. Submit every chunk with pool.submit::<_, f64>(\"sqrt_sum\", &(lo, hi)), then wait() each and add; ? passes a failed chunk's FutureError on.",
        minutes: 20,
    },
    Exercise {
        id: "16",
        module: "ex16_map_in_input_order",
        title: "Map over a thread pool and keep the input order",
        part: "Offloading work",
        chapter: "offload/threads.md",
        hint: "let f = Arc::new(f); collect every pool.submit(move || f(item)) into a Vec before waiting for anything (a lazy iterator would submit and wait one by one, and a job that waits for a later one deadlocks). Then map each future to job.wait() in order; a submit error becomes FutureError::Exception(Arc::new(err)).",
        minutes: 20,
    },
];
