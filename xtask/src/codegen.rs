//! `cargo xtask codegen`: spec/anchor.yaml (with its settings, spec/anchor.toml) ->
//! anchor-api/src/generated.rs.
//!
//! One function serves both writing and `--check`, and the anchor-api test suite calls the
//! same check, so drift fails `cargo test` as well as CI.

use std::path::Path;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/anchor.yaml";
/// The generated module, relative to the workspace root.
pub const OUTPUT: &str = "anchor-api/src/generated.rs";
/// The spec with each resolution restated for strict validators (Prism, JSON Schema checks).
pub const NORMALIZED: &str = "anchor-api/openapi.normalized.json";
/// The crate's manifest, whose tag features follow the document's tags.
pub const MANIFEST: &str = "anchor-api/Cargo.toml";
/// The lines around the manifest's tag features, which `codegen` writes and nothing else does.
const FEATURES_BEGIN: &str = "# Operations grouped by tag (written by `cargo xtask codegen` from the document's tags):";
const FEATURES_END: &str = "# End of the tag features.";

/// Generates the client and writes it (or, with `check`, compares it). Returns a summary line.
pub fn run(root: &Path, check: bool) -> Result<String, String> {
    let settings = generator::settings::ApiSettings::beside(&root.join(SPEC)).map_err(|e| e.to_string())?;
    let spelling = generator::Spelling {
        regenerate_command: "cargo xtask codegen".into(),
        source: SPEC.into(),
        runtime: "::oapi_runtime".into(),
    };
    let options = generator::Options { settings, spelling };
    let generated = generator::generate_file(&root.join(SPEC), &options).map_err(|e| e.to_string())?;
    // prettyplease's output is the formatted form: `lib.rs` keeps rustfmt off the file
    // (`#[rustfmt::skip] mod generated;`), which saves a rustfmt pass as long as generation itself.
    let code = &generated.code;
    // Each resolved ambiguity first, then the one-line summary.
    let mut summary: String =
        generated.warnings.iter().map(|w| format!("warning: {}: {}\n", w.pointer, w.message)).collect();
    summary += &format!(
        "{OUTPUT}: {} types, {} operations, {} warnings",
        generated.types,
        generated.operations,
        generated.warnings.len()
    );
    // What the regeneration means for the crate's version, read before the file is replaced.
    if let Ok(previous) = std::fs::read_to_string(root.join(OUTPUT)) {
        if previous != *code {
            let impact = crate::semver::impact(&previous, code)?;
            summary = format!("{impact}\n{summary}");
        }
    }
    let manifest_path = root.join(MANIFEST);
    let manifest =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest = with_tag_features(&manifest, &generated)?;
    let mut written = Vec::new();
    for (file, contents) in [(OUTPUT, code), (NORMALIZED, &generated.normalized), (MANIFEST, &manifest)] {
        if ensure_contents(root, file, contents, check)? {
            written.push(file);
        }
    }
    Ok(match written.as_slice() {
        [] => format!("{summary} (up to date)"),
        files => format!("{summary} (written: {})", files.join(", ")),
    })
}

/// `manifest` with the block between [`FEATURES_BEGIN`] and [`FEATURES_END`] holding the tag
/// features as the generator writes them (one per tag, and `all-tags` naming them all, which
/// `default` must enable).
fn with_tag_features(manifest: &str, generated: &generator::Generated) -> Result<String, String> {
    let missing = || format!("{MANIFEST} has no `{FEATURES_BEGIN}` ... `{FEATURES_END}` block in `[features]`");
    let start = manifest.find(FEATURES_BEGIN).ok_or_else(missing)?;
    let end = manifest[start..].find(FEATURES_END).map(|at| start + at).ok_or_else(missing)?;
    let block = format!("{FEATURES_BEGIN}\n{}", generated.tag_features());
    let defaults = manifest.lines().find(|l| l.trim_start().starts_with("default ="));
    if !generated.features.is_empty() && !defaults.is_some_and(|l| l.contains("\"all-tags\"")) {
        return Err(format!(
            "{MANIFEST}: `default` must enable \"all-tags\", so that every operation is there unless a user opts out"
        ));
    }
    Ok(format!("{}{block}{}", &manifest[..start], &manifest[end..]))
}

/// Writes `contents` to `file` unless it already holds them; with `check`, a difference is an
/// error instead. Returns whether the file was written.
fn ensure_contents(root: &Path, file: &str, contents: &str, check: bool) -> Result<bool, String> {
    let path = root.join(file);
    if std::fs::read_to_string(&path).is_ok_and(|current| current == contents) {
        return Ok(false);
    }
    if check {
        return Err(format!("{file} is out of date with {SPEC}; run `cargo xtask codegen` and commit the result"));
    }
    std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(true)
}
