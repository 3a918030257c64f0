//! The one error type of every call ([`Error`]), the API error it carries for a status the
//! operation declares ([`ApiError`]), and a refused request ([`ValidationError`]).

use crate::client::hooks::{HookError, HookStage};
use bytes::Bytes;
use std::convert::Infallible;
use std::error::Error as _;
use std::fmt;
use std::time::Duration;

/// How long an excerpt of a body may get in messages.
const EXCERPT_CHARS: usize = 200;

/// A bounded, printable start of a body, for messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    // Only the start is decoded, so a huge body costs nothing here.
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if out.len() < body.len() {
        out.push('…');
    }
    out
}

/// A transport error and its causes on one line (`reqwest`'s own message names only the URL).
fn chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Everything a client call can fail with. `E` is the operation's error-body enum, chosen by
/// status code (see [`ApiError::body`]). No variant holds or prints the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The server answered with a status other than the operation's success status (boxed:
    /// it carries the headers and body, and errors should be cheap to move).
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// No complete response within the request timeout. The server may have acted on the
    /// request; it was re-sent only if the retry policy allows that (see [`RetryPolicy`](super::RetryPolicy)).
    #[error("no complete response within {}s (set a longer timeout with `ClientBuilder::timeout` or `Client::with_timeout`): {}", .limit.as_secs_f64(), chain(.source))]
    Timeout {
        /// The timeout that passed.
        limit: Duration,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The call's deadline ([`RetryPolicy::deadline`](super::RetryPolicy::deadline)) passed
    /// during an attempt, which was abandoned. Like a timeout, the server may have acted.
    #[error("the call's deadline of {}s passed before a complete response (set with `RetryPolicy::deadline`)", .limit.as_secs_f64())]
    Deadline {
        /// The deadline, counted from the start of the call.
        limit: Duration,
    },
    /// A streamed download waited longer than the timeout for its response or for its next
    /// piece of data: the server or the network stalled.
    #[error("nothing arrived for {}s (set a longer timeout with `ClientBuilder::timeout` or `Client::with_timeout`)", .limit.as_secs_f64())]
    Stalled {
        /// How long it waited.
        limit: Duration,
    },
    /// Writing a downloaded body to its destination failed (disk full, closed pipe, ...).
    #[error("cannot write the downloaded body: {0}")]
    Io(#[source] std::io::Error),
    /// The connection could not be made (DNS, refused, TLS, connect timeout); nothing was sent.
    #[error("cannot connect; check the base URL and the network: {}", chain(.0))]
    Connect(#[source] reqwest::Error),
    /// The connection broke after the request was sent, or another transport failure.
    #[error("the request failed in transit: {}", chain(.0))]
    Transport(#[source] reqwest::Error),
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)); reading
    /// stopped there. A streamed download (`download()` on a binary operation's call) has no limit.
    #[error("the {status} response is larger than the limit of {limit} bytes; raise it with `ClientBuilder::max_response_bytes`, or stream the body")]
    TooLarge {
        /// The response status.
        status: u16,
        /// The limit in force.
        limit: usize,
    },
    /// The success body did not match the schema.
    #[error("cannot decode the {status} response: {message}; body starts: {excerpt:?}")]
    Decode {
        /// HTTP status code.
        status: u16,
        /// What did not match, with the field path.
        message: String,
        /// The start of the body (at most 200 characters).
        excerpt: String,
    },
    /// The request breaks a rule of the schema or of the API's documentation; nothing was sent.
    #[error("invalid request, not sent: {0}")]
    Validation(#[from] ValidationError),
    /// The client was configured with something unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The operation needs a credential the client was not given; nothing was sent.
    #[error("not sent: the operation needs the credential of {missing}")]
    MissingCredential {
        /// Each alternative's missing schemes, with what sets them: the credentials' setter or
        /// the environment variable.
        missing: String,
    },
    /// A hook ([`Hook`](crate::Hook)) failed, or changed a header the request decides. In
    /// [`HookStage::Request`] that attempt was not sent; in [`HookStage::Response`] its answer
    /// is dropped. The message is the hook's own (no header value is ever part of this error).
    #[error("{}", hook_failure(.stage, *.hook, *.attempt, .source))]
    Hook {
        /// Where it failed: before sending, or on an answer (with its status).
        stage: HookStage,
        /// Which hook: its place among the client's hooks in the order they were added, from 1.
        hook: usize,
        /// The attempt of the call it failed on, from 1.
        attempt: u32,
        /// What the hook said.
        #[source]
        source: HookError,
    },
}

/// The message of [`Error::Hook`].
fn hook_failure(stage: &HookStage, hook: usize, attempt: u32, source: &HookError) -> String {
    match stage {
        HookStage::Request => format!("hook {hook} failed in on_request, so attempt {attempt} was not sent: {source}"),
        HookStage::Response { status } => {
            format!("hook {hook} failed in on_response to the {status} answer of attempt {attempt}: {source}")
        }
    }
}

impl Error {
    /// The same error as one of an operation whose error bodies are `E`. The send path fails
    /// before any body is decoded, so an [`Error::Api`] here has none.
    pub(crate) fn widen<E>(self) -> Error<E> {
        self.map_body(|never| match never {})
    }
}

impl<E> Error<E> {
    /// The same error with its decoded error body (see [`ApiError::body`]) mapped by `f`; the
    /// raw body, status, request ID and headers stay. `map_body(|_| ())`, say, gives one error
    /// type to the errors of different operations.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => {
                let ApiError { status, body, raw, request_id, headers } = *e;
                Error::Api(Box::new(ApiError { status, body: body.map(f), raw, request_id, headers }))
            }
            Error::Timeout { limit, source } => Error::Timeout { limit, source },
            Error::Deadline { limit } => Error::Deadline { limit },
            Error::Stalled { limit } => Error::Stalled { limit },
            Error::Io(e) => Error::Io(e),
            Error::Connect(e) => Error::Connect(e),
            Error::Transport(e) => Error::Transport(e),
            Error::TooLarge { status, limit } => Error::TooLarge { status, limit },
            Error::Decode { status, message, excerpt } => Error::Decode { status, message, excerpt },
            Error::Validation(e) => Error::Validation(e),
            Error::Config(message) => Error::Config(message),
            Error::MissingCredential { missing } => Error::MissingCredential { missing },
            Error::Hook { stage, hook, attempt, source } => Error::Hook { stage, hook, attempt, source },
        }
    }

    /// Whether the same request might succeed if sent again later: 408, 429 and 5xx answers,
    /// timeouts and connection failures. Whether re-sending is *safe* depends on the method;
    /// the client's [`RetryPolicy`](super::RetryPolicy) decides that.
    pub fn is_retryable(&self) -> bool {
        match self {
            // A number past 599 is no HTTP status: nothing says sending again would help.
            Error::Api(e) => matches!(e.status, 408 | 429 | 500..=599),
            Error::Timeout { .. }
            | Error::Deadline { .. }
            | Error::Stalled { .. }
            | Error::Connect(_)
            | Error::Transport(_) => true,
            Error::Decode { .. }
            | Error::TooLarge { .. }
            | Error::Validation(_)
            | Error::Config(_)
            | Error::MissingCredential { .. }
            | Error::Hook { .. }
            | Error::Io(_) => false,
        }
    }

    /// How long the server asked to wait before asking again (`Retry-After` or
    /// `retry-after-ms` on an [`Error::Api`]), when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after(),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } | Error::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A response with a status other than the operation's success status.
#[derive(Clone)]
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
    /// All response headers (rate limits, a validating mock's `sl-violations`, …).
    pub headers: reqwest::header::HeaderMap,
}

impl<E> ApiError<E> {
    /// How long the server asked to wait before asking again: `retry-after-ms`, else
    /// `Retry-After` in seconds or as a date (zero once it has passed). A 429 or 503 asking for
    /// longer than the retry policy's [`max_server_wait`](super::RetryPolicy::max_server_wait)
    /// is returned, not waited for; this says when to come back.
    pub fn retry_after(&self) -> Option<Duration> {
        super::retry::server_wait(&self.headers, std::time::SystemTime::now())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    /// The raw body is shown as an excerpt and a length: a body can be megabytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("raw", &format_args!("{} bytes: {:?}", self.raw.len(), excerpt(&self.raw)))
            .field("request_id", &self.request_id)
            .field("headers", &self.headers)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !(100..=599).contains(&self.status) {
            write!(f, "the server answered {}, which is not a valid HTTP status (100-599)", self.status)?;
        } else {
            match reqwest::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason()) {
                Some(reason) => write!(f, "the server answered {} {reason}", self.status)?,
                None => write!(f, "the server answered {}", self.status)?,
            }
        }
        // Server text is shown, never obeyed: control characters (escape sequences, line
        // breaks that would forge log lines) are written as escapes.
        if !self.raw.is_empty() {
            write!(f, ": {}", escape_controls(&excerpt(&self.raw)))?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", escape_controls(&id.chars().take(EXCERPT_CHARS).collect::<String>()))?;
        }
        Ok(())
    }
}

/// A request value that breaks a schema rule, found before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("`{path}`: ") })]
pub struct ValidationError {
    /// Field path from the request body's root (`order.items[0].quantity`).
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

/// Text from a server made safe to put in a message or a log line: each control character (an
/// escape sequence that would restyle a terminal, a line break that would forge a log line) is
/// written as its escape, and the text is cut to its first 1,000 characters, the cut marked `…`.
/// Server text is shown, never obeyed.
///
/// ```
/// assert_eq!(oapi_runtime::printable("done\n\u{1b}[2J"), "done\\n\\u{1b}[2J");
/// assert_eq!(oapi_runtime::printable(&"x".repeat(1001)).chars().count(), 1001);
/// ```
pub fn printable(text: &str) -> String {
    let mut out = escape_controls(&text.chars().take(1000).collect::<String>());
    if text.chars().nth(1000).is_some() {
        out.push('…');
    }
    out
}

/// `text` with each control character written as its escape (`\u{1b}`, `\n`).
fn escape_controls(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_in_an_api_error_is_escaped_and_bounded() {
        let body = format!("\u{1b}[2J{{\"error\":\"no\"}}\nINFO forged line{}", "x".repeat(1000));
        let e: ApiError<()> = ApiError {
            status: 400,
            body: None,
            raw: Bytes::from(body),
            headers: reqwest::header::HeaderMap::new(),
            request_id: Some("r-1\tr".into()),
        };
        let text = e.to_string();
        assert!(
            text.starts_with("the server answered 400 Bad Request: \\u{1b}[2J{\"error\":\"no\"}\\nINFO forged line"),
            "{text}"
        );
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.ends_with("… (request id r-1\\tr)") && text.len() < 300, "{text}");
    }

    #[test]
    fn printable_text_is_escaped_bounded_and_marked() {
        assert_eq!(printable("ok \u{7f}\r\t"), "ok \\u{7f}\\r\\t");
        let exact = "é".repeat(1000);
        assert_eq!(printable(&exact), exact);
        let long = format!("{exact}\n");
        assert_eq!(printable(&long), format!("{exact}…"));
    }

    #[test]
    fn excerpts_are_bounded_and_marked() {
        assert_eq!(excerpt(b"short"), "short");
        let big = vec![b'x'; 10 << 20];
        let e = excerpt(&big);
        assert_eq!(e.chars().count(), 201);
        assert!(e.ends_with('…'));
        let multibyte = "é".repeat(300);
        assert_eq!(excerpt(multibyte.as_bytes()).chars().count(), 201);
    }
}
