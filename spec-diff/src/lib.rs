//! Compares the facts of two OpenAPI documents: ours and an upstream one.
//!
//! Facts are everything but prose: the keys `description`, `example`, `examples` and `x-*` are
//! left out wherever they are keywords ([`facts`], [`strip_prose`]); keys of name maps such as
//! `properties` are names, never prose. [`compare`] reports which operations (`METHOD /path`)
//! and component schemas upstream added, removed or changed, with a JSON pointer and
//! `old -> new` for every change, sets apart the differences a deviations list
//! ([`read_deviations`]) explains, and names the deviations that explain nothing any more.
//!
//! ```
//! # fn main() -> Result<(), spec_diff::Error> {
//! let ours = spec_diff::read_document("paths: {/v1/items: {get: {operationId: list}}}")?;
//! let theirs = spec_diff::read_document("paths: {/v1/items: {get: {operationId: list}, post: {}}}")?;
//! let report = spec_diff::compare(&ours, &theirs, &[]);
//! assert_eq!(report.operations_added, ["POST /v1/items"]);
//! assert!(!report.is_empty());
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod compare;
mod deviations;
mod facts;

pub use compare::{compare, Change, Changed, Report};
pub use deviations::{read_deviations, Deviation};
pub use facts::{escape, facts, read_document, strip_prose, to_json, validate};

/// Input that cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The text is not YAML (the message gives the line and column).
    #[error("not a YAML document: {0}")]
    Yaml(String),
    /// A part of the document does not have the shape the comparison needs.
    #[error("{pointer}: {what}")]
    Shape {
        /// Where, as a JSON pointer.
        pointer: String,
        /// What is wrong there.
        what: String,
    },
    /// A malformed pointer line in a deviations list.
    #[error("line {line}: {what}")]
    Deviation {
        /// The line, counted from 1.
        line: usize,
        /// What is wrong with it.
        what: String,
    },
}
