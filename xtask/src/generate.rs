//! `cargo xtask generate --spec FILE --out DIR [--crate-name NAME]`: a standalone client crate
//! for any document the generator accepts: `Cargo.toml` (depending on the `oapi-runtime` crate,
//! nothing copied), the generated module, `lib.rs` and a README listing the generator's
//! warnings. Settings the document does not carry are read from a `.toml` beside it, if any.

use std::path::{Path, PathBuf};

/// The runtime crate, relative to the workspace root.
const RUNTIME_DIR: &str = "runtime";

/// Dependencies the generated code names directly (the rest come through the runtime).
const DIRECT: &[&str] = &["serde", "serde_json", "reqwest"];

/// Dependencies for types of some formats, taken only by a crate whose code names them (`uuid`
/// for `format: uuid`, `chrono` for `date-time` and `date`).
const FORMATS: &[&str] = &["uuid", "chrono"];

/// What `generate` made.
#[derive(Debug)]
pub struct Crate {
    /// The crate's directory.
    pub dir: PathBuf,
    /// Package name.
    pub name: String,
    /// Number of named types, operations and warnings.
    pub types: usize,
    /// Number of operations.
    pub operations: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of warnings about requests that differ from what the document says.
    pub wire_warnings: usize,
}

/// A crate name from a file name: lower snake case, starting with a letter.
pub fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    while name.contains("__") {
        name = name.replace("__", "_");
    }
    let name = name.trim_matches('_').to_string();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api_{name}")
    }
}

/// Generates the crate for `spec` into `out`.
pub fn run(root: &Path, spec: &Path, out: &Path, name: Option<&str>) -> Result<Crate, String> {
    let name = name.map(str::to_owned).unwrap_or_else(|| crate_name(spec));
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!("crate name {name:?} must be letters, digits, `_` or `-`"));
    }
    let settings = generator::settings::ApiSettings::beside(spec).map_err(|e| e.to_string())?;
    let spelling = generator::Spelling {
        regenerate_command: format!("cargo xtask generate --spec {} --out {}", spec.display(), out.display()),
        source: spec.display().to_string(),
        runtime: "::oapi_runtime".into(),
    };
    let options = generator::Options { settings, spelling };
    let generated = generator::generate_file(spec, &options).map_err(|e| e.to_string())?;
    let code = &generated.code;
    let write = |rel: &str, contents: &str| -> Result<(), String> {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write("Cargo.toml", &manifest(root, &name, code, &generated.features)?)?;
    write("src/generated.rs", code)?;
    write("src/lib.rs", &lib_rs(&name))?;
    write("README.md", &readme(&name, spec, &generated))?;
    write("openapi.normalized.json", &generated.normalized)?;
    // The workspace's lock file pins the same versions; cargo drops what the crate does not use.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    write("Cargo.lock", &lock)?;
    Ok(Crate {
        dir: out.to_path_buf(),
        name,
        types: generated.types,
        operations: generated.operations,
        warnings: generated.warnings.len(),
        wire_warnings: generated.warnings.iter().filter(|w| w.wire).count(),
    })
}

/// `Cargo.toml`: the runtime crate by path and version, and the few crates the generated code
/// names itself (`code`), at the workspace's versions as caret requirements; a feature per tag
/// when the operations are grouped by tag (`tags`), all of them on by default.
fn manifest(root: &Path, name: &str, code: &str, tags: &[String]) -> Result<String, String> {
    let read = |file: &Path| -> Result<toml::Table, String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        text.parse::<toml::Table>().map_err(|e| format!("{}: {e}", file.display()))
    };
    let workspace = read(&root.join("Cargo.toml"))?;
    let runtime_dir = root.join(RUNTIME_DIR);
    let runtime = read(&runtime_dir.join("Cargo.toml"))?;
    let pins = workspace
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .ok_or("Cargo.toml: no [workspace.dependencies]")?;
    let caret = |dep: &str| -> Result<toml::Value, String> {
        let mut spec = match pins.get(dep) {
            Some(toml::Value::String(v)) => {
                let mut t = toml::Table::new();
                t.insert("version".into(), v.clone().into());
                t
            }
            Some(toml::Value::Table(t)) => t.clone(),
            _ => return Err(format!("{dep} is not in [workspace.dependencies]")),
        };
        if let Some(toml::Value::String(v)) = spec.get_mut("version") {
            *v = v.trim_start_matches('=').to_owned();
        }
        Ok(toml::Value::Table(spec))
    };
    let mut deps = toml::Table::new();
    let version = runtime.get("package").and_then(|p| p.get("version")).and_then(|v| v.as_str()).unwrap_or("0.1.0");
    let mut rt = toml::Table::new();
    rt.insert("version".into(), version.into());
    rt.insert("default-features".into(), false.into());
    rt.insert("path".into(), runtime_dir.canonicalize().unwrap_or(runtime_dir.clone()).display().to_string().into());
    deps.insert("oapi-runtime".into(), rt.into());
    for dep in DIRECT {
        deps.insert((*dep).into(), caret(dep)?);
    }
    for dep in FORMATS.iter().filter(|dep| code.contains(&format!("::{dep}::"))) {
        deps.insert((*dep).into(), caret(dep)?);
    }
    for dep in ["proptest", "proptest-derive"] {
        let mut spec = caret(dep)?;
        if let toml::Value::Table(t) = &mut spec {
            t.insert("optional".into(), true.into());
        }
        deps.insert(dep.into(), spec);
    }
    let mut features = toml::Table::new();
    let proptest: Vec<toml::Value> =
        ["dep:proptest", "dep:proptest-derive", "oapi-runtime/proptest"].iter().map(|s| (*s).into()).collect();
    features.insert("proptest".into(), proptest.into());
    // The `mock` module: a loopback stand-in for the API, for users' tests.
    features.insert("mock".into(), vec![toml::Value::from("oapi-runtime/mock")].into());
    // TLS as the runtime offers it: rustls unless the user picks the platform's.
    let list =
        |items: &[&str]| -> toml::Value { items.iter().map(|s| toml::Value::from(*s)).collect::<Vec<_>>().into() };
    if tags.is_empty() {
        features.insert("default".into(), list(&["rustls"]));
    } else {
        features.insert("default".into(), list(&["rustls", "all-tags"]));
        let all: Vec<&str> = tags.iter().map(String::as_str).collect();
        features.insert("all-tags".into(), list(&all));
        for tag in tags {
            features.insert(tag.clone(), list(&[]));
        }
    }
    features.insert("rustls".into(), list(&["oapi-runtime/rustls"]));
    features.insert("native-tls".into(), list(&["oapi-runtime/native-tls"]));
    let mut package = toml::Table::new();
    package.insert("name".into(), name.into());
    package.insert("version".into(), "0.1.0".into());
    package.insert("edition".into(), "2021".into());
    let rust_version = workspace.get("workspace").and_then(|w| w.get("package")).and_then(|p| p.get("rust-version"));
    if let Some(v) = rust_version {
        package.insert("rust-version".into(), v.clone());
    }
    package.insert("publish".into(), false.into());
    let mut manifest = toml::Table::new();
    manifest.insert("package".into(), package.into());
    manifest.insert("features".into(), features.into());
    manifest.insert("dependencies".into(), deps.into());
    // Standalone: not part of an enclosing workspace.
    manifest.insert("workspace".into(), toml::Table::new().into());
    let text = toml::to_string(&manifest).map_err(|e| e.to_string())?;
    Ok(format!("# Written by `cargo xtask generate`.\n{text}"))
}

/// Fills `{key}` placeholders in a template.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |text, (key, value)| text.replace(&format!("{{{key}}}"), value))
}

fn lib_rs(name: &str) -> String {
    fill(include_str!("../templates/lib.rs.in"), &[("name", name)])
}

/// The README stub, with the generator's warnings listed for review.
fn readme(name: &str, spec: &Path, generated: &generator::Generated) -> String {
    let mut warnings = String::new();
    if !generated.warnings.is_empty() {
        let count = generated.warnings.len().to_string();
        warnings = fill(include_str!("../templates/warnings.md.in"), &[("count", &count)]);
        // What goes out differently from the document first.
        let (wire, other): (Vec<_>, Vec<_>) = generated.warnings.iter().partition(|w| w.wire);
        for w in wire {
            warnings += &format!("- **sent differently** `{}`: {}\n", w.pointer, w.message);
        }
        for w in other {
            warnings += &format!("- `{}`: {}\n", w.pointer, w.message);
        }
    }
    let (types, operations) = (generated.types.to_string(), generated.operations.to_string());
    let features = if generated.features.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = generated.features.iter().map(|f| format!("`{f}`")).collect();
        format!(
            "\n## Features\n\nThe operations are grouped by tag, a cargo feature each ({}), all on by default \
             (`all-tags`). A program that calls a few of them compiles less with only their tags:\n\n\
             ```toml\n{name} = {{ version = \"0.1\", default-features = false, features = [\"rustls\", \"{}\"] }}\n```\n\n\
             Types that operations of several tags share are compiled with any of them.\n",
            list.join(", "),
            generated.features[0]
        )
    };
    let spec = spec.display().to_string();
    let values = [
        ("name", name),
        ("spec", spec.as_str()),
        ("types", &types),
        ("operations", &operations),
        ("features", &features),
        ("warnings", &warnings),
    ];
    // Warnings last: their text may hold anything, braces included.
    fill(include_str!("../templates/README.md.in"), &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_identifiers() {
        assert_eq!(crate_name(Path::new("a/OAI__petstore-expanded.yaml")), "oai_petstore_expanded");
        assert_eq!(crate_name(Path::new("3d.json")), "api_3d");
    }
}
