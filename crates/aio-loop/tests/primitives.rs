//! The primitives of `aio-sync` and `aio-queue` driven by this loop: they
//! need nothing but `std::task::Waker`, so they run here unchanged.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use aio_loop::{Clock, EventLoop, ManualClock, Task, yield_now};
use aio_queue::Queue;
use aio_sync::{Condition, Event, Lock, Semaphore};

fn manual_loop() -> EventLoop {
    EventLoop::with_clock(Clock::Manual(ManualClock::new())).unwrap()
}

/// Runs the loop until every task is done, and returns their outputs.
fn join_all<T: 'static>(lp: &EventLoop, tasks: Vec<Task<T>>) -> Vec<T> {
    lp.run_until_complete(async move {
        let mut outputs = Vec::new();
        for task in tasks {
            outputs.push(task.await.expect("the task completed"));
        }
        outputs
    })
    .unwrap()
}

#[test]
fn lock_contended_by_ten_tasks_keeps_the_counter_exact() {
    let lp = manual_loop();
    let lock = Rc::new(Lock::new(0u32));
    let inside = Rc::new(Cell::new(0u32));
    let tasks = (0..10)
        .map(|_| {
            let (lock, inside) = (lock.clone(), inside.clone());
            lp.create_task(async move {
                for _ in 0..20 {
                    let mut counter = lock.lock().await;
                    inside.set(inside.get() + 1);
                    assert_eq!(inside.get(), 1, "mutual exclusion");
                    let read = *counter;
                    yield_now().await; // hold the lock across a switch
                    *counter = read + 1;
                    inside.set(inside.get() - 1);
                }
            })
            .unwrap()
        })
        .collect();
    join_all(&lp, tasks);
    assert_eq!(*lock.try_lock().unwrap(), 200);
    lp.close().unwrap();
}

#[test]
fn semaphore_limits_concurrency_to_its_permits() {
    let lp = manual_loop();
    let semaphore = Rc::new(Semaphore::new(3));
    let (in_flight, max_in_flight) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let tasks = (0..10u64)
        .map(|i| {
            let (semaphore, in_flight, max) =
                (semaphore.clone(), in_flight.clone(), max_in_flight.clone());
            lp.create_task(async move {
                let _permit = semaphore.acquire().await;
                in_flight.set(in_flight.get() + 1);
                max.set(max.get().max(in_flight.get()));
                aio_loop::sleep(Duration::from_millis(10 + i)).await;
                in_flight.set(in_flight.get() - 1);
            })
            .unwrap()
        })
        .collect();
    join_all(&lp, tasks);
    assert_eq!(max_in_flight.get(), 3);
    assert_eq!(semaphore.available_permits(), 3);
    lp.close().unwrap();
}

#[test]
fn event_set_from_call_later_wakes_every_waiter() {
    let lp = manual_loop();
    let event = Rc::new(Event::new());
    let start = lp.time();
    let tasks = (0..5)
        .map(|i| {
            let (event, lp2) = (event.clone(), lp.clone());
            lp.create_task(async move {
                event.wait().await;
                (i, lp2.time() - start)
            })
            .unwrap()
        })
        .collect();
    let setter = event.clone();
    lp.call_later(Duration::from_secs(2), move || setter.set())
        .unwrap();
    let woken = join_all(&lp, tasks);
    assert_eq!(
        woken,
        (0..5)
            .map(|i| (i, Duration::from_secs(2)))
            .collect::<Vec<_>>()
    );
    assert!(event.is_set());
    lp.close().unwrap();
}

#[test]
fn bounded_queue_delivers_every_item_once_and_in_order() {
    let lp = manual_loop();
    let queue = Rc::new(Queue::bounded(3));
    let max_size = Rc::new(Cell::new(0));
    let producer = {
        let (queue, max_size) = (queue.clone(), max_size.clone());
        lp.create_task(async move {
            for item in 0..100u32 {
                queue.put(item).await.unwrap();
                max_size.set(max_size.get().max(queue.qsize()));
                if item % 7 == 0 {
                    yield_now().await;
                }
            }
        })
        .unwrap()
    };
    let consumer = {
        let queue = queue.clone();
        lp.create_task(async move {
            let mut received = Vec::new();
            while received.len() < 100 {
                received.push(queue.get().await.unwrap());
                if received.len() % 5 == 0 {
                    aio_loop::sleep(Duration::from_millis(1)).await;
                }
            }
            received
        })
        .unwrap()
    };
    let received = lp
        .run_until_complete(async move {
            producer.await.unwrap();
            consumer.await.unwrap()
        })
        .unwrap();
    assert_eq!(received, (0..100).collect::<Vec<_>>());
    assert!(max_size.get() <= 3);
    assert!(queue.is_empty());
    lp.close().unwrap();
}

#[test]
fn condition_notify_wakes_waiters_in_order() {
    let lp = manual_loop();
    let condition = Rc::new(Condition::new(0u32));
    let woken = Rc::new(RefCell::new(Vec::new()));
    let waiters: Vec<_> = (1..=3u32)
        .map(|id| {
            let (condition, woken) = (condition.clone(), woken.clone());
            lp.create_task(async move {
                let guard = condition.lock().await;
                let guard = condition.wait_for(guard, |round| *round >= id).await;
                woken.borrow_mut().push((id, *guard));
            })
            .unwrap()
        })
        .collect();
    let notifier = {
        let condition = condition.clone();
        lp.create_task(async move {
            for _ in 0..3 {
                aio_loop::sleep(Duration::from_secs(1)).await;
                let mut guard = condition.lock().await;
                *guard += 1;
                condition.notify_all(&guard);
            }
        })
        .unwrap()
    };
    let mut tasks = waiters;
    tasks.push(notifier);
    join_all(&lp, tasks);
    assert_eq!(*woken.borrow(), [(1, 1), (2, 2), (3, 3)]);
    lp.close().unwrap();
}

#[test]
fn condition_notify_one_wakes_exactly_one_waiter() {
    let lp = manual_loop();
    let condition = Rc::new(Condition::new(()));
    let woken = Rc::new(Cell::new(0));
    for _ in 0..3 {
        let (condition, woken) = (condition.clone(), woken.clone());
        lp.create_task(async move {
            let guard = condition.lock().await;
            let _guard = condition.wait(guard).await;
            woken.set(woken.get() + 1);
        })
        .unwrap();
    }
    // Let the three reach their wait.
    for _ in 0..3 {
        lp.call_soon(|| {}).unwrap();
        lp.run_once();
    }
    assert_eq!(woken.get(), 0);
    {
        let guard = condition.try_lock().unwrap();
        assert_eq!(condition.notify(&guard, 1), 1);
    }
    for _ in 0..3 {
        lp.call_soon(|| {}).unwrap();
        lp.run_once();
    }
    assert_eq!(woken.get(), 1);
    lp.close().unwrap();
}
