//! Writes a standalone client crate, or one module, for an OpenAPI document: the library behind
//! the `oapi-gen` command (and `cargo xtask generate` in its own repository).
//!
//! A crate is `Cargo.toml` (depending on `oapi-runtime` by version, and on the few crates the
//! generated code names itself), `src/lib.rs`, `src/generated.rs`, a README listing the
//! generator's warnings, and `openapi.normalized.json` (the document as the code reads it, for
//! validators and mock servers). [`Plan::crate_files`] computes them without writing, so that
//! [`check`] can compare them with what is on disk.

#![warn(missing_docs)]

use generator::{ApiSettings, Generated, Options, Spelling};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The version of the generator, of this tool and of the runtime generated code needs: the
/// three are released together.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The runtime version generated crates depend on: the generator's (which writes code for it).
pub const RUNTIME_VERSION: &str = generator::RUNTIME_VERSION;

/// The crates generated code names itself, as `Cargo.toml` lines: the rest comes through the
/// runtime. Their lower bounds are the workspace's (`tests/in_step.rs` keeps them equal).
pub const DIRECT_DEPENDENCIES: &[(&str, &str)] = &[
    ("serde", r#"{ version = "1.0.225", features = ["derive"] }"#),
    ("serde_json", r#""1.0.143""#),
    ("reqwest", r#"{ version = "0.12.15", default-features = false, features = ["multipart"] }"#),
];

/// Crates for types of some formats, named only by code that uses them (`uuid` for
/// `format: uuid`, `chrono` for `date-time` and `date`).
pub const FORMAT_DEPENDENCIES: &[(&str, &str)] = &[
    ("uuid", r#"{ version = "1.16.0", features = ["serde"] }"#),
    ("chrono", r#"{ version = "0.4.40", default-features = false, features = ["serde", "now"] }"#),
];

/// The optional crates of the `proptest` feature.
pub const PROPTEST_DEPENDENCIES: &[(&str, &str)] = &[
    ("proptest", r#"{ version = "1.12.0", optional = true }"#),
    ("proptest-derive", r#"{ version = "0.9.0", optional = true }"#),
];

/// Where a generated crate finds the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// From crates.io (or the registry cargo is told to use), at [`VERSION`].
    Registry,
    /// From a local checkout of the runtime, for working on the runtime and a client together.
    Path(PathBuf),
}

/// What to generate, and how. Start from [`Plan::new`] and set what differs: more choices may
/// come, so it is not built by a struct literal.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Plan {
    /// The OpenAPI document (YAML or JSON, 3.0 or 3.1).
    pub spec: PathBuf,
    /// The settings file; `None` reads `<spec>.toml` beside the document, if there is one.
    pub settings: Option<PathBuf>,
    /// The package name; `None` derives it from the document's file name ([`crate_name`]).
    pub crate_name: Option<String>,
    /// Where the crate finds the runtime.
    pub runtime: Runtime,
    /// The command that regenerates the output, named in its header.
    pub command: String,
    /// Also write a command-line client crate under `cli/` (as the settings' `[cli]` table does).
    pub cli: bool,
}

/// One generated file: its path relative to the output and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative path (`src/generated.rs`).
    pub path: PathBuf,
    /// Contents.
    pub contents: String,
}

/// What generating gave: the files and the generator's report.
#[derive(Debug)]
pub struct Output {
    /// The package name (for a crate).
    pub name: String,
    /// The files, in a fixed order.
    pub files: Vec<File>,
    /// The generator's report: warnings, counts, features.
    pub generated: Generated,
}

impl Output {
    /// Number of warnings about requests that go out other than the document says.
    pub fn wire_warnings(&self) -> usize {
        self.generated.warnings.iter().filter(|w| w.wire).count()
    }

    /// Writes the files under `out`, creating folders as needed.
    pub fn write(&self, out: &Path) -> Result<(), String> {
        for file in &self.files {
            let path = out.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

impl Plan {
    /// A plan for `spec` with the defaults: settings beside it, the name from its file name,
    /// the runtime from the registry.
    pub fn new(spec: impl Into<PathBuf>) -> Plan {
        Plan {
            spec: spec.into(),
            settings: None,
            crate_name: None,
            runtime: Runtime::Registry,
            command: "oapi-gen generate".to_owned(),
            cli: false,
        }
    }

    fn options(&self) -> Result<Options, String> {
        let settings = match &self.settings {
            Some(path) => ApiSettings::from_file(path),
            None => ApiSettings::beside(&self.spec),
        }
        .map_err(|e| e.to_string())?;
        let spelling = Spelling {
            regenerate_command: self.command.clone(),
            source: self.spec.display().to_string(),
            runtime: "::oapi_runtime".into(),
        };
        Ok(Options { settings, spelling })
    }

    /// The files of a standalone crate.
    pub fn crate_files(&self) -> Result<Output, String> {
        let name = match &self.crate_name {
            Some(name) => name.clone(),
            None => crate_name(&self.spec),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(format!("crate name {name:?} must be letters, digits, `_` or `-`"));
        }
        let options = self.options()?;
        let generated = generator::generate_file(&self.spec, &options).map_err(|e| e.to_string())?;
        let mut files = vec![
            File { path: "Cargo.toml".into(), contents: manifest(&name, &generated, &self.runtime)? },
            File { path: "src/lib.rs".into(), contents: lib_rs(&name) },
            File { path: "src/generated.rs".into(), contents: generated.code.clone() },
            File { path: "README.md".into(), contents: readme(&name, &self.spec, &generated) },
            File { path: "openapi.normalized.json".into(), contents: generated.normalized.clone() },
        ];
        if self.cli || options.settings.cli.is_some() {
            let binary = options.settings.cli.as_ref().and_then(|c| c.binary.clone()).unwrap_or_else(|| name.clone());
            files.extend(cli_files(&name, &binary, &self.runtime)?);
        }
        Ok(Output { name, files, generated })
    }

    /// One module, as a file another crate declares with `mod <name>;`: that crate depends on
    /// `oapi-runtime` and the crates of [`DIRECT_DEPENDENCIES`] (and [`FORMAT_DEPENDENCIES`]
    /// its code names) itself, and declares the features the code is gated by: `mock`
    /// (`oapi-runtime/mock`), `proptest` (with `proptest` and `proptest-derive`), and one per
    /// tag when the operations are grouped by tag ([`Generated::features`]).
    pub fn module_file(&self, path: &Path) -> Result<Output, String> {
        let generated = generator::generate_file(&self.spec, &self.options()?).map_err(|e| e.to_string())?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let files = vec![File { path: path.to_path_buf(), contents: generated.code.clone() }];
        Ok(Output { name, files, generated })
    }
}

/// How the files on disk under `out` differ from `files`: one line per file that would be
/// created or changed, empty when they are all up to date.
pub fn check(out: &Path, files: &[File]) -> Vec<String> {
    let mut report = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match std::fs::read_to_string(&path) {
            Err(_) => report.push(format!("{}: would be created", path.display())),
            Ok(old) if old == file.contents => {}
            Ok(old) => {
                let first = old.lines().zip(file.contents.lines()).position(|(a, b)| a != b);
                let at = first.unwrap_or_else(|| old.lines().count().min(file.contents.lines().count())) + 1;
                report.push(format!(
                    "{}: would change from line {at} ({} lines now, {} after)",
                    path.display(),
                    old.lines().count(),
                    file.contents.lines().count()
                ));
            }
        }
    }
    report
}

/// The generator's warnings as a terminal shows them: requests that go out other than the
/// document says first, marked **sent differently**, then the rest; each with its JSON pointer.
pub fn warnings_text(generated: &Generated) -> String {
    let mut text = String::new();
    for w in generated.for_review() {
        let mark = if w.wire { " (sent differently)" } else { "" };
        let _ = writeln!(text, "warning{mark}: {}: {}", w.pointer, w.message);
    }
    text
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

/// The runtime as a dependency with `options` (`default-features = false`), by version from the
/// registry or at a local path.
fn runtime_dependency(runtime: &Runtime, options: &str) -> String {
    match runtime {
        Runtime::Registry => format!("{{ version = \"{RUNTIME_VERSION}\", {options} }}"),
        Runtime::Path(dir) => {
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            let shown = toml::Value::from(dir.display().to_string()).to_string();
            format!("{{ version = \"{RUNTIME_VERSION}\", {options}, path = {shown} }}")
        }
    }
}

/// `Cargo.toml`: the runtime, and the few crates the generated code names itself; a feature
/// per tag when the operations are grouped by tag, all of them on by default.
fn manifest(name: &str, generated: &Generated, runtime: &Runtime) -> Result<String, String> {
    let mut deps = String::new();
    let runtime_line = runtime_dependency(runtime, "default-features = false");
    let _ = writeln!(deps, "oapi-runtime = {runtime_line}");
    for (dep, spec) in DIRECT_DEPENDENCIES {
        let _ = writeln!(deps, "{dep} = {spec}");
    }
    for (dep, spec) in FORMAT_DEPENDENCIES.iter().filter(|(dep, _)| generated.crates.iter().any(|c| c == dep)) {
        let _ = writeln!(deps, "{dep} = {spec}");
    }
    for (dep, spec) in PROPTEST_DEPENDENCIES {
        let _ = writeln!(deps, "{dep} = {spec}");
    }
    let mut features = String::new();
    if generated.features.is_empty() {
        let _ = writeln!(features, "default = [\"rustls\"]");
    } else {
        let _ = writeln!(features, "default = [\"rustls\", \"all-tags\"]");
        features.push_str(&generated.tag_features());
    }
    let _ = writeln!(features, "rustls = [\"oapi-runtime/rustls\"]");
    let _ = writeln!(features, "native-tls = [\"oapi-runtime/native-tls\"]");
    let _ = writeln!(features, "proptest = [\"dep:proptest\", \"dep:proptest-derive\", \"oapi-runtime/proptest\"]");
    let _ = writeln!(features, "mock = [\"oapi-runtime/mock\"]");
    let _ = writeln!(features, "operations = [\"oapi-runtime/operations\"]");
    let text = format!(
        "# Written by oapi-gen {VERSION}.\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         rust-version = \"{RUST_VERSION}\"\npublish = false\n\n[features]\n{features}\n[dependencies]\n{deps}\n\
         # Standalone: not part of an enclosing workspace.\n[workspace]\n"
    );
    // What is written must read back as a manifest.
    text.parse::<toml::Table>().map_err(|e| format!("internal error: the manifest does not parse: {e}"))?;
    Ok(text)
}

/// The command-line crate under `cli/`: a binary over the library's operations table.
fn cli_files(name: &str, binary: &str, runtime: &Runtime) -> Result<Vec<File>, String> {
    let valid = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid(binary) {
        return Err(format!(
            "the command-line program's name {binary:?} (`[cli] binary`) must be letters, digits, `_` or `-`"
        ));
    }
    let runtime = runtime_dependency(runtime, "features = [\"cli\", \"mcp\"]");
    let values = [
        ("version", VERSION),
        ("name", name),
        ("module", &name.replace('-', "_")),
        ("binary", binary),
        ("rust_version", RUST_VERSION),
        ("runtime", &runtime),
    ];
    let manifest = fill(include_str!("../templates/cli.Cargo.toml.in"), &values);
    manifest
        .parse::<toml::Table>()
        .map_err(|e| format!("internal error: the command-line manifest does not parse: {e}"))?;
    Ok(vec![
        File { path: "cli/Cargo.toml".into(), contents: manifest },
        File { path: "cli/src/main.rs".into(), contents: fill(include_str!("../templates/cli.main.rs.in"), &values) },
    ])
}

/// The oldest Rust that builds generated crates and the runtime.
pub const RUST_VERSION: &str = "1.88";

/// Fills `{key}` placeholders in a template.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |text, (key, value)| text.replace(&format!("{{{key}}}"), value))
}

fn lib_rs(name: &str) -> String {
    fill(include_str!("../templates/lib.rs.in"), &[("name", name)])
}

/// The README stub, with the generator's warnings listed for review.
fn readme(name: &str, spec: &Path, generated: &Generated) -> String {
    let mut warnings = String::new();
    if !generated.warnings.is_empty() {
        let count = generated.warnings.len().to_string();
        warnings = fill(include_str!("../templates/warnings.md.in"), &[("count", &count)]);
        for w in generated.for_review() {
            let mark = if w.wire { "**sent differently** " } else { "" };
            warnings += &format!("- {mark}`{}`: {}\n", w.pointer, w.message);
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
