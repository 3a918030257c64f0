//! What a generated operation hands the runtime: the [`Request`] and its body, encoded once
//! and re-sent as it is by each attempt.

use super::Security;
use crate::error::{Error, ValidationError};
use crate::multipart;
use crate::params;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;

/// One request, as a generated method describes it and the retry loop re-sends it.
#[doc(hidden)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The operation's path template, for logs.
    pub template: &'static str,
    /// The path with its parameters filled in.
    pub path: Cow<'static, str>,
    /// The query, encoded (`a=1&b=x%20y`; empty for none): see [`params::query`].
    pub query: String,
    /// Header parameters.
    pub headers: Vec<(&'static str, String)>,
    /// Which credentials it sends.
    pub security: Security,
    /// The operation's own server (the document declares one for it), used instead of the
    /// default base URL; a base URL the user chose wins over it.
    pub server: Option<&'static str>,
    /// The operation's own timeout, when it waits by design: used instead of the client's when
    /// longer, unless the call sets one ([`Client::with_timeout`](super::Client::with_timeout)).
    pub timeout: Option<Duration>,
    /// The body, encoded.
    pub body: Payload,
}

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
