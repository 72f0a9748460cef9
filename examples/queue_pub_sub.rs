//! Publish/subscribe with queues: a publisher writes to one inbound queue, a
//! broker copies each message into one bounded queue per subscriber, and the
//! subscribers read at their own pace. Book: "Queues", pub-sub.
//!
//!     cargo run --example queue_pub_sub [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::queue::Queue;
use common::Options;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// The subscribers and how long each takes per message, in units.
const SUBSCRIBERS: [(&str, u32); 3] = [("fast", 1), ("medium", 2), ("slow", 4)];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let messages = options.size(6, 4);
    let unit = options.time(Duration::from_millis(50));
    let publisher = Queue::<String>::unbounded();
    let inbound = publisher.clone(); // the broker's handle on the same queue

    // One mailbox per subscriber. Bounded: a subscriber that falls 2 behind
    // makes the broker wait, so memory stays flat (and the slowest sets the pace).
    let mut mailboxes = Vec::new();
    let mut subscribers = JoinSet::new();
    for (name, cost) in SUBSCRIBERS {
        let mailbox = Queue::bounded(2);
        mailboxes.push(mailbox.clone());
        subscribers.spawn(async move {
            let mut received = Vec::new();
            while let Ok(message) = mailbox.get().await {
                println!("    {name:>6} got {message}");
                sleep(unit * cost).await;
                received.push(message);
            }
            (name, received)
        });
    }

    let broker = tokio::spawn(async move {
        // Ends when the inbound queue is shut down and drained.
        while let Ok(message) = inbound.get().await {
            for mailbox in &mailboxes {
                mailbox
                    .put(message.clone())
                    .await
                    .expect("mailboxes are open");
            }
        }
        // Pass the shutdown on: subscribers drain their mailbox, then stop.
        for mailbox in &mailboxes {
            mailbox.shutdown(false);
        }
        println!("broker: inbound closed, mailboxes shut down");
    });

    for n in 0..messages {
        let message = format!("news#{n}");
        println!("publisher: {message}");
        publisher.put_nowait(message).expect("unbounded and open");
        sleep(unit).await;
    }
    publisher.shutdown(false);
    broker.await.expect("the broker panicked");

    let published: Vec<String> = (0..messages).map(|n| format!("news#{n}")).collect();
    for (name, received) in subscribers.join_all().await {
        println!("{name:>6} received {} messages", received.len());
        assert_eq!(
            received, published,
            "{name} must get every message, in order"
        );
    }
}
