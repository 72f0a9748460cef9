//! The write thread, tail and merge of seed 000: partial writes, empty polls,
//! several files, exactly-once delivery, stop, drop and writes after stop.
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::thread;

use aio_offload::{DoneSignal, Tail, WriteThread, confirm_merge, merge};

/// A fresh directory per test, removed when the guard drops.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("aio-tail-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn append(path: &Path) -> File {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap()
}

fn texts(lines: Vec<aio_offload::TailLine>) -> Vec<(usize, String)> {
    lines.into_iter().map(|l| (l.source, l.text)).collect()
}

#[tokio::test]
async fn a_line_written_in_three_pieces_arrives_once_whole() {
    let dir = TempDir::new("pieces");
    let path = dir.path("in");
    let mut file = append(&path);
    let done = DoneSignal::new();
    let mut tail = Tail::new([&path], done.clone());
    for piece in ["thr", "ee pie", "ces"] {
        file.write_all(piece.as_bytes()).unwrap();
        assert!(
            tail.poll_once().await.unwrap().is_empty(),
            "after {piece:?}"
        );
    }
    file.write_all(b"\n").unwrap();
    let lines = texts(tail.poll_once().await.unwrap());
    assert_eq!(lines, [(0, "three pieces".to_owned())]);
    done.set();
    assert!(tail.poll_once().await.unwrap().is_empty());
    assert!(tail.is_finished());
    assert_eq!(tail.next_batch().await.unwrap(), None);
}

#[tokio::test]
async fn empty_polls_and_missing_files_are_not_the_end() {
    let dir = TempDir::new("empty");
    let path = dir.path("later");
    let done = DoneSignal::new();
    let mut tail = Tail::new([&path], done.clone());
    // The file does not exist yet, then exists but is empty: no data yet.
    for _ in 0..3 {
        assert!(tail.poll_once().await.unwrap().is_empty());
        assert!(!tail.is_finished());
    }
    let mut file = append(&path);
    for _ in 0..3 {
        assert!(tail.poll_once().await.unwrap().is_empty());
        assert!(!tail.is_finished());
    }
    file.write_all(b"finally\n").unwrap();
    let lines = texts(tail.next_batch().await.unwrap().unwrap());
    assert_eq!(lines, [(0, "finally".to_owned())]);
    assert!(!tail.is_finished());
}

#[tokio::test]
async fn several_files_keep_their_sources_and_their_order() {
    let dir = TempDir::new("several");
    let paths: Vec<_> = (0..3).map(|i| dir.path(&format!("in{i}"))).collect();
    let mut files: Vec<_> = paths.iter().map(|p| append(p)).collect();
    let done = DoneSignal::new();
    let mut tail = Tail::new(&paths, done.clone());
    files[0].write_all(b"a1\na2\na").unwrap();
    files[2].write_all(b"c1\n").unwrap();
    let lines = texts(tail.poll_once().await.unwrap());
    assert_eq!(
        lines,
        [(0, "a1".into()), (0, "a2".into()), (2, "c1".into())]
    );
    files[0].write_all(b"3\n").unwrap();
    files[1].write_all(b"b1\nb2").unwrap();
    done.set();
    // After `done`, the last poll delivers the line without a newline too.
    let lines = texts(tail.next_batch().await.unwrap().unwrap());
    assert_eq!(
        lines,
        [(0, "a3".into()), (1, "b1".into()), (1, "b2".into())]
    );
    assert_eq!(tail.next_batch().await.unwrap(), None);
}

/// Writers on threads write numbered lines in pieces, each piece with its
/// own `write` call; the tail and merge run meanwhile; the writers' end is
/// what sets `done`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_with_partial_writes_delivers_every_line_exactly_once() {
    let dir = TempDir::new("merge");
    let inputs: Vec<_> = (0..4).map(|i| dir.path(&format!("in{i}"))).collect();
    let output = dir.path("merged");
    let done = DoneSignal::new();
    let tail = Tail::new(&inputs, done.clone()).poll_interval(std::time::Duration::ZERO);
    let writer = WriteThread::start(&output).unwrap();
    let writers: Vec<_> = inputs
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let mut file = append(path);
            thread::spawn(move || {
                for n in 0..300 {
                    let line = format!("file{i}-line{n:03}-{}\n", "x".repeat(n % 7));
                    let (a, b) = line.as_bytes().split_at((n * 5 + i) % line.len());
                    file.write_all(a).unwrap();
                    file.write_all(b).unwrap();
                }
            })
        })
        .collect();
    let signal = thread::spawn(move || {
        for writer in writers {
            writer.join().unwrap();
        }
        done.set();
    });
    let merged = merge(tail, &writer).await.unwrap();
    signal.join().unwrap();
    assert_eq!(merged, 1200);
    assert_eq!(writer.stop().await.unwrap(), 1200);
    let report = confirm_merge(&inputs, &output).unwrap();
    assert!(report.is_exact(), "{report}: {report:?}");
    assert_eq!((report.input_lines, report.output_lines), (1200, 1200));
}

#[test]
fn confirm_merge_reports_missing_duplicated_and_unexpected_lines() {
    let dir = TempDir::new("confirm");
    std::fs::write(dir.path("a"), "same\nsame\nonly-a\n").unwrap();
    std::fs::write(dir.path("b"), "b1\nb2").unwrap();
    std::fs::write(dir.path("out"), "b2\nsame\nb1\nb1\nstray\n").unwrap();
    let report = confirm_merge([dir.path("a"), dir.path("b")], dir.path("out")).unwrap();
    assert_eq!(report.missing, ["only-a", "same"]);
    assert_eq!(report.duplicated, ["b1"]);
    assert_eq!(report.unexpected, ["stray"]);
    assert!(!report.is_exact());
}

#[tokio::test]
async fn stop_flushes_every_line_sent_before_it() {
    let dir = TempDir::new("stop");
    let path = dir.path("out");
    let writer = WriteThread::start(&path).unwrap();
    // Sent without awaiting any: stop still comes after all of them.
    let writes: Vec<_> = (0..500)
        .map(|n| writer.write_line(format!("line {n}")))
        .collect();
    assert_eq!(writer.stop().await.unwrap(), 500);
    for write in writes {
        write.await.unwrap().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let expected: String = (0..500).map(|n| format!("line {n}\n")).collect();
    assert_eq!(text, expected);
}

#[test]
fn drop_without_stop_flushes_and_joins() {
    let dir = TempDir::new("drop");
    let path = dir.path("out");
    let writer = WriteThread::start(&path).unwrap();
    let sender = writer.sender();
    for n in 0..100 {
        // Not waited on: the drop below must still write them.
        drop(writer.write_line(format!("{n}")));
    }
    drop(writer);
    // Joined: the counter is final and the file complete.
    assert_eq!(sender.lines_written(), 100);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 100);
}

#[tokio::test]
async fn write_after_stop_is_an_error_not_a_hang() {
    let dir = TempDir::new("after");
    let writer = WriteThread::start(dir.path("out")).unwrap();
    let sender = writer.sender();
    writer.write_line("before".into()).await.unwrap().unwrap();
    assert_eq!(writer.stop_blocking().unwrap(), 1);
    let err = sender
        .write_line("after".into())
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    // Blocking waits fail the same way.
    let err = sender
        .write_line("again".into())
        .wait()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    assert_eq!(sender.lines_written(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.path("out")).unwrap(),
        "before\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_share_one_write_thread() {
    let dir = TempDir::new("tasks");
    let path = dir.path("out");
    let writer = WriteThread::start(&path).unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|t| {
            let sender = writer.sender();
            tokio::spawn(async move {
                for n in 0..50 {
                    sender.write_line(format!("task{t}-{n}")).await??;
                }
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(writer.stop().await.unwrap(), 400);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<_> = text.lines().collect();
    lines.sort();
    let mut expected: Vec<_> = (0..8)
        .flat_map(|t| (0..50).map(move |n| format!("task{t}-{n}")))
        .collect();
    expected.sort();
    assert_eq!(lines, expected);
}
