//! Response decoding as the generated code does it, on any status, headers and body: the
//! result is a value or an error, never a panic, and an error's message is printable (no
//! control characters from the server) and bounded whatever the body's size.
//!
//! Input: two bytes of status (mapped into 100..=599), then header lines (`name: value`, bad
//! ones skipped) up to an empty line, then the body.

#![no_main]

use anchor_api::{CreateBatchSessionsError, CreateBatchSessionsOkResponse};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use oapi_runtime::{Error, Response};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

fn parse(data: &[u8]) -> Option<Response> {
    let (status, rest) = data.split_first_chunk::<2>()?;
    let status = 100 + u16::from_le_bytes(*status) % 500;
    let split = rest.windows(2).position(|w| w == b"\n\n").unwrap_or(rest.len());
    let mut headers = HeaderMap::new();
    for line in rest[..split].split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else { continue };
        let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(&line[..colon]), HeaderValue::from_bytes(line[colon + 1..].trim_ascii()))
        else {
            continue;
        };
        headers.append(name, value);
    }
    let body = rest.get(split + 2..).unwrap_or_default();
    Some(Response::from_parts(status, headers, Bytes::copy_from_slice(body)))
}

/// What every error must hold to: a printable, bounded message and answers to its questions.
fn check<E: std::fmt::Debug>(err: Error<E>) {
    let text = err.to_string();
    assert!(!text.chars().any(char::is_control), "control character in {text:?}");
    assert!(text.len() < 8 << 10, "a {}-byte message", text.len());
    let _ = format!("{err:?}");
    let _ = (err.is_retryable(), err.status(), err.retry_after());
}

fuzz_target!(|data: &[u8]| {
    let Some(response) = parse(data) else { return };
    let again = || parse(data).expect("parsed once already");
    // A typed operation with declared error statuses, as generated.
    let typed: Result<CreateBatchSessionsOkResponse, Error<CreateBatchSessionsError>> = match response.status() {
        200 => response.json(),
        400 => response.error(CreateBatchSessionsError::BadRequest),
        402 => response.error(CreateBatchSessionsError::PaymentRequired),
        429 => response.error(CreateBatchSessionsError::TooManyRequests),
        500 => response.error(CreateBatchSessionsError::InternalServerError),
        _ => response.unexpected(),
    };
    if let Err(e) = typed {
        check(e);
    }
    // Untyped, text, binary and empty bodies.
    if let Err(e) = again().json::<serde_json::Value, ()>() {
        check(e);
    }
    if let Err(e) = again().text::<()>() {
        check(e);
    }
    assert!(again().binary::<()>().is_ok());
    assert!(again().empty::<()>().is_ok());
});
