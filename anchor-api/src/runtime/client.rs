use super::error::{excerpt, ApiError, Error, ValidationError};
use super::Validate;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, USER_AGENT};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt;
use std::time::Duration;

/// Connect timeout of the default HTTP client.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// An API client: base URL, API key and a connection pool. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    api_key: HeaderValue,
    validate: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.base_url).field("api_key", &"<redacted>").finish()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    api_key: String,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    validate: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder").field("base_url", &self.base_url).field("api_key", &"<redacted>").finish()
    }
}

impl Client {
    /// A client for the default server ([`crate::DEFAULT_BASE_URL`]) with this API key.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder(api_key).build()
    }

    /// A builder, to set the base URL or bring an HTTP client.
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder { api_key: api_key.into(), base_url: None, http: None, validate: true }
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Runs the pre-flight [`Validate`] checks on a request body, unless switched off with
    /// [`ClientBuilder::validate_requests`]. Used by the generated methods.
    pub(crate) fn check<B: Validate + ?Sized>(&self, body: &B) -> Result<(), ValidationError> {
        if self.validate {
            body.validate()
        } else {
            Ok(())
        }
    }

    /// Sends one request and reads the whole response. Used by the generated methods.
    pub(crate) async fn send<B: Serialize + ?Sized, E>(
        &self,
        method: reqwest::Method,
        path: &str,
        api_key_header: Option<&'static str>,
        body: Option<&B>,
    ) -> Result<Response, Error<E>> {
        let mut request = self.http.request(method, format!("{}{path}", self.base_url));
        if let Some(header) = api_key_header {
            request = request.header(header, self.api_key.clone());
        }
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| Error::Config(format!("cannot encode the request body as JSON: {e}")))?;
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let request_id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.bytes().await.map_err(Error::Transport)?;
        Ok(Response { status, request_id, body })
    }
}

impl ClientBuilder {
    /// The server to talk to, e.g. `http://127.0.0.1:4010` for a local mock. A trailing slash
    /// is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this HTTP client (its timeouts, proxies and TLS settings) instead of the default.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Whether requests are checked with [`Validate`] before sending (default: `true`).
    ///
    /// The schema's lists can lag the service; switching this off sends what you built and
    /// lets the server judge it.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate = validate;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if self.api_key.trim().is_empty() {
            return Err(Error::Config("the API key is empty".into()));
        }
        let mut api_key = HeaderValue::from_str(&self.api_key).map_err(|_| {
            Error::Config("the API key contains characters that cannot be sent in an HTTP header".into())
        })?;
        api_key.set_sensitive(true);
        let base = self.base_url.unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("base URL {base:?} is not a valid URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("base URL {base:?} must start with https:// (or http://)")));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut headers = HeaderMap::new();
                headers.insert(USER_AGENT, HeaderValue::from_static(concat!("anchor-api/", env!("CARGO_PKG_VERSION"))));
                reqwest::Client::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .default_headers(headers)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(Client { http, base_url: base.trim_end_matches('/').to_owned(), api_key, validate: self.validate })
    }
}

/// A fully read response, turned into the operation's result by the generated method.
#[derive(Debug)]
pub(crate) struct Response {
    status: u16,
    request_id: Option<String>,
    body: Bytes,
}

impl Response {
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The success body, decoded.
    pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let at = if path == "." { String::new() } else { format!("at `{path}`: ") };
            Error::Decode {
                status: self.status,
                message: format!("{at}{}", e.into_inner()),
                excerpt: excerpt(&self.body),
            }
        })
    }

    /// A success without a body (for operations that declare none).
    #[allow(dead_code)]
    pub(crate) fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A declared error status: the body decoded as `B` and wrapped by `variant`.
    pub(crate) fn error<B: DeserializeOwned, T, E>(self, variant: fn(B) -> E) -> Result<T, Error<E>> {
        let body = serde_json::from_slice(&self.body).ok().map(variant);
        Err(Error::Api(ApiError { status: self.status, body, raw: self.body, request_id: self.request_id }))
    }

    /// A status the operation does not declare.
    pub(crate) fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::Api(ApiError { status: self.status, body: None, raw: self.body, request_id: self.request_id }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_header_is_marked_sensitive() {
        let client = Client::new("sk-1").unwrap();
        assert!(client.api_key.is_sensitive());
    }

    #[test]
    fn trailing_slashes_are_dropped_from_the_base_url() {
        let client = Client::builder("sk-1").base_url("http://127.0.0.1:9/api//").build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/api");
    }
}
