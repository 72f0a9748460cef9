//! Seed 000's tail-and-merge: follow growing files line by line, send every
//! line to a [`WriteThread`], then confirm that each arrived exactly once.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::{ThreadPool, WriteThread};

/// "The writers are done": set it once every writer has finished, and a
/// [`Tail`] ends after reading what is left. Cloneable; setting it is final.
///
/// ```
/// let done = aio_offload::DoneSignal::new();
/// let for_writers = done.clone();
/// assert!(!done.is_set());
/// for_writers.set();
/// assert!(done.is_set());
/// ```
#[derive(Debug, Clone, Default)]
pub struct DoneSignal(Arc<AtomicBool>);

impl DoneSignal {
    /// A signal not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Announces that the files will not grow any more.
    pub fn set(&self) {
        // Release: a tail that sees the flag also sees every byte written
        // before it was set.
        self.0.store(true, Ordering::Release);
    }

    /// True once [`set`](Self::set) was called.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// One whole line read by a [`Tail`], without its newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailLine {
    /// The index of its file in the list given to [`Tail::new`].
    pub source: usize,
    /// The line (invalid UTF-8 is replaced by U+FFFD).
    pub text: String,
}

/// One followed file: how far it was read, and the start of a line whose
/// newline has not arrived yet.
#[derive(Debug)]
struct Followed {
    path: PathBuf,
    offset: u64,
    partial: Vec<u8>,
}

/// Follows several growing files line by line (`tail -f` on each, seed
/// 000's `tail_async`), by polling.
///
/// Each poll reads what was appended to every file since the last poll, on
/// the crate's [`ThreadPool`] (threads named `tail_read_{n}`): reads are
/// blocking system calls and stay off the caller's runtime, as seed 000's
/// `run_in_executor(None, readline, handle)` does. Bytes after the last
/// newline wait for the rest of their line, so a line written in pieces
/// comes out once, whole. A file with nothing new (or not yet created) is
/// "no new data yet", never the end: the tail ends only once its
/// [`DoneSignal`] is set and one more poll has read everything; a last line
/// without a newline is delivered then.
///
/// [`next_batch`](Self::next_batch) waits between polls with
/// `tokio::time::sleep`, so it needs a tokio runtime with the clock enabled;
/// [`poll_once`](Self::poll_once) never waits and runs on any executor.
///
/// # Cancel safety
///
/// Not cancel-safe: dropping a poll after its reads returned loses what they
/// read. Drive a `Tail` to completion, or drop it whole.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// use aio_offload::{DoneSignal, Tail};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let path = std::env::temp_dir().join(format!("tail-doc-{}.log", std::process::id()));
/// let mut file = std::fs::File::create(&path)?;
/// let done = DoneSignal::new();
/// let mut tail = Tail::new([&path], done.clone());
/// file.write_all(b"hel")?;
/// assert!(tail.poll_once().await?.is_empty()); // half a line: nothing yet
/// file.write_all(b"lo\nwor")?;
/// let lines = tail.poll_once().await?;
/// assert_eq!(lines[0].text, "hello");
/// file.write_all(b"ld")?;
/// done.set(); // the writer is finished: the last line needs no newline
/// let last = tail.next_batch().await?.unwrap();
/// assert_eq!(last[0].text, "world");
/// assert_eq!(tail.next_batch().await?, None);
/// # std::fs::remove_file(&path)
/// # }
/// ```
#[derive(Debug)]
pub struct Tail {
    files: Vec<Followed>,
    pool: ThreadPool,
    done: DoneSignal,
    interval: Duration,
    finished: bool,
}

/// The default pause between polls that found nothing.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(10);

impl Tail {
    /// Follows `paths` from their start; ends once `done` is set and all is
    /// read.
    pub fn new<I>(paths: I, done: DoneSignal) -> Tail
    where
        I: IntoIterator,
        I::Item: AsRef<Path>,
    {
        let files: Vec<Followed> = paths
            .into_iter()
            .map(|path| Followed {
                path: path.as_ref().to_path_buf(),
                offset: 0,
                partial: Vec::new(),
            })
            .collect();
        let workers = files.len().clamp(1, 4);
        Tail {
            files,
            pool: ThreadPool::with_prefix("tail_read", workers),
            done,
            interval: DEFAULT_POLL_INTERVAL,
            finished: false,
        }
    }

    /// Sets the pause between polls that found no whole line (seed 000's
    /// `interval`; default [`DEFAULT_POLL_INTERVAL`]).
    ///
    /// ```
    /// # use std::time::Duration;
    /// let tail = aio_offload::Tail::new(["a.log"], aio_offload::DoneSignal::new())
    ///     .poll_interval(Duration::from_millis(50));
    /// assert!(!tail.is_finished());
    /// ```
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// True once the tail has delivered everything and will give no more.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The next lines, waiting (polling every interval) until at least one
    /// whole line arrived; `Ok(None)` once the writers are done and every
    /// line was delivered.
    ///
    /// # Errors
    ///
    /// A read that failed (a missing file is not an error: no data yet).
    pub async fn next_batch(&mut self) -> io::Result<Option<Vec<TailLine>>> {
        while !self.finished {
            let lines = self.poll_once().await?;
            if !lines.is_empty() {
                return Ok(Some(lines));
            }
            if !self.finished {
                tokio::time::sleep(self.interval).await;
            }
        }
        Ok(None)
    }

    // ANCHOR: poll_once
    /// Reads every file once and returns the whole lines that arrived,
    /// possibly none. If the [`DoneSignal`] was set before this poll began,
    /// this poll reads each file to its final end, delivers leftover partial
    /// lines, and the tail is finished.
    ///
    /// # Errors
    ///
    /// A read that failed.
    pub async fn poll_once(&mut self) -> io::Result<Vec<TailLine>> {
        if self.finished {
            return Ok(Vec::new());
        }
        // Read the flag first: the reads below then see every byte the
        // writers wrote before they set it.
        let writers_done = self.done.is_set();
        let mut reads = Vec::with_capacity(self.files.len());
        for file in &self.files {
            let (path, offset) = (file.path.clone(), file.offset);
            let read = self
                .pool
                .submit(move || read_from(&path, offset))
                .map_err(io::Error::other)?;
            reads.push(read);
        }
        let mut lines = Vec::new();
        for (source, read) in reads.into_iter().enumerate() {
            let appended = read.await.map_err(io::Error::other)??;
            let file = &mut self.files[source];
            file.offset += appended.len() as u64;
            file.partial.extend_from_slice(&appended);
            let (whole, rest) = split_lines(&file.partial);
            lines.extend(whole.into_iter().map(|text| TailLine { source, text }));
            file.partial = rest.to_vec();
            if writers_done && !file.partial.is_empty() {
                let text = String::from_utf8_lossy(&file.partial).into_owned();
                lines.push(TailLine { source, text });
                file.partial.clear();
            }
        }
        self.finished = writers_done;
        Ok(lines)
    }
    // ANCHOR_END: poll_once
}

/// Runs on a pool thread: the bytes of `path` from `offset` to its current
/// end; nothing if the file does not exist yet.
fn read_from(path: &Path, offset: u64) -> io::Result<Vec<u8>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    file.seek(SeekFrom::Start(offset))?;
    let mut appended = Vec::new();
    file.read_to_end(&mut appended)?;
    Ok(appended)
}

/// The whole lines of `bytes`, and what follows the last newline.
// ANCHOR: split_lines
fn split_lines(bytes: &[u8]) -> (Vec<String>, &[u8]) {
    let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if end == 0 {
        return (Vec::new(), bytes);
    }
    // Without its final newline, the text splits into exactly its lines.
    let lines = bytes[..end - 1]
        .split(|&b| b == b'\n')
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect();
    (lines, &bytes[end..])
}
// ANCHOR_END: split_lines

/// Every line of a finished file (a last line without a newline counts).
fn lines_of(path: &Path) -> io::Result<Vec<String>> {
    let bytes = std::fs::read(path)?;
    let (mut lines, rest) = split_lines(&bytes);
    if !rest.is_empty() {
        lines.push(String::from_utf8_lossy(rest).into_owned());
    }
    Ok(lines)
}

/// Sends every line `tail` delivers to `writer` until the tail ends, and
/// returns how many lines were written (seed 000's `run_fully_async`).
///
/// Lines of one batch are sent together, then their writes are awaited, so
/// the write thread works while this task reads on.
///
/// # Errors
///
/// The first read or write that failed.
///
/// # Examples
///
/// ```
/// use aio_offload::{DoneSignal, Tail, WriteThread, confirm_merge, merge};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let dir = std::env::temp_dir().join(format!("merge-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let inputs = [dir.join("a"), dir.join("b")];
/// std::fs::write(&inputs[0], "a1\na2\n")?;
/// std::fs::write(&inputs[1], "b1\n")?;
/// let done = DoneSignal::new();
/// done.set(); // the files are complete already
/// let writer = WriteThread::start(dir.join("merged"))?;
/// assert_eq!(merge(Tail::new(&inputs, done), &writer).await?, 3);
/// writer.stop().await?;
/// assert!(confirm_merge(&inputs, dir.join("merged"))?.is_exact());
/// # std::fs::remove_dir_all(&dir)
/// # }
/// ```
// ANCHOR: merge
pub async fn merge(mut tail: Tail, writer: &WriteThread) -> io::Result<u64> {
    let mut written = 0;
    while let Some(batch) = tail.next_batch().await? {
        let writes: Vec<_> = batch
            .into_iter()
            .map(|line| writer.write_line(line.text))
            .collect();
        for write in writes {
            write.await.map_err(io::Error::other)??;
            written += 1;
        }
    }
    Ok(written)
}
// ANCHOR_END: merge

/// What [`confirm_merge`] found, comparing lines as multisets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Lines in all inputs together.
    pub input_lines: usize,
    /// Lines in the output.
    pub output_lines: usize,
    /// Input lines the output lacks (once per missing copy).
    pub missing: Vec<String>,
    /// Input lines the output holds too often (once per extra copy).
    pub duplicated: Vec<String>,
    /// Output lines that are in no input.
    pub unexpected: Vec<String>,
}

impl MergeReport {
    /// True if every input line is in the output exactly once, and nothing
    /// else is.
    pub fn is_exact(&self) -> bool {
        self.missing.is_empty() && self.duplicated.is_empty() && self.unexpected.is_empty()
    }
}

impl fmt::Display for MergeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} input lines, {} output lines: ",
            self.input_lines, self.output_lines
        )?;
        if self.is_exact() {
            f.write_str("every line exactly once")
        } else {
            write!(
                f,
                "{} missing, {} duplicated, {} unexpected",
                self.missing.len(),
                self.duplicated.len(),
                self.unexpected.len()
            )
        }
    }
}

/// Checks that every line of `inputs` appears in `output` exactly once, in
/// any order (seed 000's `confirm_merge`, as a multiset comparison that says
/// what went wrong instead of asserting).
///
/// # Errors
///
/// A file that could not be read.
///
/// # Examples
///
/// ```
/// let dir = std::env::temp_dir().join(format!("confirm-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("in"), "x\ny\nz\n")?;
/// std::fs::write(dir.join("out"), "z\nx\nx\nw\n")?;
/// let report = aio_offload::confirm_merge([dir.join("in")], dir.join("out"))?;
/// assert_eq!(report.missing, ["y"]);
/// assert_eq!(report.duplicated, ["x"]);
/// assert_eq!(report.unexpected, ["w"]);
/// assert_eq!(report.to_string(), "3 input lines, 4 output lines: 1 missing, 1 duplicated, 1 unexpected");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn confirm_merge<I>(inputs: I, output: impl AsRef<Path>) -> io::Result<MergeReport>
where
    I: IntoIterator,
    I::Item: AsRef<Path>,
{
    let mut report = MergeReport::default();
    // Input count minus output count, per distinct line.
    let mut balance: HashMap<String, isize> = HashMap::new();
    let mut in_inputs = HashSet::new();
    for input in inputs {
        for line in lines_of(input.as_ref())? {
            report.input_lines += 1;
            *balance.entry(line.clone()).or_default() += 1;
            in_inputs.insert(line);
        }
    }
    for line in lines_of(output.as_ref())? {
        report.output_lines += 1;
        *balance.entry(line).or_default() -= 1;
    }
    let mut lines: Vec<_> = balance.into_iter().filter(|(_, n)| *n != 0).collect();
    lines.sort();
    for (line, n) in lines {
        let copies = n.unsigned_abs();
        let list = if n > 0 {
            &mut report.missing
        } else if in_inputs.contains(&line) {
            &mut report.duplicated
        } else {
            &mut report.unexpected
        };
        list.extend(std::iter::repeat_n(line, copies));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::split_lines;

    #[test]
    fn split_keeps_the_partial_line() {
        let (lines, rest) = split_lines(b"a\n\nb\nc");
        assert_eq!(lines, ["a", "", "b"]);
        assert_eq!(rest, b"c");
        let (lines, rest) = split_lines(b"no newline");
        assert!(lines.is_empty());
        assert_eq!(rest, b"no newline");
    }
}
