//! What a thread and a task cost at scale: start `n` idle ones, read the
//! process's memory, release them, join them, and divide.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use tokio::sync::watch;

/// The process's memory as the kernel reports it in `/proc/self/status`.
///
/// # Examples
///
/// ```
/// if let Some(memory) = aio_spinner::MemoryStatus::current() {
///     assert!(memory.resident_bytes > 0);
///     assert!(memory.virtual_bytes >= memory.resident_bytes);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryStatus {
    /// `VmRSS`: bytes of physical memory the process is using now.
    pub resident_bytes: u64,
    /// `VmSize`: bytes of address space reserved, touched or not (a thread's
    /// whole stack counts here from the start).
    pub virtual_bytes: u64,
}

impl MemoryStatus {
    /// Reads `/proc/self/status`; `None` where there is no such file (not Linux).
    ///
    /// ```
    /// # #[cfg(target_os = "linux")]
    /// assert!(aio_spinner::MemoryStatus::current().is_some());
    /// ```
    pub fn current() -> Option<Self> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        Self::parse(&status)
    }

    /// Reads the `VmRSS` and `VmSize` lines (in kB) of a `/proc/<pid>/status` text.
    ///
    /// ```
    /// let status = "Name:\tx\nVmSize:\t  2048 kB\nVmRSS:\t  1024 kB\n";
    /// let memory = aio_spinner::MemoryStatus::parse(status).unwrap();
    /// assert_eq!(memory.resident_bytes, 1024 * 1024);
    /// assert_eq!(memory.virtual_bytes, 2048 * 1024);
    /// ```
    pub fn parse(status: &str) -> Option<Self> {
        let kib = |key: &str| -> Option<u64> {
            let line = status.lines().find(|line| line.starts_with(key))?;
            let number = line[key.len()..].trim().trim_end_matches("kB").trim();
            number.parse::<u64>().ok().map(|kib| kib * 1024)
        };
        Some(Self {
            resident_bytes: kib("VmRSS:")?,
            virtual_bytes: kib("VmSize:")?,
        })
    }
}

/// What one kind of concurrent unit cost, measured over `units` of them.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use aio_spinner::ScaleReport;
///
/// let report = ScaleReport {
///     kind: "tokio task",
///     units: 1000,
///     resident_growth: Some(512_000),
///     virtual_growth: Some(0),
///     spawn_join: Duration::from_millis(1),
/// };
/// assert_eq!(report.resident_per_unit(), Some(512.0));
/// assert_eq!(report.spawn_join_per_unit(), Duration::from_micros(1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleReport {
    /// What was measured (`"std thread"`, `"tokio task"`).
    pub kind: &'static str,
    /// How many ran at once.
    pub units: usize,
    /// Growth of resident memory while all were alive (`None` without `/proc`).
    pub resident_growth: Option<u64>,
    /// Growth of reserved address space while all were alive.
    pub virtual_growth: Option<u64>,
    /// Wall time from the first spawn to the last join.
    pub spawn_join: Duration,
}

impl ScaleReport {
    /// Resident bytes per unit.
    ///
    /// ```
    /// # let report = aio_spinner::ScaleReport { kind: "x", units: 4, resident_growth: Some(8), virtual_growth: None, spawn_join: Default::default() };
    /// assert_eq!(report.resident_per_unit(), Some(2.0));
    /// ```
    pub fn resident_per_unit(&self) -> Option<f64> {
        self.resident_growth
            .map(|bytes| per_unit(bytes, self.units))
    }

    /// Reserved (virtual) bytes per unit.
    ///
    /// ```
    /// # let report = aio_spinner::ScaleReport { kind: "x", units: 4, resident_growth: None, virtual_growth: Some(8), spawn_join: Default::default() };
    /// assert_eq!(report.virtual_per_unit(), Some(2.0));
    /// ```
    pub fn virtual_per_unit(&self) -> Option<f64> {
        self.virtual_growth.map(|bytes| per_unit(bytes, self.units))
    }

    /// Spawn-and-join time per unit.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # let report = aio_spinner::ScaleReport { kind: "x", units: 4, resident_growth: None, virtual_growth: None, spawn_join: Duration::from_micros(8) };
    /// assert_eq!(report.spawn_join_per_unit(), Duration::from_micros(2));
    /// ```
    pub fn spawn_join_per_unit(&self) -> Duration {
        self.spawn_join / u32::try_from(self.units.max(1)).unwrap_or(u32::MAX)
    }
}

impl fmt::Display for ScaleReport {
    /// One table row: kind, units, resident and virtual bytes per unit, time per unit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = |b: Option<f64>| b.map_or_else(|| "n/a".to_owned(), human_bytes);
        write!(
            f,
            "{:<12} {:>8} {:>12} {:>12} {:>10.2?}",
            self.kind,
            self.units,
            bytes(self.resident_per_unit()),
            bytes(self.virtual_per_unit()),
            self.spawn_join_per_unit(),
        )
    }
}

/// Formats a byte count the way the book's tables do: `512 B`, `8.1 KiB`, `2.0 MiB`.
///
/// ```
/// assert_eq!(aio_spinner::human_bytes(512.0), "512 B");
/// assert_eq!(aio_spinner::human_bytes(2.0 * 1024.0 * 1024.0), "2.0 MiB");
/// ```
pub fn human_bytes(bytes: f64) -> String {
    const KIB: f64 = 1024.0;
    if bytes.abs() < KIB {
        format!("{bytes:.0} B")
    } else if bytes.abs() < KIB * KIB {
        format!("{:.1} KiB", bytes / KIB)
    } else {
        format!("{:.1} MiB", bytes / (KIB * KIB))
    }
}

fn per_unit(bytes: u64, units: usize) -> f64 {
    bytes as f64 / units.max(1) as f64
}

fn growth(
    before: Option<MemoryStatus>,
    during: Option<MemoryStatus>,
) -> (Option<u64>, Option<u64>) {
    match (before, during) {
        (Some(before), Some(during)) => (
            Some(during.resident_bytes.saturating_sub(before.resident_bytes)),
            Some(during.virtual_bytes.saturating_sub(before.virtual_bytes)),
        ),
        _ => (None, None),
    }
}

/// Where idle threads wait: each checks in, then sleeps until the gate opens.
#[derive(Default)]
struct Gate {
    state: Mutex<(usize, bool)>, // (threads parked, gate open)
    changed: Condvar,
}

impl Gate {
    fn park(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 += 1;
        self.changed.notify_all();
        let _open = self
            .changed
            .wait_while(state, |(_, open)| !*open)
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn wait_parked(&self, count: usize) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let _all_in = self
            .changed
            .wait_while(state, |(parked, _)| *parked < count)
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn open(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
        self.changed.notify_all();
    }
}

/// Starts `n` OS threads that do nothing but wait, measures the memory they
/// hold while all are alive, then releases and joins them.
///
/// Each thread gets Rust's default 2 MiB stack: reserved address space
/// (virtual growth) from the start, of which only the touched pages become
/// resident. The kernel's own per-thread structures (a 16 KiB kernel stack,
/// the task struct) are not in the process's numbers at all.
///
/// # Errors
/// If the OS refuses a thread (limits); the threads already started are
/// released and joined first.
///
/// # Examples
///
/// ```
/// let report = aio_spinner::idle_threads(8)?;
/// assert_eq!(report.units, 8);
/// # #[cfg(target_os = "linux")]
/// assert!(report.virtual_per_unit().unwrap() > 64.0 * 1024.0); // a stack each
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn idle_threads(n: usize) -> io::Result<ScaleReport> {
    let gate = Arc::new(Gate::default());
    let before = MemoryStatus::current();
    let started = Instant::now();
    let mut handles = Vec::with_capacity(n);
    let mut refused = None;
    for _ in 0..n {
        let gate = Arc::clone(&gate);
        match thread::Builder::new().spawn(move || gate.park()) {
            Ok(handle) => handles.push(handle),
            Err(error) => {
                refused = Some(error);
                break;
            }
        }
    }
    gate.wait_parked(handles.len());
    let during = MemoryStatus::current();
    gate.open();
    for handle in handles {
        handle
            .join()
            .map_err(|_| io::Error::other("an idle thread panicked"))?;
    }
    let spawn_join = started.elapsed();
    if let Some(error) = refused {
        return Err(error);
    }
    let (resident_growth, virtual_growth) = growth(before, during);
    Ok(ScaleReport {
        kind: "std thread",
        units: n,
        resident_growth,
        virtual_growth,
        spawn_join,
    })
}

/// Starts `n` tokio tasks on `runtime` that do nothing but wait, measures the
/// memory they hold while all are alive, then releases and joins them.
///
/// A task is one heap allocation: a header, the future's state machine (here
/// a few dozen bytes: a channel receiver and a counter) and room for its
/// output. The `JoinHandle`s kept to join them are counted too.
///
/// # Errors
/// If a task panicked.
///
/// # Examples
///
/// ```
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// let report = aio_spinner::idle_tasks(1000, &runtime)?;
/// assert_eq!(report.units, 1000);
/// assert_eq!(report.virtual_growth.map(|_| ()), report.resident_growth.map(|_| ()));
/// # Ok::<(), std::io::Error>(())
/// ```
// ANCHOR: idle_tasks
pub fn idle_tasks(n: usize, runtime: &Runtime) -> io::Result<ScaleReport> {
    runtime.block_on(async {
        let before = MemoryStatus::current();
        let started = Instant::now();
        let (open_gate, gate) = watch::channel(false);
        let parked = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let mut gate = gate.clone();
                let parked = Arc::clone(&parked);
                tokio::spawn(async move {
                    parked.fetch_add(1, Ordering::Relaxed);
                    // Err only if the sender is gone, which ends the wait too.
                    let _ = gate.wait_for(|open| *open).await;
                })
            })
            .collect();
        while parked.load(Ordering::Relaxed) < n {
            tokio::task::yield_now().await;
        }
        let during = MemoryStatus::current();
        // Err only when no receiver is left, and then no one is waiting.
        let _ = open_gate.send(true);
        for handle in handles {
            handle
                .await
                .map_err(|_| io::Error::other("an idle task panicked"))?;
        }
        let spawn_join = started.elapsed();
        let (resident_growth, virtual_growth) = growth(before, during);
        Ok(ScaleReport {
            kind: "tokio task",
            units: n,
            resident_growth,
            virtual_growth,
            spawn_join,
        })
    })
}
// ANCHOR_END: idle_tasks
