//! `cargo xtask bench --large [REV]`: the crates generated for the largest corpus documents,
//! `cargo check`ed side by side with the crates a baseline generator makes of the same documents.
//! The baseline is the generator at commit `REV` (default [`BASELINE`], the output issue 15 was
//! measured against), checked out into a git worktree under `target/large`; each side's crate
//! depends on its own runtime. Reported: generated lines, and the crate-only `cargo check` (its
//! dependencies checked, then `cargo clean -p` and `cargo check`) wall time and rustc's peak
//! memory, medians of alternating runs, as ratios current / baseline.

use crate::measure::{cargo_bin, cargo_timed, median, run_ok};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The generator output the targets are stated against (the commit before the work on them).
pub const BASELINE: &str = "50ec440";
/// The largest documents of `../shared/corpus/public`.
pub const DOCUMENTS: &[&str] = &[
    "openai__openai-openapi__openapi.yaml",
    "box__box-openapi__openapi.json",
    "discord__discord-api-spec__openapi.json",
];
const RUNS: usize = 3;

/// Runs the comparison; returns the report (Markdown).
pub fn run(root: &Path, rev: Option<&str>) -> Result<String, String> {
    let rev = rev.unwrap_or(BASELINE);
    let corpus = root.join("../shared/corpus/public");
    if !corpus.is_dir() {
        return Err(format!("{} is absent: this benchmark needs ../shared beside the checkout", corpus.display()));
    }
    let scratch = root.join("target/large");
    let worktree = scratch.join("baseline-src");
    if !worktree.join("Cargo.toml").exists() {
        let _ = std::fs::remove_dir_all(&worktree);
        run_ok(
            Command::new("git")
                .current_dir(root)
                .args(["worktree", "add", "--force", "--detach"])
                .arg(&worktree)
                .arg(rev),
        )?;
    } else {
        run_ok(Command::new("git").current_dir(&worktree).args(["checkout", "--quiet", "--detach", rev]))?;
    }
    let target = scratch.join("target");
    let mut rows = Vec::new();
    for doc in DOCUMENTS {
        let spec = corpus.join(doc);
        let name = crate::generate::crate_name(&spec);
        let mut sides = Vec::new();
        for (side, source) in [("baseline", &worktree), ("current", &root.to_path_buf())] {
            let out = scratch.join(side).join(&name);
            let _ = std::fs::remove_dir_all(&out);
            // Each side's own xtask (the baseline's built into a folder of its own).
            let mut generate = Command::new(cargo_bin());
            generate.current_dir(source).args(["xtask", "generate", "--spec"]).arg(&spec).arg("--out").arg(&out);
            if side == "baseline" {
                generate.env("CARGO_TARGET_DIR", scratch.join("baseline-target"));
            }
            run_ok(&mut generate)?;
            let lines =
                std::fs::read_to_string(out.join("src/generated.rs")).map_err(|e| e.to_string())?.lines().count();
            let side_target = target.join(side);
            cargo_timed(&out, &side_target, &["check", "-q"])?; // dependencies
            sides.push((out, side_target, lines));
        }
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(), Vec::new()];
        let mut memory: Vec<Vec<u64>> = vec![Vec::new(), Vec::new()];
        for _ in 0..RUNS {
            for (i, (dir, side_target, _)) in sides.iter().enumerate() {
                cargo_timed(dir, side_target, &["clean", "-q", "-p", &name])?;
                let (t, kb) = cargo_timed(dir, side_target, &["check", "-q"])?;
                times[i].push(t);
                memory[i].push(kb);
            }
        }
        let mem = |v: &mut Vec<u64>| {
            v.sort();
            v[v.len() / 2] as f64 / 1024.0
        };
        let (t0, t1) = (median(times[0].clone()), median(times[1].clone()));
        let (m0, m1) = (mem(&mut memory[0]), mem(&mut memory[1]));
        rows.push(format!(
            "| {doc} | {} / {} | {t0:.1} s / {t1:.1} s ({:.2}) | {m0:.0} / {m1:.0} MiB ({:.2}) |",
            sides[0].2,
            sides[1].2,
            t1 / t0,
            m1 / m0
        ));
    }
    Ok(format!(
        "## Large documents: current generator against {rev}\n\n\
         | document | generated lines (baseline / current) | crate-only `cargo check` (ratio) | rustc peak memory (ratio) |\n\
         |---|---:|---:|---:|\n{}\n\n\
         Median of {RUNS} alternating runs; each crate checked in a target folder of its side, dependencies checked first.\n",
        rows.join("\n")
    ))
}
