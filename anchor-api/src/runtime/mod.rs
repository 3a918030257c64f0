//! The hand-written, spec-independent part of the crate: HTTP client, retries, errors,
//! validation and the decode helpers generated code calls. Nothing here knows about a
//! particular API: what it needs of one (default base URL, environment variable names, rules
//! stated only in prose) it reads from `crate::DEFAULT_BASE_URL` and `crate::service`.

#[cfg(feature = "proptest")]
pub mod arbitrary;
mod client;
mod download;
mod error;
pub mod multipart;
#[doc(hidden)]
pub mod params;
pub mod retry;
#[doc(hidden)]
pub mod union;
mod validate;

#[allow(unused_imports)] // `Received`: for crates with binary responses
pub(crate) use client::{Auth, Payload, Received};
pub use client::{Binary, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
pub use download::Download;
pub use error::{ApiError, Error, ValidationError};
pub use multipart::File;
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use validate::Pattern;
pub use validate::Validate;

/// `path.field`, or `field` at the root: the field paths used in validation messages.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}
