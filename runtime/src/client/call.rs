//! What one call may add to what its operation says: headers of its own ([`CallHeaders`]), and
//! the response it came in, returned beside the decoded value ([`WithResponse`]).

use crate::error::Error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST, TRANSFER_ENCODING};
use std::fmt;

/// Headers one call sends besides its operation's: a tracing ID, an idempotency key. A
/// generated call keeps them (`.header(name, value)`); a name or value that is not valid HTTP
/// fails the call with [`Error::Config`] before anything is sent.
///
/// Each value is marked sensitive, so it is never printed (it may be a token): `Debug` shows the
/// names only.
#[derive(Clone, Default)]
pub struct CallHeaders {
    headers: HeaderMap,
    /// Why a header could not be added, reported when the call is sent.
    refused: Option<String>,
}

/// Headers the request's body and URL decide: a call cannot set them, nor a hook change them.
pub(super) const DECIDED_BY_THE_REQUEST: [HeaderName; 4] = [CONTENT_TYPE, CONTENT_LENGTH, HOST, TRANSFER_ENCODING];

impl CallHeaders {
    /// Adds `name: value`, replacing a header parameter or credential of the same name for this
    /// call. Adding a name twice sends both values.
    pub fn add(&mut self, name: &str, value: &str) {
        if self.refused.is_some() {
            return;
        }
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            self.refused = Some(format!("{name:?} is not a valid HTTP header name"));
            return;
        };
        if DECIDED_BY_THE_REQUEST.contains(&header) {
            self.refused = Some(format!("`{header}` is set from the request itself; a call cannot set it"));
            return;
        }
        let Ok(mut value) = HeaderValue::from_str(value) else {
            // The value itself is not repeated: it may be a secret.
            self.refused = Some(format!(
                "the value of header `{header}` is not a valid HTTP header value (control characters or non-ASCII text)"
            ));
            return;
        };
        value.set_sensitive(true);
        self.headers.append(header, value);
    }

    /// Whether no header was added.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty() && self.refused.is_none()
    }

    /// The headers, or why one could not be added.
    pub(super) fn checked<E>(&self) -> Result<&HeaderMap, Error<E>> {
        match &self.refused {
            Some(why) => Err(Error::Config(format!("cannot add the header: {why}"))),
            None => Ok(&self.headers),
        }
    }

    /// Puts the headers on an outgoing request: each replaces what the operation set under its
    /// name.
    pub(super) fn apply(headers: &HeaderMap, outgoing: &mut HeaderMap) {
        for name in headers.keys() {
            outgoing.remove(name);
        }
        for (name, value) in headers {
            outgoing.append(name, value.clone());
        }
    }
}

impl fmt::Debug for CallHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.headers.keys()).finish()
    }
}

/// A call's decoded value together with the response it came in: status, headers and the
/// request ID the server gave. Returned by a generated call's `with_response()`. Its `Debug`
/// names the headers without their values (a `Set-Cookie` may hold a login).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct WithResponse<T> {
    /// The decoded body, as the call returns it on its own.
    pub value: T,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
}

impl<T: fmt::Debug> fmt::Debug for WithResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithResponse")
            .field("value", &self.value)
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .finish()
    }
}

/// A header map as its names, for `Debug`.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl<T> WithResponse<T> {
    /// The request ID the server sent (`x-request-id`, `request-id` or `x-amzn-requestid`), to
    /// quote when asking the API's maintainers about this call.
    pub fn request_id(&self) -> Option<&str> {
        super::response::request_id(&self.headers)
    }

    /// The decoded body, dropping the rest.
    pub fn into_value(self) -> T {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_hidden_and_bad_headers_are_reported_at_send() {
        let mut h = CallHeaders::default();
        assert!(h.is_empty());
        h.add("x-trace-id", "secret-ish");
        assert_eq!(format!("{h:?}"), "{\"x-trace-id\"}");
        assert!(h.checked::<()>().is_ok());
        h.add("bad name", "v");
        h.add("x-later", "v");
        let err = h.checked::<()>().unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid client configuration: cannot add the header: \"bad name\" is not a valid HTTP header name"
        );
        let mut v = CallHeaders::default();
        v.add("x-token", "line\nbreak");
        let err = v.checked::<()>().unwrap_err().to_string();
        assert!(err.contains("`x-token` is not a valid HTTP header value") && !err.contains("line"), "{err}");
        let mut c = CallHeaders::default();
        c.add("Content-Type", "text/plain");
        assert!(c.checked::<()>().unwrap_err().to_string().contains("`content-type` is set from the request itself"));
    }

    #[test]
    fn a_response_shown_with_debug_names_its_headers_without_values() {
        let mut headers = HeaderMap::new();
        headers.insert("set-cookie", HeaderValue::from_static("sid=s3cr3t"));
        let answered = WithResponse { value: 1, status: 200, headers };
        assert_eq!(format!("{answered:?}"), "WithResponse { value: 1, status: 200, headers: {\"set-cookie\"} }");
    }

    #[test]
    fn added_headers_replace_the_operations_own() {
        let mut h = CallHeaders::default();
        h.add("x-a", "1");
        h.add("x-a", "2");
        let mut out = HeaderMap::new();
        out.insert("x-a", HeaderValue::from_static("0"));
        out.insert("x-b", HeaderValue::from_static("b"));
        CallHeaders::apply(h.checked::<()>().unwrap(), &mut out);
        let a: Vec<_> = out.get_all("x-a").iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(a, ["1", "2"]);
        assert_eq!(out["x-b"], "b");
        assert!(out["x-a"].is_sensitive());
    }
}
