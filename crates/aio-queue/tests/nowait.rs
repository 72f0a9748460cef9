//! `put_nowait` / `get_nowait` and the size queries: every refusal names its
//! reason and hands the item back.

use aio_queue::{GetError, LifoQueue, PriorityQueue, PutError, Queue};

#[test]
fn put_nowait_on_a_full_queue_hands_the_item_back() {
    let queue = Queue::bounded(1);
    queue.put_nowait(String::from("kept")).unwrap();
    match queue.put_nowait(String::from("refused")) {
        Err(PutError::QueueFull(item)) => assert_eq!(item, "refused"),
        other => panic!("expected QueueFull, got {other:?}"),
    }
    let error = queue.put_nowait(String::from("again")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the queue is full (the item is handed back)"
    );
    assert_eq!(format!("{error:?}"), "QueueFull(..)");
    assert_eq!(error.into_item(), "again");
    assert_eq!(queue.qsize(), 1);
}

#[test]
fn put_nowait_after_shutdown_hands_the_item_back() {
    let queue = Queue::unbounded();
    queue.shutdown(false);
    match queue.put_nowait(vec![1, 2]) {
        Err(PutError::QueueShutDown(item)) => assert_eq!(item, [1, 2]),
        other => panic!("expected QueueShutDown, got {other:?}"),
    }
    assert_eq!(queue.qsize(), 0);
}

#[test]
fn put_nowait_on_a_full_shut_down_queue_reports_the_shutdown() {
    let queue = Queue::bounded(1);
    queue.put_nowait(1).unwrap();
    queue.shutdown(false);
    assert!(matches!(
        queue.put_nowait(2),
        Err(PutError::QueueShutDown(2))
    ));
}

#[test]
fn get_nowait_on_an_empty_queue_is_queue_empty() {
    let queue = Queue::<u8>::unbounded();
    assert_eq!(queue.get_nowait(), Err(GetError::QueueEmpty));
    queue.put_nowait(1).unwrap();
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(queue.get_nowait(), Err(GetError::QueueEmpty));
    assert_eq!(GetError::QueueEmpty.to_string(), "the queue is empty");
}

#[test]
fn get_nowait_drains_a_shut_down_queue_then_is_queue_shut_down() {
    let queue = LifoQueue::unbounded();
    queue.put_nowait('a').unwrap();
    queue.put_nowait('b').unwrap();
    queue.shutdown(false);
    assert_eq!(queue.get_nowait(), Ok('b'));
    assert_eq!(queue.get_nowait(), Ok('a'));
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
    assert_eq!(queue.get_nowait(), Err(GetError::QueueShutDown));
}

#[test]
fn sizes_of_a_bounded_queue_follow_puts_and_gets() {
    let queue = PriorityQueue::bounded(3);
    assert_eq!(queue.maxsize(), Some(3));
    assert_eq!(
        (queue.qsize(), queue.is_empty(), queue.is_full()),
        (0, true, false)
    );
    queue.put_nowait(2).unwrap();
    assert_eq!(
        (queue.qsize(), queue.is_empty(), queue.is_full()),
        (1, false, false)
    );
    queue.put_nowait(1).unwrap();
    queue.put_nowait(3).unwrap();
    assert_eq!(
        (queue.qsize(), queue.is_empty(), queue.is_full()),
        (3, false, true)
    );
    assert!(queue.put_nowait(0).is_err());
    assert_eq!(queue.get_nowait(), Ok(1));
    assert_eq!(
        (queue.qsize(), queue.is_empty(), queue.is_full()),
        (2, false, false)
    );
    assert_eq!(queue.maxsize(), Some(3));
}

#[test]
fn an_unbounded_queue_is_never_full() {
    let queue = Queue::unbounded();
    assert_eq!(queue.maxsize(), None);
    for n in 0..10_000 {
        queue.put_nowait(n).unwrap();
        assert!(!queue.is_full());
    }
    assert_eq!(queue.qsize(), 10_000);
    assert!(!queue.is_empty());
}

#[test]
fn clones_are_handles_to_the_same_queue() {
    let producer = Queue::bounded(2);
    let consumer = producer.clone();
    producer.put_nowait(1).unwrap();
    assert_eq!(consumer.qsize(), 1);
    assert_eq!(consumer.get_nowait(), Ok(1));
    consumer.shutdown(false);
    assert!(producer.is_shut_down());
}

#[test]
#[should_panic(expected = "use unbounded() for asyncio's maxsize=0")]
fn bounded_zero_panics() {
    let _ = Queue::<u8>::bounded(0);
}

#[test]
fn awaited_put_and_get_report_the_shutdown_with_the_item() {
    futures::executor::block_on(async {
        let queue = Queue::unbounded();
        queue.shutdown(true);
        let refused = queue.put(String::from("late")).await.unwrap_err();
        assert_eq!(refused.0, "late");
        assert_eq!(refused.to_string(), "the queue is shut down");
        assert!(queue.get().await.is_err());
    });
}
