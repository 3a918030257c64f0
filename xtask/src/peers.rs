//! `cargo xtask bench --peers`: our generator next to progenitor's CLI and openapi-generator on
//! the same document, in one run. Installs both into `target/peers/tools` (a Java runtime from
//! Debian's packages when `java` is missing), generates a crate with each tool, and reports
//! generated lines, generation time and the crate-only debug build as ratios against each peer.
//!
//! The document is the seed page's one operation (`POST /v1/sessions` from `spec/`). The peers
//! need edits to accept it and to compile what they make; they are applied to the peers' copy
//! only and listed in the report ([`PEER_EDITS`]). A peer that still fails is reported as such.

use crate::measure::{cargo_bin, cargo_in, median, run_ok, rust_lines, write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PROGENITOR: &str = "cargo-progenitor@0.15.1";
const OPENAPI_GENERATOR: &str = "openapi-generator-cli==7.26.0";
/// Timed runs of each generation and build (alternating between the tools; the median is used).
const RUNS: usize = 5;

/// What the peers' copy of the document gets, as listed in the report.
pub const PEER_EDITS: &[&str] = &[
    "each operation without an `operationId` gets one: its `summary` in snake case (`start_browser_session`; progenitor refuses operations without one)",
    "`openapi: 3.1.0` labelled `3.0.3` (progenitor reads 3.0 only)",
    "`title` dropped on the fourth branch of `AnchorProxy.type` (progenitor: its inline enum's name clashes with the `AnchorProxy` component)",
    "`title: ProxyCountryCode` added to `AnchorProxy.country_code` (untitled, progenitor's inline type clashes too, and openapi-generator names it after the `AnchorProxyCountryCode` component, making a type that contains itself: E0072)",
];

/// One generator under test.
struct Tool {
    name: &'static str,
    /// The generated crate.
    dir: PathBuf,
    /// Its package name.
    package: String,
    /// Runs the generator once into `dir`.
    generate: Box<dyn Fn() -> Result<(), String>>,
}

/// Runs the comparison; returns the report (Markdown).
pub fn run(root: &Path) -> Result<String, String> {
    let scratch = root.join("target/peers");
    let tools_dir = scratch.join("tools");
    let progenitor_bin = install_progenitor(&tools_dir)?;
    let jar = install_openapi_generator(&tools_dir)?;
    ensure_java()?;

    let ours_spec = scratch.join("seed.json");
    let doc = crate::bench::one_operation_doc(root)?;
    write(&ours_spec, &serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?)?;
    let peers_spec = scratch.join("seed-peers.json");
    write(&peers_spec, &serde_json::to_string_pretty(&peers_copy(doc)).map_err(|e| e.to_string())?)?;

    let tools = tools(root, &scratch, &ours_spec, &peers_spec, &progenitor_bin, &jar);
    let (gen, build) = measure(&tools)?;
    let lines: Vec<usize> = tools.iter().map(|t| rust_lines(&t.dir.join("src"))).collect();
    Ok(report(&tools, &lines, &gen, &build))
}

/// Our generator and the two peers, each generating the seed document into its own crate.
fn tools(
    root: &Path,
    scratch: &Path,
    ours_spec: &Path,
    peers_spec: &Path,
    progenitor_bin: &Path,
    jar: &Path,
) -> Vec<Tool> {
    let (ours_spec, peers_spec, jar) = (ours_spec.to_path_buf(), peers_spec.to_path_buf(), jar.to_path_buf());
    vec![
        {
            let (root, spec, dir) = (root.to_path_buf(), ours_spec.clone(), scratch.join("ours"));
            let out = dir.clone();
            Tool {
                name: "ours (`cargo xtask generate`)",
                dir,
                package: "seed_ours".into(),
                generate: Box::new(move || {
                    let (spec, out) = (spec.to_string_lossy(), out.to_string_lossy());
                    run_ok(Command::new(cargo_bin()).current_dir(&root).args([
                        "xtask",
                        "generate",
                        "--spec",
                        &spec,
                        "--out",
                        &out,
                        "--crate-name",
                        "seed_ours",
                    ]))
                }),
            }
        },
        {
            let (spec, dir) = (peers_spec.clone(), scratch.join("progenitor"));
            let (out, bin_dir) = (dir.clone(), progenitor_bin.parent().map(Path::to_path_buf).unwrap_or_default());
            Tool {
                name: "progenitor 0.15.1 (`cargo progenitor`)",
                dir,
                package: "seed_progenitor".into(),
                generate: Box::new(move || {
                    let _ = std::fs::remove_dir_all(&out);
                    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
                    run_ok(
                        Command::new(cargo_bin())
                            .env("PATH", path)
                            .args(["progenitor", "-i"])
                            .arg(&spec)
                            .arg("-o")
                            .arg(&out)
                            .args(["-n", "seed_progenitor", "-v", "0.1.0"]),
                    )?;
                    standalone(&out)
                }),
            }
        },
        {
            let (spec, dir) = (peers_spec.clone(), scratch.join("openapi-generator"));
            let out = dir.clone();
            Tool {
                name: "openapi-generator 7.26.0 (`-g rust`)",
                dir,
                package: "seed_openapi_generator".into(),
                generate: Box::new(move || {
                    let _ = std::fs::remove_dir_all(&out);
                    run_ok(
                        Command::new("java")
                            .arg("-jar")
                            .arg(&jar)
                            .args(["generate", "-g", "rust", "--package-name", "seed_openapi_generator", "-i"])
                            .arg(&spec)
                            .arg("-o")
                            .arg(&out),
                    )?;
                    standalone(&out)
                }),
            }
        },
    ]
}

/// The median generation time and crate-only debug build time of each tool.
fn measure(tools: &[Tool]) -> Result<(Vec<f64>, Vec<f64>), String> {
    // Generation, alternating between the tools.
    let mut gen_times: Vec<Vec<Duration>> = vec![Vec::new(); tools.len()];
    for _ in 0..RUNS {
        for (tool, times) in tools.iter().zip(&mut gen_times) {
            let started = Instant::now();
            (tool.generate)().map_err(|e| format!("{}: {e}", tool.name))?;
            times.push(started.elapsed());
        }
    }
    // Crate-only debug builds: dependencies first, then `clean -p` and `build`, alternating.
    let mut build_times: Vec<Vec<Duration>> = vec![Vec::new(); tools.len()];
    for tool in tools {
        cargo_in(&tool.dir, &["build", "-q"]).map_err(|e| format!("{}: {e}", tool.name))?;
    }
    for _ in 0..RUNS {
        for (tool, times) in tools.iter().zip(&mut build_times) {
            cargo_in(&tool.dir, &["clean", "-q", "-p", &tool.package])?;
            times.push(cargo_in(&tool.dir, &["build", "-q"])?);
        }
    }

    let gen = gen_times.into_iter().map(median).collect();
    let build = build_times.into_iter().map(median).collect();
    Ok((gen, build))
}

/// The Markdown report: each tool's figures, then our ratios against each peer.
fn report(tools: &[Tool], lines: &[usize], gen: &[f64], build: &[f64]) -> String {
    let mut out = String::from(
        "## Peers on the seed document (`POST /v1/sessions`)\n\n\
         | tool | generated lines | generation (median) | crate-only debug build (median) |\n|---|---:|---:|---:|\n",
    );
    for (i, tool) in tools.iter().enumerate() {
        out += &format!("| {} | {} | {:.2} s | {:.2} s |\n", tool.name, lines[i], gen[i], build[i]);
    }
    out += "\n| ratio (ours / peer) | lines | generation | build |\n|---|---:|---:|---:|\n";
    for (i, tool) in tools.iter().enumerate().skip(1) {
        out += &format!(
            "| against {} | {:.2} | {:.2} | {:.2} |\n",
            tool.name,
            lines[0] as f64 / lines[i] as f64,
            gen[0] / gen[i],
            build[0] / build[i]
        );
    }
    out += &format!(
        "\nMedian of {RUNS} runs each, alternating between the tools. Build: `cargo clean -p <crate>` then \
         `cargo build` (debug) in the generated crate, its dependencies built. The peers' copy of the document: {}.\n",
        PEER_EDITS.join("; ")
    );
    out
}

/// The peers' copy of the document, with [`PEER_EDITS`].
fn peers_copy(mut doc: serde_json::Value) -> serde_json::Value {
    doc["openapi"] = "3.0.3".into();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
            for op in item.values_mut().filter_map(|o| o.as_object_mut()) {
                if !op.contains_key("operationId") {
                    if let Some(summary) = op.get("summary").and_then(|s| s.as_str()) {
                        let id = summary.to_lowercase().split_whitespace().collect::<Vec<_>>().join("_");
                        op.insert("operationId".into(), id.into());
                    }
                }
            }
        }
    }
    let proxy = &mut doc["components"]["schemas"]["AnchorProxy"]["properties"];
    if let Some(branch) = proxy["type"]["oneOf"].get_mut(3).and_then(|b| b.as_object_mut()) {
        branch.remove("title");
    }
    if let Some(country) = proxy["country_code"].as_object_mut() {
        country.insert("title".into(), "ProxyCountryCode".into());
    }
    doc
}

/// Progenitor's CLI, installed into `tools` unless it is there.
fn install_progenitor(tools: &Path) -> Result<PathBuf, String> {
    let bin = tools.join("bin/cargo-progenitor");
    if !bin.exists() {
        run_ok(Command::new(cargo_bin()).args(["install", "--locked", "--quiet", PROGENITOR, "--root"]).arg(tools))?;
    }
    Ok(bin)
}

/// openapi-generator's jar, from its PyPI package, installed into `tools` unless it is there.
fn install_openapi_generator(tools: &Path) -> Result<PathBuf, String> {
    let target = tools.join("ogc");
    let jar = target.join("openapi_generator_cli/openapi-generator.jar");
    if !jar.exists() {
        run_ok(
            Command::new("python3")
                .args(["-m", "pip", "install", "--quiet", "--no-deps", "--target"])
                .arg(&target)
                .arg(OPENAPI_GENERATOR),
        )?;
    }
    Ok(jar)
}

/// A Java runtime (Debian's) for openapi-generator.
fn ensure_java() -> Result<(), String> {
    if Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success()) {
        return Ok(());
    }
    run_ok(Command::new("apt-get").args(["update", "-qq"]))?;
    run_ok(Command::new("apt-get").env("DEBIAN_FRONTEND", "noninteractive").args([
        "install",
        "-y",
        "-qq",
        "openjdk-17-jre-headless",
    ]))
}

/// Gives a generated crate an empty `[workspace]`, so cargo does not take it for a member of the
/// workspace it sits in (`target/` is inside ours). The generated code is not touched.
fn standalone(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if text.lines().any(|l| l.trim() == "[workspace]") {
        return Ok(());
    }
    write(&manifest, &format!("{text}\n[workspace]\n"))
}
