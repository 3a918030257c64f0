//! The runtime of generated OpenAPI clients: the HTTP client and its configuration, retries,
//! errors, validation, parameter and body encoding, multipart forms and streamed downloads.
//!
//! Nothing here knows a particular API. A generated crate describes its API as data
//! ([`Settings`]: base URL, environment variable names, user agent, how the key is presented)
//! and defines its own `Client` around this crate's [`Client`], so that two generated clients in
//! one program share [`Error`], [`RetryPolicy`] and [`ClientBuilder`]. Items marked hidden are
//! for generated code.

#![warn(missing_docs)]

#[cfg(feature = "proptest")]
pub mod arbitrary;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
#[doc(hidden)]
pub mod de;
mod download;
mod error;
#[cfg(feature = "mcp")]
pub mod mcp;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
#[cfg(feature = "operations")]
pub mod ops;
pub mod paging;
#[doc(hidden)]
pub mod params;
pub mod retry;
#[doc(hidden)]
pub mod union;
mod validate;
mod values;

pub use client::hooks;
pub use client::hooks::{AfterResponse, Hook, HookError, IncomingResponse, OutgoingRequest};
pub use client::Sending;
pub use client::{
    Binary, CallHeaders, Client, ClientBuilder, Credentials, Place, Scheme, Security, Settings, WithResponse,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
#[doc(hidden)]
pub use client::{Payload, Received, Request, Response};
pub use download::Download;
pub use error::{printable, ApiError, Error, ValidationError};
pub use multipart::File;
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use validate::{present_sets, Pattern};
pub use validate::{FieldPath, Validate};
#[doc(hidden)]
pub use values::{
    deserialize_enum, deserialize_integer_enum, deserialize_open_enum, deserialize_open_integer_enum,
    integer_enum_index, parse_enum,
};
pub use values::{ParseEnumError, UnlistedNumberError};
