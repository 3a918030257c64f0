//! The hand-written, spec-independent part of the crate: HTTP client, errors, validation and
//! the decode helpers generated code calls. Nothing here knows about a particular API.

mod client;
mod error;
#[doc(hidden)]
pub mod union;
mod validate;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Error, ValidationError};
pub use validate::Validate;

/// `path.field`, or `field` at the root: the field paths used in validation messages.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}
