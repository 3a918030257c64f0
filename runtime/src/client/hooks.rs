//! Hooks: code of the user's that sees each attempt of a call on its way out, and may add or
//! change its headers (a signature, a fresh token, a tracing ID), and sees each answer on its
//! way back, and may ask once for a `401` to be sent again.
//!
//! A hook implements [`Hook`] and is added with
//! [`ClientBuilder::hook`](crate::ClientBuilder::hook); a synchronous one can be a closure
//! given to [`ClientBuilder::on_request`](crate::ClientBuilder::on_request) or
//! [`ClientBuilder::on_response`](crate::ClientBuilder::on_response). Hooks run in the order
//! they were added, on every attempt: a retry runs them again, with the attempt's number.
//!
//! What a hook cannot do, by design:
//!
//! - change the method, the URL, the body or the headers the body decides (`Content-Type`,
//!   `Content-Length`, `Transfer-Encoding`, `Host`): it gets the headers to change, and the rest
//!   to read; changing one of those four headers fails the call with [`Error::Hook`];
//! - make the client follow a redirect, or re-send a request the retry policy would not:
//!   [`AfterResponse::Resend`] is honoured for a `401` only (the server refused the request
//!   before acting on it, so re-sending is safe even for a `POST`), once per call. Asked for
//!   any other status, or a second time, it is ignored (and logged at debug level).
//!
//! A failing hook fails the call with [`Error::Hook`]; when it fails in
//! [`Hook::on_request`], that attempt is not sent.
//!
//! ```
//! use oapi_runtime::hooks::{BoxFuture, Hook, HookError, OutgoingRequest};
//! use reqwest::header::HeaderValue;
//!
//! /// Tags each attempt with the call's path template and the attempt's number.
//! struct Tag;
//!
//! impl Hook for Tag {
//!     fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
//!         let tag = format!("{} #{}", request.path_template(), request.attempt());
//!         let result = HeaderValue::from_str(&tag)
//!             .map(|value| {
//!                 request.headers_mut().insert("x-tag", value);
//!             })
//!             .map_err(|_| HookError::new("the tag is not a valid header value"));
//!         Box::pin(async move { result })
//!     }
//! }
//! ```
//!
//! [`Error::Hook`]: crate::Error::Hook

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};
use std::error::Error as StdError;
use std::fmt;

/// The future a [`Hook`] method returns: `Pin<Box<dyn Future<Output = T> + Send + 'a>>`
/// (the `futures` crate's alias, re-exported so that a hook needs no dependency of its own).
pub use futures::future::BoxFuture;

/// Code that sees each attempt of every call a client makes, before it is sent and after it is
/// answered. Both methods have defaults that do nothing, so a hook implements the one it needs.
///
/// The methods return boxed futures so that a hook may wait (to refresh a token, say): write
/// the body as `Box::pin(async move { ... })`. A hook that calls an API itself should do so with
/// a client that does not have this hook, or it would run again inside itself.
///
/// See the [module docs](self) for what hooks may and may not change.
pub trait Hook: Send + Sync + 'static {
    /// Runs before each attempt is sent, with its headers as they would go out: header
    /// parameters, credentials, the call's own headers and the body's `Content-Type` are all
    /// there already, so a signature computed here covers them (but not an API key sent in the
    /// query: [`OutgoingRequest::url`] is shown without it). Add or change headers with
    /// [`OutgoingRequest::headers_mut`]. An error fails the call with
    /// [`Error::Hook`](crate::Error::Hook) and this attempt is not sent.
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        let _ = request;
        Box::pin(async { Ok(()) })
    }

    /// Runs after each attempt is answered (not after a transport failure, where there is no
    /// answer), before the retry policy looks at the answer. Return
    /// [`AfterResponse::Resend`] to have a `401` sent again, once, with every hook's
    /// [`Hook::on_request`] run again (a refreshed token goes out then). An error fails the
    /// call with [`Error::Hook`](crate::Error::Hook).
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        let _ = response;
        Box::pin(async { Ok(AfterResponse::Keep) })
    }
}

/// What a hook's [`Hook::on_response`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AfterResponse {
    /// Nothing: the answer goes on to the retry policy and the caller.
    #[default]
    Keep,
    /// Send the request again, running [`Hook::on_request`] again first. Honoured only for a
    /// `401` answer and only once per call (see [`IncomingResponse::resend_allowed`]); ignored
    /// otherwise. The re-send does not count against the retry policy's attempts.
    Resend,
}

/// One attempt of a call on its way out, as a [`Hook`] sees it: its headers to change, the
/// rest to read.
///
/// A header value a hook adds or changes is marked sensitive by the client once the hooks have
/// run (see [`HeaderValue::set_sensitive`](reqwest::header::HeaderValue::set_sensitive)): it
/// is kept out of `Debug` output and out of HTTP/2 header compression tables. The client never
/// logs header values; a hook should not log them either, least of all `Authorization` and
/// other credentials, which the map holds.
pub struct OutgoingRequest<'r> {
    pub(super) method: &'r Method,
    pub(super) template: &'static str,
    pub(super) url: &'r Url,
    pub(super) attempt: u32,
    pub(super) headers: &'r mut HeaderMap,
    pub(super) body: Option<&'r [u8]>,
}

impl OutgoingRequest<'_> {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL as sent, but without any credential the client puts in the query: an API key
    /// sent as a query parameter is never shown to hooks, so a signature over this URL does not
    /// cover it. Every other query parameter is there, encoded as it is sent.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The operation's path template as the document writes it (`/items/{itemId}`), the same
    /// for every call of the operation; `(call)` for [`Client::call`](crate::Client::call).
    pub fn path_template(&self) -> &'static str {
        self.template
    }

    /// Which attempt of the call this is, from 1: a retry, or a re-send a hook asked for, has
    /// the next number.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The headers as they stand: header parameters, credentials, the call's own headers, the
    /// body's `Content-Type`, and what hooks before this one changed. The client's default
    /// headers (`User-Agent`, those given to [`ClientBuilder::header`](crate::ClientBuilder::header))
    /// are added when sending, for names the request does not have, and the transport adds
    /// `Host`, `Content-Length` and `Accept` (when absent): those are not in the map.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to add or change some. `Content-Type`, `Content-Length`,
    /// `Transfer-Encoding` and `Host` must be left as they are: the request decides them, and
    /// changing one fails the call.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body as it is sent: empty for a request without one; `None` for a multipart form,
    /// which is encoded while it is sent and has no bytes to show beforehand.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    /// The method, the path template and the attempt: no header value, no URL (its query may
    /// hold personal data).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("method", &self.method)
            .field("path_template", &self.template)
            .field("attempt", &self.attempt)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// An answer to one attempt, as a [`Hook`] sees it: status and headers (the body is not
/// given).
pub struct IncomingResponse<'r> {
    pub(super) method: &'r Method,
    pub(super) template: &'static str,
    pub(super) attempt: u32,
    pub(super) status: u16,
    pub(super) headers: &'r HeaderMap,
    pub(super) resend_allowed: bool,
}

impl IncomingResponse<'_> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// Which attempt of the call this answers, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The request's HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The operation's path template (see [`OutgoingRequest::path_template`]).
    pub fn path_template(&self) -> &'static str {
        self.template
    }

    /// Whether [`AfterResponse::Resend`] would be honoured for this answer: it is a `401`, the
    /// call has not been re-sent for a hook yet, and its deadline (if any) has not passed. A
    /// hook that refreshes a token on a `401` can check this first, so as not to refresh for
    /// nothing.
    pub fn resend_allowed(&self) -> bool {
        self.resend_allowed
    }
}

impl fmt::Debug for IncomingResponse<'_> {
    /// The status, the request's method and path template and the attempt; header names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingResponse")
            .field("status", &self.status)
            .field("method", &self.method)
            .field("path_template", &self.template)
            .field("attempt", &self.attempt)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Why a hook failed. The call then fails with [`Error::Hook`](crate::Error::Hook), whose
/// message includes this one: it must not hold a secret (a token, a key, a header value).
#[derive(Debug)]
pub struct HookError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl HookError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        HookError { message: message.into(), source: None }
    }

    /// An error with this message, caused by `source` (a failed token request, say), which
    /// [`std::error::Error::source`] returns.
    pub fn with_source(message: impl Into<String>, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        HookError { message: message.into(), source: Some(source.into()) }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for HookError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

/// Where a hook failed, in an [`Error::Hook`](crate::Error::Hook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HookStage {
    /// In [`Hook::on_request`]: the attempt was not sent.
    Request,
    /// In [`Hook::on_response`], on an answer with this status.
    Response {
        /// The answer's HTTP status.
        status: u16,
    },
}

/// A closure given to [`ClientBuilder::on_request`](crate::ClientBuilder::on_request), as a hook.
pub(super) struct RequestFn<F>(pub(super) F);

impl<F> Hook for RequestFn<F>
where
    F: Fn(&mut OutgoingRequest<'_>) -> Result<(), HookError> + Send + Sync + 'static,
{
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        let result = (self.0)(request);
        Box::pin(async move { result })
    }
}

/// A closure given to [`ClientBuilder::on_response`](crate::ClientBuilder::on_response), as a
/// hook.
pub(super) struct ResponseFn<F>(pub(super) F);

impl<F> Hook for ResponseFn<F>
where
    F: Fn(&IncomingResponse<'_>) -> Result<AfterResponse, HookError> + Send + Sync + 'static,
{
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        let result = (self.0)(response);
        Box::pin(async move { result })
    }
}
