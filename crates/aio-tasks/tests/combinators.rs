//! gather, gather_settled, wait, as_completed, wait_for, the timeout scope
//! and detect_blocking, on tokio's paused clock: virtual time differences
//! are exact, so they are asserted; wall time never is.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aio_tasks::{
    ReturnWhen, SlowPoll, TimeoutError, as_completed, detect_blocking, gather, gather_settled,
    timeout, timeout_at, wait, wait_for,
};
use futures::StreamExt;
use tokio::time::{Instant, sleep};

mod common;
use common::{Log, OnDrop, ms};

/// Sleeps `delay` milliseconds and returns `outcome`, logging `start`,
/// `end` (only if it got past its await) and `drop`.
async fn job(
    log: Log,
    name: &'static str,
    delay: u64,
    outcome: Result<u32, &'static str>,
) -> Result<u32, &'static str> {
    let _flag = OnDrop {
        log: log.clone(),
        name,
    };
    log.push(format!("start {name}"));
    sleep(ms(delay)).await;
    log.push(format!("end {name}"));
    outcome
}

fn sorted(mut indices: Vec<usize>) -> Vec<usize> {
    indices.sort_unstable();
    indices
}

// ---------------------------------------------------------------- gather

#[tokio::test(start_paused = true)]
async fn gather_keeps_input_order_with_staggered_delays() {
    let log = Log::default();
    let started = Instant::now();
    let values = gather([
        job(log.clone(), "a", 30, Ok(1)),
        job(log.clone(), "b", 10, Ok(2)),
        job(log.clone(), "c", 20, Ok(3)),
    ])
    .await;
    assert_eq!(values, Ok(vec![1, 2, 3]));
    // Concurrent: the slowest one sets the pace.
    assert_eq!(started.elapsed(), ms(30));
    let ends: Vec<String> = log
        .entries()
        .into_iter()
        .filter(|e| e.starts_with("end"))
        .collect();
    assert_eq!(ends, ["end b", "end c", "end a"]);
}

#[tokio::test(start_paused = true)]
async fn gather_returns_the_first_error_and_drops_the_others() {
    let log = Log::default();
    let started = Instant::now();
    let outcome = gather([
        job(log.clone(), "a", 30, Ok(1)),
        job(log.clone(), "b", 10, Err("b failed")),
        job(log.clone(), "c", 20, Err("c failed")),
    ])
    .await;
    assert_eq!(outcome, Err("b failed"));
    assert_eq!(started.elapsed(), ms(10));
    // The still-running futures were dropped, never resumed.
    assert!(log.has("drop a") && log.has("drop c"));
    assert!(!log.has("end a") && !log.has("end c"));
    sleep(ms(100)).await;
    assert!(!log.has("end a") && !log.has("end c"));
}

#[tokio::test(start_paused = true)]
async fn gather_of_nothing_is_an_empty_vec() {
    let none: Vec<std::future::Ready<Result<u32, ()>>> = Vec::new();
    assert_eq!(gather(none).await, Ok(vec![]));
}

#[tokio::test(start_paused = true)]
async fn gather_settled_returns_every_result_in_input_order() {
    let log = Log::default();
    let started = Instant::now();
    let outcomes = gather_settled([
        job(log.clone(), "a", 30, Ok(1)),
        job(log.clone(), "b", 10, Err("b failed")),
        job(log.clone(), "c", 20, Ok(3)),
        job(log.clone(), "d", 5, Err("d failed")),
    ])
    .await;
    assert_eq!(outcomes, [Ok(1), Err("b failed"), Ok(3), Err("d failed")]);
    // Nothing was cancelled: everyone got past its await.
    assert_eq!(started.elapsed(), ms(30));
    for name in ["a", "b", "c", "d"] {
        assert!(log.has(&format!("end {name}")), "{name} did not finish");
    }
}

// ------------------------------------------------------------------ wait

#[tokio::test(start_paused = true)]
async fn wait_first_completed_hands_back_usable_pending_futures() {
    let log = Log::default();
    let started = Instant::now();
    let futures =
        [30, 10, 20].map(|delay| Box::pin(job(log.clone(), "x", delay, Ok(delay as u32))));
    let waited = wait(futures, None, ReturnWhen::FirstCompleted).await;
    assert_eq!(started.elapsed(), ms(10));
    assert_eq!(waited.done.len(), 1);
    assert_eq!(waited.done[0], (1, Ok(10)));
    let pending: Vec<usize> = waited.pending.iter().map(|(index, _)| *index).collect();
    assert_eq!(sorted(pending), [0, 2]);
    // Not cancelled: they run to completion when polled again.
    let mut rest: Vec<(usize, Result<u32, &str>)> = futures::future::join_all(
        waited
            .pending
            .into_iter()
            .map(|(index, future)| async move { (index, future.await) }),
    )
    .await;
    rest.sort_unstable();
    assert_eq!(rest, [(0, Ok(30)), (2, Ok(20))]);
    assert_eq!(started.elapsed(), ms(30));
}

#[tokio::test(start_paused = true)]
async fn wait_first_exception_stops_at_the_error_in_the_middle() {
    let log = Log::default();
    let started = Instant::now();
    let futures = [
        Box::pin(job(log.clone(), "a", 10, Ok(1))),
        Box::pin(job(log.clone(), "b", 20, Err("b failed"))),
        Box::pin(job(log.clone(), "c", 30, Ok(3))),
        Box::pin(job(log.clone(), "d", 40, Ok(4))),
    ];
    let waited = wait(futures, None, ReturnWhen::FirstException).await;
    assert_eq!(started.elapsed(), ms(20));
    assert_eq!(waited.done, [(0, Ok(1)), (1, Err("b failed"))]);
    let mut pending = waited.pending;
    pending.sort_by_key(|(index, _)| *index);
    assert_eq!(
        pending.iter().map(|(index, _)| *index).collect::<Vec<_>>(),
        [2, 3]
    );
    // Paused, not dropped: finish them.
    assert!(!log.has("drop c") && !log.has("drop d"));
    let mut values = Vec::new();
    for (_, future) in pending {
        values.push(future.await);
    }
    assert_eq!(values, [Ok(3), Ok(4)]);
    assert_eq!(started.elapsed(), ms(40));
}

#[tokio::test(start_paused = true)]
async fn wait_first_exception_without_errors_waits_for_all() {
    let log = Log::default();
    let futures = [20, 10].map(|delay| Box::pin(job(log.clone(), "x", delay, Ok(delay as u32))));
    let started = Instant::now();
    let waited = wait(futures, None, ReturnWhen::FirstException).await;
    assert_eq!(started.elapsed(), ms(20));
    assert_eq!(waited.done, [(1, Ok(10)), (0, Ok(20))]);
    assert!(waited.pending.is_empty());
}

#[tokio::test(start_paused = true)]
async fn wait_all_completed_keeps_going_past_errors() {
    let log = Log::default();
    let futures = [
        Box::pin(job(log.clone(), "a", 30, Ok(1))),
        Box::pin(job(log.clone(), "b", 10, Err("b failed"))),
        Box::pin(job(log.clone(), "c", 20, Ok(3))),
    ];
    let started = Instant::now();
    let waited = wait(futures, None, ReturnWhen::AllCompleted).await;
    assert_eq!(started.elapsed(), ms(30));
    // Completion order, each with its input index.
    assert_eq!(waited.done, [(1, Err("b failed")), (2, Ok(3)), (0, Ok(1))]);
    assert!(waited.pending.is_empty());
}

#[tokio::test(start_paused = true)]
async fn wait_timeout_returns_early_with_the_right_split() {
    let log = Log::default();
    let futures = [
        Box::pin(job(log.clone(), "a", 10, Ok(1))),
        Box::pin(job(log.clone(), "b", 50, Ok(2))),
        Box::pin(job(log.clone(), "c", 30, Ok(3))),
        Box::pin(job(log.clone(), "d", 5, Ok(4))),
    ];
    let started = Instant::now();
    let waited = wait(futures, Some(ms(20)), ReturnWhen::AllCompleted).await;
    assert_eq!(started.elapsed(), ms(20));
    assert_eq!(waited.done, [(3, Ok(4)), (0, Ok(1))]);
    let mut pending = waited.pending;
    pending.sort_by_key(|(index, _)| *index);
    assert_eq!(
        pending.iter().map(|(index, _)| *index).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(!log.has("drop b") && !log.has("drop c"));
    let (_, c) = pending.pop().unwrap();
    assert_eq!(c.await, Ok(3));
    assert_eq!(started.elapsed(), ms(30));
    let (_, b) = pending.pop().unwrap();
    assert_eq!(b.await, Ok(2));
    assert_eq!(started.elapsed(), ms(50));
}

#[tokio::test(start_paused = true)]
async fn wait_on_spawned_tasks_leaves_the_pending_ones_running() {
    let log = Log::default();
    let tasks: Vec<_> = [("a", 10), ("b", 30)]
        .into_iter()
        .map(|(name, delay)| tokio::spawn(job(log.clone(), name, delay, Ok(delay as u32))))
        .collect();
    let waited = wait(tasks, None, ReturnWhen::FirstCompleted).await;
    assert_eq!(waited.done.len(), 1);
    assert_eq!(waited.done[0].0, 0);
    let (index, handle) = waited.pending.into_iter().next().unwrap();
    assert_eq!(index, 1);
    drop(handle); // detaches: a task runs without its JoinHandle
    sleep(ms(30)).await;
    assert!(log.has("end b"));
}

// ---------------------------------------------------------- as_completed

#[tokio::test(start_paused = true)]
async fn as_completed_yields_in_completion_order() {
    let log = Log::default();
    let started = Instant::now();
    let mut stream = as_completed(
        [
            job(log.clone(), "a", 30, Ok(30)),
            job(log.clone(), "b", 10, Ok(10)),
            job(log.clone(), "c", 20, Err("c failed")),
        ],
        None,
    );
    assert_eq!(stream.next().await, Some(Ok(Ok(10))));
    assert_eq!(started.elapsed(), ms(10));
    assert_eq!(stream.next().await, Some(Ok(Err("c failed"))));
    assert_eq!(started.elapsed(), ms(20));
    assert_eq!(stream.next().await, Some(Ok(Ok(30))));
    assert_eq!(started.elapsed(), ms(30));
    assert_eq!(stream.next().await, None);
    assert_eq!(stream.next().await, None);
}

#[tokio::test(start_paused = true)]
async fn as_completed_timeout_yields_an_error_then_ends_and_drops_the_rest() {
    let log = Log::default();
    let started = Instant::now();
    let mut stream = as_completed(
        [
            job(log.clone(), "a", 10, Ok(1)),
            job(log.clone(), "b", 30, Ok(2)),
            job(log.clone(), "c", 50, Ok(3)),
        ],
        Some(ms(20)),
    );
    assert_eq!(stream.next().await, Some(Ok(Ok(1))));
    assert_eq!(stream.next().await, Some(Err(TimeoutError)));
    assert_eq!(started.elapsed(), ms(20));
    // The futures still running were dropped at the timeout.
    assert!(log.has("drop b") && log.has("drop c"));
    assert_eq!(stream.next().await, None);
    sleep(ms(100)).await;
    assert!(!log.has("end b") && !log.has("end c"));
}

#[tokio::test(start_paused = true)]
async fn as_completed_a_future_ready_at_the_deadline_wins() {
    let log = Log::default();
    let mut stream = as_completed(
        [
            job(log.clone(), "a", 20, Ok(1)),
            job(log.clone(), "b", 40, Ok(2)),
        ],
        Some(ms(20)),
    );
    assert_eq!(stream.next().await, Some(Ok(Ok(1))));
    assert_eq!(stream.next().await, Some(Err(TimeoutError)));
    assert_eq!(stream.next().await, None);
}

#[tokio::test(start_paused = true)]
async fn as_completed_of_nothing_ends_at_once() {
    let none: Vec<std::future::Ready<u8>> = Vec::new();
    let mut stream = as_completed(none, Some(ms(10)));
    assert_eq!(stream.next().await, None);
}

// -------------------------------------------------------------- wait_for

#[tokio::test(start_paused = true)]
async fn wait_for_cancels_the_inner_future_on_timeout() {
    let log = Log::default();
    let started = Instant::now();
    let outcome = wait_for(job(log.clone(), "slow", 50, Ok(1)), ms(20)).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(20));
    assert_eq!(log.entries(), ["start slow", "drop slow"]);
    // Dropped means gone: the code after its await never runs.
    sleep(ms(100)).await;
    assert_eq!(log.entries(), ["start slow", "drop slow"]);
}

#[tokio::test(start_paused = true)]
async fn wait_for_returns_the_value_in_time() {
    let log = Log::default();
    let started = Instant::now();
    let outcome = wait_for(job(log.clone(), "quick", 10, Ok(7)), ms(20)).await;
    assert_eq!(outcome, Ok(Ok(7)));
    assert_eq!(started.elapsed(), ms(10));
    assert_eq!(log.entries(), ["start quick", "end quick", "drop quick"]);
}

// --------------------------------------------------------- timeout scope

#[tokio::test(start_paused = true)]
async fn timeout_scope_expires_at_its_deadline() {
    let log = Log::default();
    let started = Instant::now();
    let scope = timeout(ms(100));
    let handle = scope.handle();
    assert_eq!(handle.when(), Some(started + ms(100)));
    assert!(!handle.expired());
    let outcome = scope.run(job(log.clone(), "body", 500, Ok(1))).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(100));
    assert!(handle.expired());
    assert_eq!(log.entries(), ["start body", "drop body"]);
}

#[tokio::test(start_paused = true)]
async fn timeout_scope_rescheduled_later_succeeds() {
    let started = Instant::now();
    let scope = timeout(ms(100));
    let handle = scope.handle();
    let inner = handle.clone();
    let outcome = scope
        .run(async move {
            sleep(ms(50)).await;
            inner.reschedule(Some(Instant::now() + ms(250)));
            sleep(ms(200)).await;
            "finished"
        })
        .await;
    assert_eq!(outcome, Ok("finished"));
    assert_eq!(started.elapsed(), ms(250));
    assert_eq!(handle.when(), Some(started + ms(300)));
    assert!(!handle.expired());
}

#[tokio::test(start_paused = true)]
async fn timeout_scope_rescheduled_earlier_expires_earlier() {
    let log = Log::default();
    let started = Instant::now();
    let scope = timeout(ms(100));
    let handle = scope.handle();
    let inner = handle.clone();
    let body_log = log.clone();
    let outcome = scope
        .run(async move {
            sleep(ms(10)).await;
            inner.reschedule(Some(started + ms(30)));
            job(body_log, "rest", 500, Ok(1)).await
        })
        .await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(30));
    assert!(handle.expired());
    assert_eq!(handle.when(), Some(started + ms(30)));
    assert_eq!(log.entries(), ["start rest", "drop rest"]);
}

#[tokio::test(start_paused = true)]
async fn timeout_scope_rescheduled_from_another_task_while_waiting() {
    let started = Instant::now();
    let scope = timeout(ms(100));
    let handle = scope.handle();
    let mover = handle.clone();
    tokio::spawn(async move {
        sleep(ms(20)).await;
        mover.reschedule(Some(started + ms(40)));
    });
    let outcome = scope.run(sleep(ms(500))).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(40));
    assert!(handle.expired());
}

#[tokio::test(start_paused = true)]
async fn timeout_scope_rescheduled_into_the_past_expires_at_once() {
    let started = Instant::now();
    let scope = timeout(ms(100));
    let inner = scope.handle();
    let outcome = scope
        .run(async move {
            sleep(ms(10)).await;
            inner.reschedule(Some(started));
            sleep(ms(500)).await;
        })
        .await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(10));
}

#[tokio::test(start_paused = true)]
async fn timeout_scope_rescheduled_to_none_never_expires() {
    let started = Instant::now();
    let scope = timeout(ms(10));
    let handle = scope.handle();
    let inner = handle.clone();
    let outcome = scope
        .run(async move {
            sleep(ms(5)).await;
            inner.reschedule(None);
            sleep(Duration::from_secs(3600)).await;
            42
        })
        .await;
    assert_eq!(outcome, Ok(42));
    assert_eq!(started.elapsed(), ms(5) + Duration::from_secs(3600));
    assert_eq!(handle.when(), None);
    assert!(!handle.expired());
}

#[tokio::test(start_paused = true)]
async fn timeout_at_none_waits_until_a_deadline_is_set() {
    let started = Instant::now();
    let scope = timeout_at(None);
    let handle = scope.handle();
    assert_eq!(handle.when(), None);
    let mover = handle.clone();
    tokio::spawn(async move {
        sleep(ms(1000)).await;
        mover.reschedule(Some(Instant::now() + ms(5)));
    });
    let outcome = scope.run(sleep(Duration::from_secs(3600))).await;
    assert_eq!(outcome, Err(TimeoutError));
    assert_eq!(started.elapsed(), ms(1005));
    assert!(handle.expired());
}

// -------------------------------------------------------- detect_blocking

type Reports = Arc<Mutex<Vec<SlowPoll>>>;

fn recorder() -> (Reports, impl Fn(&SlowPoll) + Send + Sync + 'static) {
    let reports: Reports = Arc::default();
    let sink = reports.clone();
    (reports, move |slow: &SlowPoll| {
        sink.lock().unwrap().push(slow.clone())
    })
}

/// Pending once, then blocks its thread for 5 ms (the mistake) and returns.
async fn blocks_on_its_second_poll() -> u32 {
    tokio::task::yield_now().await;
    // The subject of the test, not synchronization: a blocking call.
    std::thread::sleep(ms(5));
    7
}

#[tokio::test(start_paused = true)]
async fn detect_blocking_reports_the_blocking_poll_with_its_location() {
    let (reports, report) = recorder();
    let line = line!() + 1;
    let watched = detect_blocking(blocks_on_its_second_poll(), ms(1));
    assert_eq!(watched.on_slow_poll(report).await, 7);
    let reports = reports.lock().unwrap();
    // The first poll only yields; whether a loaded machine makes it slow is
    // not this test's business. The second poll blocked for 5 ms.
    let slow = reports
        .iter()
        .find(|slow| slow.poll == 2)
        .expect("the blocking poll was reported");
    assert!(slow.elapsed >= ms(5));
    assert_eq!(slow.location.file(), file!());
    assert_eq!(slow.location.line(), line);
    assert!(reports.iter().all(|slow| slow.poll <= 2));
    let text = slow.to_string();
    assert!(text.contains("poll #2"), "{text}");
    assert!(text.contains(file!()), "{text}");
}

#[tokio::test(start_paused = true)]
async fn detect_blocking_with_a_zero_threshold_reports_every_slow_poll() {
    let (reports, report) = recorder();
    let watched = detect_blocking(blocks_on_its_second_poll(), Duration::ZERO).on_slow_poll(report);
    assert_eq!(watched.await, 7);
    let polls: Vec<u64> = reports.lock().unwrap().iter().map(|s| s.poll).collect();
    assert!(polls.contains(&2), "{polls:?}");
}

#[tokio::test(start_paused = true)]
async fn detect_blocking_with_a_huge_threshold_reports_nothing() {
    let (reports, report) = recorder();
    let watched = detect_blocking(blocks_on_its_second_poll(), Duration::from_secs(3600))
        .on_slow_poll(report);
    assert_eq!(watched.await, 7);
    assert!(reports.lock().unwrap().is_empty());
}

/// A tracing subscriber that keeps every event's target and fields.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Warning>>>);

/// A captured event: its target and its fields, as `(name, Debug text)`.
type Warning = (String, Vec<(String, String)>);

struct Fields(Vec<(String, String)>);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        if *event.metadata().level() == tracing::Level::WARN {
            self.0
                .lock()
                .unwrap()
                .push((event.metadata().target().to_owned(), fields.0));
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(start_paused = true)]
async fn detect_blocking_without_a_handler_emits_a_tracing_warning() {
    let capture = Capture::default();
    // The current-thread runtime polls on this thread: a thread-local
    // default subscriber sees the event.
    let _guard = tracing::subscriber::set_default(capture.clone());
    let line = line!() + 1;
    let watched = detect_blocking(blocks_on_its_second_poll(), ms(1));
    assert_eq!(watched.await, 7);
    let events = capture.0.lock().unwrap();
    let location = format!("{}:{line}:", file!());
    let warning = events
        .iter()
        .find(|(target, fields)| {
            target == "aio_tasks::blocking" && fields.iter().any(|(k, v)| k == "poll" && v == "2")
        })
        .expect("a warning for the second poll");
    let field = |name: &str| {
        warning
            .1
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no field {name} in {:?}", warning.1))
    };
    assert!(
        field("location").starts_with(&location),
        "{}",
        field("location")
    );
    assert!(field("elapsed_ms").parse::<f64>().unwrap() >= 5.0);
    assert!(field("message").contains("spawn_blocking"));
}
