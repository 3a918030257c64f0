//! Checking that a webhook delivery really comes from Anchor, before acting on it.
//!
//! Each delivery Anchor posts to a webhook's URL carries an `Anchor-Signature` header of the form
//! `t=<unix seconds>,v1=<hex>`. The hex part is an HMAC-SHA256, keyed with the webhook's signing
//! secret, of the text `v0:<t>:` followed by the request body exactly as sent. A
//! [`WebhookVerifier`] recomputes that code with each secret it holds, compares in constant time,
//! and refuses a delivery signed too long ago (or too far ahead): two minutes either way unless
//! set otherwise, so that a recorded delivery cannot be replayed later.
//!
//! The API document names only the header and HMAC-SHA256; the header's form, the signed text
//! and the window are those of Anchor's public "Signature verification" page. A test checks a
//! signature computed outside this crate.
//!
//! ```
//! use anchor_api::webhooks::{WebhookError, WebhookVerifier};
//! use anchor_api::HeaderMap;
//!
//! fn receive(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> u16 {
//!     match verifier.verify(headers, body) {
//!         Ok(event) => {
//!             println!("event {:?} signed at {}", event.id(), event.timestamp);
//!             200
//!         }
//!         // Authentic but old: a replay, or a clock that is off.
//!         Err(WebhookError::Stale { .. } | WebhookError::FromFuture { .. }) => 400,
//!         Err(_) => 401,
//!     }
//! }
//! # let verifier = WebhookVerifier::new("secret").unwrap();
//! # assert_eq!(receive(&verifier, &HeaderMap::new(), b"{}"), 401);
//! ```
//!
//! What is and is not checked:
//!
//! - **The body is the raw bytes.** Pass the request body as received. JSON that was parsed and
//!   written again (other spacing, other key order) no longer matches its signature.
//! - **Two secrets during a rotation.** After `rotate_webhook_secret` the previous secret stays
//!   valid for 24 hours; [`WebhookVerifier::with_previous_secret`] accepts deliveries signed with
//!   either. Drop the old secret once that day has passed.
//! - **Time is checked after the signature,** in whole seconds. A [`WebhookError::Stale`] or
//!   [`WebhookError::FromFuture`] is only ever returned for a delivery whose signature matched.
//! - **`Anchor-Timestamp`.** The scheme also names an `Anchor-Timestamp` header. The time this
//!   crate checks is the `t=` of `Anchor-Signature`, since that is the one the signature covers;
//!   when `Anchor-Timestamp` is present it must name the same second, or the delivery is
//!   malformed. Its absence is not an error.
//! - **Several `v1=` entries.** A header with more than one `v1=` signature passes when any of
//!   them matches (entries that are not 64 hex digits are passed over then). Anchor's scheme shows one; accepting several is this crate's choice, so that
//!   a sender signing with two secrets at once is understood. Parts other than `t=` and `v1=`
//!   (a later signature scheme, say) are ignored.
//! - **The envelope is not typed.** The API document mentions two fields of the JSON a receiver
//!   gets, `id` (the event's ID, as `list_webhook_events` shows it) and `data` (the event's
//!   payload), but no field that names the event's type. [`WebhookEvent`] therefore keeps the
//!   whole body as a [`serde_json::Value`] (always a JSON object) with accessors for those two
//!   fields; read the type from the body and convert it with
//!   [`WebhookEventType`](crate::WebhookEventType)'s `FromStr` or `Deserialize`, which keep names
//!   this version does not know as `Unknown`.
//! - **Secrets are never shown.** Neither the verifier's `Debug` nor any error contains a secret
//!   or a header value: the errors name what is wrong, never what was received.

use crate::{DateTime, HeaderMap, Utc};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::fmt;
use std::time::Duration;

/// The header carrying the signature: `t=<unix seconds>,v1=<hex>`.
pub const SIGNATURE_HEADER: &str = "Anchor-Signature";

/// The header carrying the signing time again, as unix seconds (optional; see the module docs).
pub const TIMESTAMP_HEADER: &str = "Anchor-Timestamp";

/// How far a delivery's signing time may be from now, either way, unless set otherwise: two
/// minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(120);

/// The number of bytes of an HMAC-SHA256 code (64 hex digits).
const SIGNATURE_BYTES: usize = 32;

/// Checks webhook deliveries against one or more signing secrets.
///
/// Build it once with the webhook's secret (the `secret` that `create_webhook` or
/// `rotate_webhook_secret` returned, used as its UTF-8 bytes) and share it: verification takes
/// `&self`, and the type is `Clone`, `Send` and `Sync`.
///
/// ```
/// use anchor_api::webhooks::WebhookVerifier;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), anchor_api::webhooks::InvalidSecret> {
/// let verifier = WebhookVerifier::new("current-secret")?
///     // Within 24 hours of a rotation: the secret the rotation replaced.
///     .with_previous_secret("previous-secret")?
///     .with_tolerance(Duration::from_secs(60));
/// assert_eq!(format!("{verifier:?}"), "WebhookVerifier { secrets: 2, tolerance: 60s }");
/// # Ok(()) }
/// ```
///
/// It keeps the HMAC states keyed with the secrets (as sensitive as the secrets themselves), not
/// the secret text; `Debug` shows only how many secrets there are and the tolerance.
#[derive(Clone)]
pub struct WebhookVerifier {
    keys: Vec<Hmac<Sha256>>,
    tolerance: Duration,
}

impl WebhookVerifier {
    /// A verifier for deliveries signed with `secret`, with the default tolerance
    /// ([`DEFAULT_TOLERANCE`]).
    ///
    /// The secret is used byte for byte: surrounding whitespace (a trailing newline from a file,
    /// say) is part of it. An empty secret is refused, as it is surely a configuration mistake (an
    /// environment variable set to nothing).
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, InvalidSecret> {
        Ok(WebhookVerifier { keys: vec![key(secret.as_ref())?], tolerance: DEFAULT_TOLERANCE })
    }

    /// Also accepts deliveries signed with `secret`: after `rotate_webhook_secret`, the secret it
    /// replaced, which stays valid for 24 hours. Can be called more than once; a delivery passes
    /// when any secret matches. Empty secrets are refused as by [`new`](Self::new).
    pub fn with_previous_secret(mut self, secret: impl AsRef<[u8]>) -> Result<Self, InvalidSecret> {
        self.keys.push(key(secret.as_ref())?);
        Ok(self)
    }

    /// How far a delivery's signing time may be from now, in the past or in the future
    /// (inclusive, in whole seconds). Shorter narrows the window for replays; longer allows for
    /// clocks that disagree. [`DEFAULT_TOLERANCE`] unless set.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The tolerance in use (see [`with_tolerance`](Self::with_tolerance)).
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// How many secrets a delivery is checked against.
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Checks a delivery against the current time: its headers and its body, as received.
    ///
    /// Returns the event when a secret matches the signature, the signing time is within the
    /// tolerance of now, and the body is a JSON object. Otherwise the error says which check
    /// failed; see [`WebhookError`].
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        self.verify_at(headers, body, Utc::now())
    }

    /// [`verify`](Self::verify), with `now` as the current time: for tests, and for replaying
    /// stored deliveries against the time they arrived.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<WebhookEvent, WebhookError> {
        let signature =
            single_header(headers, SIGNATURE_HEADER)?.ok_or(WebhookError::MissingHeader { name: SIGNATURE_HEADER })?;
        let timestamp = single_header(headers, TIMESTAMP_HEADER)?;
        self.verify_header_values(signature, timestamp, body, now)
    }

    /// The check of [`verify_at`](Self::verify_at), from the header values as text: for servers
    /// whose header type is not [`HeaderMap`].
    ///
    /// `signature` is the value of `Anchor-Signature`; `timestamp` that of `Anchor-Timestamp`,
    /// or `None` when the delivery has none.
    pub fn verify_header_values(
        &self,
        signature: &str,
        timestamp: Option<&str>,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<WebhookEvent, WebhookError> {
        let malformed = |problem| WebhookError::MalformedHeader { name: SIGNATURE_HEADER, problem };
        let parsed = SignatureHeader::parse(signature).map_err(malformed)?;
        if let Some(text) = timestamp {
            let problem = match parse_seconds(text.trim()) {
                Ok(seconds) if seconds == parsed.seconds => None,
                Ok(_) => Some(HeaderProblem::TimestampMismatch),
                Err(problem) => Some(problem),
            };
            if let Some(problem) = problem {
                return Err(WebhookError::MalformedHeader { name: TIMESTAMP_HEADER, problem });
            }
        }
        let signed_at = DateTime::<Utc>::from_timestamp(parsed.seconds, 0)
            .ok_or_else(|| malformed(HeaderProblem::InvalidTimestamp))?;

        if !self.signature_matches(&parsed, body) {
            return Err(WebhookError::BadSignature { secrets: self.keys.len() });
        }
        self.check_time(parsed.seconds, now)?;
        let body = match serde_json::from_slice::<Value>(body) {
            Ok(body @ Value::Object(_)) => body,
            Ok(_) => return Err(WebhookError::MalformedBody { problem: BodyProblem::NotAnObject }),
            Err(e) => {
                let problem = BodyProblem::NotJson { line: e.line(), column: e.column() };
                return Err(WebhookError::MalformedBody { problem });
            }
        };
        Ok(WebhookEvent { timestamp: signed_at, body })
    }

    /// Whether any secret's code over `v0:<t>:<body>` equals any `v1=` signature.
    fn signature_matches(&self, parsed: &SignatureHeader<'_>, body: &[u8]) -> bool {
        self.keys.iter().any(|key| {
            let mut mac = key.clone();
            mac.update(b"v0:");
            // The digits as sent, which are what was signed.
            mac.update(parsed.seconds_text.as_bytes());
            mac.update(b":");
            mac.update(body);
            // `verify_slice` compares in constant time.
            parsed.signatures.iter().any(|signature| mac.clone().verify_slice(signature).is_ok())
        })
    }

    /// [`WebhookError::Stale`] or [`WebhookError::FromFuture`] when `signed` (unix seconds) is
    /// further from `now` than the tolerance. Counted in whole seconds, the resolution of the
    /// signed time: `now`'s fraction of a second is dropped.
    fn check_time(&self, signed: i64, now: DateTime<Utc>) -> Result<(), WebhookError> {
        let tolerance = self.tolerance;
        let age = now.timestamp().saturating_sub(signed);
        let distance = Duration::from_secs(age.unsigned_abs());
        if distance <= tolerance {
            Ok(())
        } else if age > 0 {
            Err(WebhookError::Stale { age: distance, tolerance })
        } else {
            Err(WebhookError::FromFuture { ahead: distance, tolerance })
        }
    }
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// The HMAC state keyed with `secret`.
fn key(secret: &[u8]) -> Result<Hmac<Sha256>, InvalidSecret> {
    if secret.is_empty() {
        return Err(InvalidSecret { _private: () });
    }
    // HMAC takes keys of any length, so this never fails; were it to, the secret is unusable.
    Hmac::<Sha256>::new_from_slice(secret).map_err(|_| InvalidSecret { _private: () })
}

/// The value of header `name`, `None` when absent; an error when it is sent more than once or
/// is not visible ASCII.
fn single_header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<Option<&'h str>, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(WebhookError::MalformedHeader { name, problem: HeaderProblem::Repeated });
    }
    let text = value.to_str().map_err(|_| WebhookError::MalformedHeader { name, problem: HeaderProblem::NotText })?;
    Ok(Some(text))
}

/// An `Anchor-Signature` value, taken apart.
struct SignatureHeader<'a> {
    /// The `t=` digits, as sent.
    seconds_text: &'a str,
    /// Their value.
    seconds: i64,
    /// Every `v1=` signature, decoded.
    signatures: Vec<[u8; SIGNATURE_BYTES]>,
}

impl<'a> SignatureHeader<'a> {
    fn parse(value: &'a str) -> Result<Self, HeaderProblem> {
        let mut seconds = None;
        let mut signatures = Vec::new();
        // The first `v1=` value that does not decode, reported only if none decodes: a header
        // passes when any of its signatures matches.
        let mut undecodable = None;
        for part in value.split(',').map(str::trim) {
            let Some((name, text)) = part.split_once('=') else {
                return Err(HeaderProblem::NotKeyValue);
            };
            let text = text.trim();
            match name.trim() {
                "t" if seconds.is_some() => return Err(HeaderProblem::RepeatedTimestamp),
                "t" => seconds = Some((text, parse_seconds(text)?)),
                "v1" => match decode_signature(text) {
                    Ok(signature) => signatures.push(signature),
                    Err(problem) => {
                        undecodable.get_or_insert(problem);
                    }
                },
                _ => {}
            }
        }
        let (seconds_text, seconds) = seconds.ok_or(HeaderProblem::MissingTimestamp)?;
        if signatures.is_empty() {
            return Err(undecodable.unwrap_or(HeaderProblem::MissingSignature));
        }
        Ok(SignatureHeader { seconds_text, seconds, signatures })
    }
}

/// Unix seconds written as digits only (no sign, no fraction).
fn parse_seconds(text: &str) -> Result<i64, HeaderProblem> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HeaderProblem::InvalidTimestamp);
    }
    text.parse().map_err(|_| HeaderProblem::InvalidTimestamp)
}

/// The 32 bytes written as 64 hex digits (either case).
fn decode_signature(text: &str) -> Result<[u8; SIGNATURE_BYTES], HeaderProblem> {
    let digits: Vec<u8> = text.bytes().map(hex_digit).collect::<Option<_>>().ok_or(HeaderProblem::SignatureNotHex)?;
    if digits.len() != 2 * SIGNATURE_BYTES {
        return Err(HeaderProblem::SignatureWrongLength { digits: digits.len() });
    }
    let mut bytes = [0; SIGNATURE_BYTES];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        if let [high, low] = pair {
            *byte = (high << 4) | low;
        }
    }
    Ok(bytes)
}

/// The value of one hex digit.
fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A delivery that passed verification.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// When Anchor signed the delivery: the `t=` of its `Anchor-Signature` header.
    pub timestamp: DateTime<Utc>,
    /// The body, parsed: always a JSON object. The API document does not describe this envelope
    /// beyond its `id` and `data` fields (see the [module docs](self)), so it stays untyped.
    pub body: Value,
}

impl WebhookEvent {
    /// The event's ID (the envelope's `id`), the same as `external_event_id` in
    /// `list_webhook_events`: use it to notice a delivery received twice (Anchor retries).
    /// `None` when the body has no `id` string.
    pub fn id(&self) -> Option<&str> {
        self.body.get("id").and_then(Value::as_str)
    }

    /// The event's payload (the envelope's `data`), `None` when the body has none.
    pub fn data(&self) -> Option<&Value> {
        self.body.get("data")
    }

    /// The whole body, for deserializing into a type of your own.
    pub fn into_body(self) -> Value {
        self.body
    }
}

/// Why a delivery was refused. No variant holds a secret or a value taken from the delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the check needs is absent.
    #[error("the webhook delivery has no `{name}` header: pass the request's headers as received (a proxy in between may drop it)")]
    MissingHeader {
        /// The header's name ([`SIGNATURE_HEADER`]).
        name: &'static str,
    },
    /// A header is present but cannot be read.
    #[error("the webhook delivery's `{name}` header {problem}")]
    MalformedHeader {
        /// The header's name ([`SIGNATURE_HEADER`] or [`TIMESTAMP_HEADER`]).
        name: &'static str,
        /// What is wrong with it.
        problem: HeaderProblem,
    },
    /// No secret produces any of the delivery's signatures: it was not signed by Anchor with
    /// these secrets, or the body was changed on the way.
    #[error(
        "the webhook delivery's signature matches none of the {secrets} secret(s): verify with the webhook's current secret (and, for 24 hours after a rotation, the previous one), over the body's raw bytes as received, not JSON parsed and serialized again"
    )]
    BadSignature {
        /// How many secrets were tried.
        secrets: usize,
    },
    /// The signature matched, but the delivery was signed longer ago than the tolerance: a
    /// replay, a delivery held up on the way, or a clock here that runs ahead.
    #[error(
        "the webhook delivery was signed {age:?} ago, beyond the {tolerance:?} allowed: refuse it (it may be a replay), or check this machine's clock"
    )]
    Stale {
        /// How long ago it was signed.
        age: Duration,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The signature matched, but the signing time is further in the future than the
    /// tolerance: most likely a clock here that runs behind.
    #[error(
        "the webhook delivery is dated {ahead:?} in the future, beyond the {tolerance:?} allowed: check this machine's clock"
    )]
    FromFuture {
        /// How far ahead of now it was signed.
        ahead: Duration,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The signature matched, but the body is not a JSON object.
    #[error("the webhook delivery's body is {problem}: pass the body as received")]
    MalformedBody {
        /// What is wrong with it.
        problem: BodyProblem,
    },
}

/// What is wrong with a header ([`WebhookError::MalformedHeader`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// It is sent more than once.
    Repeated,
    /// Its value is not visible ASCII.
    NotText,
    /// A comma-separated part has no `=`.
    NotKeyValue,
    /// `Anchor-Signature` has no `t=` part.
    MissingTimestamp,
    /// `Anchor-Signature` has more than one `t=` part.
    RepeatedTimestamp,
    /// A timestamp is not unix seconds written as digits, or is out of range.
    InvalidTimestamp,
    /// `Anchor-Signature` has no `v1=` part.
    MissingSignature,
    /// A `v1=` value has a character that is not a hex digit.
    SignatureNotHex,
    /// A `v1=` value is hex but not 64 digits long.
    SignatureWrongLength {
        /// How many digits it has.
        digits: usize,
    },
    /// `Anchor-Timestamp` names another second than the `t=` of `Anchor-Signature`.
    TimestampMismatch,
}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderProblem::Repeated => f.write_str("is sent more than once; a delivery has one"),
            HeaderProblem::NotText => f.write_str("is not visible ASCII text"),
            HeaderProblem::NotKeyValue => {
                f.write_str("has a part without `=`; the form is `t=<unix seconds>,v1=<hex signature>`")
            }
            HeaderProblem::MissingTimestamp => f.write_str("has no `t=<unix seconds>` part"),
            HeaderProblem::RepeatedTimestamp => f.write_str("has more than one `t=` part"),
            HeaderProblem::InvalidTimestamp => f.write_str("holds a timestamp that is not unix seconds in digits"),
            HeaderProblem::MissingSignature => f.write_str("has no `v1=<hex signature>` part"),
            HeaderProblem::SignatureNotHex => f.write_str("has a `v1=` signature that is not hexadecimal"),
            HeaderProblem::SignatureWrongLength { digits } => {
                write!(f, "has a `v1=` signature of {digits} hex digits; an HMAC-SHA256 signature has 64")
            }
            HeaderProblem::TimestampMismatch => {
                write!(f, "names another second than the `t=` of the `{SIGNATURE_HEADER}` header")
            }
        }
    }
}

/// What is wrong with a body ([`WebhookError::MalformedBody`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyProblem {
    /// It is not JSON; the position is where parsing stopped (1-based).
    NotJson {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// It is JSON, but not an object.
    NotAnObject,
}

impl fmt::Display for BodyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyProblem::NotJson { line, column } => write!(f, "not JSON (line {line}, column {column})"),
            BodyProblem::NotAnObject => f.write_str("JSON but not an object"),
        }
    }
}

/// A secret [`WebhookVerifier`] cannot use: an empty one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the webhook signing secret is empty: use the `secret` that `create_webhook` or `rotate_webhook_secret` returned"
)]
pub struct InvalidSecret {
    _private: (),
}
