use std::sync::Arc;

use aio_exercises::ex06_bounded_put_waits::BoundedQueue;
use aio_exercises::support::run_with_deadline;
use aio_testkit::{TestTask, WakeLog};

#[test]
fn items_come_out_in_the_order_they_went_in() {
    let queue = BoundedQueue::new(3);
    let got = futures::executor::block_on(async {
        for item in [1, 2, 3] {
            queue.put(item).await;
        }
        [queue.get().await, queue.get().await, queue.get().await]
    });
    assert_eq!(got, [1, 2, 3]);
}

#[test]
fn put_on_a_full_queue_waits_until_a_get() {
    let queue = BoundedQueue::new(2);
    let log = WakeLog::new();
    let mut first = TestTask::new("first", queue.put(1), &log);
    let mut second = TestTask::new("second", queue.put(2), &log);
    let below_capacity = [first.poll(), second.poll()];
    assert!(below_capacity.iter().all(|poll| poll.is_ready()));

    let mut third = TestTask::new("third", queue.put(3), &log);
    third.assert_pending();
    third.assert_pending(); // polled again, nothing changed: still waiting

    let mut getter = TestTask::new("getter", queue.get(), &log);
    assert_eq!(getter.assert_ready(), 1);
    assert_eq!(log.take(), ["third"], "the get should wake the waiting put");
    third.assert_ready();

    let rest = futures::executor::block_on(async { [queue.get().await, queue.get().await] });
    assert_eq!(rest, [2, 3]);
}

#[test]
fn put_wakes_a_waiting_get() {
    let queue = BoundedQueue::new(1);
    let log = WakeLog::new();
    let mut getter = TestTask::new("getter", queue.get(), &log);
    let waiting = getter.poll();
    let mut putter = TestTask::new("putter", queue.put('x'), &log);
    let put = putter.poll();
    assert!(waiting.is_pending());
    assert!(put.is_ready());
    assert_eq!(
        log.take(),
        ["getter"],
        "the put should wake the waiting get"
    );
    assert_eq!(getter.assert_ready(), 'x');
}

#[test]
fn many_producers_and_consumers_lose_nothing() {
    let mut received = run_with_deadline(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let queue = Arc::new(BoundedQueue::new(2));
            let producers: Vec<_> = (0..4)
                .map(|producer| {
                    let queue = queue.clone();
                    tokio::spawn(async move {
                        for n in 0..100 {
                            queue.put(producer * 100 + n).await;
                        }
                        Vec::new()
                    })
                })
                .collect();
            let consumers: Vec<_> = (0..2)
                .map(|_| {
                    let queue = queue.clone();
                    tokio::spawn(async move {
                        let mut got = Vec::new();
                        for _ in 0..200 {
                            got.push(queue.get().await);
                        }
                        got
                    })
                })
                .collect();
            let mut received = Vec::new();
            for task in producers.into_iter().chain(consumers) {
                match task.await {
                    Ok(got) => received.extend(got),
                    Err(error) => std::panic::resume_unwind(error.into_panic()),
                }
            }
            received
        })
    });
    received.sort_unstable();
    assert_eq!(received, (0..400).collect::<Vec<_>>());
}
