//! `cargo xtask upstream`: the report on stdout and the exit status (0 nothing to bring in,
//! 1 something, 2 bad input), on spec-diff's small fixtures.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    xtask::workspace_root().join("spec-diff/tests/fixtures")
}

fn upstream(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("upstream").args(args).output().expect("xtask runs")
}

fn run_case(case: &str, deviations: &str) -> Output {
    let dir = fixtures().join(case);
    let (theirs, ours) = (dir.join("theirs.yaml"), dir.join("ours.yaml"));
    upstream(&[theirs.to_str().expect("utf-8"), "--ours", ours.to_str().expect("utf-8"), "--deviations", deviations])
}

#[test]
fn nothing_to_bring_in_exits_0() {
    let out = run_case("reordered", "/nonexistent/DEVIATIONS.md");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("summary: operations 0 added"));
}

#[test]
fn differences_exit_1_and_deviations_explain_them() {
    let out = run_case("operations", "/nonexistent/DEVIATIONS.md");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("operations added (1):\n  + POST /v1/items\n"));
    let deviations = fixtures().join("deviation/DEVIATIONS.md");
    let out = run_case("deviation", deviations.to_str().expect("utf-8"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("explained by DEVIATIONS (2):"));
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let missing = fixtures().join("no-such-case/theirs.yaml");
    let out = upstream(&[missing.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-case/theirs.yaml"));
    let malformed = std::env::temp_dir().join(format!("xtask-upstream-{}.yaml", std::process::id()));
    std::fs::write(&malformed, "paths: [x]\n").expect("temp file");
    let ours = fixtures().join("operations/ours.yaml");
    let out = upstream(&[ours.to_str().expect("utf-8"), "--ours", malformed.to_str().expect("utf-8")]);
    let _ = std::fs::remove_file(&malformed);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}: #/paths: `paths` is not a mapping", malformed.display())), "{stderr}");
    let out = upstream(&["--ours"]);
    assert_eq!(out.status.code(), Some(2));
}
