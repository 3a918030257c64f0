//! Retries, timeouts, transport failures, large and unexpected bodies, redaction and tracing,
//! against an in-process loopback HTTP server (or a bare socket where a server must misbehave).

use anchor_api::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-live-super-secret-key";
const PASSWORD: &str = "hunter2-proxy-password";
const OK_BODY: &str = r#"{"data":{"id":"sess-1","cdp_url":"wss://c/1","live_view_url":"https://l/1"}}"#;

fn builder(base: &str) -> ClientBuilder {
    Client::builder(KEY).base_url(base).allow_http(true)
}

/// Fast retries, so tests do not sleep through the default backoff.
fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::attempts(attempts).backoff(Duration::from_millis(10), Duration::from_millis(40))
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json")
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_raw(r#"{"error":{"code":0,"message":"busy"}}"#, "application/json")
}

/// A request carrying a proxy password.
fn request_with_password() -> SessionCreateRequestSchema {
    let proxy = CustomProxy::new("proxy.example:8080", "user", PASSWORD, true);
    SessionCreateRequestSchema::default().with_session(SessionConfig::default().with_proxy(proxy))
}

/// Answers each request with the next of `responses`, in order.
async fn server_answering(responses: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    let n = responses.len() as u64;
    for (i, r) in responses.into_iter().enumerate() {
        // Each mock serves one request, in priority order.
        Mock::given(method("POST")).respond_with(r).up_to_n_times(1).with_priority(i as u8 + 1).mount(&server).await;
    }
    assert!(n > 0);
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn service_unavailable_twice_then_success_with_retries_on() {
    let server = server_answering(vec![status(503), status(503), ok()]).await;
    let client = builder(&server.uri()).retry(quick_retries(3)).build().unwrap();
    let response = client.start_browser_session().await.unwrap();
    assert_eq!(response.data.unwrap().id.as_deref(), Some("sess-1"));
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn retries_are_off_by_default() {
    let server = server_answering(vec![status(503), ok()]).await;
    let client = builder(&server.uri()).build().unwrap();
    let err = client.start_browser_session().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn attempts_run_out_and_the_last_answer_is_returned() {
    let server = server_answering(vec![status(503), status(503), status(503), ok()]).await;
    let client = builder(&server.uri()).retry(quick_retries(3)).build().unwrap();
    let err = client.start_browser_session().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn too_many_requests_waits_as_long_as_retry_after_says() {
    let server = server_answering(vec![status(429).insert_header("retry-after", "1"), ok()]).await;
    // A backoff far shorter than a second shows the wait came from the header.
    let client = builder(&server.uri()).retry(quick_retries(2)).build().unwrap();
    let started = Instant::now();
    client.start_browser_session().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_post_is_not_resent_after_a_500_unless_opted_in() {
    let server = server_answering(vec![status(500), ok()]).await;
    let client = builder(&server.uri()).retry(quick_retries(3)).build().unwrap();
    assert_eq!(client.start_browser_session().await.unwrap_err().status(), Some(500));
    assert_eq!(received(&server).await, 1);

    let server = server_answering(vec![status(500), ok()]).await;
    let client = builder(&server.uri()).retry(quick_retries(3).resend_non_idempotent(true)).build().unwrap();
    client.start_browser_session().await.unwrap();
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_post_whose_response_times_out_is_sent_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok().set_delay(Duration::from_secs(3))).expect(1).mount(&server).await;
    let client = builder(&server.uri()).retry(quick_retries(3)).build().unwrap();
    let err = client.with_timeout(Duration::from_millis(300)).start_browser_session().await.unwrap_err();
    let Error::Timeout { limit, .. } = &err else { panic!("{err:?}") };
    assert_eq!(*limit, Duration::from_millis(300));
    assert!(err.is_retryable());
    assert!(err.to_string().starts_with("no complete response within 0.3s (set a longer timeout"), "{err}");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn the_client_timeout_applies_without_a_per_call_override() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok().set_delay(Duration::from_secs(3))).mount(&server).await;
    let client = builder(&server.uri()).timeout(Duration::from_millis(200)).build().unwrap();
    let err = client.start_browser_session().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_millis(200)), "{err:?}");
}

/// A loopback address nothing listens on.
fn refused_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

#[tokio::test]
async fn connection_refused_is_a_connect_error_and_retried_even_for_post() {
    let base = refused_address();
    let logs = capture_logs();
    let client = builder(&base).retry(quick_retries(3)).build().unwrap();
    let err = client.start_browser_session().await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_retryable());
    assert!(err.to_string().starts_with("cannot connect; check the base URL and the network: "), "{err}");
    assert!(err.to_string().to_lowercase().contains("refused"), "the cause is shown: {err}");
    let logs = logs.text();
    assert_eq!(logs.matches("retrying").count(), 2, "two retries after the first attempt:\n{logs}");
}

/// A server that reads the request and closes the connection without answering.
async fn hang_up_server() -> (String, Arc<Mutex<usize>>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            *count.lock().unwrap() += 1;
            let mut buf = vec![0; 65536];
            let _ = socket.read(&mut buf).await;
            drop(socket);
        }
    });
    (format!("http://{address}"), accepted)
}

#[tokio::test]
async fn a_post_cut_off_after_sending_is_a_transport_error_sent_once() {
    let (base, accepted) = hang_up_server().await;
    let client = builder(&base).retry(quick_retries(3)).build().unwrap();
    let err = client.start_browser_session().body(&request_with_password()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.to_string().starts_with("the request failed in transit: "), "{err}");
    assert_eq!(*accepted.lock().unwrap(), 1, "a POST the server may have seen is not re-sent");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_an_excerpt() {
    let server =
        server_answering(vec![ResponseTemplate::new(200).set_body_raw("{\"data\": {", "application/json")]).await;
    let err = builder(&server.uri()).build().unwrap().start_browser_session().await.unwrap_err();
    let Error::Decode { status, message, excerpt } = &err else { panic!("{err:?}") };
    assert_eq!((*status, excerpt.as_str()), (200, "{\"data\": {"));
    assert!(message.contains("EOF while parsing"), "{message}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_very_large_body_gives_short_messages() {
    let huge = format!("{{\"data\":{{\"id\":\"{}\"", "x".repeat(8 << 20)); // 8 MiB, cut off
    let size = huge.len();
    let server = server_answering(vec![
        ResponseTemplate::new(200).set_body_raw(huge.clone(), "application/json"),
        ResponseTemplate::new(500).set_body_raw(huge, "text/plain"),
    ])
    .await;
    let client = builder(&server.uri()).build().unwrap();
    for _ in 0..2 {
        let err = client.start_browser_session().await.unwrap_err();
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert!(display.len() < 1000, "Display is {} bytes", display.len());
        assert!(debug.len() < 1000, "Debug is {} bytes", debug.len());
        if let Error::Api(e) = &err {
            // An error body keeps its first 64 KiB, not the whole 8 MiB.
            assert!(size > 65536);
            assert_eq!(e.raw.len(), 65536, "the start of the error body is kept");
            assert!(debug.contains("65536 bytes"), "{debug}");
        }
    }
}

#[tokio::test]
async fn unknown_fields_in_a_success_body_are_ignored() {
    let body = r#"{"data":{"id":"s","cdp_url":"wss://c","future_field":{"nested":[1,2]}},"meta":{"new":true}}"#;
    let server = server_answering(vec![ResponseTemplate::new(200).set_body_raw(body, "application/json")]).await;
    let response = builder(&server.uri()).build().unwrap().start_browser_session().await.unwrap();
    assert_eq!(response.data.unwrap().id.as_deref(), Some("s"));
    // Unknown enum values in responses: this operation's response has no enum; the rule
    // (open `Unknown(String)` variant) is shown in generator/golden/tests/rules.rs.
}

#[tokio::test]
async fn user_agent_and_extra_headers_are_sent() {
    let server = server_answering(vec![ok()]).await;
    let client = builder(&server.uri()).user_agent("my-agent/2").header("x-team", "crawlers").build().unwrap();
    client.start_browser_session().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.headers.get("user-agent").unwrap(), "my-agent/2");
    assert_eq!(request.headers.get("x-team").unwrap(), "crawlers");
    assert_eq!(request.headers.get("anchor-api-key").unwrap(), KEY);
}

#[tokio::test]
async fn a_redirect_is_not_followed_so_the_key_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok()).expect(0).mount(&elsewhere).await;
    let server = server_answering(vec![
        ResponseTemplate::new(307).insert_header("location", format!("{}/v1/sessions", elsewhere.uri()).as_str())
    ])
    .await;
    let err = builder(&server.uri()).build().unwrap().start_browser_session().await.unwrap_err();
    assert_eq!(err.status(), Some(307));
}

/// Every error variant the client can return, plus configuration errors.
async fn every_error() -> Vec<String> {
    let mut errors: Vec<Box<dyn std::fmt::Debug>> = Vec::new();
    let mut texts = Vec::new();
    let request = request_with_password();
    let server = server_answering(vec![
        status(400),
        ResponseTemplate::new(200).set_body_raw("not json", "application/json"),
        ok().set_delay(Duration::from_secs(3)),
    ])
    .await;
    let client = builder(&server.uri()).validate_requests(false).build().unwrap();
    for _ in 0..2 {
        let e = client.start_browser_session().body(&request).await.unwrap_err();
        texts.push(e.to_string());
        errors.push(Box::new(e));
    }
    let e = client.with_timeout(Duration::from_millis(100)).start_browser_session().body(&request).await.unwrap_err();
    texts.push(e.to_string());
    errors.push(Box::new(e));
    let e = builder(&refused_address()).build().unwrap().start_browser_session().body(&request).await.unwrap_err();
    texts.push(e.to_string());
    errors.push(Box::new(e));
    let (base, _) = hang_up_server().await;
    let e = builder(&base).build().unwrap().start_browser_session().body(&request).await.unwrap_err();
    texts.push(e.to_string());
    errors.push(Box::new(e));
    let mut invalid = request.clone();
    invalid.browser =
        Some(BrowserConfig::default().with_captcha_solver(BrowserConfigCaptchaSolver::default().with_active(true)));
    if let Some(ProxyConfig::Custom(p)) = invalid.session.as_mut().and_then(|s| s.proxy.as_mut()) {
        p.active = false;
    }
    let e = builder(&server.uri()).build().unwrap().start_browser_session().body(&invalid).await.unwrap_err();
    texts.push(e.to_string());
    errors.push(Box::new(e));
    for bad in [Client::builder(format!("{KEY}\n")).build(), Client::builder(KEY).base_url("http://x").build()] {
        let e = bad.unwrap_err();
        texts.push(e.to_string());
        errors.push(Box::new(e));
    }
    texts.extend(errors.iter().map(|e| format!("{e:?}")));
    texts
}

#[tokio::test]
async fn no_key_or_password_in_any_debug_or_display() {
    let request = request_with_password();
    let client = builder("http://127.0.0.1:1").retry(quick_retries(2)).build().unwrap();
    let mut texts = vec![
        format!("{client:?}"),
        format!("{:?}", Client::builder(KEY)),
        format!("{request:?}"),
        format!("{:#?}", request),
    ];
    let errors = every_error().await;
    assert_eq!(errors.len(), 16, "each of 8 errors, displayed and debugged");
    for kind in ["Api", "Decode", "Timeout", "Connect", "Transport", "Validation", "Config"] {
        assert!(errors.iter().any(|e| e.starts_with(kind)), "no {kind} error among {errors:#?}");
    }
    texts.extend(errors);
    for text in &texts {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(!text.contains(PASSWORD), "password leaked: {text}");
    }
    assert!(texts[0].contains("<redacted>") && texts[2].contains("<redacted>"));
}

/// Log lines of the current test, at `info` and above, from the `tracing` events in it.
struct Logs(Arc<Mutex<Vec<u8>>>, #[allow(dead_code)] tracing::subscriber::DefaultGuard);

impl Logs {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn capture_logs() -> Logs {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || Writer(writer.clone()))
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    Logs(buffer, tracing::subscriber::set_default(subscriber))
}

struct Writer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_request_has_a_span_with_method_path_status_attempts_and_elapsed_time() {
    let server = server_answering(vec![status(503), ok()]).await;
    let logs = capture_logs();
    let client = builder(&server.uri()).retry(quick_retries(2)).build().unwrap();
    client.start_browser_session().body(&request_with_password()).await.unwrap();
    let text = logs.text();
    let close = text
        .lines()
        .find(|l| l.contains("close") && !l.contains("attempt{"))
        .unwrap_or_else(|| panic!("no span close in:\n{text}"));
    for field in ["http_request", "method=POST", "path=\"/v1/sessions\"", "attempts=2", "status=200", "elapsed_ms="] {
        assert!(close.contains(field), "{field} missing from {close}");
    }
    // Each attempt is a span of its own, with one `attempt` field.
    assert!(text.contains("attempt{attempt=2}") && !text.contains("attempt=1 attempt=2"), "{text}");
    assert!(text.contains("retrying") && text.contains("outcome=503"), "{text}");
    assert!(!text.contains(KEY) && !text.contains(PASSWORD), "{text}");
}
