//! The measurements: what criterion left in `target/criterion`, what the
//! CPython twins printed, and the one rule that says which implementation is
//! ours.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

/// Who wrote an implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// One of this workspace's crates.
    Ours,
    /// The ecosystem's crate (or std) doing the same work.
    RustPeer,
    /// The work done without any pool or runtime (`serial`): the yardstick
    /// a pool is measured against, not a peer.
    Baseline,
    /// CPython's asyncio (or its executors), from the twin script.
    CPython,
}

/// The one rule for "ours": an implementation name from a criterion bench
/// is ours when it names one of this workspace's crates or types: `aio_*`
/// (`aio_sync`, `aio_queue`, `aio_loop`, `aio_tasks`...), `threaded_loop`
/// (`aio_loop::ThreadedLoop`), `ours`, and the `aio-offload` pools, whose
/// bench names are `thread_pool*` (`ThreadPool`), `process_pool*`
/// (`ProcessPool`) and `rayon_bridge*` (`aio_offload::rayon_bridge`).
/// Every other Rust implementation is a peer.
pub(crate) const OURS_RULE: &str = "an implementation is *ours* when its bench name starts with \
`aio_` (`aio_sync`, `aio_queue`, `aio_loop`, `aio_tasks`), is `threaded_loop` or `ours`, or names \
one of `aio-offload`'s pools (`thread_pool*`, `process_pool*`, `rayon_bridge*`); every other Rust \
implementation is a *Rust peer*, except `serial`, the work done on the calling thread, which is \
a *baseline*";

pub(crate) fn is_ours(implementation: &str) -> bool {
    implementation.starts_with("aio_")
        || implementation == "threaded_loop"
        || implementation == "ours"
        || implementation.starts_with("thread_pool")
        || implementation.starts_with("process_pool")
        || implementation.starts_with("rayon_bridge")
}

/// Where the count of operations in one iteration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Per {
    /// `throughput` in criterion's `benchmark.json`.
    Throughput,
    /// The size in the `BenchmarkId` parameter (no throughput was set).
    Parameter,
    /// Neither: the figure is the time of one iteration.
    Iteration,
    /// The CPython twin printed the time of one operation itself.
    Twin,
}

/// One implementation of one workload at one size.
#[derive(Debug, Clone)]
pub(crate) struct Measurement {
    /// The criterion group, plus the variant that follows the implementation
    /// in a function id like `aio_queue/bounded64`: `queue/spsc/bounded64`.
    pub(crate) workload: String,
    /// The `BenchmarkId` parameter (`""` when there is none).
    pub(crate) parameter: String,
    pub(crate) implementation: String,
    pub(crate) kind: Kind,
    /// Seconds per operation.
    pub(crate) seconds: f64,
    /// Operations per iteration, and where that count came from.
    pub(crate) ops: u64,
    pub(crate) per: Per,
    /// For CPython rows: the size the twin ran (it may differ from the Rust
    /// parameter, see `report::cpython_for`).
    pub(crate) n: Option<u64>,
}

/// Every `new/estimates.json` under `criterion_dir` whose group is in
/// `groups`, and (when `since` is set) that was written after `since`.
/// Returns the measurements and the number of stale results skipped.
pub(crate) fn read_criterion(
    criterion_dir: &Path,
    groups: &[String],
    since: Option<SystemTime>,
) -> Result<(Vec<Measurement>, usize), String> {
    let mut found = Vec::new();
    collect_new_dirs(criterion_dir, &mut found);
    found.sort();
    let mut out = Vec::new();
    let mut stale = 0;
    for dir in found {
        let estimates_path = dir.join("estimates.json");
        let benchmark = read_json(&dir.join("benchmark.json"))?;
        let group = benchmark["group_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if !groups.contains(&group) {
            continue;
        }
        if let Some(since) = since {
            let written = fs::metadata(&estimates_path)
                .and_then(|m| m.modified())
                .map_err(|e| format!("{}: {e}", estimates_path.display()))?;
            if written < since {
                stale += 1;
                continue;
            }
        }
        let estimates = read_json(&estimates_path)?;
        let mean_ns = estimates["mean"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no mean", estimates_path.display()))?;
        let function = benchmark["function_id"].as_str().unwrap_or_default();
        let (implementation, workload) = match function.split_once('/') {
            Some((implementation, variant)) => (implementation, format!("{group}/{variant}")),
            None => (function, group.clone()),
        };
        let parameter = benchmark["value_str"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let (ops, per) = match throughput_elements(&benchmark["throughput"]) {
            Some(n) => (n, Per::Throughput),
            None => match parameter.parse::<u64>() {
                Ok(n) if n > 0 => (n, Per::Parameter),
                _ => (1, Per::Iteration),
            },
        };
        out.push(Measurement {
            workload,
            parameter,
            implementation: implementation.to_string(),
            kind: if is_ours(implementation) {
                Kind::Ours
            } else if implementation == "serial" {
                Kind::Baseline
            } else {
                Kind::RustPeer
            },
            seconds: mean_ns * 1e-9 / ops as f64,
            ops,
            per,
            n: None,
        });
    }
    Ok((out, stale))
}

/// `{"Elements": n}`, `{"Bytes": n}`, `{"ElementsAndBytes": {"elements": n, ..}}`.
fn throughput_elements(throughput: &Value) -> Option<u64> {
    let (kind, value) = throughput.as_object()?.iter().next()?;
    let n = match kind.as_str() {
        "ElementsAndBytes" => value["elements"].as_u64(),
        _ => value.as_u64(),
    }?;
    (n > 0).then_some(n)
}

fn collect_new_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "new")
            && path.join("benchmark.json").is_file()
            && path.join("estimates.json").is_file()
        {
            out.push(path);
        } else if path.file_name().is_none_or(|name| name != "report") {
            collect_new_dirs(&path, out);
        }
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Workloads whose twin prints the time of a whole iteration (`n` units)
/// rather than of one unit; every other twin prints the time of one
/// operation, as its docstring says.
const TWIN_PER_ITERATION: &[&str] = &["spawn/join"];

/// Workloads whose twin does less work per operation under `--quick`
/// without saying so in `n` (`offload/cpu`: the whole job, over a 100× shorter
/// range): under `--quick` their CPython rows are left out, not compared.
pub(crate) const TWIN_QUICK_NOT_COMPARABLE: &[&str] = &["offload/cpu"];

/// The JSON lines `{"workload", "impl", "n", "seconds"}` a CPython twin
/// printed. Lines that are not JSON objects are ignored.
pub(crate) fn parse_twin_output(stdout: &str) -> Vec<Measurement> {
    let mut out = Vec::new();
    for line in stdout.lines().map(str::trim).filter(|l| l.starts_with('{')) {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let (Some(workload), Some(implementation), Some(n), Some(seconds)) = (
            value["workload"].as_str(),
            value["impl"].as_str(),
            value["n"].as_u64(),
            value["seconds"].as_f64(),
        ) else {
            continue;
        };
        let per_iteration = TWIN_PER_ITERATION.contains(&workload) && n > 0;
        out.push(Measurement {
            workload: workload.to_string(),
            parameter: n.to_string(),
            implementation: implementation.to_string(),
            kind: Kind::CPython,
            seconds: if per_iteration {
                seconds / n as f64
            } else {
                seconds
            },
            ops: if per_iteration { n } else { 1 },
            per: if per_iteration {
                Per::Parameter
            } else {
                Per::Twin
            },
            n: Some(n),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_rule() {
        for name in [
            "aio_sync",
            "aio_queue",
            "threaded_loop",
            "thread_pool_wait",
            "rayon_bridge",
        ] {
            assert!(is_ours(name), "{name}");
        }
        for name in ["tokio", "async_channel", "rayon_par_iter", "spawn_blocking"] {
            assert!(!is_ours(name), "{name}");
        }
    }

    #[test]
    fn twin_lines() {
        let out = parse_twin_output(
            "burst\n{\"workload\": \"spawn/join\", \"impl\": \"asyncio_task\", \"n\": 100, \"seconds\": 0.5}\n\
             {\"workload\": \"lock/contended\", \"impl\": \"asyncio\", \"n\": 2, \"seconds\": 0.5}\n",
        );
        assert_eq!(out.len(), 2);
        assert!((out[0].seconds - 0.005).abs() < 1e-12);
        assert!((out[1].seconds - 0.5).abs() < 1e-12);
    }

    #[test]
    fn throughput_shapes() {
        let v: Value = serde_json::from_str(r#"{"Elements": 7}"#).unwrap();
        assert_eq!(throughput_elements(&v), Some(7));
        assert_eq!(throughput_elements(&Value::Null), None);
    }
}
