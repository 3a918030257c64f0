//! Webhook delivery verification (`anchor_api::webhooks`): deliveries signed here with HMAC-SHA256
//! as Anchor signs them, then checked, altered, aged and mangled; and the example receiver
//! (`examples/webhook_receiver.rs`) serving real HTTP on a loopback port.
#![cfg(feature = "webhooks")]

use anchor_api::webhooks::{
    BodyProblem, HeaderProblem, InvalidSecret, DEFAULT_TOLERANCE, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use anchor_api::{DateTime, HeaderMap, Utc, WebhookError, WebhookEvent, WebhookVerifier};
use hmac::{Hmac, Mac};
use reqwest::header::HeaderValue;
use serde_json::{json, Value};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/webhook_receiver.rs"]
mod receiver;

const SECRET: &str = "whsec_current_7f3a9c";
const PREVIOUS: &str = "whsec_previous_51be02";
/// 2026-01-01T00:00:00Z.
const T: i64 = 1_767_225_600;
const BODY: &str = r#"{"id":"evt_0001","data":{"session_id":"sess-42","status":"completed"}}"#;

/// The `v1=` signature of `body` at `t`, computed independently of the crate.
fn sign(secret: &str, t: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("v0:{t}:").as_bytes());
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Headers holding `Anchor-Signature: <signature>` and nothing else.
fn signature_only(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
    headers
}

/// The headers of a delivery signed with `secret` at `t`, `Anchor-Timestamp` included.
fn delivery(secret: &str, t: i64, body: &[u8]) -> HeaderMap {
    let mut headers = signature_only(&format!("t={t},v1={}", sign(secret, &t.to_string(), body)));
    headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(&t.to_string()).unwrap());
    headers
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET).unwrap()
}

/// The error `headers` with `BODY` get at time `T`.
fn refusal(headers: &HeaderMap) -> WebhookError {
    verifier().verify_at(headers, BODY.as_bytes(), at(T)).unwrap_err()
}

fn malformed(problem: HeaderProblem) -> WebhookError {
    WebhookError::MalformedHeader { name: SIGNATURE_HEADER, problem }
}

#[test]
fn a_valid_delivery_is_accepted_with_its_time_id_and_data() {
    let event: WebhookEvent =
        verifier().verify_at(&delivery(SECRET, T, BODY.as_bytes()), BODY.as_bytes(), at(T)).unwrap();
    assert_eq!(event.timestamp, at(T));
    assert_eq!(event.timestamp.to_rfc3339(), "2026-01-01T00:00:00+00:00");
    assert_eq!(event.id(), Some("evt_0001"));
    assert_eq!(event.data(), Some(&json!({"session_id": "sess-42", "status": "completed"})));
    assert_eq!(event.body, serde_json::from_str::<Value>(BODY).unwrap());
    assert_eq!(event.into_body()["data"]["session_id"], "sess-42");
}

#[test]
fn a_verifier_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<WebhookVerifier>();
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    error::<WebhookError>();
    error::<InvalidSecret>();
}

#[test]
fn verify_uses_the_current_time() {
    let now = Utc::now().timestamp();
    let event = verifier().verify(&delivery(SECRET, now, BODY.as_bytes()), BODY.as_bytes()).unwrap();
    assert_eq!(event.timestamp.timestamp(), now);
    let err = verifier().verify(&delivery(SECRET, now - 600, BODY.as_bytes()), BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::Stale { tolerance, .. } if tolerance == DEFAULT_TOLERANCE), "{err:?}");
}

#[test]
fn the_anchor_timestamp_header_is_optional() {
    let headers = signature_only(&format!("t={T},v1={}", sign(SECRET, &T.to_string(), BODY.as_bytes())));
    let event = verifier().verify_at(&headers, BODY.as_bytes(), at(T)).unwrap();
    assert_eq!(event.timestamp, at(T));
}

#[test]
fn the_lower_level_check_takes_header_text() {
    let signature = format!("t={T},v1={}", sign(SECRET, &T.to_string(), BODY.as_bytes()));
    let v = verifier();
    assert_eq!(v.verify_header_values(&signature, None, BODY.as_bytes(), at(T)).unwrap().id(), Some("evt_0001"));
    assert!(v.verify_header_values(&signature, Some(&T.to_string()), BODY.as_bytes(), at(T)).is_ok());
    assert_eq!(
        v.verify_header_values(&signature, Some("1767225601"), BODY.as_bytes(), at(T)).unwrap_err(),
        WebhookError::MalformedHeader { name: TIMESTAMP_HEADER, problem: HeaderProblem::TimestampMismatch }
    );
}

#[test]
fn a_tampered_body_is_rejected() {
    let headers = delivery(SECRET, T, BODY.as_bytes());
    let tampered = BODY.replace("sess-42", "sess-43");
    let err = verifier().verify_at(&headers, tampered.as_bytes(), at(T)).unwrap_err();
    assert_eq!(err, WebhookError::BadSignature { secrets: 1 });
    // One byte more at the end is a change too.
    let longer = format!("{BODY} ");
    assert_eq!(
        verifier().verify_at(&headers, longer.as_bytes(), at(T)).unwrap_err(),
        WebhookError::BadSignature { secrets: 1 }
    );
}

#[test]
fn a_re_serialized_body_is_rejected_and_the_message_says_why() {
    let headers = delivery(SECRET, T, BODY.as_bytes());
    let value: Value = serde_json::from_str(BODY).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    assert_ne!(pretty, BODY);
    assert_eq!(value, serde_json::from_str::<Value>(&pretty).unwrap());
    let err = verifier().verify_at(&headers, pretty.as_bytes(), at(T)).unwrap_err();
    assert_eq!(err, WebhookError::BadSignature { secrets: 1 });
    assert_eq!(
        err.to_string(),
        "the webhook delivery's signature matches none of the 1 secret(s): verify with the webhook's current secret \
         (and, for 24 hours after a rotation, the previous one), over the body's raw bytes as received, not JSON \
         parsed and serialized again"
    );
}

#[test]
fn the_replay_window_is_two_minutes_either_way_inclusive() {
    let headers = delivery(SECRET, T, BODY.as_bytes());
    let v = verifier();
    assert_eq!(v.tolerance(), Duration::from_secs(120));
    // Just inside, both ways.
    assert!(v.verify_at(&headers, BODY.as_bytes(), at(T + 120)).is_ok());
    assert!(v.verify_at(&headers, BODY.as_bytes(), at(T - 120)).is_ok());
    // Just outside: too old.
    let err = v.verify_at(&headers, BODY.as_bytes(), at(T + 121)).unwrap_err();
    assert_eq!(err, WebhookError::Stale { age: Duration::from_secs(121), tolerance: Duration::from_secs(120) });
    assert_eq!(
        err.to_string(),
        "the webhook delivery was signed 121s ago, beyond the 120s allowed: refuse it (it may be a replay), or check \
         this machine's clock"
    );
    // Counted in whole seconds, as the signed time is: half a second past the edge is still in.
    let late = at(T + 120) + chrono::TimeDelta::milliseconds(500);
    assert!(v.verify_at(&headers, BODY.as_bytes(), late).is_ok());
    let early = at(T - 121) + chrono::TimeDelta::milliseconds(999);
    assert_eq!(
        v.verify_at(&headers, BODY.as_bytes(), early).unwrap_err(),
        WebhookError::FromFuture { ahead: Duration::from_secs(121), tolerance: Duration::from_secs(120) }
    );
    // Just outside: from the future.
    let err = v.verify_at(&headers, BODY.as_bytes(), at(T - 121)).unwrap_err();
    assert_eq!(err, WebhookError::FromFuture { ahead: Duration::from_secs(121), tolerance: Duration::from_secs(120) });
    assert_eq!(
        err.to_string(),
        "the webhook delivery is dated 121s in the future, beyond the 120s allowed: check this machine's clock"
    );
}

#[test]
fn the_tolerance_can_be_set() {
    let headers = delivery(SECRET, T, BODY.as_bytes());
    let v = verifier().with_tolerance(Duration::from_secs(10));
    assert!(v.verify_at(&headers, BODY.as_bytes(), at(T + 10)).is_ok());
    assert_eq!(
        v.verify_at(&headers, BODY.as_bytes(), at(T + 11)).unwrap_err(),
        WebhookError::Stale { age: Duration::from_secs(11), tolerance: Duration::from_secs(10) }
    );
    let wide = verifier().with_tolerance(Duration::from_secs(3600));
    assert!(wide.verify_at(&headers, BODY.as_bytes(), at(T + 3600)).is_ok());
    assert!(wide.verify_at(&headers, BODY.as_bytes(), at(T - 3600)).is_ok());
}

#[test]
fn a_stale_delivery_with_a_wrong_signature_is_reported_as_a_wrong_signature() {
    // Time is judged only for authentic deliveries.
    let headers = delivery("another secret", T, BODY.as_bytes());
    assert_eq!(
        verifier().verify_at(&headers, BODY.as_bytes(), at(T + 3600)).unwrap_err(),
        WebhookError::BadSignature { secrets: 1 }
    );
}

#[test]
fn the_previous_secret_is_accepted_after_a_rotation() {
    let rotated = verifier().with_previous_secret(PREVIOUS).unwrap();
    assert_eq!(rotated.secret_count(), 2);
    let old = delivery(PREVIOUS, T, BODY.as_bytes());
    let new = delivery(SECRET, T, BODY.as_bytes());
    assert_eq!(rotated.verify_at(&old, BODY.as_bytes(), at(T)).unwrap().id(), Some("evt_0001"));
    assert_eq!(rotated.verify_at(&new, BODY.as_bytes(), at(T)).unwrap().id(), Some("evt_0001"));
    // Without it, the old secret's deliveries fail.
    assert_eq!(
        verifier().verify_at(&old, BODY.as_bytes(), at(T)).unwrap_err(),
        WebhookError::BadSignature { secrets: 1 }
    );
}

#[test]
fn a_wrong_secret_is_rejected() {
    let headers = delivery("whsec_someone_else", T, BODY.as_bytes());
    let rotated = verifier().with_previous_secret(PREVIOUS).unwrap();
    assert_eq!(
        rotated.verify_at(&headers, BODY.as_bytes(), at(T)).unwrap_err(),
        WebhookError::BadSignature { secrets: 2 }
    );
}

#[test]
fn any_matching_v1_entry_passes() {
    let good = sign(SECRET, &T.to_string(), BODY.as_bytes());
    let other = sign("whsec_someone_else", &T.to_string(), BODY.as_bytes());
    for header in [
        format!("t={T},v1={other},v1={good}"),
        format!("v1={good}, t={T}, v1={other}"),
        // A scheme this version does not know is ignored.
        format!("t={T},v0=abc,v1={good}"),
        // Hex digits in either case.
        format!("t={T},v1={}", good.to_uppercase()),
    ] {
        let result = verifier().verify_at(&signature_only(&header), BODY.as_bytes(), at(T));
        assert_eq!(result.map(|e| e.timestamp), Ok(at(T)), "{header}");
    }
    let none = format!("t={T},v1={other},v1={other}");
    assert_eq!(refusal(&signature_only(&none)), WebhookError::BadSignature { secrets: 1 });
    // An entry that does not decode is passed over when another matches.
    let mixed = format!("t={T},v1=not-hex,v1={good}");
    assert!(verifier().verify_at(&signature_only(&mixed), BODY.as_bytes(), at(T)).is_ok(), "{mixed}");
}

/// A signature computed outside this crate (Python's `hmac` module over `v0:{t}:{body}`, the
/// scheme of Anchor's signature-verification page) is accepted: the scheme is not only checked
/// against itself.
#[test]
fn a_signature_made_elsewhere_passes() {
    let verifier = WebhookVerifier::new("whsec_known_answer").unwrap();
    let body = br#"{"id":"evt_1","data":{"ok":true}}"#;
    let header = "t=1767225600,v1=b77763979420c10b7c2a44adc7333239af8ac9a07f5d4136fbfab08e54f729c8";
    let event = verifier.verify_at(&signature_only(header), body, at(1_767_225_600)).unwrap();
    assert_eq!(event.id(), Some("evt_1"));
}

#[test]
fn the_signed_timestamp_is_the_one_in_the_header() {
    // A signature made for another second does not pass with this one.
    let sig = sign(SECRET, &(T - 1).to_string(), BODY.as_bytes());
    assert_eq!(refusal(&signature_only(&format!("t={T},v1={sig}"))), WebhookError::BadSignature { secrets: 1 });
}

#[test]
fn a_missing_signature_header_is_named() {
    let err = refusal(&HeaderMap::new());
    assert_eq!(err, WebhookError::MissingHeader { name: "Anchor-Signature" });
    assert_eq!(
        err.to_string(),
        "the webhook delivery has no `Anchor-Signature` header: pass the request's headers as received (a proxy in \
         between may drop it)"
    );
    // Only `Anchor-Timestamp` is not enough.
    let mut headers = HeaderMap::new();
    headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(&T.to_string()).unwrap());
    assert_eq!(refusal(&headers), WebhookError::MissingHeader { name: SIGNATURE_HEADER });
}

#[test]
fn header_names_are_matched_in_any_case() {
    let mut headers = HeaderMap::new();
    let value = format!("t={T},v1={}", sign(SECRET, &T.to_string(), BODY.as_bytes()));
    headers.insert("anchor-signature", HeaderValue::from_str(&value).unwrap());
    assert!(verifier().verify_at(&headers, BODY.as_bytes(), at(T)).is_ok());
}

#[test]
fn malformed_signature_headers_are_told_apart() {
    let good = sign(SECRET, &T.to_string(), BODY.as_bytes());
    let cases = [
        (format!("v1={good}"), HeaderProblem::MissingTimestamp),
        (String::new(), HeaderProblem::NotKeyValue),
        (format!("t={T}"), HeaderProblem::MissingSignature),
        (format!("t={T},t={T},v1={good}"), HeaderProblem::RepeatedTimestamp),
        (format!("t=abc,v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t=-5,v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t=+{T},v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t={T}.5,v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t=,v1={good}"), HeaderProblem::InvalidTimestamp),
        // Beyond i64, and beyond the dates chrono represents.
        (format!("t=99999999999999999999,v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t=9223372036854775807,v1={good}"), HeaderProblem::InvalidTimestamp),
        (format!("t={T},v1=g{}", &good[1..]), HeaderProblem::SignatureNotHex),
        (format!("t={T},v1=0x{}", &good[2..]), HeaderProblem::SignatureNotHex),
        (format!("t={T},v1={}", &good[..63]), HeaderProblem::SignatureWrongLength { digits: 63 }),
        (format!("t={T},v1={good}0"), HeaderProblem::SignatureWrongLength { digits: 65 }),
        (format!("t={T},v1={}", &good[..62]), HeaderProblem::SignatureWrongLength { digits: 62 }),
        (format!("t={T},v1="), HeaderProblem::SignatureWrongLength { digits: 0 }),
        (format!("t={T},{good}"), HeaderProblem::NotKeyValue),
    ];
    for (header, problem) in cases {
        assert_eq!(refusal(&signature_only(&header)), malformed(problem), "{header:?}");
    }
}

#[test]
fn malformed_header_messages_say_what_to_fix() {
    let good = sign(SECRET, &T.to_string(), BODY.as_bytes());
    let message = |header: String| refusal(&signature_only(&header)).to_string();
    assert_eq!(
        message(format!("v1={good}")),
        "the webhook delivery's `Anchor-Signature` header has no `t=<unix seconds>` part"
    );
    assert_eq!(
        message(format!("t={T}")),
        "the webhook delivery's `Anchor-Signature` header has no `v1=<hex signature>` part"
    );
    assert_eq!(
        message(format!("t=soon,v1={good}")),
        "the webhook delivery's `Anchor-Signature` header holds a timestamp that is not unix seconds in digits"
    );
    assert_eq!(
        message(format!("t={T},v1=zz")),
        "the webhook delivery's `Anchor-Signature` header has a `v1=` signature that is not hexadecimal"
    );
    assert_eq!(
        message(format!("t={T},v1={}", &good[..63])),
        "the webhook delivery's `Anchor-Signature` header has a `v1=` signature of 63 hex digits; an HMAC-SHA256 \
         signature has 64"
    );
    assert_eq!(
        message(format!("{T},{good}")),
        "the webhook delivery's `Anchor-Signature` header has a part without `=`; the form is `t=<unix \
         seconds>,v1=<hex signature>`"
    );
}

#[test]
fn an_anchor_timestamp_that_disagrees_is_malformed() {
    let mut headers = delivery(SECRET, T, BODY.as_bytes());
    headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(&(T + 1).to_string()).unwrap());
    let err = refusal(&headers);
    assert_eq!(
        err,
        WebhookError::MalformedHeader { name: "Anchor-Timestamp", problem: HeaderProblem::TimestampMismatch }
    );
    assert_eq!(
        err.to_string(),
        "the webhook delivery's `Anchor-Timestamp` header names another second than the `t=` of the \
         `Anchor-Signature` header"
    );
    headers.insert(TIMESTAMP_HEADER, HeaderValue::from_static("yesterday"));
    assert_eq!(
        refusal(&headers),
        WebhookError::MalformedHeader { name: TIMESTAMP_HEADER, problem: HeaderProblem::InvalidTimestamp }
    );
    // The same second, written with a leading zero, agrees.
    headers.insert(TIMESTAMP_HEADER, HeaderValue::from_str(&format!("0{T}")).unwrap());
    assert!(verifier().verify_at(&headers, BODY.as_bytes(), at(T)).is_ok());
}

#[test]
fn repeated_or_unreadable_headers_are_malformed() {
    let mut headers = delivery(SECRET, T, BODY.as_bytes());
    let value = headers.get(SIGNATURE_HEADER).unwrap().clone();
    headers.append(SIGNATURE_HEADER, value);
    assert_eq!(refusal(&headers), malformed(HeaderProblem::Repeated));

    let mut headers = delivery(SECRET, T, BODY.as_bytes());
    headers.append(TIMESTAMP_HEADER, HeaderValue::from_str(&T.to_string()).unwrap());
    assert_eq!(
        refusal(&headers),
        WebhookError::MalformedHeader { name: TIMESTAMP_HEADER, problem: HeaderProblem::Repeated }
    );

    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_bytes(b"t=1,v1=\xff").unwrap());
    assert_eq!(refusal(&headers), malformed(HeaderProblem::NotText));
}

#[test]
fn a_signed_body_that_is_not_a_json_object_is_malformed() {
    for (body, problem) in [
        ("not json", BodyProblem::NotJson { line: 1, column: 2 }),
        ("{\"id\":\n", BodyProblem::NotJson { line: 2, column: 0 }),
        ("[1,2]", BodyProblem::NotAnObject),
        ("\"text\"", BodyProblem::NotAnObject),
    ] {
        let headers = delivery(SECRET, T, body.as_bytes());
        let err = verifier().verify_at(&headers, body.as_bytes(), at(T)).unwrap_err();
        assert_eq!(err, WebhookError::MalformedBody { problem }, "{body:?}");
    }
    let headers = delivery(SECRET, T, b"[]");
    assert_eq!(
        verifier().verify_at(&headers, b"[]", at(T)).unwrap_err().to_string(),
        "the webhook delivery's body is JSON but not an object: pass the body as received"
    );
    // An object without `id` or `data` passes: the envelope is not typed.
    let headers = delivery(SECRET, T, b"{}");
    let event = verifier().verify_at(&headers, b"{}", at(T)).unwrap();
    assert_eq!((event.id(), event.data()), (None, None));
}

#[test]
fn an_empty_secret_is_refused() {
    let err: InvalidSecret = WebhookVerifier::new("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the webhook signing secret is empty: use the `secret` that `create_webhook` or `rotate_webhook_secret` \
         returned"
    );
    assert_eq!(verifier().with_previous_secret(b"").unwrap_err(), err);
    // Secrets are bytes: a long one works as any other.
    let long = "k".repeat(200);
    let v = WebhookVerifier::new(&long).unwrap();
    assert!(v.verify_at(&delivery(&long, T, BODY.as_bytes()), BODY.as_bytes(), at(T)).is_ok());
}

#[test]
fn neither_debug_nor_errors_show_a_secret() {
    let v = verifier().with_previous_secret(PREVIOUS).unwrap().with_tolerance(Duration::from_secs(90));
    assert_eq!(format!("{v:?}"), "WebhookVerifier { secrets: 2, tolerance: 90s }");
    assert_eq!(format!("{:?}", v.clone()), format!("{v:?}"));
    assert_eq!(format!("{v:#?}"), "WebhookVerifier {\n    secrets: 2,\n    tolerance: 90s,\n}");

    let good = delivery(SECRET, T, BODY.as_bytes());
    let errors = [
        v.verify_at(&good, b"{}", at(T)).unwrap_err(),
        v.verify_at(&good, BODY.as_bytes(), at(T + 600)).unwrap_err(),
        v.verify_at(&good, BODY.as_bytes(), at(T - 600)).unwrap_err(),
        v.verify_at(&HeaderMap::new(), BODY.as_bytes(), at(T)).unwrap_err(),
        v.verify_at(&signature_only("t=1"), BODY.as_bytes(), at(T)).unwrap_err(),
        v.verify_at(&delivery(SECRET, T, b"[]"), b"[]", at(T)).unwrap_err(),
    ];
    let invalid = WebhookVerifier::new("").unwrap_err();
    let mut shown: Vec<String> = errors.iter().flat_map(|e| [format!("{e:?}"), e.to_string()]).collect();
    shown.extend([format!("{invalid:?}"), invalid.to_string()]);
    assert_eq!(shown.len(), 14);
    for text in &shown {
        for secret in [SECRET, PREVIOUS, "whsec"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

// The example receiver, on a loopback port.

/// The example's `serve` on a free loopback port; its base URL.
async fn start_receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let verifier = WebhookVerifier::new(SECRET).unwrap().with_previous_secret(PREVIOUS).unwrap();
    tokio::spawn(receiver::serve(listener, Arc::new(verifier)));
    format!("http://{address}/anchor/webhooks")
}

/// Posts `body` with `headers`; the status and the answer's text.
async fn post(url: &str, headers: HeaderMap, body: &str) -> (u16, String) {
    let response = reqwest::Client::new().post(url).headers(headers).body(body.to_owned()).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_example_receiver_accepts_signed_deliveries_and_refuses_the_rest() {
    let url = start_receiver().await;
    let now = Utc::now().timestamp();

    let (status, text) = post(&url, delivery(SECRET, now, BODY.as_bytes()), BODY).await;
    assert_eq!((status, text.as_str()), (200, "ok\n"));
    // Signed with the secret a rotation replaced.
    assert_eq!(post(&url, delivery(PREVIOUS, now, BODY.as_bytes()), BODY).await.0, 200);

    let tampered = BODY.replace("completed", "failed");
    let (status, text) = post(&url, delivery(SECRET, now, BODY.as_bytes()), &tampered).await;
    assert_eq!(status, 401);
    assert_eq!(text, format!("{}\n", WebhookError::BadSignature { secrets: 2 }));

    let (status, text) = post(&url, delivery(SECRET, now - 600, BODY.as_bytes()), BODY).await;
    assert_eq!(status, 400);
    // 600 s, or 601 when a second ended between signing and checking.
    let stale =
        |age| format!("{}\n", WebhookError::Stale { age: Duration::from_secs(age), tolerance: DEFAULT_TOLERANCE });
    assert!(text == stale(600) || text == stale(601), "{text}");

    let (status, text) = post(&url, HeaderMap::new(), BODY).await;
    assert_eq!(status, 400);
    assert_eq!(text, format!("{}\n", WebhookError::MissingHeader { name: SIGNATURE_HEADER }));

    let response = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);

    // Too large a body is refused before any check.
    let huge = "x".repeat(receiver::MAX_BODY_BYTES + 1);
    assert_eq!(post(&url, delivery(SECRET, now, huge.as_bytes()), &huge).await.0, 413);
}

#[tokio::test]
async fn the_example_receiver_never_answers_with_a_secret() {
    let url = start_receiver().await;
    let now = Utc::now().timestamp();
    let mut answers = Vec::new();
    for (headers, body) in [
        (delivery("whsec_someone_else", now, BODY.as_bytes()), BODY),
        (delivery(SECRET, now + 600, BODY.as_bytes()), BODY),
        (signature_only("t=x,v1=00"), BODY),
        (delivery(SECRET, now, b"[]"), "[]"),
    ] {
        let (status, text) = post(&url, headers, body).await;
        assert!((400..500).contains(&status), "{status} {text}");
        answers.push(text);
    }
    assert_eq!(answers.len(), 4);
    for text in answers {
        assert!(!text.contains(SECRET) && !text.contains(PREVIOUS) && !text.contains("whsec"), "{text}");
    }
}
