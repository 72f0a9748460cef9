//! The multi-threaded loop: every callback exactly once, timers never early,
//! stop drains, tasks woken from many threads, I/O on the selector thread,
//! and what it cannot promise that the single-threaded loop does.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use aio_loop::{FutureError, LoopError, ThreadedLoop};

/// Generous: only turns a hang into a failure.
const DEADLINE: Duration = Duration::from_secs(60);

fn every_callback_runs_exactly_once(workers: usize) {
    const N: usize = 10_000;
    let lp = ThreadedLoop::new(workers).unwrap();
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..N).map(|_| AtomicUsize::new(0)).collect());
    let (ran_tx, ran_rx) = mpsc::channel();
    for i in 0..N {
        let (runs, ran) = (runs.clone(), ran_tx.clone());
        let callback = move || {
            runs[i].fetch_add(1, SeqCst);
            ran.send(()).unwrap();
        };
        // Half of them are scheduled from a callback, on a worker.
        if i % 2 == 0 {
            lp.call_soon(callback).unwrap();
        } else {
            let handle = lp.handle();
            lp.call_soon(move || {
                handle.call_soon(callback).unwrap();
            })
            .unwrap();
        }
    }
    for _ in 0..N {
        ran_rx.recv_timeout(DEADLINE).expect("every callback runs");
    }
    // Stopped only now: a duplicate run would still be counted below.
    lp.join();
    for (i, count) in runs.iter().enumerate() {
        assert_eq!(
            count.load(SeqCst),
            1,
            "callback {i} under {workers} workers"
        );
    }
}

#[test]
fn every_callback_runs_exactly_once_with_1_worker() {
    every_callback_runs_exactly_once(1);
}

#[test]
fn every_callback_runs_exactly_once_with_2_workers() {
    every_callback_runs_exactly_once(2);
}

#[test]
fn every_callback_runs_exactly_once_with_8_workers() {
    every_callback_runs_exactly_once(8);
}

#[test]
fn no_timer_fires_before_its_when() {
    const N: u64 = 200;
    let lp = ThreadedLoop::new(2).unwrap();
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    for i in 0..N {
        // Scheduled out of order: later timers first.
        let when = start + Duration::from_micros((N - i) * 97 % 20_000);
        let tx = tx.clone();
        lp.call_at(when, move || tx.send((when, Instant::now())).unwrap())
            .unwrap();
    }
    for _ in 0..N {
        let (when, fired) = rx.recv_timeout(DEADLINE).expect("every timer fires");
        assert!(fired >= when, "a timer fired {:?} early", when - fired);
    }
}

#[test]
fn an_earlier_timer_wakes_the_sleeping_scheduler() {
    let lp = ThreadedLoop::new(1).unwrap();
    let (tx, rx) = mpsc::channel();
    // The scheduler goes to sleep until an hour from now...
    lp.call_later(Duration::from_secs(3600), || {
        unreachable!("cancelled by join")
    })
    .unwrap();
    // ...and must wake up for this one, or the test hits its deadline.
    lp.call_later(Duration::from_millis(1), move || tx.send("early").unwrap())
        .unwrap();
    assert_eq!(rx.recv_timeout(DEADLINE), Ok("early"));
}

#[test]
fn a_cancelled_timer_never_runs() {
    let lp = ThreadedLoop::new(2).unwrap();
    let ran = Arc::new(AtomicBool::new(false));
    let flag = ran.clone();
    let timer = lp
        .call_later(Duration::from_millis(5), move || flag.store(true, SeqCst))
        .unwrap();
    // Cancelled from another thread: TimerHandle is Send.
    thread::spawn(move || timer.cancel()).join().unwrap();
    let (tx, rx) = mpsc::channel();
    lp.call_later(Duration::from_millis(10), move || tx.send(()).unwrap())
        .unwrap();
    rx.recv_timeout(DEADLINE).unwrap();
    lp.join();
    assert!(!ran.load(SeqCst));
}

/// Sets its flag when dropped: shows a callback was dropped without running.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, SeqCst);
    }
}

#[test]
fn stop_drains_the_ready_queue_rejects_new_work_and_drops_future_timers() {
    let lp = ThreadedLoop::new(1).unwrap();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    // The only worker is busy until released...
    lp.call_soon(move || {
        started_tx.send(()).unwrap();
        release_rx.recv().unwrap();
    })
    .unwrap();
    started_rx.recv_timeout(DEADLINE).unwrap();
    // ...so these wait in the ready queue.
    let ran = Arc::new(AtomicUsize::new(0));
    for _ in 0..100 {
        let ran = ran.clone();
        lp.call_soon(move || {
            ran.fetch_add(1, SeqCst);
        })
        .unwrap();
    }
    let timer_dropped = Arc::new(AtomicBool::new(false));
    let guard = DropFlag(timer_dropped.clone());
    let timer_ran = Arc::new(AtomicBool::new(false));
    let flag = timer_ran.clone();
    lp.call_later(Duration::from_secs(3600), move || {
        let _guard = guard;
        flag.store(true, SeqCst);
    })
    .unwrap();

    lp.stop();
    assert_eq!(lp.call_soon(|| {}).unwrap_err(), LoopError::Closed);
    assert!(lp.spawn(async {}).is_err());
    release_tx.send(()).unwrap();
    lp.join();

    assert_eq!(ran.load(SeqCst), 100, "every ready callback ran");
    assert!(!timer_ran.load(SeqCst), "a timer not yet due never runs");
    assert!(timer_dropped.load(SeqCst), "its callback was dropped");
}

#[test]
fn tasks_woken_from_many_threads_complete() {
    const TASKS: usize = 200;
    let lp = ThreadedLoop::new(2).unwrap();
    let mut senders = Vec::new();
    let mut results = Vec::new();
    for i in 0..TASKS {
        let (tx, rx) = futures::channel::oneshot::channel::<usize>();
        senders.push(tx);
        results.push(
            lp.spawn(async move { rx.await.unwrap() * 2 + i % 2 })
                .unwrap(),
        );
    }
    // Eight threads fire the wake-ups, interleaved with the polls.
    let chunks: Vec<Vec<_>> = {
        let mut chunks: Vec<Vec<_>> = (0..8).map(|_| Vec::new()).collect();
        for (i, tx) in senders.into_iter().enumerate() {
            chunks[i % 8].push((i, tx));
        }
        chunks
    };
    let threads: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            thread::spawn(move || {
                for (i, tx) in chunk {
                    tx.send(i).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    for (i, result) in results.into_iter().enumerate() {
        assert_eq!(result.wait(), Ok(i * 2 + i % 2));
    }
}

#[test]
fn a_task_that_yields_many_times_is_never_polled_twice_at_once() {
    let lp = ThreadedLoop::new(8).unwrap();
    let polling = Arc::new(AtomicBool::new(false));
    let overlaps = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (polling, overlaps) = (polling.clone(), overlaps.clone());
            let guard = Arc::new(AtomicBool::new(false));
            lp.spawn(async move {
                for _ in 0..500 {
                    if guard.swap(true, SeqCst) {
                        overlaps.fetch_add(1, SeqCst);
                    }
                    // Wake ourselves from another thread while we run.
                    YieldFromThread::default().await;
                    guard.store(false, SeqCst);
                }
                drop(polling);
            })
            .unwrap()
        })
        .collect();
    for task in tasks {
        assert_eq!(task.wait(), Ok(()));
    }
    assert_eq!(overlaps.load(SeqCst), 0);
}

/// Pending once; its waker is fired by a fresh thread.
#[derive(Default)]
struct YieldFromThread {
    yielded: bool,
}

impl Future for YieldFromThread {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.yielded {
            return std::task::Poll::Ready(());
        }
        self.yielded = true;
        let waker = cx.waker().clone();
        thread::spawn(move || waker.wake());
        std::task::Poll::Pending
    }
}

#[test]
fn callbacks_start_in_fifo_order_but_may_finish_in_any_order() {
    // On EventLoop, `first` would wait forever for `second` (one callback at
    // a time). Here a second worker runs `second` while `first` waits.
    let lp = ThreadedLoop::new(2).unwrap();
    let finished = Arc::new(Mutex::new(Vec::new()));
    let (second_ran_tx, second_ran_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let log = finished.clone();
    let done = done_tx.clone();
    lp.call_soon(move || {
        second_ran_rx
            .recv_timeout(DEADLINE)
            .expect("second runs meanwhile");
        log.lock().unwrap().push("first");
        done.send(()).unwrap();
    })
    .unwrap();
    let log = finished.clone();
    lp.call_soon(move || {
        log.lock().unwrap().push("second");
        second_ran_tx.send(()).unwrap();
        done_tx.send(()).unwrap();
    })
    .unwrap();
    done_rx.recv_timeout(DEADLINE).unwrap();
    done_rx.recv_timeout(DEADLINE).unwrap();
    assert_eq!(*finished.lock().unwrap(), ["second", "first"]);
}

#[test]
fn a_panicking_callback_is_reported_and_its_worker_goes_on() {
    let lp = ThreadedLoop::new(1).unwrap();
    let (report_tx, report_rx) = mpsc::channel();
    let report_tx = Mutex::new(report_tx);
    lp.set_exception_handler(move |ctx| {
        report_tx
            .lock()
            .unwrap()
            .send((
                ctx.panic().to_owned(),
                ctx.origin().location().file().to_owned(),
            ))
            .unwrap();
    });
    lp.call_soon(|| panic!("boom")).unwrap();
    let (tx, rx) = mpsc::channel();
    lp.call_soon(move || tx.send("still here").unwrap())
        .unwrap();
    let (panic, file) = report_rx.recv_timeout(DEADLINE).unwrap();
    assert_eq!(panic, "boom");
    assert!(file.ends_with("threaded.rs"), "{file}");
    assert_eq!(rx.recv_timeout(DEADLINE), Ok("still here"));
}

#[test]
fn a_panicking_task_fails_its_future_and_the_loop_goes_on() {
    let lp = ThreadedLoop::new(1).unwrap();
    let failed = lp.spawn(async { panic!("task boom") }).unwrap();
    assert_eq!(
        failed.wait(),
        Err(FutureError::Panicked("task boom".into()))
    );
    assert_eq!(lp.spawn(async { 1 }).unwrap().wait(), Ok(1));
}

#[test]
fn an_unfinished_task_is_cancelled_when_the_loop_stops() {
    let lp = ThreadedLoop::new(1).unwrap();
    let (_never_tx, never_rx) = futures::channel::oneshot::channel::<()>();
    let pending = lp.spawn(never_rx).unwrap();
    lp.join();
    assert_eq!(pending.wait(), Err(FutureError::Cancelled));
}

#[test]
fn an_echo_server_on_the_selector_thread_serves_several_clients() {
    const CLIENTS: usize = 5;
    const MESSAGES: usize = 20;
    let lp = ThreadedLoop::new(2).unwrap();
    let listener = Arc::new(TcpListener::bind("127.0.0.1:0").unwrap());
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));

    let handle = lp.handle();
    let server = listener.clone();
    let count = accepted.clone();
    lp.add_reader(&*listener, move || {
        // Accept everything waiting; each client gets its own reader.
        while let Ok((stream, _)) = server.accept() {
            count.fetch_add(1, SeqCst);
            stream.set_nonblocking(true).unwrap();
            let stream = Arc::new(stream);
            let (client, handle2) = (stream.clone(), handle.clone());
            handle
                .add_reader(&*stream, move || {
                    let mut buf = [0u8; 1024];
                    match (&*client).read(&mut buf) {
                        Ok(0) => handle2.remove_reader(&*client),
                        // Small messages on loopback: the write fits the
                        // socket buffer, so a non-blocking write_all is fine.
                        Ok(n) => (&*client).write_all(&buf[..n]).unwrap(),
                        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
                        Err(err) => panic!("read failed: {err}"),
                    }
                })
                .unwrap();
        }
    })
    .unwrap();

    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            thread::spawn(move || {
                let mut stream = TcpStream::connect(addr).unwrap();
                stream.set_read_timeout(Some(DEADLINE)).unwrap();
                for m in 0..MESSAGES {
                    let line = format!("client {c} message {m}\n");
                    stream.write_all(line.as_bytes()).unwrap();
                    let mut echo = vec![0u8; line.len()];
                    stream.read_exact(&mut echo).unwrap();
                    assert_eq!(echo, line.as_bytes());
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("every echo matched");
    }
    assert_eq!(accepted.load(SeqCst), CLIENTS);
}

#[test]
fn handles_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<ThreadedLoop>();
    check::<aio_loop::ThreadedHandle>();
}
