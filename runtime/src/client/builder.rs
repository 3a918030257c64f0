//! Building a client: what a [`ClientBuilder`] is told (key, base URL, timeouts, retries,
//! headers, limits, hooks) and the checks `build` makes before any request goes out.

use super::credentials::{Credentials, Place};
use super::hooks::{AfterResponse, Hook, HookError, IncomingResponse, OutgoingRequest, RequestFn, ResponseFn};
use super::{
    mask_password, Client, Settings, Shared, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
use crate::error::Error;
use crate::retry::RetryPolicy;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

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
pub(super) struct Choices {
    settings: &'static Settings,
    pub(super) credentials: Credentials,
    pub(super) base_url: Option<String>,
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
    hooks: Vec<Arc<dyn Hook>>,
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
            .field("credentials", &self.choices.credentials)
            .field("timeout", &self.choices.timeout)
            .field("retry", &self.choices.retry)
            .field("hooks", &self.choices.hooks.len())
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for the API `settings` describe, with these credentials (none set for an API
    /// whose operations need none).
    pub fn new(settings: &'static Settings, credentials: Credentials) -> Self {
        let choices = Choices {
            settings,
            credentials,
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
            hooks: Vec::new(),
        };
        ClientBuilder { choices, client: std::marker::PhantomData }
    }

    /// A builder with the credentials from the environment and the base URL from
    /// [`Settings::base_url_var`] if set. An API with one scheme takes its key from the first of
    /// [`Settings::key_vars`] that is set and not blank, and fails without one; with several
    /// schemes, each is read from its own [`Scheme::var`](super::Scheme::var) where set.
    pub fn from_env(settings: &'static Settings) -> Result<Self, Error> {
        let choices = Choices::from_lookup(settings, &|name| std::env::var(name).ok())?;
        Ok(ClientBuilder { choices, client: std::marker::PhantomData })
    }

    /// The API key, for an API with one security scheme (replacing the one given before). With
    /// several schemes it sets the first; use [`ClientBuilder::credentials`] instead.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.choices.credentials = self.choices.credentials.with(0, api_key.into());
        self
    }

    /// The credentials, replacing all given before.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.choices.credentials = credentials.into();
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

    /// Whether requests are checked with [`Validate`](crate::Validate) before sending (default: `true`).
    ///
    /// The schema's lists can lag the service; switching this off sends what you built and
    /// lets the server judge it.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.choices.validate = validate;
        self
    }

    /// Adds a hook that sees every attempt of every call before it is sent (and may add or
    /// change its headers: a signature, a token, a tracing ID) and every answer (and may ask
    /// for a `401` to be sent again, once). Hooks run in the order they were added, again on
    /// each retry; the client and its clones share them. See [`Hook`] and the
    /// [`hooks`](crate::hooks) module for what a hook may change: never the method, URL, body,
    /// redirects or which failures are retried.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.choices.hooks.push(Arc::new(hook));
        self
    }

    /// Adds a hook made of a closure run before each attempt is sent:
    /// [`Hook::on_request`] without waiting. For a hook that must wait (a token refresh over
    /// the network), implement [`Hook`].
    ///
    /// ```
    /// # fn demo(builder: oapi_runtime::ClientBuilder) -> oapi_runtime::ClientBuilder {
    /// use reqwest::header::HeaderValue;
    /// builder.on_request(|request| {
    ///     let id = format!("t-{}", request.attempt());
    ///     request.headers_mut().insert("x-trace-id", HeaderValue::from_str(&id).expect("ASCII"));
    ///     Ok(())
    /// })
    /// # }
    /// ```
    pub fn on_request(
        self,
        hook: impl Fn(&mut OutgoingRequest<'_>) -> Result<(), HookError> + Send + Sync + 'static,
    ) -> Self {
        self.hook(RequestFn(hook))
    }

    /// Adds a hook made of a closure run on each answer: [`Hook::on_response`] without
    /// waiting. Return [`AfterResponse::Keep`], or [`AfterResponse::Resend`] to have a `401`
    /// sent again once.
    pub fn on_response(
        self,
        hook: impl Fn(&IncomingResponse<'_>) -> Result<AfterResponse, HookError> + Send + Sync + 'static,
    ) -> Self {
        self.hook(ResponseFn(hook))
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<C, Error> {
        self.choices.build().map(C::from)
    }
}

impl Choices {
    /// [`ClientBuilder::from_env`]'s work, with `lookup` for the environment.
    pub(super) fn from_lookup(
        settings: &'static Settings,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Choices, Error> {
        let credentials = if settings.single_key() {
            let vars = settings.key_vars;
            match vars.iter().find_map(|v| lookup(v).filter(|k| !k.trim().is_empty())) {
                Some(key) => Credentials::new(settings).with(0, key),
                // Without a key, only the operations that take none can be called.
                None if settings.key_optional => Credentials::new(settings),
                None => {
                    return Err(Error::Config(format!(
                        "no API key: set the environment variable {} (checked in that order)",
                        vars.join(" or ")
                    )))
                }
            }
        } else {
            Credentials::from_lookup(settings, lookup)
        };
        let mut builder = ClientBuilder::<Client>::new(settings, credentials);
        if let Some(url) = settings.base_url_var.and_then(lookup).filter(|u| !u.trim().is_empty()) {
            builder = builder.base_url(url);
        }
        Ok(builder.choices)
    }

    /// [`ClientBuilder::build`]'s work.
    pub(super) fn build(self) -> Result<Client, Error> {
        if self.settings.single_key() {
            match self.credentials.get(0) {
                None if self.settings.key_optional => {}
                None => return Err(Error::Config("the API key is missing".into())),
                Some(key) if key.trim().is_empty() => return Err(Error::Config("the API key is empty".into())),
                Some(_) => {}
            }
        }
        if !self.credentials.is_for(self.settings) {
            return Err(Error::Config(
                "the credentials were made for another API's client; build them with this crate's `Credentials`".into(),
            ));
        }
        let credentials = self.credentials.prepare()?;
        let given = self.credentials.clone();
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
            refuse_credential_header(self.settings, name)?;
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
                credentials,
                given,
                timeout: self.timeout,
                validate: self.validate,
                max_response_bytes: self.max_response_bytes,
                hooks: self.hooks,
            }),
            call_timeout: None,
            retry: self.retry,
        })
    }
}

/// A header of [`ClientBuilder::header`] that a security scheme sends would be replaced by the
/// credential, or replace it: refused, pointing at the credential's own setter.
fn refuse_credential_header(settings: &Settings, name: &str) -> Result<(), Error> {
    for scheme in settings.schemes {
        let sent = match scheme.place {
            Place::Header(header) => header,
            Place::Bearer | Place::Basic => "authorization",
            Place::Cookie(_) => "cookie",
            Place::Query(_) => continue,
        };
        if name.trim().eq_ignore_ascii_case(sent) {
            return Err(Error::Config(format!(
                "header {name:?} carries the credential of the `{}` security scheme; set it with `{}`, not `ClientBuilder::header`",
                scheme.name, scheme.setter
            )));
        }
    }
    Ok(())
}
