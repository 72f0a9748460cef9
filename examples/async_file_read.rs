//! Async file reads, two ways (seed 002): the file is read by a blocking
//! `std::fs::read` submitted to our `ThreadPool` and awaited from tokio
//! (Python's `loop.run_in_executor(pool, read)`), and by `tokio::fs::read`,
//! which does the same thing on tokio's own blocking pool. Both must return
//! the same bytes; the timings are informational.
//! Book: "Offloading work", threads for blocking I/O.
//!
//!     cargo run --example async_file_read [-- --quick]
mod common;

use std::time::Instant;

use aio_offload::ThreadPool;
use common::Options;

/// Reads `path` `rounds` times on a pool thread; this task only awaits.
async fn via_pool(pool: &ThreadPool, path: &std::path::Path, rounds: usize) -> Vec<u8> {
    let mut last = Vec::new();
    for _ in 0..rounds {
        let path = path.to_path_buf();
        let read = pool
            .submit(move || std::fs::read(path))
            .expect("the pool is open");
        last = read
            .await
            .expect("the read job ran")
            .expect("the file is readable");
    }
    last
}

/// The same through tokio, which runs `std::fs::read` on `spawn_blocking`.
async fn via_tokio_fs(path: &std::path::Path, rounds: usize) -> Vec<u8> {
    let mut last = Vec::new();
    for _ in 0..rounds {
        last = tokio::fs::read(path).await.expect("the file is readable");
    }
    last
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let (size, rounds) = (options.size(4 << 20, 256 << 10), options.size(20, 5));
    let path = std::env::temp_dir().join(format!("aio-async-read-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&path, &content)?;
    println!("reading a {} KiB file {rounds} times each way", size >> 10);

    let pool = ThreadPool::with_prefix("reader", 2);
    let started = Instant::now();
    let from_pool = via_pool(&pool, &path, rounds).await;
    let pool_time = started.elapsed();

    let started = Instant::now();
    let from_tokio = via_tokio_fs(&path, rounds).await;
    let tokio_time = started.elapsed();

    println!(
        "ThreadPool + std::fs::read: {:>9.2?} per read",
        pool_time / rounds as u32
    );
    println!(
        "tokio::fs::read:            {:>9.2?} per read (informational)",
        tokio_time / rounds as u32
    );
    std::fs::remove_file(&path)?;
    let same = from_pool == content && from_tokio == content;
    println!("both read the same {} bytes: {same}", from_pool.len());
    if !same {
        eprintln!("FAILED: the two reads differ from the file's content");
        std::process::exit(1);
    }
    Ok(())
}
