//! Helpers the side-by-side benchmarks share: running commands and cargo, timing them, counting
//! lines.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo <args>` in `dir` (its own target folder), timed.
pub(crate) fn cargo_in(dir: &Path, args: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    run_ok(Command::new(cargo_bin()).current_dir(dir).env_remove("CARGO_TARGET_DIR").args(args))?;
    Ok(started.elapsed())
}

/// Runs `command`; its output is kept and shown only when it fails.
pub(crate) fn run_ok(command: &mut Command) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let tail = |b: &[u8]| {
        let text = String::from_utf8_lossy(b);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    };
    Err(format!("{command:?} failed ({}):\n{}\n{}", out.status, tail(&out.stdout), tail(&out.stderr)))
}

/// Lines of the `.rs` files under `dir`.
pub(crate) fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                rust_lines(&p)
            } else if p.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&p).map(|t| t.lines().count()).unwrap_or(0)
            } else {
                0
            }
        })
        .sum()
}

/// The median, in seconds.
pub(crate) fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times.get(times.len() / 2).map_or(0.0, Duration::as_secs_f64)
}

/// `cargo <args>` in `dir` with `target` as its target folder: wall time and the peak resident
/// memory of the largest process it ran (rustc), as GNU time reports it.
pub(crate) fn cargo_timed(dir: &Path, target: &Path, args: &[&str]) -> Result<(Duration, u64), String> {
    let report = target.join("time.txt");
    std::fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
    let started = Instant::now();
    run_ok(
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&report)
            .arg(cargo_bin())
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target),
    )?;
    let elapsed = started.elapsed();
    let text = std::fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let kb =
        text.lines().last().and_then(|l| l.trim().parse().ok()).ok_or_else(|| format!("GNU time printed {text:?}"))?;
    Ok((elapsed, kb))
}
