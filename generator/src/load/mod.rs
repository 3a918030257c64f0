//! Layer 1: bytes -> a parsed OpenAPI document, with `$ref` resolution that never panics.
//!
//! `text` reads YAML or JSON as JSON values (YAML 1.2 scalars: `no` stays a string), `v31`
//! restates OpenAPI 3.1 constructs in the 3.0 terms `openapiv3` reads, and `refs` brings every
//! schema reference to the `#/components/schemas/<name>` form the lowering follows.

mod refs;
mod text;
pub(crate) mod v31;

use crate::error::{push_pointer, Error};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::path::Path;

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The parsed document.
    pub api: OpenAPI,
    /// The document as JSON, as written (the base of the normalized document).
    pub raw: serde_json::Value,
    /// OpenAPI 3.1 constructs read as their 3.0 equivalents, with where.
    pub notes: Vec<crate::diagnostics::Warning>,
}

/// A schema position: either a `$ref` still to resolve or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref: '#/components/schemas/Name'`, holding the reference string.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Reads and parses the document at `path`; errors carry the file name.
pub fn load_file(path: &Path) -> Result<Document, Error> {
    let with_file = |mut e: Error| {
        e.file = Some(path.to_path_buf());
        e
    };
    let bytes = std::fs::read(path).map_err(|e| with_file(Error::at("#", format!("cannot read the file: {e}"))))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| with_file(Error::at("#", format!("expected a UTF-8 YAML or JSON document: {e}"))))?;
    load_str(text).map_err(with_file)
}

/// Parses an OpenAPI 3.x document given as YAML or JSON text.
pub fn load_str(text: &str) -> Result<Document, Error> {
    if text.trim().is_empty() {
        return Err(Error::at("#", "the document is empty; expected an OpenAPI 3.x document"));
    }
    let json = text::parse(text).map_err(|e| Error {
        file: None,
        pointer: "#".into(),
        line: e.location().map(|l| l.line()),
        message: format!("malformed YAML/JSON: {e}"),
    })?;
    let version = json.get("openapi").and_then(|v| v.as_str()).map(str::to_owned);
    let version = version.as_deref();
    match version {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        Some(v) => {
            return Err(Error::at("#/openapi", format!("unsupported OpenAPI version {v:?}; expected 3.0.x or 3.1.x")))
        }
        None if json.get("swagger").is_some() => {
            return Err(Error::at("#/swagger", "Swagger 2.0 is not supported; convert the document to OpenAPI 3.x"))
        }
        None => return Err(Error::at("#", "not an OpenAPI document: expected an `openapi: 3.x` field")),
    }
    let raw = json.clone();
    let mut json = json;
    let notes =
        if version.is_some_and(|v| v.starts_with("3.1")) { v31::rewrite(&mut json) } else { Vec::new() };
    refs::hoist(&mut json);
    // Read without tracking the path, which costs a third of the reading; a document that fails
    // is read again with it, to say where.
    let api = match <OpenAPI as serde::Deserialize>::deserialize(&json) {
        Ok(api) => api,
        Err(_) => return Err(invalid_at(&json)),
    };
    Ok(Document { api, raw, notes })
}

/// Why `json` is not an OpenAPI document, at the JSON pointer where reading it failed.
fn invalid_at(json: &serde_json::Value) -> Error {
    let Err(e) = serde_path_to_error::deserialize::<_, OpenAPI>(json) else {
        return Error::at(
            "#",
            "invalid OpenAPI, though a second reading found nothing wrong (a bug: please report it with this document)",
        );
    };
    let mut pointer = String::from("#");
    for segment in e.path().iter() {
        let token = match segment {
            serde_path_to_error::Segment::Seq { index } => index.to_string(),
            serde_path_to_error::Segment::Map { key } => key.clone(),
            serde_path_to_error::Segment::Enum { variant } => variant.clone(),
            serde_path_to_error::Segment::Unknown => continue,
        };
        pointer = push_pointer(&pointer, &token);
    }
    Error::at(pointer, format!("invalid OpenAPI: {}", e.inner()))
}

impl Document {
    /// The component schema called `name`.
    pub fn schema(&self, name: &str) -> Option<&ReferenceOr<Schema>> {
        self.api.components.as_ref()?.schemas.get(name)
    }

    /// The component name a `$ref` points at, checking that it exists.
    pub fn component_name<'a>(&self, reference: &'a str, at: &str) -> Result<&'a str, Error> {
        let name = reference.strip_prefix(SCHEMA_PREFIX).ok_or_else(|| {
            Error::at(at, format!("unsupported $ref {reference:?}: expected a local `{SCHEMA_PREFIX}<name>` reference"))
        })?;
        match self.schema(name) {
            Some(_) => Ok(name),
            None => Err(Error::at(at, format!("$ref {reference:?} points at no schema in components.schemas"))),
        }
    }

    /// Follows `$ref`s to an inline schema; returns it with the last component name passed.
    pub fn resolve<'s>(&'s self, mut schema: SchemaRef<'s>, at: &str) -> Result<(&'s Schema, Option<&'s str>), Error> {
        let mut name = None;
        // A chain longer than the number of components must revisit one: a cycle.
        for _ in 0..=self.api.components.as_ref().map_or(0, |c| c.schemas.len()) {
            match schema {
                SchemaRef::Inline(s) => return Ok((s, name)),
                SchemaRef::Ref(r) => {
                    let n = self.component_name(r, at)?;
                    name = Some(n);
                    schema = self
                        .schema(n)
                        .map(SchemaRef::from)
                        .ok_or_else(|| Error::at(at, format!("$ref {r:?} points at no schema")))?;
                }
            }
        }
        Err(Error::at(at, "a chain of $refs that never reaches a schema (reference cycle)"))
    }

    /// The component schemas, in document order.
    pub fn schemas(&self) -> impl Iterator<Item = (&String, &ReferenceOr<Schema>)> {
        self.api.components.iter().flat_map(|c| c.schemas.iter())
    }
}
