use super::download::Download;
use super::error::{excerpt, printable, ApiError, Error, ValidationError};
use super::multipart;
use super::params;
use super::retry::{Failure, RetryPolicy};
use super::Validate;
use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT};
use reqwest::Method;
use serde::{de::DeserializeOwned, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tracing::Instrument;

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
    /// Environment variables holding the API key, in the order [`ClientBuilder::from_env`] reads them.
    pub key_vars: &'static [&'static str],
    /// Environment variable overriding the base URL.
    pub base_url_var: Option<&'static str>,
    /// The default `User-Agent`.
    pub user_agent: &'static str,
    /// Whether any operation sends a key (an API without security needs none).
    pub needs_key: bool,
    /// How calls to endpoints the document does not describe present the key.
    pub auth: Auth,
    /// Operations that wait by design, with their own timeout: (method, path template, timeout).
    pub long_calls: &'static [(&'static str, &'static str, Duration)],
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
    /// The key in each form an operation may present it. `None` for an API that needs none.
    keys: Option<Keys>,
    timeout: Duration,
    validate: bool,
    max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &mask_password(&self.shared.base_url))
            .field("api_key", &"<redacted>")
            .field("timeout", &self.shared.timeout)
            .field("call_timeout", &self.call_timeout)
            .field("retry", &self.retry)
            .field("validate", &self.shared.validate)
            .finish_non_exhaustive()
    }
}

/// The key in each form an operation may present it, made once when the client is built; the
/// header values are marked sensitive.
#[derive(Clone)]
struct Keys {
    /// As it is (`apiKey` in a header).
    plain: HeaderValue,
    /// `Bearer <key>`.
    bearer: HeaderValue,
    /// `Basic <base64 of user:password>`: HTTP basic takes the key as `user:password`.
    basic: HeaderValue,
    /// The key as text, for a query parameter or a cookie (percent-encoded when sent).
    text: String,
}

impl Keys {
    fn new(key: &str) -> Result<Keys, Error> {
        let unsendable =
            || Error::Config("the API key contains characters that cannot be sent in an HTTP header".into());
        let sensitive = |text: &str| {
            let mut value = HeaderValue::from_str(text).map_err(|_| unsendable())?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        let basic = base64::engine::general_purpose::STANDARD.encode(key);
        Ok(Keys {
            plain: sensitive(key)?,
            bearer: sensitive(&format!("Bearer {key}"))?,
            basic: sensitive(&format!("Basic {basic}"))?,
            text: key.to_owned(),
        })
    }
}

/// Adjusts the HTTP client a [`ClientBuilder`] makes (see [`ClientBuilder::configure_http`]).
type ConfigureHttp = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Builds a client: the runtime's [`Client`], or a generated crate's own, which wraps one
/// (`C: From<Client>`).
pub struct ClientBuilder<C = Client> {
    /// Everything set so far. Apart from the client type, so that `from_env` and `build` do
    /// their work on `Choices`, generic over nothing: compiled once, here, not again in each
    /// crate whose client wraps this one.
    choices: Choices,
    client: std::marker::PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] has been told.
#[derive(Clone)]
struct Choices {
    settings: &'static Settings,
    api_key: Option<String>,
    base_url: Option<String>,
    configure_http: Option<ConfigureHttp>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    headers: Vec<(String, String)>,
    retry: RetryPolicy,
    validate: bool,
    allow_http: bool,
    max_response_bytes: usize,
    max_concurrent_requests: usize,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder { choices: self.choices.clone(), client: std::marker::PhantomData }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.choices.base_url.as_deref().map(mask_password))
            .field("api_key", &"<redacted>")
            .field("timeout", &self.choices.timeout)
            .field("retry", &self.choices.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// This client with another whole-request timeout, for one call or a group of calls:
    /// `client.with_timeout(Duration::from_secs(300)).some_operation(..)`. It applies
    /// to every call made through it, the ones that wait by design included (see
    /// [`Settings::long_calls`]).
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client { call_timeout: Some(timeout), ..self.clone() }
    }

    /// The timeout of one call: [`Client::with_timeout`]'s if set; else the client's, or the
    /// operation's own when it waits by design and that is longer.
    fn timeout_for(&self, method: &Method, template: &str) -> Duration {
        self.call_timeout.unwrap_or_else(|| {
            let long = self
                .shared
                .settings
                .long_calls
                .iter()
                .find(|(m, t, _)| *m == method.as_str() && *t == template)
                .map(|(_, _, limit)| *limit);
            long.map_or(self.shared.timeout, |limit| limit.max(self.shared.timeout))
        })
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
        match self.transmit(&request, None).await.map_err(Error::widen)? {
            Received::Whole(response) => Ok(response),
            Received::Streaming(_) => unreachable!("no status is streamed without a predicate"),
        }
    }

    /// An operation's call: the request (or why it cannot be sent), then the response as
    /// `decode` reads it, by status. The sending is written once, here; a generated operation
    /// only builds its request and decodes its statuses, with no future of its own to compile.
    #[doc(hidden)]
    pub fn start<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, Error<E>>,
        decode: fn(Response) -> Result<T, Error<E>>,
    ) -> Sending<'a, T, E> {
        Box::pin(async move { decode(self.send(request?).await?) })
    }

    /// Like [`Client::send`], but a response whose status `stream` accepts is handed back
    /// unread, as a [`Download`]; any other is read whole (an error body is small).
    #[doc(hidden)]
    pub async fn send_streamed<E>(&self, request: Request, stream: fn(u16) -> bool) -> Result<Received, Error<E>> {
        self.transmit(&request, Some(stream)).await.map_err(Error::widen)
    }

    /// Calls an endpoint the document does not describe, with this client's key, base URL,
    /// timeouts, retry policy and errors: `path` is appended to the base URL (`/v1/...`),
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
            auth: self.shared.settings.auth,
            server: None,
            body: payload,
        };
        let Received::Whole(response) = self.transmit(&request, None).await.map_err(Error::widen)? else {
            unreachable!("no status is streamed without a predicate")
        };
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
        stream: Option<fn(u16) -> bool>,
    ) -> Pin<Box<dyn Future<Output = Result<Received, Error>> + Send + 'a>> {
        Box::pin(self.exchange(request, stream))
    }

    /// Sends `request` as often as the retry policy allows and returns the final answer.
    async fn exchange(&self, request: &Request, stream: Option<fn(u16) -> bool>) -> Result<Received, Error> {
        let mut extra = HeaderMap::new();
        for (name, value) in &request.headers {
            let v = HeaderValue::from_str(value).map_err(|_| {
                ValidationError::new(*name, "not a valid HTTP header value (control characters or non-ASCII text)")
            })?;
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ValidationError::new(*name, "not a valid HTTP header name"))?;
            extra.append(n, v);
        }
        let method = &request.method;
        let timeout = self.timeout_for(method, request.template);
        let span = tracing::info_span!(
            "http_request",
            method = %method,
            path = request.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let deadline = self.retry.total_limit();
        async {
            let mut attempt = 1;
            loop {
                tracing::Span::current().record("attempt", attempt);
                // Under a deadline, an attempt gets at most the time left.
                let left = deadline.map(|total| total.saturating_sub(started.elapsed()));
                let cut = left.filter(|left| *left < timeout);
                let result = self.attempt(request, &extra, cut.unwrap_or(timeout), timeout, stream).await;
                let failure = match &result {
                    Ok(Received::Whole(r)) if r.status >= 400 => Some(Failure::Status(r.status, &r.headers)),
                    Ok(_) => None,
                    Err(Failed::Http(e)) if e.is_connect() => Some(Failure::NotSent),
                    // Asking again brings the same body.
                    Err(Failed::TooLarge { .. }) => None,
                    Err(_) => Some(Failure::AfterSend),
                };
                let mut delay = failure.and_then(|f| self.retry.delay(method, &f, attempt));
                if let (Some(wait), Some(total)) = (delay, deadline) {
                    if started.elapsed() + wait >= total {
                        tracing::info!(
                            attempt,
                            delay_ms = wait.as_millis() as u64,
                            "not retrying: the wait would pass the deadline"
                        );
                        delay = None;
                    }
                }
                if let Some(delay) = delay {
                    let outcome = match &result {
                        Ok(Received::Whole(r)) => r.status.to_string(),
                        Ok(Received::Streaming(d)) => d.status().to_string(),
                        Err(Failed::Http(e)) => e.to_string(),
                        Err(Failed::Stalled) => "no response in time".to_owned(),
                        Err(Failed::TooLarge { .. }) => "body over the limit".to_owned(),
                    };
                    tracing::info!(attempt, %outcome, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
                let span = tracing::Span::current();
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                return match result {
                    Ok(received) => {
                        span.record("status", received.status());
                        Ok(received)
                    }
                    Err(Failed::Stalled) if cut.is_some() => {
                        Err(Error::Deadline { limit: deadline.unwrap_or_default() })
                    }
                    Err(Failed::Http(e)) if cut.is_some() && e.is_timeout() => {
                        Err(Error::Deadline { limit: deadline.unwrap_or_default() })
                    }
                    Err(Failed::Stalled) => Err(Error::Stalled { limit: timeout }),
                    Err(Failed::TooLarge { status, limit }) => Err(Error::TooLarge { status, limit }),
                    Err(Failed::Http(e)) => {
                        tracing::warn!(error = %e, "request failed");
                        Err(transport_error(e, timeout))
                    }
                };
            }
        }
        .instrument(span)
        .await
    }

    /// One send; the response read whole, or handed back unread when `stream` accepts its
    /// status. A streamed call's `timeout` bounds the wait for the response; `idle`, each wait
    /// for a piece of the download.
    async fn attempt(
        &self,
        request: &Request,
        extra: &HeaderMap,
        timeout: Duration,
        idle: Duration,
        stream: Option<fn(u16) -> bool>,
    ) -> Result<Received, Failed> {
        // Never closed, so this always gives a permit; without one the call would still go out.
        let permit = self.shared.in_flight.clone().acquire_owned().await.ok();
        let mut query = Cow::Borrowed(request.query.as_str());
        if let (Auth::Query(name), Some(keys)) = (request.auth, &self.shared.keys) {
            params::query(query.to_mut(), name, &keys.text, params::Style::Form, true, false)
        }
        let mut builder = match self.url(request, &query) {
            Ok(url) => self.shared.http.request(request.method.clone(), url),
            Err(text) => self.shared.http.request(request.method.clone(), text),
        };
        if stream.is_none() {
            builder = builder.timeout(timeout);
        }
        // A key in the query is part of the URL, which reqwest's errors print: they go without it.
        let scrub = |e: reqwest::Error| match request.auth {
            Auth::Query(_) => Failed::Http(e.without_url()),
            _ => Failed::Http(e),
        };
        let content_type = match &request.body {
            Payload::Empty => None,
            Payload::Json(bytes) => {
                builder = builder.body(bytes.clone());
                Some(HeaderValue::from_static("application/json"))
            }
            Payload::Form(parts) => {
                builder = builder.multipart(multipart::encode(parts));
                None
            }
            Payload::Raw(content_type, bytes) => {
                builder = builder.body(bytes.clone());
                Some(content_type.clone())
            }
        };
        // Headers go straight into the built request: header parameters, then the key (over a
        // parameter of the same name), then the body's type.
        let mut outgoing = builder.build().map_err(scrub)?;
        let headers = outgoing.headers_mut();
        for (name, value) in extra {
            headers.append(name, value.clone());
        }
        match (request.auth, &self.shared.keys) {
            (Auth::None | Auth::Query(_), _) | (_, None) => {}
            (Auth::Header(header), Some(keys)) => {
                if let Ok(name) = HeaderName::from_bytes(header.as_bytes()) {
                    headers.insert(name, keys.plain.clone());
                }
            }
            (Auth::Bearer, Some(keys)) => {
                headers.insert(AUTHORIZATION, keys.bearer.clone());
            }
            (Auth::Basic, Some(keys)) => {
                headers.insert(AUTHORIZATION, keys.basic.clone());
            }
            (Auth::Cookie(name), Some(keys)) => {
                let mut cookie = Vec::new();
                if let Some(Ok(existing)) = headers.get(COOKIE).map(|v| v.to_str()) {
                    cookie.push(("cookie", existing.to_owned()));
                }
                params::cookie(&mut cookie, name, &keys.text, params::Style::Form, true);
                // Percent-encoded pairs: always a valid header value.
                if let Some(Ok(mut value)) = cookie.pop().map(|(_, v)| HeaderValue::from_str(&v)) {
                    value.set_sensitive(true);
                    headers.insert(COOKIE, value);
                }
            }
        }
        if let Some(content_type) = content_type {
            headers.append(CONTENT_TYPE, content_type);
        }
        let mut response = match stream {
            None => self.shared.http.execute(outgoing).await.map_err(scrub)?,
            Some(_) => tokio::time::timeout(timeout, self.shared.http.execute(outgoing))
                .await
                .map_err(|_| Failed::Stalled)?
                .map_err(scrub)?,
        };
        let status = response.status().as_u16();
        if stream.is_some_and(|accepts| accepts(status)) {
            return Ok(Received::Streaming(Download::new(response, idle, permit)));
        }
        let headers = std::mem::take(response.headers_mut());
        let body = match stream {
            None => self.read_bounded(&mut response, status).await?,
            Some(_) => tokio::time::timeout(timeout, self.read_bounded(&mut response, status))
                .await
                .map_err(|_| Failed::Stalled)??,
        };
        Ok(Received::Whole(Response { status, headers, body }))
    }

    /// Where `request` goes, with `query`: the base URL parsed at build, with the path and query
    /// set on it (the same URL as parsing the joined text, without parsing the scheme and host
    /// again: that whole-URL parse, IDNA included, was a fifth of a call's work). An
    /// operation's own server, or a path holding `?` or `#`, is given as text to be parsed whole.
    fn url(&self, request: &Request, query: &str) -> Result<reqwest::Url, String> {
        let base = match request.server {
            Some(server) if !self.shared.chosen_base_url => server,
            _ if request.path.contains(['?', '#']) => &self.shared.base_url,
            _ => {
                let mut url = self.shared.base.clone();
                let prefix = url.path().trim_end_matches('/');
                let path = format!("{prefix}{}", request.path);
                url.set_path(&path);
                if !query.is_empty() {
                    url.set_query(Some(query));
                }
                return Ok(url);
            }
        };
        Err(match query {
            "" => format!("{base}{}", request.path),
            query => format!("{base}{}?{query}", request.path),
        })
    }

    /// Reads a body whole, up to the limit: a success body over it is refused (by its declared
    /// length before reading, else as soon as it passes), an error body is cut to its start.
    async fn read_bounded(&self, response: &mut reqwest::Response, status: u16) -> Result<Bytes, Failed> {
        let success = status < 400;
        let limit =
            if success { self.shared.max_response_bytes } else { ERROR_BODY_KEPT.min(self.shared.max_response_bytes) };
        if success && response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Failed::TooLarge { status, limit });
        }
        // A declared length is believed only up to the limit; growth doubles, never past it.
        let declared = response.content_length().map_or(0, |n| n.min(limit as u64) as usize);
        let mut body = Vec::with_capacity(declared);
        while let Some(chunk) = response.chunk().await.map_err(Failed::Http)? {
            let room = limit - body.len();
            let take = if chunk.len() > room {
                if success {
                    return Err(Failed::TooLarge { status, limit });
                }
                room
            } else {
                chunk.len()
            };
            if body.len() + take > body.capacity() {
                let grown = (body.capacity() * 2).max(body.len() + take).min(limit);
                body.reserve_exact(grown - body.len());
            }
            body.extend_from_slice(&chunk[..take]);
            if take < chunk.len() {
                break;
            }
        }
        Ok(Bytes::from(body))
    }
}

/// A transport failure as the caller sees it.
fn transport_error(e: reqwest::Error, limit: Duration) -> Error {
    if e.is_connect() {
        Error::Connect(e)
    } else if e.is_timeout() {
        Error::Timeout { limit, source: e }
    } else {
        Error::Transport(e)
    }
}

/// One request, as a generated method describes it and the retry loop re-sends it.
#[doc(hidden)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The operation's path template, for logs and per-operation timeouts.
    pub template: &'static str,
    /// The path with its parameters filled in.
    pub path: Cow<'static, str>,
    /// The query, encoded (`a=1&b=x%20y`; empty for none): see [`params::query`].
    pub query: String,
    /// Header parameters.
    pub headers: Vec<(&'static str, String)>,
    /// How the key is presented.
    pub auth: Auth,
    /// The operation's own server (the document declares one for it), used instead of the
    /// default base URL; a base URL the user chose wins over it.
    pub server: Option<&'static str>,
    /// The body, encoded.
    pub body: Payload,
}

/// Why an attempt got no response.
enum Failed {
    Http(reqwest::Error),
    /// A success body over the limit.
    TooLarge {
        status: u16,
        limit: usize,
    },
    /// A streamed call's response did not start within the timeout.
    Stalled,
}

/// A final answer: read whole, or (a streamed call's success) still arriving.
#[doc(hidden)]
#[derive(Debug)]
pub enum Received {
    /// Read whole.
    Whole(Response),
    /// Unread, for the caller to stream.
    Streaming(Download),
}

impl Received {
    fn status(&self) -> u16 {
        match self {
            Received::Whole(r) => r.status,
            Received::Streaming(d) => d.status(),
        }
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for the API `settings` describe, with this key (`None` for an API whose
    /// operations need none).
    pub fn new(settings: &'static Settings, api_key: Option<String>) -> Self {
        let choices = Choices {
            settings,
            api_key,
            base_url: None,
            configure_http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: settings.user_agent.to_owned(),
            headers: Vec::new(),
            retry: RetryPolicy::none(),
            validate: true,
            allow_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
        };
        ClientBuilder { choices, client: std::marker::PhantomData }
    }

    /// A builder with the API key from the first of [`Settings::key_vars`] that is set and not
    /// empty, and the base URL from [`Settings::base_url_var`] if set.
    pub fn from_env(settings: &'static Settings) -> Result<Self, Error> {
        let choices = Choices::from_lookup(settings, &|name| std::env::var(name).ok())?;
        Ok(ClientBuilder { choices, client: std::marker::PhantomData })
    }

    /// The API key (replacing the one given before).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.choices.api_key = Some(api_key.into());
        self
    }

    /// The server to talk to. A trailing slash is ignored. Must be `https://` unless
    /// [`ClientBuilder::allow_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.choices.base_url = Some(url.into());
        self
    }

    /// Allows a plain `http://` base URL (a local mock server). Off by default, so that the API
    /// key never travels unencrypted by mistake.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.choices.allow_http = allow;
        self
    }

    /// Connect timeout of the HTTP client (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.choices.connect_timeout = timeout;
        self
    }

    /// Whole-request timeout, from connecting to the last byte of the response (default
    /// [`DEFAULT_TIMEOUT`]). Per call: [`Client::with_timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.choices.timeout = timeout;
        self
    }

    /// The largest response body read whole, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]):
    /// a declared length above it is refused before reading, and reading stops at it, with
    /// [`Error::TooLarge`]. Error responses keep their first 64 KiB instead. Streamed downloads
    /// are not limited.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.choices.max_response_bytes = limit;
        self
    }

    /// The `User-Agent` header (default [`Settings::user_agent`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.choices.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request (checked in [`ClientBuilder::build`]).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.choices.headers.push((name.into(), value.into()));
        self
    }

    /// Which failures are re-sent (default: none). See [`RetryPolicy`].
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.choices.retry = retry;
        self
    }

    /// Adjusts the HTTP client before it is built: proxies, TLS roots, pool sizes, local
    /// address, a connect timeout of its own. `configure` gets `reqwest`'s builder with this
    /// builder's headers and timeouts already set and returns it:
    /// `.configure_http(|http| http.pool_max_idle_per_host(4))`.
    ///
    /// Whatever it sets, redirects are not followed: a redirect would carry the key to wherever
    /// it points, or turn a `POST` into a `GET`. A `3xx` comes back as the answer.
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.choices.configure_http = Some(Arc::new(configure));
        self
    }

    /// The most requests in flight at once through this client (default
    /// [`DEFAULT_MAX_CONCURRENT_REQUESTS`]); more wait for a turn, so a burst of calls queues
    /// instead of opening a connection each and running out of file descriptors. Waiting for a
    /// turn does not count against the request timeout. A streamed download holds its turn until
    /// it is read or dropped.
    pub fn max_concurrent_requests(mut self, max: usize) -> Self {
        self.choices.max_concurrent_requests = max;
        self
    }

    /// Whether requests are checked with [`Validate`] before sending (default: `true`).
    ///
    /// The schema's lists can lag the service; switching this off sends what you built and
    /// lets the server judge it.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.choices.validate = validate;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, Error> {
        self.choices.build().map(C::from)
    }
}

impl Choices {
    /// [`ClientBuilder::from_env`]'s work, with `lookup` for the environment.
    fn from_lookup(settings: &'static Settings, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Choices, Error> {
        let vars = settings.key_vars;
        let key = vars.iter().find_map(|v| lookup(v).filter(|k| !k.trim().is_empty()));
        if key.is_none() && settings.needs_key {
            return Err(Error::Config(format!(
                "no API key: set the environment variable {} (checked in that order)",
                vars.join(" or ")
            )));
        }
        let mut builder = ClientBuilder::<Client>::new(settings, key);
        if let Some(url) = settings.base_url_var.and_then(lookup).filter(|u| !u.trim().is_empty()) {
            builder = builder.base_url(url);
        }
        Ok(builder.choices)
    }

    /// [`ClientBuilder::build`]'s work.
    fn build(self) -> Result<Client, Error> {
        let keys = match self.api_key.as_deref() {
            Some(key) if key.trim().is_empty() => return Err(Error::Config("the API key is empty".into())),
            None if self.settings.needs_key => return Err(Error::Config("the API key is missing".into())),
            None => None,
            Some(key) => Some(Keys::new(key)?),
        };
        let base = self.base_url.unwrap_or_else(|| self.settings.base_url.to_owned());
        // Spaces around it (a pasted value) are not part of it, as a URL parser reads it too.
        let base = base.trim();
        // Shown in errors with any password masked.
        let shown = mask_password(base);
        let parsed = reqwest::Url::parse(base)
            .map_err(|e| Error::Config(format!("base URL {shown:?} is not a valid URL: {e}")))?;
        // Paths are appended to the base: a query or fragment would swallow them.
        if parsed.cannot_be_a_base() || !parsed.has_host() {
            return Err(Error::Config(format!("base URL {shown:?} has no host; expected https://host[/prefix]")));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL {shown:?} has a query or fragment, which operation paths cannot follow; expected https://host[/prefix]"
            )));
        }
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL {shown:?} is plain http, which would send the API key unencrypted; use https:// or call `allow_http(true)` (for a local mock server)"
                )))
            }
            _ => return Err(Error::Config(format!("base URL {shown:?} must start with https://"))),
        }
        // The base as the parser spells it (host in lower case, dot segments resolved), less the
        // trailing slash operation paths bring: a path joined to it and parsed whole is the URL
        // `Client::url` builds on `base`.
        let base_url = parsed.as_str().trim_end_matches('/').to_owned();
        let base_parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("base URL {shown:?} is not a valid URL: {e}")))?;
        let mut headers = HeaderMap::new();
        let ua = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::Config(format!("user agent {:?} is not a valid header value", self.user_agent)))?;
        headers.insert(USER_AGENT, ua);
        for (name, value) in &self.headers {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("header name {name:?} is not a valid HTTP header name")))?;
            let v = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("the value of header {name:?} is not a valid header value")))?;
            headers.append(n, v);
        }
        if self.max_concurrent_requests == 0 {
            return Err(Error::Config("max_concurrent_requests is 0, which would let no request through".into()));
        }
        let mut http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            .https_only(!self.allow_http);
        if let Some(configure) = &self.configure_http {
            http = configure(http);
        }
        // Set last, over whatever `configure_http` chose: a redirect would carry the key
        // header to wherever it points.
        let http = http
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            shared: Arc::new(Shared {
                settings: self.settings,
                http,
                in_flight: Arc::new(Semaphore::new(self.max_concurrent_requests.min(Semaphore::MAX_PERMITS))),
                chosen_base_url: base.trim_end_matches('/') != self.settings.base_url.trim_end_matches('/'),
                base_url,
                base: base_parsed,
                keys,
                timeout: self.timeout,
                validate: self.validate,
                max_response_bytes: self.max_response_bytes,
            }),
            call_timeout: None,
            retry: self.retry,
        })
    }
}

/// A response body that is not JSON (an image, a video, a file), as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` the server sent, if any.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

/// How an operation presents the API key (from the document's security requirement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The operation requires none.
    None,
    /// In this header, as it is (`apiKey` in `header`).
    Header(&'static str),
    /// As `Authorization: Bearer <key>` (`http` bearer, OAuth 2 and OpenID Connect tokens).
    Bearer,
    /// As `Authorization: Basic …` (`http` basic): the key is `user:password`.
    Basic,
    /// As this query parameter (`apiKey` in `query`); kept out of the URL in errors.
    Query(&'static str),
    /// As this cookie (`apiKey` in `cookie`).
    Cookie(&'static str),
}

/// The future of an operation's call (what awaiting the call, or its `send`, waits for).
pub type Sending<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// A request body, encoded once and re-sent as it is by each attempt.
#[doc(hidden)]
#[derive(Debug)]
pub enum Payload {
    /// No body.
    Empty,
    /// `application/json`.
    Json(Bytes),
    /// `multipart/form-data`.
    Form(Vec<multipart::Part>),
    /// Bytes or text as they are, with their media type.
    Raw(HeaderValue, Bytes),
}

impl Payload {
    /// A JSON body, if there is one.
    pub fn json<B: Serialize + ?Sized, E>(body: Option<&B>) -> Result<Payload, Error<E>> {
        let Some(body) = body else { return Ok(Payload::Empty) };
        serde_json::to_vec(body)
            .map(|v| Payload::Json(Bytes::from(v)))
            .map_err(|e| Error::Config(format!("cannot encode the request body as JSON: {e}")))
    }

    /// `{}`: the body of an operation whose schema admits nothing else.
    pub fn empty_object() -> Payload {
        Payload::Json(Bytes::from_static(b"{}"))
    }

    /// An `application/x-www-form-urlencoded` body, if there is one: each property spelled as
    /// `fields` says (name, style, explode, allowReserved; see [`params::query`]), in that order;
    /// properties not listed (undeclared ones) follow, `form` exploded, or in the bracket
    /// convention (`a[b]=c`) when they hold objects or lists of them.
    pub fn urlencoded<B: Serialize + ?Sized, E>(
        body: Option<&B>,
        fields: &[(&str, params::Style, bool, bool)],
    ) -> Result<Payload, Error<E>> {
        let Some(body) = body else { return Ok(Payload::Empty) };
        let value = serde_json::to_value(body)
            .map_err(|e| ValidationError::new("body", format!("cannot be sent as a URL-encoded form ({e})")))?;
        let serde_json::Value::Object(mut map) = value else {
            return Err(ValidationError::new("body", "a URL-encoded form must be an object").into());
        };
        let mut text = String::new();
        for &(name, style, explode, reserved) in fields {
            if let Some(value) = map.remove(name) {
                params::query(&mut text, name, &value, style, explode, reserved);
            }
        }
        for (name, value) in &map {
            let nested = |v: &serde_json::Value| v.is_object() || v.is_array();
            let style = match value {
                serde_json::Value::Object(_) => params::Style::DeepObject,
                serde_json::Value::Array(items) if items.iter().any(nested) => params::Style::DeepObject,
                _ => params::Style::Form,
            };
            params::query(&mut text, name, value, style, true, false);
        }
        Ok(Payload::Raw(HeaderValue::from_static("application/x-www-form-urlencoded"), Bytes::from(text)))
    }

    /// A body sent as it is: a [`multipart::File`] (its own content type, else `media`) or text.
    pub fn raw<B: RawBody + ?Sized, E>(body: Option<&B>, media: &'static str) -> Result<Payload, Error<E>> {
        let Some(body) = body else { return Ok(Payload::Empty) };
        let (content_type, bytes) = body.raw(media);
        let content_type = HeaderValue::from_str(content_type).map_err(|_| {
            ValidationError::new("body", format!("content type {content_type:?} is not a valid header value"))
        })?;
        Ok(Payload::Raw(content_type, bytes))
    }

    /// A form body, if there is one.
    pub fn form<F: multipart::Form, E>(body: Option<&F>) -> Result<Payload, Error<E>> {
        match body {
            Some(body) => Ok(Payload::Form(body.parts()?)),
            None => Ok(Payload::Empty),
        }
    }
}

/// What a raw request body can be made of.
pub trait RawBody {
    /// The content type and the bytes, given the media type the document declares.
    fn raw<'a>(&'a self, declared: &'a str) -> (&'a str, Bytes);
}

impl RawBody for multipart::File {
    fn raw<'a>(&'a self, declared: &'a str) -> (&'a str, Bytes) {
        (self.media_type().unwrap_or(declared), self.bytes().clone())
    }
}

impl RawBody for str {
    fn raw<'a>(&'a self, declared: &'a str) -> (&'a str, Bytes) {
        (declared, Bytes::copy_from_slice(self.as_bytes()))
    }
}

/// A fully read response, turned into the operation's result by the generated method. (Which
/// helpers a crate uses depends on its operations.)
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// A response as received: for tests and fuzzing of the decoding below.
    pub fn from_parts(status: u16, headers: HeaderMap, body: Bytes) -> Self {
        Response { status, headers, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    fn request_id(&self) -> Option<String> {
        ["x-request-id", "request-id", "x-amzn-requestid"]
            .iter()
            .find_map(|h| self.headers.get(*h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The success body, decoded.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        // Plain serde_json first; the path-tracking decoder only to explain a failure.
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        // serde's messages quote the server's text (an unknown variant, a map key): escaped.
        let decode = |message: String| Error::Decode {
            status: self.status,
            message: printable(&message),
            excerpt: excerpt(&self.body),
        };
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let at = if path == "." { String::new() } else { format!("at `{path}`: ") };
            decode(format!("{at}{}", e.into_inner()))
        })?;
        // A value followed by anything but whitespace is not the body the server meant.
        de.end().map_err(|e| decode(format!("data after the JSON value: {e}")))?;
        Ok(value)
    }

    /// A `text/*` success body.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        let status = self.status;
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            status,
            message: format!("the text body is not UTF-8: {e}"),
            excerpt: excerpt(&self.body),
        })
    }

    /// A success body of any other media type, with the content type the server named.
    pub fn binary<E>(self) -> Result<Binary, Error<E>> {
        let content_type = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Binary { content_type, bytes: self.body })
    }

    /// A success without a body (for operations that declare none).
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A declared error status: the body decoded as `B` and wrapped by `variant`.
    pub fn error<B: DeserializeOwned, T, E>(self, variant: fn(B) -> E) -> Result<T, Error<E>> {
        let body = serde_json::from_slice(&self.body).ok().map(variant);
        self.api_error(body)
    }

    /// A status the operation does not declare.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        self.api_error(None)
    }

    fn api_error<T, E>(self, body: Option<E>) -> Result<T, Error<E>> {
        let request_id = self.request_id();
        Err(Error::Api(Box::new(ApiError {
            status: self.status,
            body,
            raw: self.body,
            request_id,
            headers: self.headers,
        })))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    static SETTINGS: Settings = Settings {
        base_url: "https://api.test",
        key_vars: &["OFFICIAL_KEY", "DOCS_KEY"],
        base_url_var: Some("BASE"),
        user_agent: "test-client/1",
        needs_key: true,
        auth: Auth::Header("x-key"),
        long_calls: &[("POST", "/jobs/{id}/wait", Duration::from_secs(600))],
    };

    static OPEN: Settings = Settings { needs_key: false, auth: Auth::None, ..SETTINGS };

    fn builder(key: &str) -> ClientBuilder {
        ClientBuilder::new(&SETTINGS, Some(key.to_owned()))
    }

    #[test]
    fn api_key_headers_are_marked_sensitive() {
        let client = builder("sk-1").build().unwrap();
        let keys = client.shared.keys.clone().unwrap();
        assert!(keys.plain.is_sensitive() && keys.bearer.is_sensitive() && keys.basic.is_sensitive());
        assert_eq!(keys.bearer, "Bearer sk-1");
        assert_eq!(builder("user:pa ss").build().unwrap().shared.keys.clone().unwrap().basic, "Basic dXNlcjpwYSBzcw==");
        assert_eq!(client.base_url(), "https://api.test", "the settings' default");
        let text = format!("{client:?}");
        assert!(!text.contains("sk-1") && text.contains("<redacted>"), "{text}");
    }

    fn request_to(path: String, server: Option<&'static str>) -> Request {
        Request {
            method: Method::GET,
            template: "/t",
            path: path.into(),
            query: String::new(),
            headers: Vec::new(),
            auth: Auth::None,
            server,
            body: Payload::Empty,
        }
    }

    /// What [`Client::url`] must equal: the joined text, parsed whole.
    fn parsed_whole(client: &Client, request: &Request, query: &str) -> String {
        let base = match request.server {
            Some(server) if !client.shared.chosen_base_url => server,
            _ => client.base_url(),
        };
        let text = if query.is_empty() {
            format!("{base}{}", request.path)
        } else {
            format!("{base}{}?{query}", request.path)
        };
        reqwest::Url::parse(&text).map_or_else(|e| format!("error: {e}"), String::from)
    }

    fn url_text(client: &Client, request: &Request, query: &str) -> String {
        match client.url(request, query) {
            Ok(url) => url.into(),
            Err(text) => reqwest::Url::parse(&text).map_or_else(|e| format!("error: {e}"), String::from),
        }
    }

    #[test]
    fn a_call_url_is_the_base_with_its_path_and_query_as_if_parsed_whole() {
        let cases = [
            ("http://127.0.0.1:9", "/v1/items", ""),
            ("http://127.0.0.1:9/api//", "/v1/x/a%20b", "a=1&b=x%20y"),
            ("https://API.Test:443/Pre fix", "/a/../b/./c", "q=caf\u{e9} \"<>"),
            ("https://xn--caf-dma.test", "/%2e%2e/x\\y", "k=%zz"),
            ("https://café.test/base/", "", "only=query"),
            ("https://h.test", "//double//slashes/", ""),
            ("https://h.test", "/ünïcode/😀", "x=😀"),
            ("https://h.test", "/with?query/in/path", "more=1"),
            ("https://h.test", "/frag#ment", ""),
        ];
        for (base, path, query) in cases {
            let client = builder("sk-1").base_url(base).allow_http(true).build().unwrap();
            let request = request_to(path.to_owned(), None);
            assert_eq!(
                url_text(&client, &request, query),
                parsed_whole(&client, &request, query),
                "{base} {path} {query}"
            );
        }
        let client = builder("sk-1").build().unwrap();
        let request = request_to("/p".into(), Some("https://other.test/v2"));
        assert_eq!(url_text(&client, &request, "a=1"), "https://other.test/v2/p?a=1", "an operation's own server");
    }

    proptest::proptest! {
        #[test]
        fn any_path_and_query_give_the_url_a_whole_parse_gives(
            prefix in "(/[^?#]{0,6}){0,2}",
            path in "(/[^?#]{0,8}){0,4}",
            query in "[^#]{0,12}",
        ) {
            // A whole parse drops spaces and control characters at the very end of the text; a
            // path set on its own keeps them, percent-encoded. Generated calls percent-encode
            // every parameter, so only a hand-written path could end so.
            let query = query.trim_end_matches(|c: char| c <= ' ');
            let path = if query.is_empty() { path.trim_end_matches(|c: char| c <= ' ').to_owned() } else { path };
            let client = builder("sk-1").base_url(format!("https://h.test{prefix}")).build().unwrap();
            let request = request_to(path, None);
            proptest::prop_assert_eq!(url_text(&client, &request, query), parsed_whole(&client, &request, query));
        }
    }

    #[test]
    fn a_json_body_with_trailing_data_is_a_decode_error() {
        let response =
            |body: &'static str| Response { status: 200, headers: HeaderMap::new(), body: Bytes::from(body) };
        let ok: Result<serde_json::Value, Error<()>> = response("{\"a\":1} \n").json();
        assert_eq!(ok.unwrap(), serde_json::json!({"a": 1}));
        let err = response("{\"a\":1}{\"b\":2}").json::<serde_json::Value, ()>().unwrap_err();
        let Error::Decode { status, message, .. } = &err else { panic!("{err:?}") };
        assert_eq!(
            (*status, message.as_str()),
            (200, "data after the JSON value: trailing characters at line 1 column 8")
        );
    }

    #[test]
    fn trailing_slashes_are_dropped_from_the_base_url() {
        let client = builder("sk-1").base_url("http://127.0.0.1:9/api//").allow_http(true).build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/api");
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn environment_key_prefers_the_first_name_and_falls_back() {
        let from = |pairs| Choices::from_lookup(&SETTINGS, &env(pairs)).unwrap();
        let b = from(&[("OFFICIAL_KEY", "sk-official"), ("DOCS_KEY", "sk-docs")]);
        assert_eq!(b.api_key.as_deref(), Some("sk-official"));
        let b = from(&[("OFFICIAL_KEY", " "), ("DOCS_KEY", "sk-docs")]);
        assert_eq!(b.api_key.as_deref(), Some("sk-docs"));
        assert_eq!(b.base_url, None);
        let b = from(&[("DOCS_KEY", "k"), ("BASE", "https://x.test")]);
        assert_eq!(b.base_url.as_deref(), Some("https://x.test"));
    }

    #[test]
    fn a_missing_environment_key_names_every_variable() {
        let Err(err) = Choices::from_lookup(&SETTINGS, &env(&[])) else {
            panic!("a key was found in an empty environment")
        };
        let err = err.to_string();
        assert_eq!(
            err,
            "invalid client configuration: no API key: set the environment variable OFFICIAL_KEY or DOCS_KEY (checked in that order)"
        );
    }

    #[test]
    fn an_api_without_security_needs_no_key() {
        let client: Client = Choices::from_lookup(&OPEN, &env(&[])).unwrap().build().unwrap();
        assert!(client.shared.keys.is_none());
        let err = ClientBuilder::<Client>::new(&SETTINGS, None).build().unwrap_err().to_string();
        assert_eq!(err, "invalid client configuration: the API key is missing");
        let err = builder(" ").build().unwrap_err().to_string();
        assert_eq!(err, "invalid client configuration: the API key is empty");
    }

    #[test]
    fn base_urls_that_cannot_take_a_path_are_refused_and_passwords_never_printed() {
        let refused = |url: &str| builder("sk-1").base_url(url).build().unwrap_err().to_string();
        assert_eq!(
            refused("https://api.test/v2?tenant=1"),
            "invalid client configuration: base URL \"https://api.test/v2?tenant=1\" has a query or fragment, which operation paths cannot follow; expected https://host[/prefix]"
        );
        assert!(refused("https://api.test/#x").contains("has a query or fragment"));
        assert!(refused("https:/").contains("not a valid URL") || refused("https:/").contains("no host"));
        let err = refused("ftp://user:hunter2@api.test/");
        assert!(err.contains("ftp://user:***@api.test/") && !err.contains("hunter2"), "{err}");
        let err = refused("https://user:hunter2@api test/");
        assert!(!err.contains("hunter2"), "{err}");
        let client = builder("sk-1").base_url("https://user:hunter2@api.test/v1").build().unwrap();
        let text = format!("{client:?} {:?}", builder("sk-1").base_url("https://u:hunter2@h.test"));
        assert!(!text.contains("hunter2") && text.contains("user:***@api.test"), "{text}");
        assert_eq!(mask_password("https://user@api.test/a:b@c"), "https://user@api.test/a:b@c");
    }

    /// A loopback server answering every request with `status` and `body`, chunked (no length
    /// declared) or with its length; returns its base URL and how many requests it saw.
    async fn serve(
        status: u16,
        body: Vec<u8>,
        chunked: bool,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let body = body.clone();
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let _ = socket.read(&mut buf).await;
                    let head = if chunked {
                        format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                    } else {
                        format!(
                            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                            body.len()
                        )
                    };
                    let _ = socket.write_all(head.as_bytes()).await;
                    for piece in body.chunks(16 << 10) {
                        let sent = if chunked {
                            let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
                            framed.extend_from_slice(piece);
                            framed.extend_from_slice(b"\r\n");
                            socket.write_all(&framed).await
                        } else {
                            socket.write_all(piece).await
                        };
                        if sent.is_err() {
                            return;
                        }
                    }
                    if chunked {
                        let _ = socket.write_all(b"0\r\n\r\n").await;
                    }
                });
            }
        });
        (base, seen)
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_refused_and_error_bodies_cut_to_their_start() {
        let big = vec![b' '; 1 << 20];
        let client = |base: &str| {
            ClientBuilder::<Client>::new(&OPEN, None)
                .base_url(base)
                .allow_http(true)
                .max_response_bytes(100_000)
                .retry(RetryPolicy::attempts(3))
                .build()
                .unwrap()
        };
        for chunked in [false, true] {
            let (base, seen) = serve(200, big.clone(), chunked).await;
            let err = client(&base).call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
            assert!(matches!(err, Error::TooLarge { status: 200, limit: 100_000 }), "{err:?}");
            assert_eq!(
                err.to_string(),
                "the 200 response is larger than the limit of 100000 bytes; raise it with `ClientBuilder::max_response_bytes`, or stream the body"
            );
            // Not re-sent: the same request brings the same body.
            assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1, "chunked: {chunked}");
        }
        let (base, _) = serve(400, big.clone(), true).await;
        let err = client(&base).call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
        let Error::Api(e) = &err else { panic!("{err:?}") };
        assert_eq!((e.status, e.raw.len()), (400, ERROR_BODY_KEPT));
        // Under the limit, a body is read as before.
        let (base, _) = serve(200, b"[1,2]".to_vec(), true).await;
        let ok: serde_json::Value = client(&base).call(Method::GET, "/x", &[], None).await.unwrap();
        assert_eq!(ok, serde_json::json!([1, 2]));
    }

    #[tokio::test]
    async fn a_password_in_the_base_url_is_not_in_transport_errors() {
        let base = "http://user:hunter2@127.0.0.1:9";
        let client = ClientBuilder::<Client>::new(&OPEN, None).base_url(base).allow_http(true).build().unwrap();
        let err = client.call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(matches!(err, Error::Connect(_)), "{text}");
        // reqwest moves the credentials into the request and prints the URL without them.
        assert!(!text.contains("hunter2") && !text.contains("user:"), "{text}");
    }

    #[test]
    fn plain_http_needs_an_explicit_opt_in() {
        let err = builder("sk-1").base_url("http://api.test").build().unwrap_err().to_string();
        assert!(err.contains("allow_http(true)"), "{err}");
        assert!(builder("sk-1").base_url("ftp://api.test").build().is_err());
        assert!(builder("sk-1").base_url("https://api.test").build().is_ok());
    }

    #[test]
    fn bad_headers_are_configuration_errors_naming_the_header() {
        let err = builder("sk-1").header("bad header", "v").build().unwrap_err().to_string();
        assert!(err.contains("\"bad header\""), "{err}");
        let err = builder("sk-1").user_agent("a\nb").build().unwrap_err().to_string();
        assert!(err.contains("user agent"), "{err}");
    }

    #[test]
    fn per_call_variants_change_only_their_setting() {
        let client = builder("sk-1").timeout(Duration::from_secs(5)).build().unwrap();
        let slow = client.with_timeout(Duration::from_secs(300));
        let any = |c: &Client| c.timeout_for(&Method::GET, "/any/{id}");
        assert_eq!((any(&client), any(&slow)), (Duration::from_secs(5), Duration::from_secs(300)));
        assert!(Arc::ptr_eq(&slow.shared, &client.shared), "a variant shares the client's connections and key");
        assert!(Arc::ptr_eq(&client.clone().shared, &client.shared), "a clone costs a reference count");
        let retrying = client.with_retry(RetryPolicy::attempts(4));
        assert_eq!((client.retry.max_attempts(), retrying.retry.max_attempts()), (1, 4));
    }

    #[test]
    fn calls_that_wait_by_design_get_their_own_timeout_unless_the_call_sets_one() {
        let client = builder("sk-1").timeout(Duration::from_secs(5)).build().unwrap();
        let wait = |c: &Client| c.timeout_for(&Method::POST, "/jobs/{id}/wait");
        assert_eq!(wait(&client), Duration::from_secs(600));
        assert_eq!(wait(&client.with_timeout(Duration::from_secs(2))), Duration::from_secs(2));
        let patient = builder("sk-1").timeout(Duration::from_secs(900)).build().unwrap();
        assert_eq!(wait(&patient), Duration::from_secs(900), "the longer of the two");
    }
}
