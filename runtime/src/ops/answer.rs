//! What a call through the table answers, and how it fails: one type for every operation.

use super::ArgError;
use crate::{Binary, Error, WithResponse};
use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde_json::Value;

/// A success answer of any operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The `x-request-id` header, if the server sent one.
    pub request_id: Option<String>,
    /// The body, read as the operation reads it.
    pub output: Output,
}

impl Answer {
    /// A JSON answer made by code around the calls (a job followed to its end, say).
    pub fn from_json(value: Value) -> Self {
        Answer { status: 200, request_id: None, output: Output::Json(value) }
    }
}

/// The body of an [`Answer`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Output {
    /// A JSON body, decoded into the operation's type and written back as JSON (so it holds
    /// what the typed client reads).
    Json(Value),
    /// A text body.
    Text(String),
    /// Bytes, with their content type.
    Binary {
        /// The `Content-Type` the server sent.
        content_type: Option<String>,
        /// The body.
        bytes: Bytes,
    },
    /// No body.
    Empty,
}

/// Why a call through the table did not succeed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// An argument cannot be used; nothing was sent.
    #[error("{0}")]
    Arguments(#[from] ArgError),
    /// The call failed: refused before sending (validation, a missing key), on the way, or
    /// answered with an error status. The decoded error body is left out; the raw one stays.
    #[error("{0}")]
    Call(Error<()>),
    /// A job the call started did not end well (it failed, or the wait for it ended first).
    #[error("{0}")]
    Job(String),
}

impl Failure {
    /// Whether nothing was sent because the input was refused: a bad argument, or a value the
    /// typed client's checks refuse.
    pub fn is_input(&self) -> bool {
        matches!(self, Failure::Arguments(_) | Failure::Call(Error::Validation(_)))
    }
}

impl<E> From<Error<E>> for Failure {
    fn from(e: Error<E>) -> Self {
        Failure::Call(e.map_body(|_| ()))
    }
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn answer<T, E>(
    result: Result<WithResponse<T>, Error<E>>,
    output: impl FnOnce(T) -> Output,
) -> Result<Answer, Failure> {
    let r = result?;
    Ok(Answer { status: r.status, request_id: request_id(&r.headers), output: output(r.value) })
}

/// A JSON answer, written back as JSON.
pub fn json<T: Serialize, E>(result: Result<WithResponse<T>, Error<E>>) -> Result<Answer, Failure> {
    let r = result?;
    let value = serde_json::to_value(&r.value).map_err(|e| {
        Failure::Call(Error::Decode {
            status: r.status,
            message: format!("cannot write the answer as JSON: {e}"),
            excerpt: String::new(),
        })
    })?;
    Ok(Answer { status: r.status, request_id: request_id(&r.headers), output: Output::Json(value) })
}

/// A text answer.
pub fn text<E>(result: Result<WithResponse<String>, Error<E>>) -> Result<Answer, Failure> {
    answer(result, Output::Text)
}

/// A binary answer.
pub fn binary<E>(result: Result<WithResponse<Binary>, Error<E>>) -> Result<Answer, Failure> {
    answer(result, |b| Output::Binary { content_type: b.content_type, bytes: b.bytes })
}

/// An empty answer.
pub fn empty<E>(result: Result<WithResponse<()>, Error<E>>) -> Result<Answer, Failure> {
    answer(result, |()| Output::Empty)
}
