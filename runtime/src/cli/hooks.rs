//! What the command line hooks into each attempt of a call: `--dry-run` records the request
//! and stops it, `--verbose` logs it and its answer; both show credentials as `<redacted>`.

use crate::hooks::{BoxFuture, Hook, HookError, IncomingResponse, OutgoingRequest};
use crate::{AfterResponse, Place};
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};

/// A hook the command keeps a handle on.
pub(super) struct Shared(pub(super) Arc<dyn Hook>);

impl Hook for Shared {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        self.0.on_request(request)
    }
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        self.0.on_response(response)
    }
}

/// The headers whose values are credentials, by lower-case name.
pub(super) fn secret_headers(settings: &crate::Settings) -> Vec<String> {
    let mut names = vec!["authorization".to_string(), "cookie".to_string()];
    for scheme in settings.schemes {
        if let Place::Header(name) = scheme.place {
            names.push(name.to_ascii_lowercase());
        }
    }
    names
}

/// Headers as a JSON object, credentials shown as `<redacted>`.
fn shown_headers(headers: &reqwest::header::HeaderMap, secret: &[String]) -> Map<String, Value> {
    headers
        .iter()
        .map(|(name, value)| {
            let hidden = value.is_sensitive() || secret.iter().any(|s| s == name.as_str());
            let shown =
                if hidden { "<redacted>".to_string() } else { String::from_utf8_lossy(value.as_bytes()).into_owned() };
            (name.as_str().to_string(), Value::String(shown))
        })
        .collect()
}

/// `--dry-run`: records the first attempt and stops it.
pub(super) struct DryRun {
    pub(super) secret: Vec<String>,
    pub(super) seen: Mutex<Option<Value>>,
}

const DRY_RUN: &str = "dry run: not sent";

impl Hook for DryRun {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        let body = match request.body() {
            None | Some([]) => Value::Null,
            Some(bytes) => serde_json::from_slice(bytes).unwrap_or_else(|_| match std::str::from_utf8(bytes) {
                Ok(text) => Value::String(text.to_string()),
                Err(_) => Value::String(format!("<{} bytes>", bytes.len())),
            }),
        };
        let seen = json!({
            "method": request.method().as_str(),
            "url": request.url().as_str(),
            "headers": shown_headers(request.headers(), &self.secret),
            "body": body,
        });
        if let Ok(mut slot) = self.seen.lock() {
            *slot = Some(seen);
        }
        Box::pin(async { Err(HookError::new(DRY_RUN)) })
    }
}

/// `--verbose`: each attempt and its answer on standard error, credentials redacted.
pub(super) struct Verbose {
    pub(super) secret: Vec<String>,
}

impl Hook for Verbose {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        eprintln!("> {} {} (attempt {})", request.method(), request.url(), request.attempt());
        for (name, value) in shown_headers(request.headers(), &self.secret) {
            eprintln!("> {name}: {}", value.as_str().unwrap_or(""));
        }
        Box::pin(async { Ok(()) })
    }
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(crate::printable);
        match id {
            Some(id) => eprintln!("< {} (attempt {}, request id {id})", response.status(), response.attempt()),
            None => eprintln!("< {} (attempt {})", response.status(), response.attempt()),
        }
        Box::pin(async { Ok(AfterResponse::Keep) })
    }
}
