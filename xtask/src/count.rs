//! `cargo xtask bench --count`: request overhead counted in instructions, not timed. Each side
//! of `bench/examples/request_count.rs` runs under `valgrind --tool=callgrind` twice per case,
//! with a short and a long run (see [`CASES`]); the difference divided by the difference in calls
//! is one call's instructions, start-up and server set-up cancelled. A count does not move with what else the
//! machine is doing, so the ratio is comparable across runs, where timed ratios on this shared
//! machine wander by more than the gap being measured.

use std::path::Path;
use std::process::Command;

/// (name, calls in flight at once, calls in the short run, calls in the long run).
const CASES: [(&str, u32, u32, u32); 2] = [("sequential", 1, 200, 2200), ("64 in flight", 64, 192, 2112)];
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
    let mut report = String::from(
        "## Request overhead, counted (`start_browser_session`, in-process server)\n\n\
         | case | side | instructions per call (median) | range | ratio to hand-written |\n|---|---|---:|---:|---:|\n",
    );
    for (case, in_flight, short, long) in CASES {
        let mut per_call = Vec::new();
        for (side, _) in SIDES {
            let mut counts = Vec::new();
            for _ in 0..REPEATS {
                let few = instructions(&binary, side, short, in_flight, &out)?;
                let many = instructions(&binary, side, long, in_flight, &out)?;
                counts.push(many.saturating_sub(few) as f64 / f64::from(long - short));
            }
            counts.sort_by(f64::total_cmp);
            per_call.push(counts);
        }
        let base = per_call[1][REPEATS / 2];
        for ((_, name), counts) in SIDES.iter().zip(&per_call) {
            let median = counts[REPEATS / 2];
            report += &format!(
                "| {case} | {name} | {median:.0} | {:.0}–{:.0} | {:.3} |\n",
                counts[0],
                counts[REPEATS - 1],
                median / base
            );
        }
    }
    report += &format!(
        "\n`valgrind --tool=callgrind` on `target/release/examples/request_count` (one thread), a short and a \
         long run per side and case ({}), {REPEATS} times; a call is the difference divided by the difference \
         in calls (the server's work is counted on both sides alike). Target: at most 1.05.\n",
        CASES.map(|(case, _, short, long)| format!("{case}: {short} and {long} calls")).join("; ")
    );
    Ok(report)
}

/// Instructions callgrind counts for `calls` calls of `side`, `in_flight` at a time.
fn instructions(binary: &Path, side: &str, calls: u32, in_flight: u32, out: &Path) -> Result<u64, String> {
    let file = out.join(format!("callgrind.{side}.{calls}.{in_flight}"));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(binary)
        .args([side, &calls.to_string(), &in_flight.to_string()])
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
