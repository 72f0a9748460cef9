//! The measurements chapter: one table and one chart per area, the ratios,
//! the machine and the date. Every number in it comes from a run.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Options;
use crate::data::{Kind, Measurement, OURS_RULE, Per, TWIN_QUICK_NOT_COMPARABLE};
use crate::svg;

/// A ratio above this, ours against the best Rust peer, is listed at the end.
const SLOWER_THAN_PEER: f64 = 1.5;

/// One bench file and its twin's results.
#[derive(Debug)]
pub(crate) struct Area {
    pub(crate) name: String,
    /// The criterion groups, in the bench file's order.
    pub(crate) groups: Vec<String>,
    pub(crate) twin: Option<String>,
    pub(crate) rows: Vec<Measurement>,
}

/// Where the figures were measured.
#[derive(Debug)]
pub(crate) struct Machine {
    cores: usize,
    cpu: String,
    rustc: String,
    python: Option<String>,
    date: String,
    /// `/proc/loadavg`'s first three fields when the run began.
    load: Option<String>,
}

impl Machine {
    /// The machine now; `load` is the load average taken before the run.
    pub(crate) fn probe(python: Option<String>, load: Option<String>) -> Machine {
        let cpu = fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, model)| model.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".to_string());
        let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("--version")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".to_string());
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            rustc,
            python,
            date: utc_now(),
            load,
        }
    }
}

/// The 1, 5 and 15 minute load averages, from `/proc/loadavg`.
pub(crate) fn load_average() -> Option<String> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `YYYY-MM-DD HH:MM UTC`, from the system clock.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

/// A duration in seconds, three significant digits, in ns, µs, ms or s.
pub(crate) fn format_time(seconds: f64) -> String {
    let (value, unit) = if seconds < 1e-6 {
        (seconds * 1e9, "ns")
    } else if seconds < 1e-3 {
        (seconds * 1e6, "µs")
    } else if seconds < 1.0 {
        (seconds * 1e3, "ms")
    } else {
        (seconds, "s")
    };
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

fn format_ratio(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else {
        format!("{ratio:.2}×")
    }
}

/// One workload at one parameter: the rows of a table block and of a chart.
#[derive(Debug)]
pub(crate) struct Block<'a> {
    pub(crate) workload: &'a str,
    pub(crate) parameter: &'a str,
    /// Ours, then the Rust peers, then CPython.
    pub(crate) rows: Vec<&'a Measurement>,
}

/// The Rust (workload, parameter) pairs of an area in the bench file's
/// order (group, then numeric parameter), each with its rows and the CPython
/// rows that match it (see [`cpython_for`]).
pub(crate) fn blocks(area: &Area) -> Vec<Block<'_>> {
    let rust: Vec<&Measurement> = area
        .rows
        .iter()
        .filter(|m| m.kind != Kind::CPython)
        .collect();
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for m in &rust {
        let key = (m.workload.as_str(), m.parameter.as_str());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let group_index = |workload: &str| {
        area.groups
            .iter()
            .position(|g| workload == g || workload.starts_with(&format!("{g}/")))
            .unwrap_or(usize::MAX)
    };
    keys.sort_by(|a, b| {
        (group_index(a.0), a.0, param_number(a.1), a.1).cmp(&(
            group_index(b.0),
            b.0,
            param_number(b.1),
            b.1,
        ))
    });
    keys.into_iter()
        .map(|(workload, parameter)| {
            let mut rows: Vec<&Measurement> = rust
                .iter()
                .copied()
                .filter(|m| m.workload == workload && m.parameter == parameter)
                .collect();
            rows.sort_by(|a, b| (a.kind, &a.implementation).cmp(&(b.kind, &b.implementation)));
            let mut cpython = cpython_for(&area.rows, workload, parameter);
            cpython.sort_by(|a, b| a.implementation.cmp(&b.implementation));
            rows.extend(cpython);
            Block {
                workload,
                parameter,
                rows,
            }
        })
        .collect()
}

fn param_number(parameter: &str) -> u64 {
    parameter.parse().unwrap_or(0)
}

/// The CPython rows for a Rust (workload, parameter): the twin's rows of the
/// same workload at `n` = the parameter; else, when the twin ran that
/// workload at one size only, that size (the Rust parameter is then not a
/// size, e.g. the worker count of `threaded/*`); else the nearest size.
fn cpython_for<'a>(
    rows: &'a [Measurement],
    workload: &str,
    parameter: &str,
) -> Vec<&'a Measurement> {
    let twin: Vec<&Measurement> = rows
        .iter()
        .filter(|m| m.kind == Kind::CPython && m.workload == workload)
        .collect();
    let mut sizes: Vec<u64> = twin.iter().filter_map(|m| m.n).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let wanted = match parameter.parse::<u64>() {
        Ok(p) if sizes.contains(&p) => Some(p),
        _ if sizes.len() == 1 => Some(sizes[0]),
        Ok(p) => sizes.iter().copied().min_by(|a, b| {
            let distance = |s: u64| ((s as f64).ln() - (p.max(1) as f64).ln()).abs();
            distance(*a).total_cmp(&distance(*b))
        }),
        Err(_) => None,
    };
    twin.into_iter().filter(|m| m.n == wanted).collect()
}

/// Ours against the fastest Rust peer of the same block.
pub(crate) fn peer_ratio<'a>(
    block: &Block<'a>,
    ours: &Measurement,
) -> Option<(f64, &'a Measurement)> {
    let best = block
        .rows
        .iter()
        .filter(|m| m.kind == Kind::RustPeer)
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))?;
    Some((ours.seconds / best.seconds, best))
}

/// CPython against ours: the CPython row whose name ours starts with
/// (`thread_pool` for `thread_pool_wait`), else the fastest CPython row.
fn cpython_ratio(block: &Block<'_>, ours: &Measurement) -> Option<f64> {
    let cpython: Vec<&&Measurement> = block
        .rows
        .iter()
        .filter(|m| m.kind == Kind::CPython)
        .collect();
    let same = cpython
        .iter()
        .find(|m| ours.implementation.starts_with(&m.implementation));
    let chosen = same.or_else(|| {
        cpython
            .iter()
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
    })?;
    Some(chosen.seconds / ours.seconds)
}

/// A row's name: the implementation, with the twin's size when it differs.
pub(crate) fn label(m: &Measurement, parameter: &str) -> String {
    match m.kind {
        Kind::CPython => match m.n {
            Some(n) if !parameter.is_empty() && n.to_string() != parameter => {
                format!("CPython {} (n = {n})", m.implementation)
            }
            _ => format!("CPython {}", m.implementation),
        },
        _ => m.implementation.clone(),
    }
}

fn ops_cell(m: &Measurement) -> String {
    match m.per {
        Per::Throughput => m.ops.to_string(),
        Per::Parameter => format!("{} (parameter)", m.ops),
        Per::Iteration => "1 (iteration)".to_string(),
        Per::Twin => "(twin)".to_string(),
    }
}

/// Writes the chapter and its charts; returns the chapter's path.
pub(crate) fn write(
    options: &Options,
    machine: &Machine,
    areas: &[Area],
) -> Result<PathBuf, String> {
    let out = &options.out;
    let chart_dir = out.with_extension("");
    let chart_folder = chart_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs::create_dir_all(&chart_dir).map_err(|e| format!("{}: {e}", chart_dir.display()))?;

    let mut md = String::new();
    let command = format!("cargo run -p xtask -- compare {}", options.args.join(" "));
    let command = command.trim_end();
    let _ = writeln!(md, "# Measurements\n");
    let _ = writeln!(
        md,
        "<!-- Generated by `{command}`. Do not edit: rerun it. -->\n"
    );
    let _ = writeln!(
        md,
        "Every figure on this page was measured by one run of `{command}` on the machine below, \
         and written here by that command: none is typed by hand. Run it on your machine to get \
         your own figures (`just compare`)."
    );
    if options.quick {
        let _ = writeln!(
            md,
            "\n**This run used `--quick`:** criterion's quick mode (no warm-up; an iteration count \
             is doubled until two runs agree within 5%, for at most the group's measurement time) \
             and the CPython twins' small sizes. Quick figures are rougher than a full run's; \
             run without `--quick` before you believe a small difference."
        );
    }
    if options.no_run {
        let _ = writeln!(
            md,
            "\nThe Rust figures were read with `--no-run`: they are whatever the last `cargo bench` \
             left in `target/criterion`."
        );
    }
    let _ = writeln!(md, "\n## The machine\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| date | {} |", machine.date);
    let _ = writeln!(md, "| CPU | {} |", machine.cpu);
    let _ = writeln!(md, "| cores | {} |", machine.cores);
    if let Some(load) = &machine.load {
        let _ = writeln!(
            md,
            "| load average when the run began (1, 5, 15 min) | {load} |"
        );
    }
    let _ = writeln!(md, "| Rust | `{}` |", machine.rustc);
    let _ = writeln!(
        md,
        "| Python | {} |",
        machine
            .python
            .as_deref()
            .map_or("not found: no CPython figures".to_string(), |p| format!(
                "`{p}`"
            ))
    );

    let not_comparable = TWIN_QUICK_NOT_COMPARABLE
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(md, "\n## How to read the tables\n");
    let _ = writeln!(
        md,
        "- **time per op** is criterion's mean time of one iteration divided by the operations \
         in it. The operation count is the group's `throughput` (criterion's `benchmark.json`) \
         when the bench sets one, shown as a plain number; else the size in the `BenchmarkId` \
         parameter, marked *(parameter)*; else 1, marked *(iteration)*: the figure is then the \
         time of a whole iteration. The CPython twins print the time of one operation \
         themselves, marked *(twin)*.\n\
         - **parameter** is the `BenchmarkId` parameter: a size, or what the bench file says \
         (the worker threads, for `threaded/*`).\n\
         - **ours**: {OURS_RULE}.\n\
         - **ours / best Rust peer** is our time divided by the fastest Rust peer's time in the \
         same workload and parameter: below 1 we are faster. The workload includes the variant \
         after the implementation's name (`aio_queue/bounded64` is `aio_queue` in workload \
         `queue/spsc/bounded64`).\n\
         - **CPython / ours** is the CPython twin's time divided by ours: above 1 we are faster. \
         The twin's row is the one of the same workload at the same size; when the twin ran \
         another size (named in the row) or several executors, the one whose name ours starts \
         with (`thread_pool` for `thread_pool_wait`), else the fastest.\n\
         - Under `--quick`, a twin that runs a smaller job without saying so in `n` is left \
         out ({not_comparable}: the twin's quick job is shorter than the bench's).\n\
         - Charts: one bar per row, ours in orange, Rust peers in purple, CPython in green, \
         baselines in grey; the \
         axis is logarithmic when the slowest bar is more than 10× the fastest. Figures move \
         from run to run: compare figures from one run, and rerun before you believe a small difference."
    );

    let mut slower = Vec::new();
    for area in areas {
        let blocks = blocks(area);
        let _ = writeln!(md, "\n## {}\n", area.name);
        let _ = writeln!(
            md,
            "`benches/{}.rs`{}.\n",
            area.name,
            area.twin
                .as_deref()
                .map_or(String::new(), |t| format!(", CPython twin `{t}`"))
        );
        if blocks.is_empty() {
            let _ = writeln!(md, "No criterion results were found for this area.");
            continue;
        }
        let chart = svg::chart(&area.name, &blocks);
        let chart_path = chart_dir.join(format!("{}.svg", area.name));
        fs::write(&chart_path, chart).map_err(|e| format!("{}: {e}", chart_path.display()))?;
        let _ = writeln!(
            md,
            "![{} : time per operation]({chart_folder}/{}.svg)\n",
            area.name, area.name
        );
        let _ = writeln!(
            md,
            "| workload | parameter | implementation | ops / iteration | time per op | ours / best Rust peer | CPython / ours |"
        );
        let _ = writeln!(md, "|---|---|---|---|---:|---:|---:|");
        for block in &blocks {
            for m in &block.rows {
                let (peer, cpython) = if m.kind == Kind::Ours {
                    let peer = peer_ratio(block, m);
                    if let Some((ratio, best)) = peer
                        && ratio > SLOWER_THAN_PEER
                    {
                        slower.push((block.workload, block.parameter, *m, ratio, best));
                    }
                    (
                        peer.map_or("—".to_string(), |(r, best)| {
                            format!("{} ({})", format_ratio(r), best.implementation)
                        }),
                        cpython_ratio(block, m).map_or("—".to_string(), format_ratio),
                    )
                } else {
                    (String::new(), String::new())
                };
                let name = if m.kind == Kind::Ours {
                    format!("**{}**", label(m, block.parameter))
                } else {
                    label(m, block.parameter)
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    block.workload,
                    block.parameter,
                    name,
                    ops_cell(m),
                    format_time(m.seconds),
                    peer,
                    cpython
                );
            }
        }
    }

    let _ = writeln!(
        md,
        "\n## Where ours is more than {SLOWER_THAN_PEER}× slower than the best Rust peer\n"
    );
    if slower.is_empty() {
        let _ = writeln!(md, "Nowhere, in this run.");
    } else {
        let _ = writeln!(
            md,
            "The bench file's documentation says what each implementation does; the \
             chapter of each crate says why ours is built the way it is.\n"
        );
        for (workload, parameter, ours, ratio, best) in slower {
            let at = if parameter.is_empty() {
                String::new()
            } else {
                format!(" ({parameter})")
            };
            let _ = writeln!(
                md,
                "- `{workload}`{at}: `{}` {} against `{}` {}: {}",
                ours.implementation,
                format_time(ours.seconds),
                best.implementation,
                format_time(best.seconds),
                format_ratio(ratio)
            );
        }
    }
    write_file(out, &md)?;
    Ok(out.clone())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(format_time(1.234e-7), "123 ns");
        assert_eq!(format_time(2.5e-6), "2.50 µs");
        assert_eq!(format_time(0.0125), "12.5 ms");
    }

    #[test]
    fn date_shape() {
        let date = utc_now();
        assert_eq!(date.len(), "2026-01-01 00:00 UTC".len(), "{date}");
    }
}
