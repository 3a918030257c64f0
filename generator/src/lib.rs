//! An OpenAPI 3.0/3.1 document -> Rust client source, in three layers with data flowing one way:
//!
//! 1. [`load`]: YAML/JSON -> parsed document; errors carry the file and JSON pointer.
//! 2. [`lower`]: document -> [`ir::Model`], where every judgement (union inference, enum
//!    de-duplication, naming) is made.
//! 3. [`emit`]: model -> formatted Rust, spelling only.
//!
//! The generated code expects a runtime module (see [`emit::Options::runtime`]) providing the
//! HTTP client, error types and the `Validate` trait.

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;

pub use emit::Options;
pub use error::Error;

use std::path::Path;

/// Generated source plus what a maintainer should know about it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust module.
    pub code: String,
    /// Ambiguities resolved along the way, sorted.
    pub warnings: Vec<ir::Warning>,
    /// Number of named types.
    pub types: usize,
    /// Number of operations.
    pub operations: usize,
}

/// Loads, lowers and emits the document at `path`.
pub fn generate_file(path: &Path, options: &Options) -> Result<Generated, Error> {
    let doc = load::load_file(path)?;
    let model = lower::lower(&doc).map_err(|mut e| {
        e.file = Some(path.to_path_buf());
        e
    })?;
    Ok(finish(model, options))
}

/// Loads, lowers and emits a document given as text.
pub fn generate_str(text: &str, options: &Options) -> Result<Generated, Error> {
    let model = lower::lower(&load::load_str(text)?)?;
    Ok(finish(model, options))
}

fn finish(model: ir::Model, options: &Options) -> Generated {
    Generated {
        code: emit::emit(&model, options),
        types: model.types.len(),
        operations: model.operations.len(),
        warnings: model.warnings,
    }
}
