//! Hooks on the wire: what a hook adds goes out on every attempt, a refreshed token re-sends a
//! 401 once and only a 401, and a failing hook fails the call with nothing sent.

use golden::parameters::Client;
use golden::runtime::hooks::BoxFuture;
use golden::runtime::{AfterResponse, Error, Hook, HookError, IncomingResponse, OutgoingRequest, RetryPolicy};
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::Method;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, "application/json")
}

fn client(server: &MockServer, hook: impl Hook) -> Client {
    Client::builder().base_url(server.uri()).allow_http(true).hook(hook).build().unwrap()
}

/// Each request's value of header `name`, in the order the server received them.
async fn values(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let received: Vec<Request> = server.received_requests().await.unwrap();
    received.iter().map(|r| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned())).collect()
}

/// FNV-1a, 64 bits: a stand-in for a real signature, over what a signer would cover.
fn signature(method: &str, path: &str, body: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in method.bytes().chain([b' ']).chain(path.bytes()).chain([b'\n']).chain(body.iter().copied()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Signs each attempt with method, path and body, and notes the attempts it saw.
#[derive(Clone, Default)]
struct Signer {
    attempts: Arc<Mutex<Vec<u32>>>,
}

impl Hook for Signer {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            self.attempts.lock().unwrap().push(request.attempt());
            let body = request.body().ok_or_else(|| HookError::new("no body bytes to sign"))?;
            let signed = signature(request.method().as_str(), request.url().path(), body);
            request.headers_mut().insert("x-signature", HeaderValue::from_str(&signed).unwrap());
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_hooks_header_goes_out_on_every_attempt_with_the_attempts_number() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ok()).mount(&server).await;
    let signer = Signer::default();
    let client = client(&server, signer.clone())
        .with_retry(RetryPolicy::attempts(3).backoff(Duration::from_millis(1), Duration::from_millis(1)));
    let answer = client.get_part("a", 1, 0).await.unwrap();
    assert_eq!(answer.ok, Some(true));
    assert_eq!(*signer.attempts.lock().unwrap(), [1, 2]);
    let expected = signature("GET", "/items/a/parts/1", b"");
    assert_eq!(values(&server, "x-signature").await, [Some(expected.clone()), Some(expected)]);
}

#[tokio::test]
async fn a_signature_covers_a_post_body_and_closures_are_hooks_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let noted = seen.clone();
    let client: Client = Client::builder()
        .base_url(server.uri())
        .allow_http(true)
        .hook(Signer::default())
        .on_request(move |request| {
            // The earlier hook's header is there; the body is the JSON sent.
            let signed = request.headers()["x-signature"].to_str().unwrap().to_owned();
            request.headers_mut().insert("x-trace-id", HeaderValue::from_static("t-1"));
            noted.lock().unwrap().push(format!(
                "{} {}",
                signed.len(),
                String::from_utf8_lossy(request.body().unwrap())
            ));
            Ok(())
        })
        .on_response(move |response| {
            assert_eq!(
                (response.status(), response.method(), response.path_template()),
                (200, &Method::POST, "(call)")
            );
            Ok(AfterResponse::Keep)
        })
        .build()
        .unwrap();
    let body = serde_json::json!({"name": "x"});
    let _: serde_json::Value = client.call(Method::POST, "/things", &[], Some(&body)).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), ["16 {\"name\":\"x\"}"]);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers["x-signature"], signature("POST", "/things", br#"{"name":"x"}"#).as_str());
    assert_eq!(received[0].headers["x-trace-id"], "t-1");
    assert_eq!(received[0].headers["content-type"], "application/json");
}

/// Sends `Authorization: Bearer <token>`; on a 401 it refreshes the token (to `new`) and asks
/// for the request again, when `resend` is set.
#[derive(Clone)]
struct Refresher {
    token: Arc<Mutex<String>>,
    resend: bool,
    /// What `on_response` saw: status, attempt and whether a re-send would be honoured.
    seen: Arc<Mutex<Vec<(u16, u32, bool)>>>,
}

impl Refresher {
    fn new(resend: bool) -> Self {
        Refresher { token: Arc::new(Mutex::new("old".into())), resend, seen: Arc::default() }
    }
}

impl Hook for Refresher {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        Box::pin(async move {
            let value = format!("Bearer {}", self.token.lock().unwrap());
            request.headers_mut().insert(AUTHORIZATION, HeaderValue::from_str(&value).unwrap());
            Ok(())
        })
    }

    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        Box::pin(async move {
            self.seen.lock().unwrap().push((response.status(), response.attempt(), response.resend_allowed()));
            if !self.resend || response.status() < 400 {
                return Ok(AfterResponse::Keep);
            }
            // A real hook would ask its token endpoint here; the wait is what makes it async.
            tokio::task::yield_now().await;
            *self.token.lock().unwrap() = "new".into();
            Ok(AfterResponse::Resend)
        })
    }
}

/// A server refusing `Bearer old` with 401 and answering `Bearer new` with `new_answers`.
async fn refusing_old_tokens(new_answers: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer old")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    Mock::given(header("authorization", "Bearer new")).respond_with(new_answers).mount(&server).await;
    server
}

fn bearer(token: &str) -> Option<String> {
    Some(format!("Bearer {token}"))
}

#[tokio::test]
async fn a_401_is_sent_again_once_with_the_refreshed_token_when_a_hook_asks() {
    let server = refusing_old_tokens(ok()).await;
    let hook = Refresher::new(true);
    let answer = client(&server, hook.clone()).get_part("a", 1, 0).await.unwrap();
    assert_eq!(answer.ok, Some(true));
    assert_eq!(values(&server, "authorization").await, [bearer("old"), bearer("new")]);
    assert_eq!(*hook.seen.lock().unwrap(), [(401, 1, true), (200, 2, false)]);
}

#[tokio::test]
async fn a_401_is_returned_with_one_request_when_no_hook_asks() {
    let server = refusing_old_tokens(ok()).await;
    let hook = Refresher::new(false);
    let err = client(&server, hook.clone()).get_part("a", 1, 0).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(values(&server, "authorization").await, [bearer("old")]);
    assert_eq!(*hook.seen.lock().unwrap(), [(401, 1, true)]);
}

#[tokio::test]
async fn a_second_401_after_the_resend_is_returned_without_a_third_request() {
    let server = refusing_old_tokens(ResponseTemplate::new(401)).await;
    let hook = Refresher::new(true);
    let err = client(&server, hook.clone()).get_part("a", 1, 0).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(values(&server, "authorization").await, [bearer("old"), bearer("new")]);
    assert_eq!(*hook.seen.lock().unwrap(), [(401, 1, true), (401, 2, false)]);
}

#[tokio::test]
async fn a_hook_cannot_have_a_post_answered_500_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let hook = Refresher::new(true);
    // Retries allowed, but not of a POST the server may have acted on.
    let client = client(&server, hook.clone())
        .with_retry(RetryPolicy::attempts(3).backoff(Duration::from_millis(1), Duration::from_millis(1)));
    let body = serde_json::json!({"charge": 1});
    let err = client.call::<serde_json::Value>(Method::POST, "/charges", &[], Some(&body)).await.unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert_eq!(*hook.seen.lock().unwrap(), [(500, 1, false)]);
}

#[tokio::test]
async fn a_hook_failing_before_sending_fails_the_call_with_nothing_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok()).mount(&server).await;
    let client: Client = Client::builder()
        .base_url(server.uri())
        .allow_http(true)
        .on_request(|_| Ok(()))
        .on_request(|_| Err(HookError::new("the token store is locked")))
        .build()
        .unwrap();
    let err = client.get_part("a", 1, 0).await.unwrap_err();
    assert_eq!(err.to_string(), "hook 2 failed in on_request, so attempt 1 was not sent: the token store is locked");
    assert!(matches!(err, Error::Hook { hook: 2, attempt: 1, .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_hook_failing_on_the_answer_fails_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok()).mount(&server).await;
    let cause = std::io::Error::other("token endpoint unreachable");
    let cause = Arc::new(Mutex::new(Some(cause)));
    let client: Client = Client::builder()
        .base_url(server.uri())
        .allow_http(true)
        .on_response(move |_| {
            let source = cause.lock().unwrap().take().unwrap();
            Err(HookError::with_source("cannot refresh the token", source))
        })
        .build()
        .unwrap();
    let err = client.get_part("a", 1, 0).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "hook 1 failed in on_response to the 200 answer of attempt 1: cannot refresh the token"
    );
    let source = std::error::Error::source(&err).and_then(std::error::Error::source).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("token endpoint unreachable"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_hook_cannot_change_the_headers_the_request_decides() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok()).mount(&server).await;
    let client: Client = Client::builder()
        .base_url(server.uri())
        .allow_http(true)
        .on_request(|request| {
            request.headers_mut().insert("content-type", HeaderValue::from_static("text/plain"));
            Ok(())
        })
        .build()
        .unwrap();
    let body = serde_json::json!({});
    let err = client.call::<serde_json::Value>(Method::POST, "/things", &[], Some(&body)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "hook 1 failed in on_request, so attempt 1 was not sent: it changed the `content-type` header, which the request itself decides"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn debug_of_a_client_with_hooks_shows_their_count_and_their_headers_still_go_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok()).mount(&server).await;
    let builder =
        Client::builder().base_url(server.uri()).allow_http(true).hook(Refresher::new(true)).on_request(|request| {
            request.headers_mut().insert("x-secret", HeaderValue::from_static("s3cr3t-value"));
            Ok(())
        });
    let shown = format!("{builder:?}");
    assert!(shown.contains("hooks: 2") && !shown.contains("old") && !shown.contains("s3cr3t"), "{shown}");
    let client = builder.build().unwrap();
    client.get_part("a", 1, 0).await.unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("hooks: 2") && !shown.contains("Bearer") && !shown.contains("s3cr3t"), "{shown}");
    assert_eq!(values(&server, "x-secret").await, [Some("s3cr3t-value".to_owned())]);
}
