//! Reading a response: success bodies as JSON, text, bytes or nothing, and error statuses as
//! [`Error::Api`] with the body kept.

use crate::error::{excerpt, printable, ApiError, Error};
use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;

/// A response body that is not JSON (an image, a video, a file), as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` the server sent, if any.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

/// A fully read response, turned into the operation's result by the generated method. (Which
/// helpers a crate uses depends on its operations.)
#[doc(hidden)]
#[derive(Debug)]
pub struct Response {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// The request ID among a response's headers, under the names servers commonly use.
pub(super) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id", "x-amzn-requestid"]
        .iter()
        .find_map(|h| headers.get(*h))
        .and_then(|v| v.to_str().ok())
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
        request_id(&self.headers).map(str::to_owned)
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

    /// A 2xx status other than the success the call returns (one the document does not
    /// declare, as servers answer 201 or 202 where it says 200): still a success when `decode`,
    /// the declared success's reader, accepts the body; otherwise an [`Error::Decode`] saying
    /// so, which is never retried. A `debug` line notes the mismatch.
    pub fn other_success<T, E>(self, decode: fn(Response) -> Result<T, Error<E>>) -> Result<T, Error<E>> {
        tracing::debug!(
            status = self.status,
            "a success status other than the declared one; read as the declared success"
        );
        let empty = self.body.is_empty();
        decode(self).map_err(|e| match e {
            Error::Decode { status, message, excerpt } => {
                let shape = if empty { "no body, where that success has one" } else { "a body of another shape" };
                Error::Decode {
                    status,
                    message: format!(
                        "status {status} is a success other than the one this call returns, with {shape}: {message}"
                    ),
                    excerpt,
                }
            }
            other => other,
        })
    }

    /// [`Response::other_success`] for a JSON success: an empty body (a 204) is read as `null`,
    /// which a success type that may be absent accepts.
    pub fn other_json_success<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        if self.body.is_empty() {
            let status = self.status;
            let decoded = serde_json::from_slice::<T>(b"null");
            return match decoded {
                Ok(value) => {
                    tracing::debug!(
                        status,
                        "a success status other than the declared one, with no body; read as `null`"
                    );
                    Ok(value)
                }
                Err(_) => self.other_success(Response::json),
            };
        }
        self.other_success(Response::json)
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
