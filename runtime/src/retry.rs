//! When a failed attempt is sent again, and after how long.
//!
//! The rule: a request is re-sent only when the server cannot have acted on it, or when
//! acting twice is harmless.
//!
//! - **Not processed** — the connection could not be made, or the server answered 408, 429
//!   or 503: re-sent for every method.
//! - **Maybe processed** — a timeout or broken connection after the request went out, or
//!   another 5xx: re-sent only for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`,
//!   `OPTIONS`, `TRACE`). A `POST` may create something (and cost money) each time, so it is
//!   re-sent in this case only after [`RetryPolicy::resend_non_idempotent`]`(true)`.
//!
//! The wait is the server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when it
//! sends one, else exponential backoff: 0.5 s doubling up to 8 s, each wait shortened by up to a
//! quarter at random so that clients do not retry in lockstep.
//!
//! - A server wait is never shorter than the first backoff: `Retry-After: 0` or a date in the
//!   past does not turn the attempts into a burst.
//! - A server wait longer than [`RetryPolicy::max_server_wait`] (a minute by default) ends the
//!   retrying: the answer that asked for it is returned, and [`ApiError::retry_after`] reads the
//!   wait it asked for.
//! - [`RetryPolicy::deadline`] bounds a whole call, attempts and waits together.
//!
//! [`ApiError::retry_after`]: crate::ApiError::retry_after

use reqwest::header::HeaderMap;
use reqwest::Method;
use std::time::{Duration, SystemTime};

/// The longest server-requested wait honoured by default; a longer one ends the retrying.
pub const DEFAULT_MAX_SERVER_WAIT: Duration = Duration::from_secs(60);

/// Whether and how failed requests are re-sent. Off by default ([`RetryPolicy::none`]); see the
/// [module docs](self) for which failures are retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    resend_non_idempotent: bool,
    max_server_wait: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn none() -> Self {
        Self::attempts(1)
    }

    /// Up to `max_attempts` sends in all (so `3` means two retries), with the default backoff
    /// (0.5 s doubling to 8 s, with jitter).
    pub fn attempts(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            resend_non_idempotent: false,
            max_server_wait: DEFAULT_MAX_SERVER_WAIT,
            deadline: None,
        }
    }

    /// The first wait, and the cap the doubling stops at.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Also re-send non-idempotent requests (`POST`, `PATCH`) after failures where the server
    /// may already have acted (a timeout, a 500). Only for operations where doing the work twice
    /// is acceptable: a repeated create creates a second resource.
    pub fn resend_non_idempotent(mut self, yes: bool) -> Self {
        self.resend_non_idempotent = yes;
        self
    }

    /// The longest wait a server may ask for (`Retry-After`, `retry-after-ms`) and still be
    /// retried (default [`DEFAULT_MAX_SERVER_WAIT`]). A longer one ends the retrying: the answer
    /// is returned as it is, and [`ApiError::retry_after`](crate::ApiError::retry_after) says how
    /// long the server asked to wait.
    pub fn max_server_wait(mut self, max: Duration) -> Self {
        self.max_server_wait = max;
        self
    }

    /// A limit on the whole call: attempts and the waits between them (default: none). Each
    /// attempt's timeout is cut to the time left, a retry whose wait would pass the deadline is
    /// not made (the last answer is returned), and an attempt cut short fails with
    /// [`Error::Deadline`](crate::Error::Deadline).
    pub fn deadline(mut self, total: Duration) -> Self {
        self.deadline = Some(total);
        self
    }

    /// Sends allowed in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The limit on a whole call, if one is set with [`RetryPolicy::deadline`].
    pub fn total_limit(&self) -> Option<Duration> {
        self.deadline
    }

    /// How long to wait before attempt `attempt + 1`, or `None` when `failure` after attempt
    /// `attempt` (1-based) is not retried.
    pub(crate) fn delay(&self, method: &Method, failure: &Failure<'_>, attempt: u32) -> Option<Duration> {
        let processed_maybe = match failure {
            Failure::NotSent => false,
            Failure::Status(408 | 429 | 503, _) => false,
            Failure::Status(500..=599, _) => true,
            // Other answers are final; a number past 599 is no HTTP status at all.
            Failure::Status(..) => return None,
            Failure::AfterSend => true,
        };
        if attempt >= self.max_attempts {
            if self.max_attempts > 1 {
                tracing::debug!(attempt, "not retrying: the retry policy's {} attempts are spent", self.max_attempts);
            }
            return None;
        }
        if processed_maybe && !(is_idempotent(method) || self.resend_non_idempotent) {
            tracing::debug!(
                attempt,
                %method,
                "not retrying: the server may have acted on a {method} request, which is not idempotent"
            );
            return None;
        }
        let asked = match failure {
            Failure::Status(_, headers) => server_wait(headers, SystemTime::now()),
            _ => None,
        };
        match asked {
            Some(wait) if wait > self.max_server_wait => {
                tracing::debug!(
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    max_ms = self.max_server_wait.as_millis() as u64,
                    "not retrying: the server asks for a wait longer than the retry policy allows"
                );
                None
            }
            Some(wait) => Some(wait.max(self.initial_backoff)),
            None => Some(self.backoff_for(attempt)),
        }
    }

    /// Exponential backoff with jitter for the wait after attempt `attempt`.
    fn backoff_for(&self, attempt: u32) -> Duration {
        let doubled = self.initial_backoff.saturating_mul(1 << (attempt - 1).min(16));
        doubled.min(self.max_backoff).mul_f64(1.0 - fastrand::f64() * 0.25)
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug)]
pub(crate) enum Failure<'a> {
    /// The connection could not be made; the server never saw the request.
    NotSent,
    /// A timeout or broken connection after the request was (maybe) sent.
    AfterSend,
    /// The server answered with this status and these headers.
    Status(u16, &'a HeaderMap),
}

fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

/// The wait a response asks for: `retry-after-ms`, else `Retry-After` as seconds or an HTTP
/// date (zero when the date has passed).
///
/// A value that is no usable wait (negative, not a number, infinite, past what a `Duration`
/// holds, neither seconds nor a date) is ignored, with a `debug` line saying so: the backoff,
/// which is bounded, applies instead.
pub(crate) fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name).map(|v| v.to_str().map(str::trim).unwrap_or("(not text)"));
    let ignored = |name: &str, value: &str| -> Option<Duration> {
        tracing::debug!(header = name, value = %crate::error::printable(value), "server wait ignored: not a usable wait");
        None
    };
    if let Some(ms) = text("retry-after-ms") {
        match ms.parse::<f64>() {
            Ok(n) => return Duration::try_from_secs_f64(n / 1000.0).ok().or_else(|| ignored("retry-after-ms", ms)),
            // Not a number: `Retry-After` may still say.
            Err(_) => _ = ignored("retry-after-ms", ms),
        }
    }
    let value = text("retry-after")?;
    let wait = match value.parse::<f64>() {
        Ok(secs) => Duration::try_from_secs_f64(secs).ok(),
        Err(_) => httpdate::parse_http_date(value).ok().map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
    };
    wait.or_else(|| ignored("retry-after", value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn post_is_retried_only_when_the_server_cannot_have_acted() {
        let p = RetryPolicy::attempts(3);
        let none = HeaderMap::new();
        assert!(p.delay(&Method::POST, &Failure::NotSent, 1).is_some());
        for status in [408, 429, 503] {
            assert!(p.delay(&Method::POST, &Failure::Status(status, &none), 1).is_some(), "{status}");
        }
        for status in [500, 502, 504] {
            assert_eq!(p.delay(&Method::POST, &Failure::Status(status, &none), 1), None, "{status}");
            assert!(p.delay(&Method::GET, &Failure::Status(status, &none), 1).is_some(), "{status}");
        }
        assert_eq!(p.delay(&Method::POST, &Failure::AfterSend, 1), None);
        assert!(p.delay(&Method::DELETE, &Failure::AfterSend, 1).is_some());
        let opted = p.clone().resend_non_idempotent(true);
        assert!(opted.delay(&Method::POST, &Failure::AfterSend, 1).is_some());
        assert!(opted.delay(&Method::POST, &Failure::Status(500, &none), 1).is_some());
    }

    #[test]
    fn client_errors_and_exhausted_attempts_are_final() {
        let p = RetryPolicy::attempts(3);
        let none = HeaderMap::new();
        for status in [400, 401, 402, 404, 422] {
            assert_eq!(p.delay(&Method::GET, &Failure::Status(status, &none), 1), None);
        }
        assert!(p.delay(&Method::GET, &Failure::NotSent, 2).is_some());
        assert_eq!(p.delay(&Method::GET, &Failure::NotSent, 3), None);
        assert_eq!(RetryPolicy::none().delay(&Method::GET, &Failure::NotSent, 1), None);
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_at_most_a_quarter_of_jitter() {
        let p = RetryPolicy::attempts(10);
        for (attempt, full) in [(1, 500), (2, 1000), (3, 2000), (4, 4000), (5, 8000), (6, 8000), (9, 8000)] {
            let d = p.delay(&Method::GET, &Failure::NotSent, attempt).unwrap();
            let full = Duration::from_millis(full);
            assert!(d <= full && d >= full.mul_f64(0.75), "attempt {attempt}: {d:?}");
        }
    }

    #[test]
    fn server_waits_in_seconds_milliseconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(server_wait(&headers(&[("retry-after", "1")]), now), Some(Duration::from_secs(1)));
        assert_eq!(server_wait(&headers(&[("retry-after-ms", "250")]), now), Some(Duration::from_millis(250)));
        assert_eq!(
            server_wait(&headers(&[("retry-after-ms", "250"), ("retry-after", "9")]), now),
            Some(Duration::from_millis(250)),
            "the finer header wins"
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(server_wait(&headers(&[("retry-after", &date)]), now), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(server_wait(&headers(&[("retry-after", &past)]), now), Some(Duration::ZERO));
        assert_eq!(server_wait(&headers(&[("retry-after", "86400")]), now), Some(Duration::from_secs(86400)));
        assert_eq!(server_wait(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(server_wait(&headers(&[("retry-after", "-1")]), now), None);
    }

    #[test]
    fn a_server_wait_replaces_the_backoff() {
        let h = headers(&[("retry-after", "2")]);
        let p = RetryPolicy::attempts(3);
        assert_eq!(p.delay(&Method::POST, &Failure::Status(429, &h), 1), Some(Duration::from_secs(2)));
    }

    #[test]
    fn a_server_wait_over_the_policy_ends_the_retrying() {
        let day = headers(&[("retry-after", "86400")]);
        let p = RetryPolicy::attempts(3);
        assert_eq!(p.delay(&Method::GET, &Failure::Status(429, &day), 1), None);
        let patient = p.clone().max_server_wait(Duration::from_secs(90_000));
        assert_eq!(patient.delay(&Method::GET, &Failure::Status(429, &day), 1), Some(Duration::from_secs(86400)));
    }

    #[test]
    fn a_zero_or_past_server_wait_still_waits_the_first_backoff() {
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        let p = RetryPolicy::attempts(3);
        for h in
            [headers(&[("retry-after", "0")]), headers(&[("retry-after", &past)]), headers(&[("retry-after-ms", "1")])]
        {
            assert_eq!(p.delay(&Method::GET, &Failure::Status(503, &h), 2), Some(Duration::from_millis(500)), "{h:?}");
        }
    }
}
