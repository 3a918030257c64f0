use bytes::Bytes;
use std::convert::Infallible;
use std::fmt;

/// How long an excerpt of a body may get in messages.
const EXCERPT_CHARS: usize = 200;

/// A bounded, printable start of a body, for messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Everything a client call can fail with. `E` is the operation's error-body enum, chosen by
/// status code (see [`ApiError::body`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The server answered with a status other than the operation's success status.
    #[error("{0}")]
    Api(ApiError<E>),
    /// The request breaks a rule of the schema; nothing was sent.
    #[error("invalid request, not sent: {0}")]
    Validation(#[from] ValidationError),
    /// The client was configured with something unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request could not be sent or the response not read (connection, TLS, timeout).
    #[error("request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The success body did not match the schema.
    #[error("cannot decode the {status} response: {message}; body starts: {excerpt:?}")]
    Decode {
        /// HTTP status code.
        status: u16,
        /// What did not match, with the field path.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
}

/// A response with a status other than the operation's success status.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// HTTP status code.
    pub status: u16,
    /// The body decoded as the schema the operation declares for this status; `None` when
    /// the status is not declared or the body does not match.
    pub body: Option<E>,
    /// The body as received.
    pub raw: Bytes,
    /// The `x-request-id` header, if the server sent one (quote it to support).
    pub request_id: Option<String>,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
        write!(f, "the server answered {} {reason}", self.status)?;
        if !self.raw.is_empty() {
            write!(f, ": {}", excerpt(&self.raw))?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// A request value that breaks a schema rule, found before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("`{path}`: ") })]
pub struct ValidationError {
    /// Field path from the request body's root (`session.proxy.country_code`).
    pub path: String,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl ValidationError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationError { path: path.into(), message: message.into() }
    }
}
