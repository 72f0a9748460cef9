//! A depth-first walk of a directory-like tree, with a `LifoQueue` as the
//! shared stack: several workers pop a path, "list" it, push its children.
//! `task_done`/`join` tell `main` when the walk is over, even though nobody
//! knows in advance how many nodes there are. Book: "Queues", LifoQueue.
//!
//!     cargo run --example lifo_depth_first [-- --quick]
mod common;

use std::time::Duration;

use aio_primer::queue::LifoQueue;
use common::Options;
use tokio::task::JoinSet;
use tokio::time::sleep;

const WORKERS: usize = 2;
#[rustfmt::skip]
const TREE: &[&str] = &[
    "/docs", "/docs/book.md",
    "/src", "/src/lib.rs", "/src/queue", "/src/queue/fifo.rs", "/src/queue/lifo.rs",
    "/src/queue/store", "/src/queue/store/heap.rs",
    "/tests", "/tests/data", "/tests/data/a.txt", "/tests/data/b.txt", "/tests/walk.rs",
];

/// The entries directly under `path`: what listing a directory would return.
fn children(path: &str) -> Vec<&'static str> {
    let under = if path == "/" { "" } else { path };
    TREE.iter()
        .copied()
        .filter(|entry| {
            entry
                .rsplit_once('/')
                .is_some_and(|(parent, _)| parent == under)
        })
        .collect()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::from_env();
    let unit = options.time(Duration::from_millis(60));
    let stack = LifoQueue::unbounded();
    stack.put_nowait("/").expect("unbounded");

    let mut workers = JoinSet::new();
    for worker in 0..WORKERS {
        let stack = stack.clone();
        workers.spawn(async move {
            let mut visited = Vec::new();
            while let Ok(path) = stack.get().await {
                let depth = path.matches('/').count() - usize::from(path == "/");
                println!(
                    "{:indent$}{path}  (worker {worker})",
                    "",
                    indent = 2 * depth
                );
                sleep(unit).await; // listing a directory takes a while
                // Reversed, so the first child ends on top of the stack. (An
                // idle worker waiting in `get` is handed a child at once: a put
                // serves waiting getters first; what stays stacked comes out
                // last in, first out, so deep paths go before their uncles.)
                for child in children(path).into_iter().rev() {
                    stack.put_nowait(child).expect("unbounded and open");
                }
                // Only now: the children are counted before this node is
                // done, so `join` cannot return while work is still coming.
                stack.task_done().expect("taken");
                visited.push(path);
            }
            visited
        });
    }

    stack.join().await;
    stack.shutdown(false); // wake the idle workers: the walk is over
    let mut visited: Vec<&str> = workers.join_all().await.concat();
    println!("{} nodes visited by {WORKERS} workers", visited.len());

    visited.sort_unstable();
    let mut every_node: Vec<&str> = TREE.iter().copied().chain(["/"]).collect();
    every_node.sort_unstable();
    assert_eq!(
        visited, every_node,
        "every node must be visited exactly once"
    );
}
