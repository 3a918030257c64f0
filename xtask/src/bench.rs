//! `cargo xtask bench [--quick]`: runs the criterion benchmarks of the `bench` crate, measures
//! compile time and binary size, and prints one table. Every figure that has a baseline is
//! shown as a ratio against it, measured in the same run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The upstream Anchor spec, relative to the workspace root (absent: skipped with a message).
const UPSTREAM: &str = "../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml";

/// Only the compile-time and size table (a few minutes).
pub fn compile_only(root: &Path) -> Result<String, String> {
    compile_table(root, true)
}

/// Runs everything; returns the report (Markdown).
pub fn run(root: &Path, quick: bool) -> Result<String, String> {
    let schemas = if quick { "100,1000" } else { "100,1000,10000" };
    cargo(root, &["bench", "-p", "bench"], &[("BENCH_SCHEMAS", schemas)])?;
    let criterion = root.join("target/criterion");
    let mut report = String::new();
    report += &codegen_table(root, &criterion, schemas)?;
    report += &client_table(&criterion)?;
    // Counted as well as timed: the count does not wander with the machine's load.
    report += &match crate::count::run(root) {
        Ok(table) => table,
        Err(why) => format!("## Request overhead, counted\n\nNot measured: {why}\n\n"),
    };
    report +=
        &ratio_table(&criterion, "Serialization (decode + encode, median)", "serde", &["request", "response"], 1.10)?;
    report += &compile_table(root, quick)?;
    Ok(report)
}

/// `cargo <args>` in the workspace, failing with the command on error.
fn cargo(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("`cargo {}` failed", args.join(" ")));
    }
    Ok(started.elapsed())
}

/// Criterion's median for one benchmark, in nanoseconds.
fn median(criterion: &Path, id: &str) -> Result<f64, String> {
    let path = criterion.join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("no result for {id} ({}): {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no median", path.display()))
}

fn ms(ns: f64) -> String {
    format!("{:.2}", ns / 1e6)
}

/// Number of component schemas of a document.
fn schema_count(path: &Path) -> Result<usize, String> {
    let doc = generator::load::load_file(path).map_err(|e| e.to_string())?;
    Ok(doc.schemas().count())
}

fn codegen_table(root: &Path, criterion: &Path, schemas: &str) -> Result<String, String> {
    let mut docs: Vec<(String, usize)> = vec![("spec".into(), schema_count(&root.join(crate::codegen::SPEC))?)];
    let upstream = root.join(UPSTREAM);
    let mut note = String::new();
    if upstream.exists() {
        docs.push(("upstream".into(), schema_count(&upstream)?));
    } else {
        note = format!("\nThe upstream Anchor spec ({UPSTREAM}) is absent; its row is skipped.\n");
    }
    for n in schemas.split(',') {
        docs.push((format!("synthetic-{n}"), n.parse().map_err(|e| format!("{n}: {e}"))?));
    }
    let mut out = String::from("## Codegen time (median, ms)\n\n| document | schemas | load | lower | emit | total | µs per schema |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (name, count) in docs {
        let stages: Vec<f64> = ["load", "lower", "emit"]
            .iter()
            .map(|s| median(criterion, &format!("codegen/{s}/{name}")))
            .collect::<Result<_, _>>()?;
        let total: f64 = stages.iter().sum();
        out += &format!(
            "| {name} | {count} | {} | {} | {} | {} | {:.0} |\n",
            ms(stages[0]),
            ms(stages[1]),
            ms(stages[2]),
            ms(total),
            total / 1e3 / count as f64
        );
    }
    Ok(out + &note + "\n")
}

fn ratio_table(criterion: &Path, title: &str, group: &str, rows: &[&str], target: f64) -> Result<String, String> {
    let mut out =
        format!("## {title}\n\n| case | generated | hand-written | ratio | target |\n|---|---:|---:|---:|---:|\n");
    for row in rows {
        // Criterion writes `a/b` function names as `a_b` directories.
        let generated = median(criterion, &format!("{group}/{row}_generated"))?;
        let baseline = median(criterion, &format!("{group}/{row}_baseline"))?;
        let ratio = generated / baseline;
        let verdict = if ratio <= target { "met" } else { "missed" };
        out += &format!(
            "| {row} | {} | {} | {ratio:.3} | ≤ {target:.2} ({verdict}) |\n",
            human(generated),
            human(baseline)
        );
    }
    Ok(out + "\n")
}

/// The client rows come from the interleaved (ABBA) rounds the client bench writes: per-side
/// medians measured minutes apart would carry the machine's drift into the ratio.
fn client_table(criterion: &Path) -> Result<String, String> {
    let path = criterion.join("client/interleaved.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = String::from(
        "## Request overhead (interleaved rounds; per call, or per batch of 64 calls in flight)\n\n\
         | case | generated | hand-written | median paired ratio | target |\n|---|---:|---:|---:|---:|\n",
    );
    for (row, label) in [
        ("sequential", "sequential"),
        ("concurrent64", "64 in flight"),
        ("sequential_vs_timeout", "sequential, baseline with the same 120 s timeout"),
        ("concurrent64_vs_timeout", "64 in flight, baseline with the same 120 s timeout"),
    ] {
        let field = |f: &str| value[row][f].as_f64().ok_or_else(|| format!("{}: no {row}.{f}", path.display()));
        let ratio = field("ratio")?;
        let verdict = if ratio <= 1.05 { "met" } else { "missed" };
        out += &format!(
            "| {label} | {} | {} | {ratio:.3} | ≤ 1.05 ({verdict}) |\n",
            human(field("generated_ns")?),
            human(field("baseline_ns")?)
        );
    }
    Ok(out + "\n")
}

fn human(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} µs", ns / 1e3)
    }
}

/// Median of three timed runs of `cargo <args>`, each after touching `touch` (so only that
/// crate rebuilds).
fn rebuild_time(root: &Path, target: &Path, args: &[&str], touch: &Path) -> Result<Duration, String> {
    let dir = target.to_string_lossy().into_owned();
    let env = [("CARGO_TARGET_DIR", dir.as_str())];
    cargo(root, args, &env)?; // dependencies
    let mut times = Vec::new();
    for _ in 0..3 {
        let text = std::fs::read(touch).map_err(|e| format!("{}: {e}", touch.display()))?;
        std::fs::write(touch, text).map_err(|e| format!("{}: {e}", touch.display()))?;
        times.push(cargo(root, args, &env)?);
    }
    times.sort();
    Ok(times[1])
}

/// Median of three crate-only debug builds of `package` in `dir`: `cargo clean -p` then
/// `cargo build`, with every dependency already built (what a user's first build of the crate
/// costs once dependencies are cached; a `touch` rebuild would reuse parts of the last one).
fn crate_build_time(dir: &Path, target: &Path, package: &str) -> Result<Duration, String> {
    let target = target.to_string_lossy().into_owned();
    let env = [("CARGO_TARGET_DIR", target.as_str())];
    cargo(dir, &["build", "-q", "-p", package], &env)?; // dependencies
    let mut times = Vec::new();
    for _ in 0..3 {
        cargo(dir, &["clean", "-q", "-p", package], &env)?;
        times.push(cargo(dir, &["build", "-q", "-p", package], &env)?);
    }
    times.sort();
    Ok(times[1])
}

/// A crate generated from [`one_operation_doc`], for comparison with the whole API.
fn one_operation_crate(root: &Path, scratch: &Path) -> Result<(PathBuf, usize), String> {
    std::fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    // JSON is YAML, and keeps `no` a string without quoting rules to get right.
    let spec = scratch.join("one-operation.json");
    let doc = one_operation_doc(root)?;
    std::fs::write(&spec, serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let out = scratch.join("one-operation");
    let krate = crate::generate::run(root, &spec, &out, Some("one_operation"))?;
    let lines = std::fs::read_to_string(out.join("src/generated.rs")).map_err(|e| e.to_string())?.lines().count();
    Ok((krate.dir, lines))
}

/// `spec/anchor.yaml` cut down to `POST /v1/sessions` and the schemas it reaches: the seed
/// page's one operation.
pub(crate) fn one_operation_doc(root: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(root.join(crate::codegen::SPEC)).map_err(|e| e.to_string())?;
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let operation = doc["paths"]["/v1/sessions"]["post"].take();
    doc["paths"] = serde_json::json!({ "/v1/sessions": { "post": operation } });
    let mut todo = vec![doc["paths"].clone()];
    let mut keep = std::collections::BTreeSet::new();
    while let Some(value) = todo.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(name) =
                    map.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    if keep.insert(name.to_owned()) {
                        todo.push(doc["components"]["schemas"][name].clone());
                    }
                }
                todo.extend(map.into_iter().map(|(_, v)| v));
            }
            serde_json::Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.retain(|name, _| keep.contains(name));
    }
    Ok(doc)
}

fn stripped_size(binary: &Path, scratch: &Path) -> Result<u64, String> {
    let out = scratch.join(format!("{}.stripped", binary.file_name().unwrap_or_default().to_string_lossy()));
    let status =
        Command::new("strip").arg("-o").arg(&out).arg(binary).status().map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed", binary.display()));
    }
    std::fs::metadata(&out).map(|m| m.len()).map_err(|e| e.to_string())
}

fn compile_table(root: &Path, quick: bool) -> Result<String, String> {
    let generated = std::fs::read_to_string(root.join(crate::codegen::OUTPUT)).map_err(|e| e.to_string())?;
    let lines = generated.lines().count();
    let target: PathBuf = root.join("target/bench-compile");
    let lib = root.join("anchor-api/src/lib.rs");
    let debug = rebuild_time(root, &target, &["build", "-q", "-p", "anchor-api"], &lib)?;
    let clean = crate_build_time(root, &target, "anchor-api")?;
    let (one_dir, one_lines) = one_operation_crate(root, &target.join("one-operation-src"))?;
    let one_clean = crate_build_time(&one_dir, &target, "one_operation")?;
    let release = rebuild_time(root, &target, &["build", "-q", "--release", "-p", "anchor-api"], &lib)?;
    let dir = target.to_string_lossy().into_owned();
    cargo(
        root,
        &["build", "-q", "--release", "-p", "consumer-generated", "-p", "consumer-handwritten"],
        &[("CARGO_TARGET_DIR", dir.as_str())],
    )?;
    let size_generated = stripped_size(&target.join("release/consumer-generated"), &target)?;
    let size_hand = stripped_size(&target.join("release/consumer-handwritten"), &target)?;
    let mut out = String::from("## Compile time and size\n\n| figure | value | reference |\n|---|---:|---|\n");
    out += &format!(
        "| generated lines (`{}`) | {lines} | openapi-generator 7.26: 3,913; progenitor 0.15: 3,685 |\n",
        crate::codegen::OUTPUT
    );
    out += &format!(
        "| `anchor-api` alone, debug, after `touch` (dependencies built) | {:.2} s | |\n",
        debug.as_secs_f64()
    );
    out += &format!(
        "| `anchor-api` alone, debug, after `cargo clean -p` (66 operations) | {:.2} s | target ≤ 1.0 s |\n",
        clean.as_secs_f64()
    );
    out += &format!(
        "| the same for the seed's one operation (`POST /v1/sessions`, {one_lines} generated lines) | {:.2} s | whole API / one operation: {:.2} |\n",
        one_clean.as_secs_f64(),
        clean.as_secs_f64() / one_clean.as_secs_f64()
    );
    out += &format!("| `anchor-api` alone, release (dependencies built) | {:.2} s | |\n", release.as_secs_f64());
    if quick {
        out += "| cold debug build of a minimal consumer | skipped (--quick) | |\n";
    } else {
        let cold = root.join("target/bench-cold");
        let _ = std::fs::remove_dir_all(&cold);
        let cold_dir = cold.to_string_lossy().into_owned();
        let t = cargo(root, &["build", "-q", "-p", "consumer-generated"], &[("CARGO_TARGET_DIR", cold_dir.as_str())])?;
        out += &format!("| cold debug build of a minimal consumer (all dependencies) | {:.1} s | |\n", t.as_secs_f64());
    }
    out += &format!(
        "| stripped release binary, minimal consumer | {:.2} MiB | hand-written reqwest consumer: {:.2} MiB (ratio {:.2}) |\n",
        size_generated as f64 / (1 << 20) as f64,
        size_hand as f64 / (1 << 20) as f64,
        size_generated as f64 / size_hand as f64
    );
    Ok(out)
}
