//! Seed 000's tail-and-merge: four writer threads append random lines to
//! four files for about a second, often splitting a line across two writes.
//! Meanwhile a tokio task tails the files (reads on a thread pool) and sends
//! every line to a `WriteThread`, a thread with its own aio-loop event loop
//! that owns the output file. When the writers are done, `confirm_merge`
//! checks that every line arrived exactly once; the example fails otherwise.
//! Book: "Offloading work", the write thread.
//!
//!     cargo run --example tail_merge [-- --quick]
mod common;

use std::fs::File;
use std::io::Write;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aio_offload::{DoneSignal, Tail, WriteThread, confirm_merge, merge};
use common::Options;

/// A tiny xorshift generator: random enough for test data, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Seed 000's `write_random_data`, with lines split across writes.
fn write_random_data(path: &std::path::Path, id: usize, lines: usize, pause: Duration, seed: u64) {
    let mut file = File::create(path).expect("create an input file");
    let mut rng = Rng(seed | 1);
    for n in 0..lines {
        let letters: String = (0..10)
            .map(|_| (b'a' + rng.next(26) as u8) as char)
            .collect();
        let line = format!("file{id}-{n:03}-{letters}\n");
        // Cut the line at a random point: the tail sees half a line first.
        let (head, rest) = line
            .as_bytes()
            .split_at(rng.next(line.len() as u64) as usize);
        file.write_all(head).expect("write");
        thread::sleep(pause / 2);
        file.write_all(rest).expect("write");
        thread::sleep(pause / 2);
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = Options::from_env();
    let (files, lines) = (4, 50);
    let total = if options.quick {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(1)
    };
    let pause = total / lines as u32;
    let dir = std::env::temp_dir().join(format!("aio-tail-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let inputs: Vec<_> = (0..files).map(|i| dir.join(format!("input{i}"))).collect();
    let output = dir.join("merged");
    let seed = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos() as u64;
    println!("{files} writers x {lines} lines, a pause of {pause:?} per line, seed {seed}");

    // The writers are plain threads; the last one to finish tells the tail.
    let done = DoneSignal::new();
    let writers: Vec<_> = inputs
        .iter()
        .cloned()
        .enumerate()
        .map(|(id, path)| {
            let seed = seed.wrapping_add(id as u64 * 0x9E37_79B9);
            thread::spawn(move || write_random_data(&path, id, lines, pause, seed))
        })
        .collect();
    let writers_done = done.clone();
    let watcher = thread::spawn(move || {
        let ok = writers.into_iter().all(|w| w.join().is_ok());
        writers_done.set();
        ok
    });

    // Tail and merge live, from this tokio runtime; the file writes happen
    // on the write thread, never on this runtime's threads.
    let started = Instant::now();
    let writer = WriteThread::start(&output)?;
    let tail = Tail::new(&inputs, done).poll_interval(options.time(Duration::from_millis(20)));
    let merged = merge(tail, &writer).await?;
    let written = writer.stop().await?;
    let writers_ok = watcher.join().map_err(|_| "the watcher panicked")?;
    println!(
        "merged {merged} lines live in {:.2?}; the write thread wrote {written}",
        started.elapsed()
    );

    let report = confirm_merge(&inputs, &output)?;
    println!("confirm_merge: {report}");
    std::fs::remove_dir_all(&dir)?;
    let expected = (files * lines) as u64;
    if !writers_ok || !report.is_exact() || merged != expected || written != expected {
        eprintln!("FAILED: expected {expected} lines exactly once: {report:?}");
        std::process::exit(1);
    }
    Ok(())
}
