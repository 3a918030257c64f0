//! `cargo xtask bench --count`: request overhead counted in instructions, not timed. Each side
//! of `bench/examples/request_count.rs` runs under `valgrind --tool=callgrind` twice, with
//! [`SHORT`] and [`LONG`] calls; the difference divided by the difference in calls is one call's
//! instructions, start-up and server set-up cancelled. A count does not move with what else the
//! machine is doing, so the ratio is comparable across runs, where timed ratios on this shared
//! machine wander by more than the gap being measured.

use std::path::Path;
use std::process::Command;

/// Calls in the short and the long run of each side.
const SHORT: u32 = 200;
/// See [`SHORT`].
const LONG: u32 = 2200;
/// Repeats of each pair; the median is reported (the server runs on its own thread, so the
/// number of polls, and with it the count, varies by about 1% from run to run).
const REPEATS: usize = 3;

/// The sides, as `request_count` names them, with how the report names them.
const SIDES: [(&str, &str); 3] = [
    ("generated", "generated client"),
    ("hand-written", "hand-written `reqwest` + `serde_json`"),
    ("hand-written-timeout", "hand-written, with the same whole-request timeout"),
];

/// Builds the example, counts each side and returns the report (Markdown).
pub fn run(root: &Path) -> Result<String, String> {
    if !Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return Err("valgrind is not installed (Debian: `apt-get install valgrind`)".into());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "-q", "--release", "-p", "bench", "--example", "request_count"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("`cargo build --release -p bench --example request_count` failed".into());
    }
    let binary = root.join("target/release/examples/request_count");
    let out = root.join("target/count");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut per_call = Vec::new();
    for (side, _) in SIDES {
        let mut counts = Vec::new();
        for _ in 0..REPEATS {
            let short = instructions(&binary, side, SHORT, &out)?;
            let long = instructions(&binary, side, LONG, &out)?;
            counts.push(long.saturating_sub(short) as f64 / f64::from(LONG - SHORT));
        }
        counts.sort_by(f64::total_cmp);
        per_call.push(counts);
    }
    let mut report = String::from(
        "## Request overhead, counted (`start_browser_session`, sequential, in-process server)\n\n\
         | side | instructions per call (median) | range | ratio to hand-written |\n|---|---:|---:|---:|\n",
    );
    let base = per_call[1][REPEATS / 2];
    for ((_, name), counts) in SIDES.iter().zip(&per_call) {
        let median = counts[REPEATS / 2];
        report += &format!(
            "| {name} | {:.0} | {:.0}–{:.0} | {:.3} |\n",
            median,
            counts[0],
            counts[REPEATS - 1],
            median / base
        );
    }
    report += &format!(
        "\n`valgrind --tool=callgrind` on `target/release/examples/request_count`, {SHORT} and {LONG} calls per \
         side, {REPEATS} times; a call is the difference over {} calls (the server's work is counted on both \
         sides alike). Target: at most 1.05.\n",
        LONG - SHORT
    );
    Ok(report)
}

/// Instructions callgrind counts for `calls` calls of `side`.
fn instructions(binary: &Path, side: &str, calls: u32, out: &Path) -> Result<u64, String> {
    let file = out.join(format!("callgrind.{side}.{calls}"));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(binary)
        .args([side, &calls.to_string()])
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "request_count {side} {calls} failed under valgrind:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stderr);
    text.lines()
        .find_map(|line| line.split("Collected : ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("valgrind printed no count for {side} {calls}:\n{text}"))
}
