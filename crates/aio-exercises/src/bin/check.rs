//! The exercise checker: runs every exercise's tests once and shows progress.
//!
//! ```text
//! cargo run -p aio-exercises --bin check                  # the progress table and the next hint
//! cargo run -p aio-exercises --bin check -- --hint 03     # one exercise: what to read, a hint
//! cargo run -p aio-exercises --bin check -- --json        # one object per exercise, for grading
//! cargo run -p aio-exercises --bin check -- --expect-unsolved   # CI: every test fails with todo!()
//! cargo run -p aio-exercises --features solutions --bin check -- --expect-solved  # CI: all pass
//! cargo run -p aio-exercises --bin check -- --markdown   # the book's list (no tests run)
//! ```
//!
//! It runs `cargo test -p aio-exercises --test exercises` (with
//! `--features solutions` when it was built with them) and reads libtest's
//! report: `exNN_name::case ... ok` lines, and the output of each
//! failure, to tell "not started" (`todo!()`) from "wrong".

use std::collections::BTreeMap;
use std::process::{Command, ExitCode};

use aio_exercises::{EXERCISES, Exercise};

/// What the tests of one exercise said.
#[derive(Debug, Default, Clone)]
struct Outcome {
    passed: usize,
    failed: usize,
    /// Failures whose message is the stub's `todo!()`.
    not_started: usize,
}

impl Outcome {
    fn done(&self) -> bool {
        self.passed > 0 && self.failed == 0
    }

    fn status(&self) -> String {
        if self.passed + self.failed == 0 {
            "no tests found".into()
        } else if self.done() {
            "done".into()
        } else if self.not_started == self.failed && self.passed == 0 {
            "not started".into()
        } else {
            format!(
                "not yet ({}/{} tests pass)",
                self.passed,
                self.passed + self.failed
            )
        }
    }
}

fn run_tests() -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args([
        "test",
        "--quiet",
        "-p",
        "aio-exercises",
        "--test",
        "exercises",
    ]);
    if cfg!(feature = "solutions") {
        command.args(["--features", "solutions"]);
    }
    // Every test runs; its failure output is what we read.
    command.args(["--", "--test-threads=4", "--format", "pretty"]);
    let output = command
        .output()
        .map_err(|err| format!("could not run cargo test: {err}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if std::env::var_os("AIO_CHECK_DEBUG").is_some() {
        eprintln!("{stdout}");
    }
    if !stdout.contains("test result:") {
        // It did not get as far as running the tests: a compile error.
        return Err(format!(
            "the exercises do not compile yet; fix this first:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}

/// Reads libtest's report into one outcome per exercise module.
fn parse(report: &str) -> BTreeMap<String, Outcome> {
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut failed_tests = Vec::new();
    for line in report.lines() {
        // `test NAME ... ok` on a terminal, `NAME --- ok` when piped.
        let rest = line.strip_prefix("test ").unwrap_or(line);
        let Some((name, result)) = rest
            .split_once(" ... ")
            .or_else(|| rest.split_once(" --- "))
        else {
            continue;
        };
        if !name.starts_with("ex") || !name.contains("::") {
            continue;
        }
        let module = name.split("::").next().unwrap_or(name).to_owned();
        let outcome = outcomes.entry(module).or_default();
        match result.trim() {
            "ok" => outcome.passed += 1,
            "FAILED" => {
                outcome.failed += 1;
                failed_tests.push(name.to_owned());
            }
            _ => {}
        }
    }
    // Each failure's captured output sits under `---- NAME stdout ----`.
    for name in failed_tests {
        let header = format!("---- {name} stdout ----");
        let Some(start) = report.find(&header) else {
            continue;
        };
        let section = &report[start + header.len()..];
        let end = section.find("\n---- ").unwrap_or(section.len());
        let end = section[..end].find("\nfailures:").unwrap_or(end);
        if section[..end].contains("not yet implemented") {
            let module = name.split("::").next().unwrap_or(&name).to_owned();
            outcomes.entry(module).or_default().not_started += 1;
        }
    }
    outcomes
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn print_json(outcomes: &BTreeMap<String, Outcome>) {
    println!("[");
    for (i, exercise) in EXERCISES.iter().enumerate() {
        let outcome = outcomes.get(exercise.module).cloned().unwrap_or_default();
        let comma = if i + 1 < EXERCISES.len() { "," } else { "" };
        println!(
            "  {{\"id\": {}, \"title\": {}, \"part\": {}, \"passed\": {}, \"tests_passed\": {}, \"tests_failed\": {}}}{comma}",
            json_string(exercise.id),
            json_string(exercise.title),
            json_string(exercise.part),
            outcome.done(),
            outcome.passed,
            outcome.failed,
        );
    }
    println!("]");
}

/// The exercise list of the book (`book/src/exercises/list.md`), made from
/// the catalog so that the two cannot disagree (CI compares them).
fn print_markdown() {
    println!(
        "<!-- Generated by `cargo run -p aio-exercises --bin check -- --markdown`; do not edit. -->"
    );
    println!();
    println!("| # | exercise | part | read first | minutes |");
    println!("|---|---|---|---|---|");
    let mut total = 0;
    for exercise in EXERCISES {
        total += exercise.minutes;
        let page = exercise.chapter.trim_end_matches(".md");
        println!(
            "| {} | {} (`{}`) | {} | [{page}](../{}) | {} |",
            exercise.id,
            exercise.title,
            exercise.module,
            exercise.part,
            exercise.chapter,
            exercise.minutes
        );
    }
    println!();
    println!(
        "{} exercises, about {} hours in all.",
        EXERCISES.len(),
        (total as f64 / 60.0 * 2.0).round() / 2.0
    );
}

fn print_hint(exercise: &Exercise) {
    println!("Exercise {}: {}", exercise.id, exercise.title);
    println!("  part:    {}", exercise.part);
    println!("  read:    book/src/{}", exercise.chapter);
    println!(
        "  edit:    crates/aio-exercises/src/exercises/{}.rs",
        exercise.module
    );
    println!(
        "  test:    cargo test -p aio-exercises --test exercises {}",
        exercise.module
    );
    println!("  time:    about {} minutes", exercise.minutes);
    println!("  hint:    {}", exercise.hint);
}

fn print_table(outcomes: &BTreeMap<String, Outcome>) -> usize {
    println!("{:<3} {:<58} {:<18} status", "#", "exercise", "part");
    let mut done = 0;
    for exercise in EXERCISES {
        let outcome = outcomes.get(exercise.module).cloned().unwrap_or_default();
        if outcome.done() {
            done += 1;
        }
        println!(
            "{:<3} {:<58} {:<18} {}",
            exercise.id,
            exercise.title,
            exercise.part,
            outcome.status()
        );
    }
    println!();
    println!("{done}/{} done.", EXERCISES.len());
    done
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == "--hint") {
        let Some(id) = args.get(at + 1) else {
            eprintln!("usage: check --hint NN");
            return ExitCode::from(2);
        };
        let id = format!("{:0>2}", id);
        return match EXERCISES.iter().find(|exercise| exercise.id == id) {
            Some(exercise) => {
                print_hint(exercise);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("no exercise {id}: there are {} (01..)", EXERCISES.len());
                ExitCode::from(2)
            }
        };
    }
    if args.iter().any(|arg| arg == "--markdown") {
        print_markdown();
        return ExitCode::SUCCESS;
    }
    let report = match run_tests() {
        Ok(report) => report,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let outcomes = parse(&report);
    if args.iter().any(|arg| arg == "--json") {
        print_json(&outcomes);
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|arg| arg == "--expect-unsolved") {
        // CI, without solutions: every test of every exercise must fail,
        // and with the stub's own todo!(), not some other way.
        let mut ok = true;
        for exercise in EXERCISES {
            let outcome = outcomes.get(exercise.module).cloned().unwrap_or_default();
            let clean =
                outcome.passed == 0 && outcome.failed > 0 && outcome.not_started == outcome.failed;
            if !clean {
                eprintln!(
                    "exercise {} is not cleanly unsolved: {:?}",
                    exercise.id, outcome
                );
                ok = false;
            }
        }
        println!(
            "{} exercises, every test fails with its todo!(): {}",
            EXERCISES.len(),
            ok
        );
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if args.iter().any(|arg| arg == "--expect-solved") {
        let unsolved: Vec<_> = EXERCISES
            .iter()
            .filter(|exercise| !outcomes.get(exercise.module).is_some_and(Outcome::done))
            .map(|exercise| exercise.id)
            .collect();
        println!(
            "{} exercises, all solved: {}",
            EXERCISES.len(),
            unsolved.is_empty()
        );
        if !unsolved.is_empty() {
            eprintln!("not passing with the reference solutions: {unsolved:?}");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    let done = print_table(&outcomes);
    if let Some(next) = EXERCISES
        .iter()
        .find(|exercise| !outcomes.get(exercise.module).is_some_and(Outcome::done))
    {
        println!("Next:");
        print_hint(next);
    } else if done > 0 {
        println!("All exercises done. Well played.");
    }
    ExitCode::SUCCESS
}
