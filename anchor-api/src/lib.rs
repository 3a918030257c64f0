#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// prettyplease's output, as generated: rustfmt is not run on it (`cargo xtask codegen`), and
// its long functions (a long enum's `as_str`, a big schema's decoder) are a table's length, not
// hand-written code to split.
#[rustfmt::skip]
#[allow(clippy::too_many_lines)]
mod generated;
// Gated as the type whose rules it checks, `SessionCreateRequestSchema`, is in generated.rs.
#[cfg(any(feature = "batch-sessions", feature = "browser-sessions"))]
mod prose;
#[cfg(feature = "browser-sessions")]
mod session;
// Needs the session calls and the web task's waiting (`browser-sessions`, `ai-tools`).
#[cfg(feature = "cdp")]
pub mod cdp;
// Each job's methods are gated by their operations' tag; the shared loop needs one of them.
#[cfg(any(feature = "ai-tools", feature = "batch-sessions", feature = "browser-sessions", feature = "tasks"))]
mod wait;
#[cfg(feature = "webhooks")]
pub mod webhooks;

#[cfg(feature = "cdp")]
pub use cdp::{AgentTaskError, AgentTaskOptions, AnchorBrowser, BrowserError, ConnectOptions};
pub use generated::*;
pub use oapi_runtime::{ApiError, Binary, Download, Error, File, RetryPolicy, Validate, ValidationError};
#[cfg(feature = "browser-sessions")]
pub use session::{SessionError, StartedSession};
#[cfg(any(feature = "ai-tools", feature = "batch-sessions", feature = "browser-sessions", feature = "tasks"))]
pub use wait::*;
#[cfg(feature = "webhooks")]
pub use webhooks::{WebhookError, WebhookEvent, WebhookVerifier};

/// The document as the generated code reads it (`openapi.normalized.json`), for the operations
/// table's schemas and examples: `operations::api(Some(DOCUMENT))`.
#[cfg(feature = "operations")]
pub const DOCUMENT: &str = include_str!("../openapi.normalized.json");

/// The runtime this crate's client is built on (shared by every client generated with it).
pub use oapi_runtime as runtime;

/// Re-exported, as they appear in this crate's API: bodies are [`Bytes`], [`ApiError`] carries a
/// [`HeaderMap`], [`Client::call`] takes a [`Method`], and requests and responses carry [`Uuid`]s
/// and timestamps ([`DateTime<Utc>`](DateTime)).
pub use bytes::Bytes;
pub use chrono::{DateTime, Utc};
pub use reqwest::{header::HeaderMap, Method};
pub use uuid::Uuid;
