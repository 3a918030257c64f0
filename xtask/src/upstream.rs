//! `cargo xtask upstream`: which facts of an upstream OpenAPI document our spec does not carry
//! yet, beside the deviations it lists (see the `spec-diff` crate).

use std::path::{Path, PathBuf};

/// What a run found, which the binary turns into its exit status.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing to bring in (exit 0); the report is printed.
    Empty(String),
    /// Unexplained differences or stale deviations (exit 1); the report is printed.
    Differs(String),
    /// A file is missing or malformed, or the arguments are wrong (exit 2).
    BadInput(String),
}

/// `upstream DOCUMENT [--ours FILE] [--deviations FILE]`, options in any order. `--ours`
/// defaults to `spec/anchor.yaml` and `--deviations` to `spec/DEVIATIONS.md` under `root`; a
/// deviations file that does not exist means no deviation. Relative paths given on the command
/// line are read from the current directory.
pub fn run(root: &Path, args: &[&str], usage: &str) -> Outcome {
    let (mut document, mut ours, mut deviations) = (None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            flag @ ("--ours" | "--deviations") => {
                let Some(value) = args.next() else {
                    return Outcome::BadInput(format!("{flag} needs a value\n{usage}"));
                };
                let slot = if flag == "--ours" { &mut ours } else { &mut deviations };
                *slot = Some(PathBuf::from(value));
            }
            other if other.starts_with("--") => return Outcome::BadInput(format!("unknown option {other}\n{usage}")),
            other if document.is_none() => document = Some(PathBuf::from(other)),
            other => return Outcome::BadInput(format!("one upstream document only, not also {other}\n{usage}")),
        }
    }
    let Some(document) = document else { return Outcome::BadInput(format!("upstream needs a document\n{usage}")) };
    let ours = ours.unwrap_or_else(|| root.join("spec/anchor.yaml"));
    let deviations = deviations.unwrap_or_else(|| root.join("spec/DEVIATIONS.md"));
    match compare(&document, &ours, &deviations) {
        Ok(report) if report.is_empty() => Outcome::Empty(report.to_string()),
        Ok(report) => Outcome::Differs(report.to_string()),
        Err(message) => Outcome::BadInput(message),
    }
}

fn compare(document: &Path, ours: &Path, deviations: &Path) -> Result<spec_diff::Report, String> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let load = |path: &Path| spec_diff::read_document(&read(path)?).map_err(|e| format!("{}: {e}", path.display()));
    let theirs = load(document)?;
    let ours_doc = load(ours)?;
    let deviations = if deviations.exists() {
        spec_diff::read_deviations(&read(deviations)?).map_err(|e| format!("{}: {e}", deviations.display()))?
    } else {
        Vec::new()
    };
    Ok(spec_diff::compare(&ours_doc, &theirs, &deviations))
}
