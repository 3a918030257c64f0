//! `cargo xtask generate --spec FILE --out DIR [--crate-name NAME]`: a standalone client crate
//! for any document the generator accepts: `Cargo.toml`, the generated module, the runtime
//! (copied from `anchor-api/src/runtime`, the one source both use), a `service` module with the
//! crate's environment variable names, and a README stub.

use std::path::{Path, PathBuf};

/// Where the runtime and its dependency list live.
const RUNTIME_DIR: &str = "anchor-api/src/runtime";
const RUNTIME_MANIFEST: &str = "anchor-api/Cargo.toml";

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
    let options = generator::Options {
        regenerate_command: format!("cargo xtask generate --spec {} --out {}", spec.display(), out.display()),
        source: spec.display().to_string(),
        runtime: "crate::runtime".into(),
    };
    let generated = generator::generate_file(spec, &options).map_err(|e| e.to_string())?;
    let code = crate::codegen::rustfmt(&generated.code, root)?;
    let write = |rel: &str, contents: &str| -> Result<(), String> {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write("Cargo.toml", &manifest(root, &name)?)?;
    write("src/generated.rs", &code)?;
    write("src/lib.rs", &lib_rs(&name))?;
    write("src/service.rs", &service_rs(&name))?;
    write("README.md", &readme(&name, spec, &generated))?;
    write("openapi.normalized.json", &generated.normalized)?;
    let runtime = root.join(RUNTIME_DIR);
    let entries = std::fs::read_dir(&runtime).map_err(|e| format!("cannot read {}: {e}", runtime.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            write(&format!("src/runtime/{file}"), &text)?;
        }
    }
    // The workspace's lock file pins the same versions; cargo drops what the crate does not use.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    write("Cargo.lock", &lock)?;
    Ok(Crate {
        dir: out.to_path_buf(),
        name,
        types: generated.types,
        operations: generated.operations,
        warnings: generated.warnings.len(),
    })
}

/// `Cargo.toml`: the runtime's dependencies and features as `anchor-api` declares them, with
/// the workspace's pinned versions filled in.
fn manifest(root: &Path, name: &str) -> Result<String, String> {
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let runtime =
        std::fs::read_to_string(root.join(RUNTIME_MANIFEST)).map_err(|e| format!("{RUNTIME_MANIFEST}: {e}"))?;
    let pinned = section(&workspace, "workspace.dependencies");
    let mut deps = String::new();
    for (dep, spec) in section(&runtime, "dependencies") {
        let base = match dep.strip_suffix(".workspace") {
            Some(d) => (d.to_string(), Vec::new()),
            None => (dep.clone(), items(&spec)),
        };
        let (dep, mut extra) = base;
        let inherited = extra.iter().any(|i| i.replace(' ', "") == "workspace=true") || spec.trim() == "true";
        let mut all = if inherited {
            let (_, w) = pinned
                .iter()
                .find(|(n, _)| *n == dep)
                .ok_or_else(|| format!("{dep} is not pinned in the workspace"))?;
            items(w)
        } else {
            Vec::new()
        };
        extra.retain(|i| i.replace(' ', "") != "workspace=true");
        merge(&mut all, extra);
        deps += &format!("{dep} = {{ {} }}\n", all.join(", "));
    }
    let features: String = section(&runtime, "features").iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
    Ok(format!(
        "# Written by `cargo xtask generate`.\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[features]\n{features}\n[dependencies]\n{deps}\n# Standalone: not part of an enclosing workspace.\n[workspace]\n"
    ))
}

/// `key = value` lines of a `[name]` section (single-line values only, as our manifests use).
fn section(toml: &str, name: &str) -> Vec<(String, String)> {
    let header = format!("[{name}]");
    let mut inside = false;
    let mut out = Vec::new();
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
            continue;
        }
        if inside && !line.starts_with('#') {
            if let Some((k, v)) = line.split_once('=') {
                out.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    out
}

/// The items of an inline table (`{ a = 1, b = [x, y] }`), or `version = "…"` for a string.
fn items(spec: &str) -> Vec<String> {
    let spec = spec.trim();
    let Some(inner) = spec.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        return vec![format!("version = {spec}")];
    };
    let (mut out, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in inner.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// Adds `extra` items to `all`; `features` lists are combined.
fn merge(all: &mut Vec<String>, extra: Vec<String>) {
    for item in extra {
        let key = item.split('=').next().unwrap_or_default().trim().to_string();
        match all.iter_mut().find(|i| i.split('=').next().unwrap_or_default().trim() == key) {
            Some(existing) if key == "features" => {
                let list = |s: &str| s.split_once('=').map(|(_, v)| v.trim().trim_matches(['[', ']']).to_string());
                let joined: Vec<String> =
                    [list(existing), list(&item)].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect();
                *existing = format!("features = [{}]", joined.join(", "));
            }
            Some(existing) => *existing = item,
            None => all.push(item),
        }
    }
}

fn lib_rs(name: &str) -> String {
    format!(
        "//! `{name}`: a client generated by `cargo xtask generate`. The generated types and methods are\n//! in `generated.rs`; `runtime/` is the hand-written, spec-independent part.\n\nmod generated;\npub mod runtime;\npub mod service;\n\npub use generated::*;\npub use runtime::{{ApiError, Binary, Client, ClientBuilder, Download, Error, File, RetryPolicy, Validate, ValidationError}};\n"
    )
}

fn service_rs(name: &str) -> String {
    let prefix: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!(
        "//! This API's conventions for the runtime: environment variables, and rules its\n//! documentation states only in prose (none known for a generated crate).\n\nuse crate::runtime::ValidationError;\n\n/// Environment variables holding the API key, in the order they are read.\npub const API_KEY_VARS: &[&str] = &[\"{prefix}_API_KEY\"];\n\n/// Environment variable overriding the base URL.\npub const BASE_URL_VAR: &str = \"{prefix}_BASE_URL\";\n\n/// Operations that wait by design, with their own timeout: (method, path template, timeout).\npub const LONG_CALLS: &[(&str, &str, std::time::Duration)] = &[];\n\n/// Rules beyond the schema; add them here by type (see `anchor-api/src/service.rs`).\npub(crate) fn prose_rules(_value: &dyn std::any::Any) -> Result<(), ValidationError> {{\n    Ok(())\n}}\n"
    )
}

/// The README stub, with the generator's warnings listed for review.
fn readme(name: &str, spec: &Path, generated: &generator::Generated) -> String {
    let (types, operations) = (generated.types, generated.operations);
    let mut text = format!(
        "# {name}\n\nA typed async Rust client generated from `{}` by `cargo xtask generate`\n({types} types, {operations} operations). Do not edit `src/generated.rs` or `src/runtime/` by hand:\nregenerate instead. `src/service.rs` is yours: environment variable names and any rules the API\nstates only in prose.\n\n```rust,ignore\nlet client = {name}::Client::from_env()?;\n```\n",
        spec.display()
    );
    if !generated.warnings.is_empty() {
        text.push_str(&format!(
            "\n## Generator warnings ({})\n\nChoices made where the document was ambiguous or used something not supported; each\nnames the JSON pointer it is about.\n\n",
            generated.warnings.len()
        ));
        for w in &generated.warnings {
            text.push_str(&format!("- `{}`: {}\n", w.pointer, w.message));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_identifiers() {
        assert_eq!(crate_name(Path::new("a/OAI__petstore-expanded.yaml")), "oai_petstore_expanded");
        assert_eq!(crate_name(Path::new("3d.json")), "api_3d");
    }

    #[test]
    fn inline_tables_merge_their_features() {
        let mut all = items(r#"{ version = "=1.54.1", default-features = false }"#);
        merge(&mut all, items(r#"{ workspace = true, features = ["time"] }"#).into_iter().skip(1).collect());
        assert_eq!(all, ["version = \"=1.54.1\"", "default-features = false", "features = [\"time\"]"]);
        let mut all = items(r#"{ version = "1", features = ["a", "b"] }"#);
        merge(&mut all, vec!["features = [\"c\"]".into(), "optional = true".into()]);
        assert_eq!(all, ["version = \"1\"", "features = [\"a\", \"b\", \"c\"]", "optional = true"]);
        assert_eq!(items("\"=2.5.0\""), ["version = \"=2.5.0\""]);
    }
}
