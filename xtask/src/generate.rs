//! `cargo xtask generate --spec FILE --out DIR [--crate-name NAME]`: the `oapi-gen` tool's crate
//! writing, with the runtime taken from this checkout (`runtime/`) and the workspace's
//! `Cargo.lock` beside it, so that the crate builds with the versions this repository tests.

use std::path::{Path, PathBuf};

pub use oapi_gen::crate_name;

/// What `generate` made.
#[derive(Debug)]
pub struct Crate {
    /// The crate's directory.
    pub dir: PathBuf,
    /// Package name.
    pub name: String,
    /// Number of named types.
    pub types: usize,
    /// Number of operations.
    pub operations: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of warnings about requests that differ from what the document says.
    pub wire_warnings: usize,
}

/// Generates the crate for `spec` into `out`.
pub fn run(root: &Path, spec: &Path, out: &Path, name: Option<&str>) -> Result<Crate, String> {
    run_with(root, spec, out, name, false)
}

/// Generates the crate for `spec` into `out`, and its command-line crate in `out/cli` when `cli`
/// is set (each with the workspace's `Cargo.lock`).
pub fn run_with(root: &Path, spec: &Path, out: &Path, name: Option<&str>, cli: bool) -> Result<Crate, String> {
    let mut plan = oapi_gen::Plan::new(spec);
    plan.cli = cli;
    plan.crate_name = name.map(str::to_owned);
    plan.runtime = oapi_gen::Runtime::Path(root.join("runtime"));
    plan.command = format!("cargo xtask generate --spec {} --out {}", spec.display(), out.display());
    let output = plan.crate_files()?;
    output.write(out)?;
    // The workspace's lock file pins the same versions; cargo drops what the crate does not use.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    std::fs::write(out.join("Cargo.lock"), &lock).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    if out.join("cli").is_dir() {
        std::fs::write(out.join("cli/Cargo.lock"), &lock)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    Ok(Crate {
        dir: out.to_path_buf(),
        name: output.name.clone(),
        types: output.generated.types,
        operations: output.generated.operations,
        warnings: output.generated.warnings.len(),
        wire_warnings: output.wire_warnings(),
    })
}
