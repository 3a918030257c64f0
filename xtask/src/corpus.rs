//! `cargo xtask corpus [DIR…]`: generates a crate (and its command-line crate) for every OpenAPI document in the given
//! directories (default: `../shared/corpus/anchor` and `../shared/corpus/public`), runs
//! `cargo clippy` on each with one shared target directory, and prints a table. Fails when any
//! document fails to generate (but for those listed in `REFUSED`, which must be refused), or its
//! crate does not compile or draws a compiler or clippy warning.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The default corpus, relative to the workspace root.
const DEFAULT_DIRS: &[&str] = &["../shared/corpus/anchor", "../shared/corpus/public"];

/// Documents whose defect has no obvious reading, so that generation must refuse them with a
/// located error: (file name, text the error must contain, why). Such a document passes when it
/// is refused that way, and fails the run if it ever generates (then this entry is stale).
const REFUSED: &[(&str, &str, &str)] = &[(
    "openapi.sdk-python-8eda04f.yaml",
    "#/components/schemas/FlatErrorResponse",
    "refers to a schema it never defines (upstream defect; spec/anchor.yaml restates the document mended)",
)];

/// Documents whose command-line crate is built too (beside the largest document, always): the
/// newest Anchor document, and small ones with multipart uploads and parameter styles. Every
/// document's command-line crate is generated; building all of them would take CI's hour.
const CLI_BUILT: &[&str] = &[
    "openapi.2026-03-12.yaml",
    "swagger-api__swagger-petstore__openapi.yaml",
    "readmeio__oas-examples__train-travel.json",
    "readmeio__oas-examples__file-uploads.json",
    "readmeio__oas-examples__parameters-style.json",
];

/// One document's outcome.
struct Row {
    document: String,
    operations: String,
    types: String,
    warnings: String,
    /// Warnings about requests that differ from what the document says.
    wire: String,
    ms: String,
    result: String,
    ok: bool,
}

/// Runs the corpus; `Ok` holds the table, `Err` the table plus the failures.
pub fn run(root: &Path, dirs: &[PathBuf]) -> Result<String, String> {
    let dirs: Vec<PathBuf> =
        if dirs.is_empty() { DEFAULT_DIRS.iter().map(|d| root.join(d)).collect() } else { dirs.to_vec() };
    let mut specs = Vec::new();
    for dir in &dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    let largest = specs.iter().max_by_key(|s| std::fs::metadata(s).map_or(0, |m| m.len())).cloned();
    let out = root.join("target/corpus");
    let target = root.join("target/corpus-target");
    let mut rows = Vec::new();
    for spec in &specs {
        let document = spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let started = Instant::now();
        let name = crate::generate::crate_name(spec);
        let dir = out.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        let refused = REFUSED.iter().find(|(file, ..)| *file == document);
        let cli = CLI_BUILT.contains(&document.as_str()) || largest.as_ref() == Some(spec);
        let row = match crate::generate::run_with(root, spec, &dir, None, true) {
            Ok(krate) if refused.is_some() => Row {
                document,
                operations: krate.operations.to_string(),
                types: krate.types.to_string(),
                warnings: krate.warnings.to_string(),
                wire: krate.wire_warnings.to_string(),
                ms: format!("{}", started.elapsed().as_millis()),
                result: "generated, but listed as refused in xtask/src/corpus.rs: drop its entry".into(),
                ok: false,
            },
            Ok(krate) => {
                let ms = format!("{}", started.elapsed().as_millis());
                let mut check = cargo_clippy(&dir, &target);
                if check.is_ok() && cli {
                    check = cargo_clippy(&dir.join("cli"), &target).map_err(|e| format!("command-line crate: {e}"));
                }
                Row {
                    document,
                    operations: krate.operations.to_string(),
                    types: krate.types.to_string(),
                    warnings: krate.warnings.to_string(),
                    wire: krate.wire_warnings.to_string(),
                    ms,
                    ok: check.is_ok(),
                    result: match check {
                        Ok(()) if cli => "ok, and its command-line client builds".into(),
                        Ok(()) => "ok".into(),
                        Err(e) => e,
                    },
                }
            }
            Err(e) => {
                let expected = refused.filter(|(_, text, _)| e.contains(text));
                Row {
                    document,
                    operations: "-".into(),
                    types: "-".into(),
                    warnings: "-".into(),
                    wire: "-".into(),
                    ms: format!("{}", started.elapsed().as_millis()),
                    result: match expected {
                        Some((_, text, why)) => format!("refused as expected at {text}: {why}"),
                        None => format!("generation failed: {}", one_line(&e)),
                    },
                    ok: expected.is_some(),
                }
            }
        };
        eprintln!("{}: {}", row.document, row.result);
        rows.push(row);
    }
    let mut table = String::from(
        "| document | operations | types | warnings | sent differently | generation ms | result |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for r in &rows {
        table += &format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.document, r.operations, r.types, r.warnings, r.wire, r.ms, r.result
        );
    }
    let failed = rows.iter().filter(|r| !r.ok).count();
    table += &format!("\n{} documents, {} ok, {failed} failed\n", rows.len(), rows.len() - failed);
    if failed == 0 {
        Ok(table)
    } else {
        Err(table)
    }
}

/// `cargo clippy` of one generated crate (a check with the default lints); the error is the
/// first compiler error, or the first warning in the crate's own code (its users would see it in
/// their builds and lints).
fn cargo_clippy(dir: &Path, target: &Path) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--quiet", "--message-format=short"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        // The crate's own warnings, and a command-line crate's library's (`../src/`).
        let own = |l: &str| l.starts_with("src/") || l.starts_with("../src/") || l.contains("/target/corpus/");
        let warnings: Vec<&str> = stderr.lines().filter(|l| own(l) && l.contains(": warning: ")).collect();
        return match warnings.first() {
            None => Ok(()),
            Some(first) => Err(format!("warnings: {}; first: {}", warnings.len(), one_line(first))),
        };
    }
    let errors = stderr.lines().filter(|l| l.contains("error")).count();
    let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo clippy failed");
    Err(format!("{errors} error lines; first: {}", one_line(first)))
}

/// A message on one line, cut to fit a table cell.
fn one_line(text: &str) -> String {
    let flat: String = text.replace('|', "/").split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        flat.chars().take(160).collect::<String>() + "…"
    } else {
        flat
    }
}
