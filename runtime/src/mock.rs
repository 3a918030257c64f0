//! A loopback stand-in for an API, for the tests of code that calls it (the `mock` feature). A
//! generated crate's `mock::MockServer` wraps this one with a method per operation, each giving
//! an [`Endpoint`] typed with the operation's request body and success value: say what it
//! answers, then read back what the code under test sent. Built on [wiremock], whose server
//! is reachable for anything this does not cover ([`MockServer::wiremock`]).

pub use bytes::Bytes;

use crate::client::{Binary, Client, ClientBuilder, Credentials, Settings};
use crate::retry::RetryPolicy;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use wiremock::{Mock, Request, ResponseTemplate};

/// A mock server on a loopback port, stopped when dropped.
pub struct MockServer {
    server: wiremock::MockServer,
    settings: &'static Settings,
    routes: &'static [(&'static str, &'static str)],
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish()
    }
}

/// The credential every scheme of a mock client holds.
pub const MOCK_CREDENTIAL: &str = "mock-credential";

impl MockServer {
    /// Starts a server for the API `settings` describe, whose operations are `routes` (method
    /// and path template each): a path several templates fit belongs to the most literal one
    /// (`/items/all` is not `/items/{id}`'s when both exist).
    pub async fn start(settings: &'static Settings, routes: &'static [(&'static str, &'static str)]) -> MockServer {
        MockServer { server: wiremock::MockServer::start().await, settings, routes }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A builder of a client pointed at this server: plain HTTP allowed, every credential set
    /// to [`MOCK_CREDENTIAL`], and no retries, so that an error answer reaches the code under
    /// test at once (set a policy with `retry` to test retries).
    pub fn client_builder<C: From<Client>>(&self) -> ClientBuilder<C> {
        let mut credentials = Credentials::new(self.settings);
        for index in 0..self.settings.schemes.len() {
            credentials = credentials.with(index, MOCK_CREDENTIAL.to_owned());
        }
        ClientBuilder::new(self.settings, credentials).base_url(self.uri()).allow_http(true).retry(RetryPolicy::none())
    }

    /// A client pointed at this server (see [`MockServer::client_builder`]).
    pub fn client<C: From<Client>>(&self) -> C {
        match self.client_builder().build() {
            Ok(client) => client,
            // Only a TLS back end that cannot start fails here: nothing a test could mend.
            Err(e) => panic!("cannot build a client for the mock server: {e}"),
        }
    }

    /// Every request the server received, in order, whatever it matched.
    pub async fn received(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The wiremock server underneath, for matchers and answers this module does not offer.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// One operation's endpoint (generated crates call this with the operation's facts).
    #[doc(hidden)]
    pub fn endpoint<B, T: ?Sized>(
        &self,
        method: Method,
        template: &'static str,
        status: u16,
        encode: fn(&T) -> Answer,
        decode: fn(&[u8]) -> Option<B>,
    ) -> Endpoint<'_, B, T> {
        Endpoint { server: self, route: Route { method, template, routes: self.routes }, status, encode, decode }
    }
}

/// One operation of a [`MockServer`]: what it answers and what it received. `B` is the
/// operation's request body (`()` without one, the bytes when it is not JSON), `T` its success
/// value.
///
/// Answers are tried in the order they were given: each `*_once` answer serves one request,
/// and a lasting one ([`Endpoint::returns`], [`Endpoint::fails`]) every request after. A
/// request no answer matches gets 404.
pub struct Endpoint<'s, B, T: ?Sized> {
    server: &'s MockServer,
    route: Route,
    status: u16,
    encode: fn(&T) -> Answer,
    decode: fn(&[u8]) -> Option<B>,
}

impl<B, T: ?Sized> fmt::Debug for Endpoint<'_, B, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({} {})", self.route.method, self.route.template)
    }
}

impl<B, T: ?Sized> Endpoint<'_, B, T> {
    /// Answers every request from now on with `value`, under the operation's success status.
    pub async fn returns(&self, value: &T) {
        self.mount(self.success(value), None).await;
    }

    /// Answers the next request with `value`; give several for a sequence.
    pub async fn returns_once(&self, value: &T) {
        self.mount(self.success(value), Some(1)).await;
    }

    /// Answers every request from now on with `status` and `body` as JSON (an error the
    /// operation declares, or any other).
    pub async fn fails(&self, status: u16, body: &impl Serialize) {
        self.mount(template(status, json(body)), None).await;
    }

    /// Answers the next request with `status` and `body` as JSON.
    pub async fn fails_once(&self, status: u16, body: &impl Serialize) {
        self.mount(template(status, json(body)), Some(1)).await;
    }

    /// Answers every request from now on as `response` says (headers, delays, any body).
    pub async fn answers(&self, response: ResponseTemplate) {
        self.mount(response, None).await;
    }

    /// The requests this operation received, in order, with their bodies decoded.
    pub async fn requests(&self) -> Vec<Received<B>> {
        let received = self.server.received().await;
        received
            .into_iter()
            .filter(|r| self.route.matches(r))
            .map(|r| {
                let body = if r.body.is_empty() { None } else { (self.decode)(&r.body) };
                Received {
                    path: r.url.path().to_owned(),
                    query: r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
                    headers: r.headers,
                    body,
                    raw_body: Bytes::from(r.body),
                }
            })
            .collect()
    }

    fn success(&self, value: &T) -> ResponseTemplate {
        template(self.status, (self.encode)(value))
    }

    async fn mount(&self, response: ResponseTemplate, times: Option<u64>) {
        let mock = Mock::given(self.route.clone()).respond_with(response);
        let mock = match times {
            Some(n) => mock.up_to_n_times(n),
            None => mock,
        };
        mock.mount(&self.server.server).await;
    }
}

/// A request an [`Endpoint`] received. Its `Debug` names the headers without their values.
#[derive(Clone)]
#[non_exhaustive]
pub struct Received<B> {
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, decoded as the operation's request body; `None` without a body (or one that
    /// does not decode: see `raw_body`).
    pub body: Option<B>,
    /// The body's bytes.
    pub raw_body: Bytes,
}

impl<B: fmt::Debug> fmt::Debug for Received<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &crate::client::HeaderNames(&self.headers))
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl<B> Received<B> {
    /// The value of query parameter `name` (the first, if repeated).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A success body as the mock sends it.
#[doc(hidden)]
pub struct Answer {
    content_type: Option<String>,
    body: Vec<u8>,
}

fn template(status: u16, answer: Answer) -> ResponseTemplate {
    let response = ResponseTemplate::new(status);
    match answer.content_type {
        Some(content_type) => response.set_body_raw(answer.body, &content_type),
        None => response,
    }
}

/// A JSON answer.
#[doc(hidden)]
pub fn json<T: Serialize + ?Sized>(value: &T) -> Answer {
    match serde_json::to_vec(value) {
        Ok(body) => Answer { content_type: Some("application/json".into()), body },
        // Only a map with keys that are not strings fails, which no generated type holds.
        Err(e) => panic!("cannot encode the mock's answer as JSON: {e}"),
    }
}

/// A text answer.
#[doc(hidden)]
pub fn text(value: &str) -> Answer {
    Answer { content_type: Some("text/plain; charset=utf-8".into()), body: value.as_bytes().to_vec() }
}

/// An answer of bytes, with their content type.
#[doc(hidden)]
pub fn binary(value: &Binary) -> Answer {
    let content_type = value.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    Answer { content_type: Some(content_type), body: value.bytes.to_vec() }
}

/// An answer without a body.
#[doc(hidden)]
pub fn empty(_: &()) -> Answer {
    Answer { content_type: None, body: Vec::new() }
}

/// A JSON request body, decoded.
#[doc(hidden)]
pub fn from_json<B: DeserializeOwned>(body: &[u8]) -> Option<B> {
    serde_json::from_slice(body).ok()
}

/// A request body kept as bytes (not JSON: a form, a file).
#[doc(hidden)]
pub fn bytes(body: &[u8]) -> Option<Bytes> {
    Some(Bytes::copy_from_slice(body))
}

/// An operation without a request body.
#[doc(hidden)]
pub fn no_body(_: &[u8]) -> Option<()> {
    None
}

/// Which requests an endpoint takes: its method, and a path its template matches unless a
/// more literal template of the API's `routes` matches it too.
#[derive(Clone)]
struct Route {
    method: Method,
    template: &'static str,
    routes: &'static [(&'static str, &'static str)],
}

impl Route {
    fn matches(&self, request: &Request) -> bool {
        let (method, path) = (self.method.as_str(), request.url.path());
        if request.method.as_str() != method || !path_matches(self.template, path) {
            return false;
        }
        let literal = literal_segments(self.template);
        !self
            .routes
            .iter()
            .any(|(m, t)| *m == method && *t != self.template && literal_segments(t) > literal && path_matches(t, path))
    }
}

/// How many segments of `template` hold no placeholder.
fn literal_segments(template: &str) -> usize {
    template.split('/').filter(|s| !s.contains('{')).count()
}

impl wiremock::Match for Route {
    fn matches(&self, request: &Request) -> bool {
        Route::matches(self, request)
    }
}

/// Whether `path` (as sent) fits `template`: segment by segment, a `{name}` taking any
/// non-empty text of its segment and the rest matching as written.
fn path_matches(template: &str, path: &str) -> bool {
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len() && template.iter().zip(&path).all(|(t, p)| segment_matches(t, p))
}

fn segment_matches(template: &str, segment: &str) -> bool {
    // The literal pieces between placeholders, in order.
    let mut literals = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        literals.push(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => rest = &rest[open + close + 1..],
            None => return template == segment,
        }
    }
    literals.push(rest);
    if literals.len() == 1 {
        return template == segment;
    }
    let (first, last) = (literals[0], literals[literals.len() - 1]);
    if segment.len() < first.len() + last.len() || !segment.starts_with(first) || !segment.ends_with(last) {
        return false;
    }
    let mut middle = &segment[first.len()..segment.len() - last.len()];
    // Each placeholder takes at least one character.
    for literal in &literals[1..literals.len() - 1] {
        let Some(at) = middle.get(1..).and_then(|m| m.find(literal)) else { return false };
        middle = &middle[1 + at + literal.len()..];
    }
    !middle.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_paths_segment_by_segment() {
        assert!(path_matches("/v1/items/{id}", "/v1/items/a%20b"));
        assert!(!path_matches("/v1/items/{id}", "/v1/items/"));
        assert!(!path_matches("/v1/items/{id}", "/v1/items/a/b"));
        assert!(!path_matches("/v1/items/{id}", "/v1/things/a"));
        assert!(path_matches("/v1/items", "/v1/items"));
        assert!(path_matches("/files/{name}.{ext}", "/files/report.pdf"));
        assert!(!path_matches("/files/{name}.{ext}", "/files/report."));
        assert!(!path_matches("/files/{name}.json", "/files/.json"));
        assert!(path_matches("/files/{name}.json", "/files/a.json"));
    }

    #[test]
    fn a_path_belongs_to_its_most_literal_template() {
        static ROUTES: &[(&str, &str)] = &[("GET", "/items/{id}"), ("GET", "/items/all"), ("DELETE", "/items/{id}")];
        let route = |method: Method, template| Route { method, template, routes: ROUTES };
        let request = |method: &str, path: &str| Request {
            url: format!("http://127.0.0.1{path}").parse().unwrap(),
            method: method.parse().unwrap(),
            headers: HeaderMap::new(),
            body: Vec::new(),
        };
        assert!(route(Method::GET, "/items/all").matches(&request("GET", "/items/all")));
        assert!(!route(Method::GET, "/items/{id}").matches(&request("GET", "/items/all")));
        assert!(route(Method::GET, "/items/{id}").matches(&request("GET", "/items/7")));
        // Another method's literal template takes nothing from this one.
        assert!(route(Method::DELETE, "/items/{id}").matches(&request("DELETE", "/items/all")));
    }
}
