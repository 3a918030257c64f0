//! The send loop: one call's attempts under the retry policy and the deadline, each attempt's
//! URL, headers and key, the user's hooks on each attempt and answer, and reading a response
//! body within its limit.

use super::call::DECIDED_BY_THE_REQUEST;
use super::credentials;
use super::hooks::{AfterResponse, HookStage, IncomingResponse, OutgoingRequest};
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
        let extra = header_parameters(request)?;
        // A missing credential is known before anything is sent.
        let chosen = credentials::choose(self.shared.settings, &self.shared.credentials, request.security)?;
        let span = tracing::info_span!(
            "http_request",
            method = %request.method,
            path = request.template,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        self.attempts(request, chosen, (&extra, added), stream).instrument(span).await
    }

    /// The loop of [`Client::exchange`], inside its span: one attempt after another until an
    /// answer is final, because the retry policy or a hook's re-send after a 401 says no more.
    async fn attempts(
        &self,
        request: &Request,
        chosen: &[usize],
        headers: (&HeaderMap, &HeaderMap),
        stream: Option<fn(u16) -> bool>,
    ) -> Result<Received, Error> {
        let timeout = self.timeout_for(request);
        let clock = CallClock { started: Instant::now(), deadline: self.retry.total_limit() };
        let mut attempt = 1;
        // Whether a hook has had a 401 re-sent: once per call, not counted by the retry policy.
        let mut resent = false;
        loop {
            // Under a deadline, an attempt gets at most the time left.
            let cut = clock.left().filter(|left| *left < timeout);
            // A span per attempt: one `attempt` field each, not one field recorded again and again.
            let result = self
                .attempt(request, chosen, headers, attempt, (cut.unwrap_or(timeout), timeout), stream)
                .instrument(tracing::info_span!("attempt", attempt))
                .await;
            if let Ok(received) = &result {
                if self.hook_resends(request, attempt, received, !resent && clock.in_time()).await? {
                    resent = true;
                    attempt += 1;
                    continue;
                }
            }
            // The retry policy counts its own attempts: a hook's re-send is not one of them.
            let counted = attempt - u32::from(resent);
            if let Some(delay) = self.retry_delay(&request.method, &result, (attempt, counted), clock) {
                let outcome = describe(&result);
                tracing::info!(attempt, %outcome, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            let span = tracing::Span::current();
            // Recorded once, at the end: a field recorded on every attempt shows every value.
            span.record("attempts", attempt);
            span.record("elapsed_ms", clock.started.elapsed().as_millis() as u64);
            return match result {
                Ok(received) => {
                    span.record("status", received.status());
                    Ok(received)
                }
                // An attempt cut short to fit the deadline failed because of the deadline.
                Err(failed) => Err(failed.into_error(timeout, cut.and(clock.deadline))),
            };
        }
    }

    /// Shows an answer to the hooks, before the retry policy sees it, and says whether it is to
    /// be sent again at once: only when a hook asks to after a 401 and `may_resend` (the call
    /// has not had its one re-send and is within its deadline).
    async fn hook_resends(
        &self,
        request: &Request,
        attempt: u32,
        received: &Received,
        may_resend: bool,
    ) -> Result<bool, Error> {
        if self.shared.hooks.is_empty() {
            return Ok(false);
        }
        let status = received.status();
        let allowed = status == 401 && may_resend;
        if !self.after_response(request, attempt, status, received.headers(), allowed).await? {
            return Ok(false);
        }
        if allowed {
            tracing::info!(attempt, status, "sending again: a hook asked to after a 401");
        } else {
            tracing::debug!(
                attempt,
                status,
                "a hook asked to send again; ignored: only a 401 is, once per call and within its deadline"
            );
        }
        Ok(allowed)
    }

    /// How long to wait before sending again, or `None` when `result` is final. `attempt` is
    /// the call's attempt, for the log; `counted`, the retry policy's own count of it. A wait
    /// that would pass the deadline is not begun: the next attempt would have no time left, and
    /// the error in hand says more than an [`Error::Deadline`] would.
    fn retry_delay(
        &self,
        method: &reqwest::Method,
        result: &Result<Received, Failed>,
        (attempt, counted): (u32, u32),
        clock: CallClock,
    ) -> Option<Duration> {
        let wait = self.retry.delay(method, &failure(result)?, counted)?;
        if let Some(total) = clock.deadline {
            if clock.started.elapsed() + wait >= total {
                tracing::info!(
                    attempt,
                    delay_ms = wait.as_millis() as u64,
                    "not retrying: the wait would pass the deadline"
                );
                return None;
            }
        }
        Some(wait)
    }

    /// Send number `number`; the response read whole, or handed back unread when `stream`
    /// accepts its status. A streamed call's `timeout` bounds the wait for the response; `idle`,
    /// each wait for a piece of the download.
    async fn attempt(
        &self,
        request: &Request,
        chosen: &[usize],
        (extra, added): (&HeaderMap, &HeaderMap),
        number: u32,
        (timeout, idle): (Duration, Duration),
        stream: Option<fn(u16) -> bool>,
    ) -> Result<Received, Failed> {
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
        if !self.shared.hooks.is_empty() {
            self.before_send(request, number, key_in_query, &mut outgoing).await.map_err(Failed::Hook)?;
        }
        // The turn is taken once the request is ready (hooks may wait): without one (never, as
        // the semaphore is never closed) the call would still go out.
        let permit = self.shared.in_flight.clone().acquire_owned().await.ok();
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

    /// Runs the hooks' [`Hook::on_request`](super::hooks::Hook::on_request) on an attempt
    /// ready to go, shown without a query credential; refuses a change to the headers the
    /// request decides, and marks the values hooks added or changed sensitive.
    pub(super) async fn before_send(
        &self,
        request: &Request,
        number: u32,
        key_in_query: bool,
        outgoing: &mut reqwest::Request,
    ) -> Result<(), Error> {
        // Taken out while the hooks change them, so that the URL can be lent beside them.
        let mut headers = std::mem::take(outgoing.headers_mut());
        let before = headers.clone();
        let without_key;
        let url = if key_in_query {
            without_key = match self.url(request, &request.query) {
                Ok(url) => url,
                Err(text) => reqwest::Url::parse(&text).unwrap_or_else(|_| {
                    let mut url = outgoing.url().clone();
                    url.set_query(None);
                    url
                }),
            };
            &without_key
        } else {
            outgoing.url()
        };
        let body = match &request.body {
            Payload::Empty => Some(&[][..]),
            Payload::Json(bytes) | Payload::Raw(_, bytes) => Some(&bytes[..]),
            Payload::Form(_) => None,
        };
        let mut view = OutgoingRequest {
            method: &request.method,
            template: request.template,
            url,
            attempt: number,
            headers: &mut headers,
            body,
        };
        let mut refused = None;
        for (index, hook) in self.shared.hooks.iter().enumerate() {
            let failed = |source| Error::Hook { stage: HookStage::Request, hook: index + 1, attempt: number, source };
            if let Err(source) = hook.on_request(&mut view).await {
                refused = Some(failed(source));
                break;
            }
            let changed = DECIDED_BY_THE_REQUEST
                .iter()
                .find(|name| !view.headers.get_all(*name).iter().eq(before.get_all(*name).iter()));
            if let Some(name) = changed {
                let why = format!("it changed the `{name}` header, which the request itself decides");
                refused = Some(failed(super::hooks::HookError::new(why)));
                break;
            }
        }
        if let Some(error) = refused {
            return Err(error);
        }
        // What a hook set may be a secret (a token, a signature): kept out of `Debug` and of
        // HTTP/2 compression tables, as the credentials are.
        for (name, value) in headers.iter_mut() {
            if !before.get_all(name).iter().any(|old| old == value) {
                value.set_sensitive(true);
            }
        }
        *outgoing.headers_mut() = headers;
        Ok(())
    }

    /// Runs the hooks' [`Hook::on_response`](super::hooks::Hook::on_response) on an answer; whether
    /// one asked to send the request again (`allowed` says whether that would be done).
    async fn after_response(
        &self,
        request: &Request,
        number: u32,
        status: u16,
        headers: &HeaderMap,
        allowed: bool,
    ) -> Result<bool, Error> {
        let view = IncomingResponse {
            method: &request.method,
            template: request.template,
            attempt: number,
            status,
            headers,
            resend_allowed: allowed,
        };
        let mut again = false;
        for (index, hook) in self.shared.hooks.iter().enumerate() {
            match hook.on_response(&view).await {
                Ok(AfterResponse::Keep) => {}
                Ok(AfterResponse::Resend) => again = true,
                Err(source) => {
                    let stage = HookStage::Response { status };
                    return Err(Error::Hook { stage, hook: index + 1, attempt: number, source });
                }
            }
        }
        Ok(again)
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

/// The operation's header parameters as headers. A value or name that cannot be sent is refused
/// here, before any attempt, as the request's fault rather than a transport failure.
fn header_parameters(request: &Request) -> Result<HeaderMap, ValidationError> {
    let mut extra = HeaderMap::new();
    for (name, value) in &request.headers {
        let v = HeaderValue::from_str(value).map_err(|_| {
            ValidationError::new(*name, "not a valid HTTP header value (control characters or non-ASCII text)")
        })?;
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ValidationError::new(*name, "not a valid HTTP header name"))?;
        extra.append(n, v);
    }
    Ok(extra)
}

/// When a call began and how long its retry policy lets it last.
#[derive(Clone, Copy)]
struct CallClock {
    started: Instant,
    deadline: Option<Duration>,
}

impl CallClock {
    /// The time left before the deadline, if there is one.
    fn left(self) -> Option<Duration> {
        self.deadline.map(|total| total.saturating_sub(self.started.elapsed()))
    }

    /// Whether the deadline, if any, has not passed yet.
    fn in_time(self) -> bool {
        self.deadline.is_none_or(|total| self.started.elapsed() < total)
    }
}

/// What the retry policy is told about an attempt's result; `None` when there is nothing to
/// send again for.
fn failure(result: &Result<Received, Failed>) -> Option<Failure<'_>> {
    match result {
        Ok(Received::Whole(r)) if r.status >= 400 => Some(Failure::Status(r.status, &r.headers)),
        Ok(_) => None,
        Err(Failed::Http(e)) if e.is_connect() => Some(Failure::NotSent),
        // Asking again brings the same body; a hook that failed would fail again.
        Err(Failed::TooLarge { .. } | Failed::Hook(_)) => None,
        Err(_) => Some(Failure::AfterSend),
    }
}

/// An attempt's result in a few words, for the log line of a retry.
fn describe(result: &Result<Received, Failed>) -> String {
    match result {
        Ok(Received::Whole(r)) => r.status.to_string(),
        Ok(Received::Streaming(d)) => d.status().to_string(),
        Err(Failed::Http(e)) => e.to_string(),
        Err(Failed::Stalled) => "no response in time".to_owned(),
        Err(Failed::TooLarge { .. }) => "body over the limit".to_owned(),
        Err(Failed::Hook(e)) => e.to_string(),
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
    /// A hook failed before the attempt was sent.
    Hook(Error),
}

impl Failed {
    /// The error the call returns when this failure is its last. `cut` is the call's deadline
    /// when the attempt was given only the time left before it: a timeout then means the
    /// deadline passed, not that the server was slow.
    fn into_error(self, timeout: Duration, cut: Option<Duration>) -> Error {
        match (self, cut) {
            (Failed::Stalled, Some(limit)) => Error::Deadline { limit },
            (Failed::Http(e), Some(limit)) if e.is_timeout() => Error::Deadline { limit },
            (Failed::Stalled, None) => Error::Stalled { limit: timeout },
            (Failed::TooLarge { status, limit }, _) => Error::TooLarge { status, limit },
            (Failed::Hook(e), _) => e,
            (Failed::Http(e), _) => {
                tracing::warn!(error = %e, "request failed");
                transport_error(e, timeout)
            }
        }
    }
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

    fn headers(&self) -> &HeaderMap {
        match self {
            Received::Whole(r) => &r.headers,
            Received::Streaming(d) => d.headers(),
        }
    }
}
