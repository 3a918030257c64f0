//! The send loop: one call's attempts under the retry policy and the deadline, each attempt's
//! URL, headers and key, and reading a response body within its limit.

use super::credentials;
use super::{CallHeaders, Client, Payload, Request, Response, ERROR_BODY_KEPT};
use crate::download::Download;
use crate::error::{Error, ValidationError};
use crate::multipart;
use crate::retry::Failure;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use std::borrow::Cow;
use std::time::{Duration, Instant};
use tracing::Instrument;

impl Client {
    /// Sends `request` as often as the retry policy allows and returns the final answer.
    pub(super) async fn exchange(
        &self,
        request: &Request,
        added: &HeaderMap,
        stream: Option<fn(u16) -> bool>,
    ) -> Result<Received, Error> {
        let mut extra = HeaderMap::new();
        for (name, value) in &request.headers {
            let v = HeaderValue::from_str(value).map_err(|_| {
                ValidationError::new(*name, "not a valid HTTP header value (control characters or non-ASCII text)")
            })?;
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ValidationError::new(*name, "not a valid HTTP header name"))?;
            extra.append(n, v);
        }
        // A missing credential is known before anything is sent.
        let chosen = credentials::choose(self.shared.settings, &self.shared.credentials, request.security)?;
        let method = &request.method;
        let timeout = self.timeout_for(request);
        let span = tracing::info_span!(
            "http_request",
            method = %method,
            path = request.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let deadline = self.retry.total_limit();
        async {
            let mut attempt = 1;
            loop {
                tracing::Span::current().record("attempt", attempt);
                // Under a deadline, an attempt gets at most the time left.
                let left = deadline.map(|total| total.saturating_sub(started.elapsed()));
                let cut = left.filter(|left| *left < timeout);
                let result =
                    self.attempt(request, chosen, (&extra, added), cut.unwrap_or(timeout), timeout, stream).await;
                let failure = match &result {
                    Ok(Received::Whole(r)) if r.status >= 400 => Some(Failure::Status(r.status, &r.headers)),
                    Ok(_) => None,
                    Err(Failed::Http(e)) if e.is_connect() => Some(Failure::NotSent),
                    // Asking again brings the same body.
                    Err(Failed::TooLarge { .. }) => None,
                    Err(_) => Some(Failure::AfterSend),
                };
                let mut delay = failure.and_then(|f| self.retry.delay(method, &f, attempt));
                if let (Some(wait), Some(total)) = (delay, deadline) {
                    if started.elapsed() + wait >= total {
                        tracing::info!(
                            attempt,
                            delay_ms = wait.as_millis() as u64,
                            "not retrying: the wait would pass the deadline"
                        );
                        delay = None;
                    }
                }
                if let Some(delay) = delay {
                    let outcome = match &result {
                        Ok(Received::Whole(r)) => r.status.to_string(),
                        Ok(Received::Streaming(d)) => d.status().to_string(),
                        Err(Failed::Http(e)) => e.to_string(),
                        Err(Failed::Stalled) => "no response in time".to_owned(),
                        Err(Failed::TooLarge { .. }) => "body over the limit".to_owned(),
                    };
                    tracing::info!(attempt, %outcome, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
                let span = tracing::Span::current();
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                return match result {
                    Ok(received) => {
                        span.record("status", received.status());
                        Ok(received)
                    }
                    Err(Failed::Stalled) if cut.is_some() => {
                        Err(Error::Deadline { limit: deadline.unwrap_or_default() })
                    }
                    Err(Failed::Http(e)) if cut.is_some() && e.is_timeout() => {
                        Err(Error::Deadline { limit: deadline.unwrap_or_default() })
                    }
                    Err(Failed::Stalled) => Err(Error::Stalled { limit: timeout }),
                    Err(Failed::TooLarge { status, limit }) => Err(Error::TooLarge { status, limit }),
                    Err(Failed::Http(e)) => {
                        tracing::warn!(error = %e, "request failed");
                        Err(transport_error(e, timeout))
                    }
                };
            }
        }
        .instrument(span)
        .await
    }

    /// One send; the response read whole, or handed back unread when `stream` accepts its
    /// status. A streamed call's `timeout` bounds the wait for the response; `idle`, each wait
    /// for a piece of the download.
    async fn attempt(
        &self,
        request: &Request,
        chosen: &[usize],
        (extra, added): (&HeaderMap, &HeaderMap),
        timeout: Duration,
        idle: Duration,
        stream: Option<fn(u16) -> bool>,
    ) -> Result<Received, Failed> {
        // Never closed, so this always gives a permit; without one the call would still go out.
        let permit = self.shared.in_flight.clone().acquire_owned().await.ok();
        let (settings, prepared) = (self.shared.settings, &self.shared.credentials);
        let mut query = Cow::Borrowed(request.query.as_str());
        let key_in_query = credentials::apply_query(settings, prepared, chosen, &mut query);
        let mut builder = match self.url(request, &query) {
            Ok(url) => self.shared.http.request(request.method.clone(), url),
            Err(text) => self.shared.http.request(request.method.clone(), text),
        };
        if stream.is_none() {
            builder = builder.timeout(timeout);
        }
        // A key in the query is part of the URL, which reqwest's errors print: they go without it.
        let scrub = |e: reqwest::Error| if key_in_query { Failed::Http(e.without_url()) } else { Failed::Http(e) };
        let content_type = match &request.body {
            Payload::Empty => None,
            Payload::Json(bytes) => {
                builder = builder.body(bytes.clone());
                Some(HeaderValue::from_static("application/json"))
            }
            Payload::Form(parts) => {
                builder = builder.multipart(multipart::encode(parts));
                None
            }
            Payload::Raw(content_type, bytes) => {
                builder = builder.body(bytes.clone());
                Some(content_type.clone())
            }
        };
        // Headers go straight into the built request: header parameters, then the key (over a
        // parameter of the same name), then the call's own (over both), then the body's type.
        let mut outgoing = builder.build().map_err(scrub)?;
        let headers = outgoing.headers_mut();
        for (name, value) in extra {
            headers.append(name, value.clone());
        }
        credentials::apply_headers(settings, prepared, chosen, headers);
        CallHeaders::apply(added, headers);
        if let Some(content_type) = content_type {
            headers.append(CONTENT_TYPE, content_type);
        }
        let mut response = match stream {
            None => self.shared.http.execute(outgoing).await.map_err(scrub)?,
            Some(_) => tokio::time::timeout(timeout, self.shared.http.execute(outgoing))
                .await
                .map_err(|_| Failed::Stalled)?
                .map_err(scrub)?,
        };
        let status = response.status().as_u16();
        if stream.is_some_and(|accepts| accepts(status)) {
            return Ok(Received::Streaming(Download::new(response, idle, permit)));
        }
        let headers = std::mem::take(response.headers_mut());
        let body = match stream {
            None => self.read_bounded(&mut response, status).await?,
            Some(_) => tokio::time::timeout(timeout, self.read_bounded(&mut response, status))
                .await
                .map_err(|_| Failed::Stalled)??,
        };
        Ok(Received::Whole(Response { status, headers, body }))
    }

    /// Where `request` goes, with `query`: the base URL parsed at build, with the path and query
    /// set on it (the same URL as parsing the joined text, without parsing the scheme and host
    /// again: that whole-URL parse, IDNA included, was a fifth of a call's work). An
    /// operation's own server, or a path holding `?` or `#`, is given as text to be parsed whole.
    pub(super) fn url(&self, request: &Request, query: &str) -> Result<reqwest::Url, String> {
        let base = match request.server {
            Some(server) if !self.shared.chosen_base_url => server,
            _ if request.path.contains(['?', '#']) => &self.shared.base_url,
            _ => {
                let mut url = self.shared.base.clone();
                let prefix = url.path().trim_end_matches('/');
                let path = format!("{prefix}{}", request.path);
                url.set_path(&path);
                if !query.is_empty() {
                    url.set_query(Some(query));
                }
                return Ok(url);
            }
        };
        Err(match query {
            "" => format!("{base}{}", request.path),
            query => format!("{base}{}?{query}", request.path),
        })
    }

    /// Reads a body whole, up to the limit: a success body over it is refused (by its declared
    /// length before reading, else as soon as it passes), an error body is cut to its start.
    async fn read_bounded(&self, response: &mut reqwest::Response, status: u16) -> Result<Bytes, Failed> {
        let success = status < 400;
        let limit =
            if success { self.shared.max_response_bytes } else { ERROR_BODY_KEPT.min(self.shared.max_response_bytes) };
        if success && response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Failed::TooLarge { status, limit });
        }
        // A declared length is believed only up to the limit; growth doubles, never past it.
        let declared = response.content_length().map_or(0, |n| n.min(limit as u64) as usize);
        let mut body = Vec::with_capacity(declared);
        while let Some(chunk) = response.chunk().await.map_err(Failed::Http)? {
            let room = limit - body.len();
            let take = if chunk.len() > room {
                if success {
                    return Err(Failed::TooLarge { status, limit });
                }
                room
            } else {
                chunk.len()
            };
            if body.len() + take > body.capacity() {
                let grown = (body.capacity() * 2).max(body.len() + take).min(limit);
                body.reserve_exact(grown - body.len());
            }
            body.extend_from_slice(&chunk[..take]);
            if take < chunk.len() {
                break;
            }
        }
        Ok(Bytes::from(body))
    }
}

/// A transport failure as the caller sees it.
fn transport_error(e: reqwest::Error, limit: Duration) -> Error {
    if e.is_connect() {
        Error::Connect(e)
    } else if e.is_timeout() {
        Error::Timeout { limit, source: e }
    } else {
        Error::Transport(e)
    }
}

/// Why an attempt got no response.
enum Failed {
    Http(reqwest::Error),
    /// A success body over the limit.
    TooLarge {
        status: u16,
        limit: usize,
    },
    /// A streamed call's response did not start within the timeout.
    Stalled,
}

/// A final answer: read whole, or (a streamed call's success) still arriving.
#[doc(hidden)]
#[derive(Debug)]
pub enum Received {
    /// Read whole.
    Whole(Response),
    /// Unread, for the caller to stream.
    Streaming(Download),
}

impl Received {
    fn status(&self) -> u16 {
        match self {
            Received::Whole(r) => r.status,
            Received::Streaming(d) => d.status(),
        }
    }
}
