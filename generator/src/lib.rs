//! An OpenAPI 3.0/3.1 document -> Rust client source, for the `oapi-runtime` crate at
//! [`RUNTIME_VERSION`].
//!
//! [`generate_file`] and [`generate_str`] read a document, with the [`ApiSettings`] its settings
//! file adds and the [`Spelling`] of the module, and answer [`Generated`]: the code, the
//! normalized document, the warnings a reviewer should read and what the crate's manifest must
//! declare. [`Build`] runs the same from a build script; the `oapi-gen` tool from a terminal.
//! A document the generator cannot read is an [`Error`] naming the file and JSON pointer.
//!
//! Inside, three layers with data flowing one way: loading (text -> parsed document), lowering
//! (document -> a small model where every judgement is made) and emitting (model -> formatted
//! Rust, spelling only). They are private; the `internals` feature shows them, undocumented and
//! with no stability promise, to this workspace's benchmarks, fuzzing and tasks.

#![warn(missing_docs)]

pub mod build;
mod diagnostics;
mod error;
pub mod settings;

/// Declares the layers: private, or public but hidden with the `internals` feature.
macro_rules! layers {
    ($($layer:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $layer;
        #[cfg(not(feature = "internals"))]
        mod $layer;
    )*};
}
layers!(emit, ir, load, lower, names, normalize);

pub use build::{Build, Built};
pub use diagnostics::Warning;
pub use emit::Spelling;
pub use error::Error;
pub use settings::ApiSettings;

use std::path::Path;

/// This generator's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version of `oapi-runtime` the generated code is written for: released in step with the
/// generator, so the same number.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What to generate from a document: what the API's settings file adds to it, and how the
/// module is spelled.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// What the document does not say: environment variables, user agent, long calls, ...
    pub settings: ApiSettings,
    /// The header's command and source, and the runtime's path.
    pub spelling: Spelling,
}

/// Generated source plus what a maintainer should know about it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust module.
    pub code: String,
    /// Ambiguities resolved along the way, sorted.
    pub warnings: Vec<Warning>,
    /// Number of named types.
    pub types: usize,
    /// Number of operations.
    pub operations: usize,
    /// The document with each resolution restated for strict validators (pretty JSON).
    pub normalized: String,
    /// Cargo features grouping the operations by tag (empty: not grouped); the crate's manifest
    /// must declare them ([`Generated::tag_features`] writes them).
    pub features: Vec<String>,
    /// The crates the code names besides the runtime and those every generated module names
    /// (`serde`, `serde_json`, `reqwest`, and `proptest` behind its feature): `uuid` for
    /// `format: uuid`, `chrono` for `date-time` and `date`, where the document has them.
    pub crates: Vec<String>,
}

impl Generated {
    /// The manifest lines declaring the tag features: `all-tags` naming them all, then one empty
    /// feature per tag, each line ending in a newline; empty when the operations are not
    /// grouped. The crate's `default` features should include `all-tags`.
    pub fn tag_features(&self) -> String {
        if self.features.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = self.features.iter().map(|f| format!("\"{f}\"")).collect();
        let mut lines = format!("all-tags = [{}]\n", quoted.join(", "));
        for feature in &self.features {
            lines.push_str(&format!("{feature} = []\n"));
        }
        lines
    }

    /// The warnings in the order a reviewer reads them: those where a request goes out other
    /// than the document says (**sent differently**) first, then the rest, each group sorted.
    pub fn for_review(&self) -> Vec<&Warning> {
        let (mut wire, other): (Vec<_>, Vec<_>) = self.warnings.iter().partition(|w| w.wire);
        wire.extend(other);
        wire
    }
}

/// Stack for parsing and lowering: the YAML reader allows 128 levels of nesting, and the
/// recursive descent through `openapiv3`'s types needs more than a default thread has.
const STACK_BYTES: usize = 512 << 20;

/// Runs `f` on a thread with [`STACK_BYTES`] of stack (reserved, touched only as used). The whole
/// generation runs there, emitting included: a model built on a thread that then ended left the
/// emitting threads glibc's fragmented arena of that thread, and emitting took 40% longer.
fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> Result<T, Error> + Send + 'static) -> Result<T, Error> {
    let spawned = std::thread::Builder::new().name("generator".into()).stack_size(STACK_BYTES).spawn(f);
    match spawned {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err(Error::at("#", "internal error: the generator panicked"))),
        Err(e) => Err(Error::at("#", format!("cannot start the generator thread: {e}"))),
    }
}

/// Loads, lowers and emits the document at `path`.
pub fn generate_file(path: &Path, options: &Options) -> Result<Generated, Error> {
    let (owned, options) = (path.to_path_buf(), options.clone());
    with_big_stack(move || {
        let doc = load::load_file(&owned)?;
        let model = lower::lower(&doc, &options.settings).map_err(|mut e| {
            e.file.get_or_insert(owned);
            e
        })?;
        finish(&doc.raw, model, &options)
    })
}

/// Loads, lowers and emits a document given as text.
pub fn generate_str(text: &str, options: &Options) -> Result<Generated, Error> {
    let (text, options) = (text.to_owned(), options.clone());
    with_big_stack(move || {
        let doc = load::load_str(&text)?;
        let model = lower::lower(&doc, &options.settings)?;
        finish(&doc.raw, model, &options)
    })
}

fn finish(raw: &serde_json::Value, model: ir::Model, options: &Options) -> Result<Generated, Error> {
    let spelling = &options.spelling;
    let note = format!("{} from {}. Do not edit by hand.", spelling.regenerate_command, spelling.source);
    let normalized = normalize::normalize(raw, &model.rewrites, &note)?;
    let normalized = serde_json::to_string_pretty(&normalized)
        .map_err(|e| Error::at("#", format!("internal error: cannot write the normalized document: {e}")))?;
    let emitted = emit::emit(&model, spelling).map_err(|e| Error::at("#", format!("invalid spelling: {e}")))?;
    Ok(Generated {
        code: emitted.code,
        crates: emitted.crates.into_iter().map(str::to_owned).collect(),
        types: model.types.len(),
        operations: model.operations.len(),
        features: model.features.clone(),
        warnings: model.warnings,
        normalized: normalized + "\n",
    })
}
