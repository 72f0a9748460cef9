//! The tour: a narrated walk through every concept that has landed, each
//! section naming its book chapter and its examples. Under 20 seconds.
//!
//!     cargo run --example tour [-- --quick]
//!
//! Each crate that lands adds one `Section` to `SECTIONS`.
mod common;

use std::cell::RefCell;
use std::io;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use aio_offload::jobs::sqrt_sum;
use aio_offload::{ProcessPool, ThreadPool, WriteThread, rayon_bridge};
use aio_primer::event_loop::{EventLoop, LoopError, ThreadedLoop};
use aio_primer::queue::{LifoQueue, PriorityQueue, PutError, Queue};
use aio_primer::spinner::{
    human_bytes, idle_tasks, idle_threads, slow_async, slow_blocking, supervisor_abort,
    supervisor_blocked, supervisor_thread,
};
use aio_primer::sync::{Barrier, Lock, Semaphore};
use aio_primer::tasks::{TaskGroup, as_completed, detect_blocking, gather, wait_for};
use common::{Options, Tee};
use rayon::prelude::*;

struct Section {
    title: &'static str,
    chapter: &'static str,
    examples: &'static [&'static str],
    run: fn(&Options) -> io::Result<()>,
}

const SECTIONS: &[Section] = &[
    Section {
        title: "Threads vs tasks",
        chapter: "book/src/spinner/index.md",
        examples: &[
            "spinner_thread",
            "spinner_task",
            "spinner_blocked",
            "threads_vs_tasks_scale",
        ],
        run: threads_vs_tasks,
    },
    Section {
        title: "Synchronization",
        chapter: "book/src/sync/index.md",
        examples: &[
            "lock_bank_account",
            "event_start_signal",
            "condition_producer_consumer",
            "semaphore_three_workers",
            "bounded_semaphore_misuse",
            "barrier_phases",
        ],
        run: synchronization,
    },
    Section {
        title: "Queues",
        chapter: "book/src/queue/index.md",
        examples: &[
            "queue_producer_consumer",
            "queue_pub_sub",
            "priority_job_scheduler",
            "lifo_depth_first",
            "queue_backpressure",
        ],
        run: queues,
    },
    Section {
        title: "The event loop",
        chapter: "book/src/loop/index.md",
        examples: &[
            "hand_driven_future",
            "call_soon_later_at",
            "timer_cancel",
            "periodic_callback",
            "future_exam_score",
            "loop_debug_slow_callback",
            "loop_echo_server",
            "threadsafe_wakeup",
        ],
        run: event_loop,
    },
    Section {
        title: "A loop on many threads",
        chapter: "book/src/loop/threaded.md",
        examples: &["threaded_loop_workers", "threaded_loop_timers"],
        run: threaded_loop,
    },
    Section {
        title: "Running many tasks",
        chapter: "book/src/tasks/index.md",
        examples: &[
            "callbacks_to_futures",
            "gather_wait_as_completed",
            "task_group_cancel",
            "blocking_the_loop",
            "flags",
        ],
        run: many_tasks,
    },
    Section {
        title: "Offloading work",
        chapter: "book/src/offload/index.md",
        examples: &[
            "executor_blocks",
            "process_pool_sqrt",
            "pools_compared",
            "tail_merge",
            "async_file_read",
        ],
        run: offloading,
    },
];

fn main() -> io::Result<()> {
    // ANCHOR: tour_worker_mode
    // A ProcessPool worker is this executable re-run in worker mode: it
    // serves jobs here and exits. In the tour itself this returns at once.
    aio_offload::jobs::demo_registry().serve_if_worker();
    // ANCHOR_END: tour_worker_mode
    let options = Options::from_env();
    let started = Instant::now();
    println!(
        "aio-primer: asyncio's ideas, rebuilt in Rust. {} part(s) so far.",
        SECTIONS.len()
    );
    for (number, section) in SECTIONS.iter().enumerate() {
        println!("\n=== {}. {} ===", number + 1, section.title);
        println!("read: {}", section.chapter);
        for example in section.examples {
            println!("run:  cargo run --example {example}");
        }
        println!();
        (section.run)(&options)?;
    }
    println!(
        "\nTour finished in {:.1?}. Next: `cargo test`, then the book.",
        started.elapsed()
    );
    Ok(())
}

fn say(text: &str) {
    println!("  {text}");
}

fn threads_vs_tasks(options: &Options) -> io::Result<()> {
    let slow = options.time(Duration::from_secs(1));
    let interval = options.time(Duration::from_millis(100));

    say("A thread spinner: the OS runs it beside `main`. Nobody can kill a thread,");
    say("so `main` stops it through a Signal and joins it.");
    let tee = Tee::default();
    let answer = supervisor_thread("thread spinning", interval, tee.clone(), || {
        slow_blocking(slow)
    })?;
    say(&format!(
        "-> {answer}, after {} frames.",
        tee.copy.transcript().frames.len()
    ));

    say("A task spinner: one thread, two tasks taking turns at each `.await`.");
    say("`abort()` drops the spinner at its next `.await`; its Drop clears the line.");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let tee = Tee::default();
    let answer = runtime.block_on(supervisor_abort(
        "task spinning",
        interval,
        tee.clone(),
        slow_async(slow),
    ))?;
    say(&format!(
        "-> {answer}, after {} frames.",
        tee.copy.transcript().frames.len()
    ));

    say("The mistake: `std::thread::sleep` inside a task holds the only thread.");
    let tee = Tee::default();
    let answer = runtime.block_on(supervisor_blocked("frozen", interval, tee.clone(), || {
        slow_blocking(slow / 2)
    }))?;
    say(&format!(
        "-> {answer}, after {} frame: the spinner froze.",
        tee.copy.transcript().frames.len()
    ));
    drop(runtime);

    let (tasks, threads) = (options.size(20_000, 2_000), options.size(500, 50));
    say(&format!(
        "What they cost: {tasks} idle tasks, then {threads} idle threads."
    ));
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let task = idle_tasks(tasks, &runtime)?;
    let thread = idle_threads(threads)?;
    let ratio =
        thread.spawn_join_per_unit().as_secs_f64() / task.spawn_join_per_unit().as_secs_f64();
    let memory = |report: &aio_primer::spinner::ScaleReport| {
        report
            .resident_per_unit()
            .map_or_else(|| "n/a".to_owned(), human_bytes)
    };
    say(&format!(
        "-> a task: {} resident, {:.1?} to spawn+join; a thread: {} resident plus its stack, {:.1?} ({ratio:.0}x).",
        memory(&task),
        task.spawn_join_per_unit(),
        memory(&thread),
        thread.spawn_join_per_unit(),
    ));
    Ok(())
}

fn synchronization(options: &Options) -> io::Result<()> {
    let unit = options.time(Duration::from_millis(200));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        say("One thread, no data race, and still a race: tasks that read, `.await`, then");
        say("write overwrite each other. 4 tasks deposit 10 EUR, 25 times each:");
        let (tasks, deposits) = (4, 25);
        let unlocked = Arc::new(Mutex::new(0));
        let locked = Arc::new(Lock::new(0));
        let mut clerks = tokio::task::JoinSet::new();
        for _ in 0..tasks {
            let (unlocked, locked) = (unlocked.clone(), locked.clone());
            clerks.spawn(async move {
                for _ in 0..deposits {
                    let seen = *unlocked.lock().unwrap();
                    tokio::task::yield_now().await;
                    *unlocked.lock().unwrap() = seen + 10;
                }
                for _ in 0..deposits {
                    let mut balance = locked.lock().await; // held across the .await
                    let seen = *balance;
                    tokio::task::yield_now().await;
                    *balance = seen + 10;
                }
            });
        }
        clerks.join_all().await;
        let unlocked = *unlocked.lock().unwrap();
        let locked = *locked.lock().await;
        say(&format!(
            "-> without a lock: {unlocked} EUR; with aio_sync::Lock: {locked} EUR (expected {}).",
            tasks * deposits * 10
        ));

        say("A Semaphore(3) lets 5 workers in at most 3 at a time, first come first served:");
        let permits = Arc::new(Semaphore::new(3));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..5 {
            let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
            workers.spawn(async move {
                let _permit = permits.acquire().await;
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(unit).await;
                running.fetch_sub(1, Ordering::SeqCst);
            });
        }
        workers.join_all().await;
        say(&format!(
            "-> at most {} ran at once.",
            most.load(Ordering::SeqCst)
        ));

        say("A Barrier(3): nobody passes until all three arrive; the last one is the leader.");
        let barrier = Arc::new(Barrier::new(3));
        let mut parties = tokio::task::JoinSet::new();
        for id in 0..3_u32 {
            let barrier = barrier.clone();
            parties.spawn(async move {
                tokio::time::sleep(unit * (id + 1) / 2).await;
                (id, barrier.wait().await)
            });
        }
        let mut places = parties.join_all().await;
        places.sort_by_key(|(id, _)| *id);
        for (id, place) in places {
            let place = place.expect("nobody aborts this barrier");
            let role = if place.is_leader() {
                ", the leader"
            } else {
                ""
            };
            say(&format!(
                "-> task {id} passed with index {}{role}",
                place.index()
            ));
        }
        say("The examples go further: an Event fired and cleared at once, a Condition");
        say("buffer, a BoundedSemaphore refusing a double release, a Barrier aborted and reset.");
    });
    Ok(())
}

fn queues(options: &Options) -> io::Result<()> {
    let unit = options.time(Duration::from_millis(20));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        say("asyncio.Queue: producers `put`, consumers `get` and call `task_done`; `join()`");
        say("returns when every item put is done, and `shutdown` ends the consumers' loops.");
        let queue = Queue::bounded(3);
        let mut consumers = tokio::task::JoinSet::new();
        for _ in 0..2 {
            let queue = queue.clone();
            consumers.spawn(async move {
                let mut done = 0;
                while let Ok(_job) = queue.get().await {
                    tokio::time::sleep(unit / 2).await;
                    queue.task_done().expect("one task_done per item taken");
                    done += 1;
                }
                done
            });
        }
        for job in 0..10 {
            queue.put(job).await.expect("open");
        }
        queue.join().await;
        queue.shutdown(false);
        let done = consumers.join_all().await;
        say(&format!(
            "-> 10 jobs put, join() returned, consumers did {done:?} and left on QueueShutDown."
        ));

        say("PriorityQueue hands out the smallest first; LifoQueue the last one put:");
        let jobs = PriorityQueue::unbounded();
        let stack = LifoQueue::unbounded();
        for job in [(3, "report"), (1, "deploy"), (2, "review")] {
            jobs.put_nowait(job).expect("unbounded");
            stack.put_nowait(job.1).expect("unbounded");
        }
        let by_priority: Vec<_> = std::iter::from_fn(|| jobs.get_nowait().ok()).collect();
        let last_first: Vec<_> = std::iter::from_fn(|| stack.get_nowait().ok()).collect();
        say(&format!(
            "-> priority: {by_priority:?}; lifo: {last_first:?}"
        ));

        say("Backpressure: a producer with no pause and a slow consumer on Queue::bounded(3).");
        let (items, maxsize) = (12, 3);
        let queue = Queue::bounded(maxsize);
        let consumer = {
            let queue = queue.clone();
            tokio::spawn(async move {
                while queue.get().await.is_ok() {
                    tokio::time::sleep(unit).await;
                }
            })
        };
        let (mut waited, mut most) = (0, 0);
        for item in 0..items {
            if let Err(PutError::QueueFull(item)) = queue.put_nowait(item) {
                waited += 1;
                queue.put(item).await.expect("open");
            }
            most = most.max(queue.qsize());
        }
        queue.shutdown(false);
        consumer.await.expect("the consumer panicked");
        say(&format!(
            "-> {items} puts, {waited} had to wait; the queue never held more than {most}."
        ));
        say("The examples go further: pub-sub through a broker, a depth-first walk on a");
        say("LifoQueue with task_done/join, a job scheduler with `Reverse` for largest first.");
    });
    Ok(())
}

fn event_loop(options: &Options) -> io::Result<()> {
    let unit = options.time(Duration::from_millis(100));
    let lp = EventLoop::new().map_err(io::Error::other)?;
    let fail = |err: LoopError| io::Error::other(err);

    say("A future is lazy: nothing runs until it is polled. Polled by hand with a no-op");
    say("waker, an async fn that yields once is Pending, then Ready (Python's send(None)):");
    let mut exam = std::pin::pin!(async {
        aio_primer::event_loop::yield_now().await;
        100
    });
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let polls: Vec<_> = (0..2).map(|_| exam.as_mut().poll(&mut cx)).collect();
    say(&format!(
        "-> {polls:?}; run_until_complete is this loop around poll."
    ));

    say("call_soon, call_later(2 units), call_at(time() + 1 unit), scheduled in that order,");
    say("plus a call_later(1 hour) cancelled at once:");
    let (order, start) = (Rc::new(RefCell::new(Vec::new())), lp.time());
    let record = |name: &'static str| {
        let (order, lp) = (order.clone(), lp.clone());
        move || order.borrow_mut().push((name, lp.time() - start))
    };
    lp.call_soon(record("soon")).map_err(fail)?;
    lp.call_later(unit * 2, record("later")).map_err(fail)?;
    lp.call_at(lp.time() + unit, record("at")).map_err(fail)?;
    let hour = lp
        .call_later(Duration::from_secs(3600), record("an hour"))
        .map_err(fail)?;
    hour.cancel();
    lp.run_until_complete(lp.sleep(unit * 3)).map_err(fail)?;
    let ran: Vec<_> = order
        .borrow()
        .iter()
        .map(|(name, at)| format!("{name} +{at:.0?}"))
        .collect();
    say(&format!(
        "-> ran in time order: {ran:?}; the cancelled hour did not keep the loop."
    ));

    say("A LoopFuture is a box for a later result: a task sleeps, then sets the score;");
    say("a done callback checks it, and run_until_complete(fut) returns it:");
    let score = lp.create_future::<u32>();
    let verdict = Rc::new(RefCell::new(""));
    let seen = verdict.clone();
    score.add_done_callback(move |fut| {
        *seen.borrow_mut() = if fut.result().is_ok_and(|score| score >= 60) {
            "Passed."
        } else {
            "Failed."
        };
    });
    let exam = score.clone();
    let task = lp
        .create_task(async move {
            aio_primer::event_loop::sleep(unit).await;
            exam.set_result(100).expect("set once");
            "Exam is completed."
        })
        .map_err(fail)?;
    let got = lp.run_until_complete(score).map_err(fail)?;
    say(&format!(
        "-> {got:?}, {}, task.result() = {:?}",
        verdict.borrow(),
        task.result()
    ));

    say("Debug mode times each callback and task step. A task that calls");
    say("std::thread::sleep (Python's time.sleep in a coroutine) is reported:");
    lp.set_debug(true);
    lp.set_slow_callback_duration(unit / 2);
    let reports = Rc::new(RefCell::new(Vec::new()));
    let log = reports.clone();
    lp.set_slow_callback_handler(move |report| log.borrow_mut().push(report.to_string()));
    lp.run_until_complete(async move { std::thread::sleep(unit) })
        .map_err(fail)?;
    lp.run_until_complete(aio_primer::event_loop::sleep(unit))
        .map_err(fail)?;
    lp.set_debug(false);
    for report in reports.borrow().iter() {
        say(&format!("-> {report}"));
    }
    say(&format!(
        "-> {} report(s); the awaited sleep after it: none.",
        reports.borrow().len()
    ));

    say("Another thread wakes the sleeping loop at once with call_soon_threadsafe:");
    let handle = lp.handle();
    let poster = std::thread::spawn(move || {
        while !handle.is_sleeping() {
            std::thread::yield_now();
        }
        let posted = Instant::now();
        handle
            .call_soon_threadsafe(move || {
                println!(
                    "  -> the loop ran it {:.1?} after the post.",
                    posted.elapsed()
                )
            })
            .and_then(|_| handle.stop())
    });
    lp.run_forever().map_err(fail)?;
    poster.join().expect("the poster panicked").map_err(fail)?;
    lp.close().map_err(fail)?;
    say("The examples go further: a periodic callback without drift, an echo server");
    say("on sock_accept/sock_recv/sock_sendall, spawn_threadsafe from another thread.");
    Ok(())
}

fn threaded_loop(options: &Options) -> io::Result<()> {
    let unit = options.time(Duration::from_millis(100));
    let lp = ThreadedLoop::new(4).map_err(io::Error::other)?;
    let fail = |err: LoopError| io::Error::other(err);

    say("Seed 003's loop: one shared ready queue drained by 4 worker threads. 8 callbacks,");
    say("each a CPU burst of 1 to 4 tenths of a unit, start in FIFO order and finish interleaved:");
    let (done, done_rx) = mpsc::channel();
    // Shared by callbacks that run at the same time: Arc<Mutex<_>>, since the
    // compiler refuses an Rc<RefCell<_>> in a `Send` callback.
    let total = Arc::new(Mutex::new(0));
    for job in 0..8_u32 {
        let (done, total) = (done.clone(), total.clone());
        lp.call_soon(move || {
            let burst = unit * (1 + (job * 3) % 4) / 10;
            let started = Instant::now();
            while started.elapsed() < burst {
                std::hint::spin_loop();
            }
            *total.lock().unwrap() += 1;
            let worker = std::thread::current().name().unwrap_or("?").to_owned();
            let _ = done.send(format!("{job}@{}", worker.trim_start_matches("aio-")));
        })
        .map_err(fail)?;
    }
    let finished: Vec<String> = done_rx.iter().take(8).collect();
    say(&format!("-> finished: {finished:?}"));
    say(&format!(
        "-> the shared counter reached {} of 8.",
        total.lock().unwrap()
    ));
    assert_eq!(*total.lock().unwrap(), 8, "no update was lost");

    say("Timers go to a scheduler thread that owns the heap and sleeps until the nearest;");
    say("scheduled at +3, +1, +2 units (each new earliest wakes it), they fire in time order:");
    let (fired, fired_rx) = mpsc::channel();
    let (start, unit) = (lp.time(), unit.max(Duration::from_millis(20)));
    for n in [3, 1, 2] {
        let fired = fired.clone();
        lp.call_at(start + unit * n, move || {
            let _ = fired.send(format!("+{n} at {:.0?}", start.elapsed()));
        })
        .map_err(fail)?;
    }
    let order: Vec<String> = fired_rx.iter().take(3).collect();
    say(&format!("-> {order:?}"));
    let firsts: Vec<&str> = order.iter().map(|fired| &fired[..2]).collect();
    assert_eq!(firsts, ["+1", "+2", "+3"], "timers fire in time order");

    lp.call_later(Duration::from_secs(3600), || println!("  never printed"))
        .map_err(fail)?;
    lp.join();
    say("-> join(): queued callbacks drained, the 1-hour timer dropped without running.");
    say("The examples go further: jobs per worker, a cancelled timer, stop() with a full queue.");
    Ok(())
}

fn many_tasks(options: &Options) -> io::Result<()> {
    use futures::StreamExt;

    let unit = options.time(Duration::from_millis(200));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let download = |name: &'static str, units: u32| async move {
            tokio::time::sleep(unit * units).await;
            Ok::<_, String>(name)
        };
        say("Three downloads of 3, 1 and 2 units: gather answers in input order,");
        say("as_completed in the order they finish:");
        let jobs = || [download("a", 3), download("b", 1), download("c", 2)];
        let gathered = gather(jobs()).await.expect("no download fails");
        let arrived: Vec<_> = as_completed(jobs(), None)
            .map(|arrival| arrival.expect("no timeout").expect("no failure"))
            .collect()
            .await;
        say(&format!("-> gather {gathered:?}, as_completed {arrived:?}"));

        say("wait_for gives up after 1 unit and drops (cancels) the 3-unit download:");
        let gave_up = wait_for(download("slow", 3), unit).await;
        say(&format!(
            "-> {gave_up:?}: no CancelledError, the future is simply gone."
        ));

        say("A TaskGroup: the first failure cancels the siblings; every error is kept:");
        let failed = TaskGroup::run(|group| async move {
            group.spawn(download("a", 1)).expect("the group is open");
            group
                .spawn(async move {
                    tokio::time::sleep(unit).await;
                    Err::<&str, _>("b: HTTP 500".to_owned())
                })
                .expect("the group is open");
            group.spawn(download("c", 30)).expect("the group is open");
        })
        .await;
        match failed {
            Err(failure) => say(&format!(
                "-> {failure} (c was cancelled, not awaited 30 units)"
            )),
            Ok(_) => say("-> unexpected: the group succeeded"),
        }

        say("detect_blocking times each poll: a std::thread::sleep inside a task is named:");
        let reports = Arc::new(Mutex::new(Vec::new()));
        let log = reports.clone();
        detect_blocking(async { std::thread::sleep(unit) }, unit / 2)
            .on_slow_poll(move |slow| log.lock().unwrap().push(slow.to_string()))
            .await;
        for report in reports.lock().unwrap().iter() {
            say(&format!("-> {report}"));
        }
    });
    say("The examples go further: wait and its ReturnWhen, shield, spawn_blocking as the");
    say("fix, and the flags downloader: three clients against a local server.");
    Ok(())
}

fn offloading(options: &Options) -> io::Result<()> {
    let pause = options.time(Duration::from_millis(100));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    say("run_in_executor: six calls of a blocking blocks(n) (sleep, then n²) on a");
    say("ThreadPool of 3 named threads, awaited by one task on a one-thread runtime:");
    // ANCHOR: tour_thread_pool
    let pool = ThreadPool::with_prefix("blocks", 3);
    let blocks = move |n: u64| {
        std::thread::sleep(pause); // blocking, but on a pool thread: the loop runs on
        (
            n * n,
            std::thread::current().name().unwrap_or("?").to_owned(),
        )
    };
    let (results, took) = runtime.block_on(async {
        let started = Instant::now();
        let jobs = (0..6).map(|n| pool.submit(move || blocks(n)));
        let jobs: Vec<_> = jobs.collect::<Result<_, _>>().map_err(io::Error::other)?;
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await.map_err(io::Error::other)?); // wrap_future + await
        }
        Ok::<_, io::Error>((results, started.elapsed()))
    })?;
    // ANCHOR_END: tour_thread_pool
    let squares: Vec<u64> = results.iter().map(|(square, _)| *square).collect();
    let mut threads: Vec<&str> = results.iter().map(|(_, name)| name.as_str()).collect();
    threads.sort_unstable();
    threads.dedup();
    say(&format!(
        "-> {squares:?} in {took:.2?} (6 x {pause:.0?} of sleep), on threads {threads:?}"
    ));
    assert_eq!(squares, [0, 1, 4, 9, 16, 25], "results come back in order");
    assert!(threads.len() <= 3, "max_workers=3 is a ceiling");
    pool.shutdown(true, false);

    say("tokio's own answer is spawn_blocking, onto a pool the runtime owns (up to 512");
    say("threads by default, so all six sleep at once):");
    // ANCHOR: tour_spawn_blocking
    let (theirs, took) = runtime.block_on(async {
        let started = Instant::now();
        let jobs: Vec<_> = (0..6)
            .map(|n| tokio::task::spawn_blocking(move || blocks(n)))
            .collect();
        let mut results = Vec::new();
        for job in jobs {
            results.push(job.await?); // a JoinError if the call panicked
        }
        Ok::<_, io::Error>((results, started.elapsed()))
    })?;
    // ANCHOR_END: tour_spawn_blocking
    let mut threads: Vec<&str> = theirs.iter().map(|(_, name)| name.as_str()).collect();
    threads.sort_unstable();
    threads.dedup();
    say(&format!(
        "-> the same squares in {took:.2?}, on threads all named {threads:?}"
    ));
    assert!(theirs.iter().map(|(square, _)| *square).eq(squares));

    say("No GIL: a CPU-bound sum of square roots runs on rayon's pool over every core,");
    say("and the async caller awaits it through rayon_bridge::spawn:");
    let end = options.size(20_000_000, 2_000_000) as u64;
    // ANCHOR: tour_rayon
    let job = rayon_bridge::spawn(move || {
        (0..end)
            .into_par_iter()
            .map(|n| (n as f64).sqrt())
            .sum::<f64>()
    });
    let parallel = runtime.block_on(job).map_err(io::Error::other)?;
    // ANCHOR_END: tour_rayon
    let serial = sqrt_sum((0, end));
    say(&format!(
        "-> sum of sqrt(0..{end}) = {parallel:.6e} on {} rayon threads; serial: {serial:.6e}",
        rayon::current_num_threads()
    ));
    assert!(
        (parallel - serial).abs() <= serial * 1e-9,
        "rayon and the serial loop agree"
    );

    say("A ProcessPool: its worker is this executable re-run in worker mode (the first line");
    say("of main). One worker, four jobs in order; the third makes the worker exit mid-job:");
    // ANCHOR: tour_process_pool
    let processes = ProcessPool::new(1)?;
    let fail = |err| io::Error::other(format!("{err}"));
    let square = processes
        .submit::<_, u64>("square", &12_u64)
        .map_err(fail)?;
    let before = processes.submit::<_, u32>("pid", &()).map_err(fail)?;
    let crash = processes.submit::<_, u64>("exit", &3_i32).map_err(fail)?;
    let after = processes.submit::<_, u32>("pid", &()).map_err(fail)?;
    let square = square.wait().map_err(io::Error::other)?;
    let before = before.wait().map_err(io::Error::other)?;
    let crash = crash.wait(); // Err: the worker died during the job
    let after = after.wait().map_err(io::Error::other)?; // a fresh worker ran it
    let started = processes.processes_started();
    processes.shutdown(true, false); // closes the worker's stdin and reaps it
    // ANCHOR_END: tour_process_pool
    say(&format!(
        "-> square(12) = {square} in worker {before} (the tour is {})",
        std::process::id()
    ));
    match &crash {
        Err(err) => say(&format!("-> exit(3): {err}")),
        Ok(value) => say(&format!("-> exit(3) unexpectedly returned {value}")),
    }
    say(&format!(
        "-> the next job ran in worker {after}: {started} processes started in all."
    ));
    assert_eq!(square, 144);
    assert_ne!(before, std::process::id(), "the job ran in another process");
    assert!(crash.is_err(), "a worker that dies fails its job");
    assert_ne!(before, after, "the dead worker was replaced");
    assert_eq!(started, 2);

    say("Seed 000's write thread: its own aio-loop EventLoop owns the output file. Four");
    say("tokio tasks send it 25 lines each (run_coroutine_threadsafe + wrap_future):");
    let path = std::env::temp_dir().join(format!("aio-primer-tour-{}.txt", std::process::id()));
    // ANCHOR: tour_write_thread
    let written = runtime.block_on(async {
        let writer = WriteThread::start(&path)?;
        let mut tasks = tokio::task::JoinSet::new();
        for task in 0..4 {
            let sender = writer.sender(); // Send + Clone: one per task
            tasks.spawn(async move {
                for line in 0..25 {
                    let write = sender.write_line(format!("task {task} line {line}"));
                    write.await.map_err(io::Error::other)??;
                }
                Ok::<_, io::Error>(())
            });
        }
        for sent in tasks.join_all().await {
            sent?;
        }
        writer.stop().await // flush, stop the loop, join the thread
    })?;
    // ANCHOR_END: tour_write_thread
    let text = std::fs::read_to_string(&path)?;
    std::fs::remove_file(&path)?;
    let mut lines: Vec<&str> = text.lines().collect();
    let in_file = lines.len();
    lines.sort_unstable();
    lines.dedup();
    say(&format!(
        "-> the write thread wrote {written} lines; the file holds {in_file}, {} distinct.",
        lines.len()
    ));
    assert_eq!((written, in_file, lines.len()), (100, 100, 100));
    say("The examples go further: spawn_blocking beside the ThreadPool, serial vs pool");
    say("speedup, four pools on one job, and tail-and-merge of files that are still growing.");
    Ok(())
}
