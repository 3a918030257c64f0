//! The client: what a generated crate says about its API ([`Settings`]), the [`Client`] and the
//! state its clones share, and the calls a generated crate makes on it. Building a client lives
//! in `builder`, the send loop with its retries in `send`, request bodies in `request`,
//! reading responses in `response`, and the user's hooks on each attempt in `hooks`.

mod builder;
mod call;
mod credentials;
pub mod hooks;
mod request;
mod response;
mod send;
#[cfg(test)]
mod tests;

pub use builder::ClientBuilder;
#[cfg(feature = "mock")]
pub(crate) use call::HeaderNames;
pub use call::{CallHeaders, WithResponse};
pub use credentials::{Credentials, Place, Scheme, Security};
pub use request::{Payload, RawBody, Request};
pub use response::{Binary, Response};
pub use send::Received;

use crate::error::{Error, ValidationError};
use crate::params;
use crate::retry::RetryPolicy;
use crate::Validate;
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Connect timeout of the default HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Whole-request timeout (connect, send, server work, response body). Starting a browser is
/// the slowest thing an agent API does, so this leaves room for it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The default limit on a response body read whole: 64 MiB. Larger bodies are refused with
/// [`Error::TooLarge`] unless the limit is raised; streamed downloads are not limited.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

/// The default cap on requests in flight at once through one client (and its
/// [`Client::with_timeout`] / [`Client::with_retry`] variants): more wait their turn.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 64;

/// How much of an error response's body is kept: the start, for the message and the decoded body.
const ERROR_BODY_KEPT: usize = 64 << 10;

/// What a generated crate tells the runtime about its API: plain data, derived from the
/// document and the API's settings file, so that the runtime knows no API of its own.
#[derive(Debug)]
pub struct Settings {
    /// The default base URL (the document's first server).
    pub base_url: &'static str,
    /// For an API with one security scheme: the environment variables holding its key, in the
    /// order [`ClientBuilder::from_env`] reads them. With several schemes each has its own
    /// ([`Scheme::var`]).
    pub key_vars: &'static [&'static str],
    /// Environment variable overriding the base URL.
    pub base_url_var: Option<&'static str>,
    /// The default `User-Agent`.
    pub user_agent: &'static str,
    /// The security schemes operations use, in the document's order. With exactly one, the
    /// client holds one API key, given when it is built; with several, a [`Credentials`] value
    /// per scheme, each set or not.
    pub schemes: &'static [Scheme],
    /// What calls to endpoints the document does not describe send.
    pub security: Security,
    /// With one scheme: whether some operations take no credential, so that a client may be built
    /// without the key (those operations work; the others fail with
    /// [`Error::MissingCredential`] before sending).
    pub key_optional: bool,
}

impl Settings {
    /// Whether the API has one key: exactly one scheme.
    fn single_key(&self) -> bool {
        self.schemes.len() == 1
    }
}

/// An API client: base URL, API key, timeouts, retry policy and a connection pool. Cheap to
/// clone; [`Client::with_timeout`] and [`Client::with_retry`] make per-call variants.
#[derive(Clone)]
pub struct Client {
    /// What every clone shares: cloning a client for a task costs a reference count.
    shared: Arc<Shared>,
    /// Set by [`Client::with_timeout`]: wins over every other timeout.
    call_timeout: Option<Duration>,
    retry: RetryPolicy,
}

/// The parts of a [`Client`] its clones share.
struct Shared {
    settings: &'static Settings,
    http: reqwest::Client,
    base_url: String,
    /// `base_url`, parsed once: a call then parses only its own path and query.
    base: reqwest::Url,
    /// Whether the base URL is the user's (builder or environment), not the document's
    /// default: it then wins over the servers the document declares for single operations.
    chosen_base_url: bool,
    /// Requests in flight hold a permit each, so a burst queues instead of opening a
    /// connection per call.
    in_flight: Arc<Semaphore>,
    /// Each scheme's credential, ready to send (by index into [`Settings::schemes`]).
    credentials: Vec<Option<credentials::Prepared>>,
    /// The credentials as they were given (never printed: `Debug` shows which are set).
    given: Credentials,
    timeout: Duration,
    validate: bool,
    max_response_bytes: usize,
    /// The user's hooks, in the order they were added.
    hooks: Vec<Arc<dyn hooks::Hook>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &mask_password(&self.shared.base_url))
            .field("credentials", &credentials::SetSchemes(self.shared.settings, &self.shared.credentials))
            .field("timeout", &self.shared.timeout)
            .field("call_timeout", &self.call_timeout)
            .field("retry", &self.retry)
            .field("validate", &self.shared.validate)
            .field("hooks", &self.shared.hooks.len())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The credential of security scheme `index` (into [`Settings::schemes`]; 0 for an API with
    /// one key) as it was given, if it was: for addresses an API hands out beside its document,
    /// such as a websocket URL that carries the key. Treat it as the secret it is: never log it.
    pub fn credential(&self, index: usize) -> Option<&str> {
        self.shared.given.get(index)
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// This client with another whole-request timeout, for one call or a group of calls:
    /// `client.with_timeout(Duration::from_secs(300)).some_operation(..)`. It applies
    /// to every call made through it, the ones that wait by design included (an operation's
    /// own timeout, from its API's settings).
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client { call_timeout: Some(timeout), ..self.clone() }
    }

    /// The timeout of one call: [`Client::with_timeout`]'s if set; else the client's, or the
    /// operation's own when it waits by design and that is longer.
    fn timeout_for(&self, request: &Request) -> Duration {
        self.call_timeout
            .unwrap_or_else(|| request.timeout.map_or(self.shared.timeout, |own| own.max(self.shared.timeout)))
    }

    /// This client with another retry policy, for one call or a group of calls.
    pub fn with_retry(&self, retry: RetryPolicy) -> Client {
        Client { retry, ..self.clone() }
    }

    /// Runs the pre-flight [`Validate`] checks on a request body, unless switched off with
    /// [`ClientBuilder::validate_requests`]. Used by the generated methods.
    #[doc(hidden)]
    pub fn check<B: Validate>(&self, body: &B) -> Result<(), ValidationError> {
        if self.shared.validate {
            body.validate()
        } else {
            Ok(())
        }
    }

    /// Sends a request, re-sending it as the retry policy allows, and reads the whole
    /// response. Used by the generated methods.
    #[doc(hidden)]
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        self.receive(request, &CallHeaders::default()).await
    }

    /// An operation's call: the request (or why it cannot be sent), then the response as
    /// `decode` reads it, by status. The sending is written once, here; a generated operation
    /// only builds its request and decodes its statuses, with no future of its own to compile.
    #[doc(hidden)]
    pub fn start<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, Error<E>>,
        added: CallHeaders,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Sending<'a, T, E> {
        Box::pin(async move { decode(self.receive(request?, &added).await?) })
    }

    /// [`Client::start`], returning the response's status and headers beside the value.
    #[doc(hidden)]
    pub fn start_with_response<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, Error<E>>,
        added: CallHeaders,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Sending<'a, WithResponse<T>, E> {
        Box::pin(async move {
            let response = self.receive(request?, &added).await?;
            let (status, headers) = (response.status, response.headers.clone());
            Ok(WithResponse { value: decode(response)?, status, headers })
        })
    }

    /// Sends a call's request with the headers it adds, and reads the whole response.
    async fn receive<E>(&self, request: Request, added: &CallHeaders) -> Result<Response, Error<E>> {
        match self.transmit(&request, added.checked()?, None).await.map_err(Error::widen)? {
            Received::Whole(response) => Ok(response),
            Received::Streaming(_) => unreachable!("no status is streamed without a predicate"),
        }
    }

    /// Like [`Client::send`], but a response whose status `stream` accepts is handed back
    /// unread, as a [`Download`]; any other is read whole (an error body is small).
    #[doc(hidden)]
    pub async fn send_streamed<E>(
        &self,
        request: Request,
        added: &CallHeaders,
        stream: fn(u16) -> bool,
    ) -> Result<Received, Error<E>> {
        self.transmit(&request, added.checked()?, Some(stream)).await.map_err(Error::widen)
    }

    /// Calls an endpoint the document does not describe, with this client's base URL, timeouts,
    /// retry policy and errors, and the credentials of [`Settings::security`] (the document's
    /// top-level requirement, else the one most of its operations have): `path` is appended to the base URL (`/v1/...`),
    /// `query` pairs are percent-encoded (`a b` as `a%20b`), and `body`, if any, is sent as JSON. A 2xx body is decoded
    /// as `T` (use `serde_json::Value` to take anything, `()` for none); any other status is
    /// [`Error::Api`] with the body as JSON when it is JSON.
    ///
    /// To send a field newer than the typed request, serialize the request with
    /// `serde_json::to_value`, add the field and pass the value here.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<T, Error<serde_json::Value>> {
        if !path.starts_with('/') || path.contains(['?', '#']) {
            return Err(Error::Config(format!(
                "path {path:?} must start with `/` and hold no `?` or `#`; pass query pairs separately"
            )));
        }
        let mut encoded = String::new();
        for (name, value) in query {
            params::query(&mut encoded, name, value, params::Style::Form, true, false);
        }
        let payload = Payload::json(body)?;
        let request = Request {
            method,
            template: "(call)",
            path: path.to_owned().into(),
            query: encoded,
            headers: Vec::new(),
            security: self.shared.settings.security,
            server: None,
            timeout: None,
            body: payload,
        };
        let response = self.receive(request, &CallHeaders::default()).await?;
        match response.status() {
            200..=299 if response.body.is_empty() => serde_json::from_slice(b"null").or_else(|_| response.json()),
            200..=299 => response.json(),
            _ => response.error(std::convert::identity),
        }
    }

    /// [`Client::exchange`], boxed. The send path is the same for every operation: boxing it
    /// here, in a function generic over nothing, has it compiled once, in this crate, instead
    /// of once per error type in each crate that sends requests.
    fn transmit<'a>(
        &'a self,
        request: &'a Request,
        added: &'a reqwest::header::HeaderMap,
        stream: Option<fn(u16) -> bool>,
    ) -> Pin<Box<dyn Future<Output = Result<Received, Error>> + Send + 'a>> {
        Box::pin(self.exchange(request, added, stream))
    }
}

/// The future of an operation's call (what awaiting the call, or its `send`, waits for).
pub type Sending<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// A URL as it may be printed: the password of `user:password@` replaced by `***`. Works on
/// text that does not parse as a URL too, since that text ends up in error messages.
fn mask_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_owned() };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..].find(['/', '?', '#']).map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let Some(at) = authority.rfind('@') else { return url.to_owned() };
    let Some(colon) = authority[..at].find(':') else { return url.to_owned() };
    format!("{}{}***{}", &url[..authority_start], &authority[..colon + 1], &url[authority_start + at..])
}
