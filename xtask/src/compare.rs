//! `compare`: run the benches and their twins, then write the chapter.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use crate::Options;
use crate::data::{self, Measurement};
use crate::report::{self, Area, Machine};

/// The workspace root: the folder above `xtask/`.
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

pub(crate) fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let load = report::load_average();
    let root = workspace_root();
    let areas = select_areas(&root, &options.areas)?;
    let target = target_dir(&root)?;
    let criterion_dir = target.join("criterion");
    let python = python_version();
    if python.is_none() {
        eprintln!("compare: python3 not found, the CPython twins are skipped");
    }

    let mut report_areas = Vec::new();
    for name in &areas {
        let source_path = root.join("benches").join(format!("{name}.rs"));
        let source = fs::read_to_string(&source_path)
            .map_err(|e| format!("{}: {e}", source_path.display()))?;
        let groups = benchmark_groups(&source);
        let since = if options.no_run {
            None
        } else {
            let since = SystemTime::now();
            run_bench(&root, name, options.quick)?;
            Some(since)
        };
        let (mut rows, stale) = data::read_criterion(&criterion_dir, &groups, since)?;
        if stale > 0 {
            eprintln!("compare: {name}: skipped {stale} results older than this run");
        }
        if rows.is_empty() {
            eprintln!(
                "compare: {name}: no criterion results under {}",
                criterion_dir.display()
            );
        }
        let twin = twin_path(&root, name, &source);
        if python.is_some()
            && let Some(twin) = &twin
        {
            let mut twin_rows = run_twin(&root, twin, options.quick);
            if options.quick {
                twin_rows
                    .retain(|m| !data::TWIN_QUICK_NOT_COMPARABLE.contains(&m.workload.as_str()));
            }
            rows.extend(twin_rows);
        }
        report_areas.push(Area {
            name: name.clone(),
            groups,
            twin: twin.map(|p| {
                p.strip_prefix(&root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .into_owned()
            }),
            rows,
        });
    }

    let machine = Machine::probe(python, load);
    let written = report::write(options, &machine, &report_areas)?;
    eprintln!(
        "compare: wrote {} in {:.0} s",
        written.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The areas to measure, in the order of the `[[bench]]` entries of the
/// root Cargo.toml (the book's order), then any other `benches/*.rs`.
fn select_areas(root: &Path, asked: &[String]) -> Result<Vec<String>, String> {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    let mut in_bench = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bench = line == "[[bench]]";
        } else if in_bench
            && let Some(value) = line.strip_prefix("name")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            all.push(value.trim().trim_matches('"').to_string());
        }
    }
    let mut files: Vec<String> = fs::read_dir(root.join("benches"))
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_string)
        })
        .collect();
    files.sort();
    all.retain(|name| files.contains(name));
    for file in files {
        if !all.contains(&file) {
            all.push(file);
        }
    }
    if asked.is_empty() {
        return Ok(all);
    }
    for name in asked {
        if !all.contains(name) {
            return Err(format!(
                "no bench area {name:?}; the areas are: {}",
                all.join(", ")
            ));
        }
    }
    Ok(all.into_iter().filter(|a| asked.contains(a)).collect())
}

/// Where cargo puts its builds (and criterion its results): asks
/// `cargo metadata`, so `CARGO_TARGET_DIR` and `.cargo/config.toml` count.
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err("cargo metadata failed".to_string());
    }
    let value: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    value["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata: no target_directory".to_string())
}

/// The `benchmark_group("...")` names of a bench file, in order.
fn benchmark_groups(source: &str) -> Vec<String> {
    let mut groups = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("benchmark_group(\"") {
        rest = &rest[at + "benchmark_group(\"".len()..];
        if let Some(end) = rest.find('"') {
            let group = rest[..end].to_string();
            if !groups.contains(&group) {
                groups.push(group);
            }
            rest = &rest[end..];
        }
    }
    groups
}

/// The twin a bench file names (`benches/python/NAME.py` in its docs),
/// else `benches/python/AREA.py`, if it exists.
fn twin_path(root: &Path, area: &str, source: &str) -> Option<PathBuf> {
    let named = source.find("benches/python/").and_then(|at| {
        let rest = &source[at..];
        let end = rest.find(".py")?;
        Some(rest[..end + 3].to_string())
    });
    [named, Some(format!("benches/python/{area}.py"))]
        .into_iter()
        .flatten()
        .map(|relative| root.join(relative))
        .find(|path| path.is_file())
}

fn run_bench(root: &Path, area: &str, quick: bool) -> Result<(), String> {
    let mut command = Command::new(cargo());
    command
        .args(["bench", "--bench", area, "--", "--noplot"])
        .current_dir(root);
    if quick {
        command.arg("--quick");
    }
    eprintln!("compare: cargo bench --bench {area} ...");
    // criterion's report goes to stderr, so that stdout stays quiet.
    let status = command
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| format!("cargo bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo bench --bench {area} failed ({status})"))
    }
}

/// Runs a twin; a twin that fails is reported and left out, it does not
/// stop the comparison.
fn run_twin(root: &Path, twin: &Path, quick: bool) -> Vec<Measurement> {
    let mut command = Command::new("python3");
    command.arg(twin).current_dir(root);
    if quick {
        command.arg("--quick");
    }
    eprintln!("compare: python3 {} ...", twin.display());
    match command.stderr(Stdio::inherit()).output() {
        Ok(output) if output.status.success() => {
            data::parse_twin_output(&String::from_utf8_lossy(&output.stdout))
        }
        Ok(output) => {
            eprintln!("compare: {} failed ({})", twin.display(), output.status);
            Vec::new()
        }
        Err(e) => {
            eprintln!("compare: {}: {e}", twin.display());
            Vec::new()
        }
    }
}

fn python_version() -> Option<String> {
    let output = Command::new("python3").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(if output.stdout.is_empty() {
        &output.stderr
    } else {
        &output.stdout
    })
    .trim()
    .to_string();
    output.status.success().then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_order() {
        let source =
            r#"c.benchmark_group("a/b"); c.benchmark_group("c"); c.benchmark_group("a/b");"#;
        assert_eq!(benchmark_groups(source), ["a/b", "c"]);
    }

    #[test]
    fn every_area_has_groups() {
        let root = workspace_root();
        for area in select_areas(&root, &[]).unwrap() {
            let source = fs::read_to_string(root.join(format!("benches/{area}.rs"))).unwrap();
            assert!(!benchmark_groups(&source).is_empty(), "{area}");
        }
    }
}
