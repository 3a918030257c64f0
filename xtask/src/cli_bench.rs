//! `cargo xtask bench --cli`: the `anchor` command-line client beside a minimal clap program
//! (`bench/consumers/clap-minimal`, with the clap features the runtime's `cli` uses): a cold
//! release build of each (every dependency compiled, in a target directory of its own, the two
//! alternating), the stripped binaries' sizes, and start-up (`--help`, `anchor operations`),
//! each the median of alternating runs.

use crate::measure::median;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Rounds of the cold builds (each builds both programs).
const BUILD_ROUNDS: usize = 2;
/// Runs of each start-up command.
const START_RUNS: usize = 30;

fn cold_release(root: &Path, package: &str, round: usize) -> Result<Duration, String> {
    let target = root.join(format!("target/bench-cli/{package}-{round}"));
    let _ = std::fs::remove_dir_all(&target);
    let started = Instant::now();
    let status = Command::new(crate::measure::cargo_bin())
        .args(["build", "-q", "--release", "--locked", "-p", package])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release -p {package} failed"));
    }
    Ok(started.elapsed())
}

fn stripped(binary: &Path) -> Result<u64, String> {
    let out = binary.with_extension("stripped");
    let status =
        Command::new("strip").arg("-o").arg(&out).arg(binary).status().map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed", binary.display()));
    }
    std::fs::metadata(&out).map(|m| m.len()).map_err(|e| e.to_string())
}

/// Median wall time of `binary args`, its output discarded.
fn start_up(commands: &[(&Path, &[&str])]) -> Result<Vec<f64>, String> {
    let mut times = vec![Vec::new(); commands.len()];
    for _ in 0..START_RUNS {
        for (i, (binary, args)) in commands.iter().enumerate() {
            let started = Instant::now();
            let status = Command::new(binary).args(*args).stdout(Stdio::null()).stderr(Stdio::null()).status();
            status.map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
            times[i].push(started.elapsed());
        }
    }
    Ok(times.into_iter().map(median).collect())
}

/// The table.
pub fn run(root: &Path) -> Result<String, String> {
    let (mut cli, mut minimal) = (Vec::new(), Vec::new());
    for round in 0..BUILD_ROUNDS {
        cli.push(cold_release(root, "anchor-cli", round)?);
        minimal.push(cold_release(root, "consumer-clap-minimal", round)?);
    }
    let (cli_s, minimal_s) = (median(cli.clone()), median(minimal.clone()));
    let anchor = root.join("target/bench-cli/anchor-cli-0/release/anchor");
    let reference = root.join("target/bench-cli/consumer-clap-minimal-0/release/clap-minimal");
    let (cli_size, minimal_size) = (stripped(&anchor)?, stripped(&reference)?);
    let help: &[&str] = &["--help"];
    let list: &[&str] = &["operations"];
    let times = start_up(&[(&anchor, help), (&anchor, list), (&reference, help)])?;
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    let rounds = |ds: &[Duration]| ds.iter().map(|d| format!("{:.1}", d.as_secs_f64())).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "## The command-line client\n\n| figure | `anchor` | minimal clap program | ratio |\n|---|---:|---:|---:|\n",
    );
    out += &format!(
        "| cold release build, every dependency (s; rounds {} / {}) | {cli_s:.1} | {minimal_s:.1} | {:.1} |\n",
        rounds(&cli),
        rounds(&minimal),
        cli_s / minimal_s
    );
    out += &format!(
        "| stripped release binary (MiB) | {:.2} | {:.2} | {:.1} |\n",
        mib(cli_size),
        mib(minimal_size),
        cli_size as f64 / minimal_size as f64
    );
    out += &format!(
        "| `--help` (ms, median of {START_RUNS}) | {:.1} | {:.1} | {:.1} |\n",
        times[0] * 1e3,
        times[2] * 1e3,
        times[0] / times[2]
    );
    out += &format!("| `anchor operations`, all 136 (ms) | {:.1} | | |\n", times[1] * 1e3);
    Ok(out)
}
