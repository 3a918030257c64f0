//! A broken or hostile server cannot hurt the client: each case is a loopback server in one
//! mode, and asserts what the caller gets and how many requests the server saw.

mod server;

use oapi_runtime::{Client, ClientBuilder, Credentials, Error, Place, RetryPolicy, Scheme, Security, Settings};
use reqwest::Method;
use serde_json::Value;
use server::{response, start, Reply};
use std::time::{Duration, Instant};

static SETTINGS: Settings = Settings {
    base_url: "https://api.test",
    key_vars: &["TEST_KEY"],
    base_url_var: None,
    user_agent: "hostile-test/1",
    schemes: &[Scheme { name: "key", place: Place::Header("x-key"), var: "TEST_KEY", setter: "api_key" }],
    security: Security(&[&[0]]),
    key_optional: false,
};

const KEY: &str = "sk-secret-123";

fn builder(base: &str) -> ClientBuilder {
    ClientBuilder::new(&SETTINGS, Credentials::new(&SETTINGS).with(0, KEY.to_owned())).base_url(base).allow_http(true)
}

async fn get(client: &Client, path: &str) -> Result<Value, Error<Value>> {
    client.call(Method::GET, path, &[], None).await
}

async fn post(client: &Client, path: &str) -> Result<Value, Error<Value>> {
    client.call(Method::POST, path, &[], Some(&serde_json::json!({"name": "x"}))).await
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_gets_no_key() {
    let elsewhere = start(|_, _| Reply::Raw(response(200, &[], b"{\"stolen\":true}"))).await;
    let target = format!("{}/collect", elsewhere.base);
    for status in [301, 302, 303, 307, 308] {
        let location = target.clone();
        let origin = start(move |_, _| Reply::Raw(response(status, &[("location", &location)], b""))).await;
        // Even a user who asks for redirects to be followed does not get them.
        let client = builder(&origin.base)
            .configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
            .build()
            .unwrap();
        for result in [get(&client, "/v1/items").await, post(&client, "/v1/items").await] {
            let err = result.unwrap_err();
            let Error::Api(e) = &err else { panic!("{status}: {err:?}") };
            assert_eq!(e.status, status);
            assert_eq!(e.headers["location"], target.as_str());
        }
        let seen = origin.seen();
        assert_eq!(seen.iter().map(|s| s.method.as_str()).collect::<Vec<_>>(), ["GET", "POST"], "{status}");
        assert_eq!(seen[0].header("x-key"), Some(KEY));
    }
    assert!(elsewhere.seen().is_empty(), "the other origin saw {:?}", elsewhere.seen());
}

#[tokio::test]
async fn configure_http_keeps_the_headers_and_timeouts_set_on_the_builder() {
    let server = start(|_, _| Reply::Raw(response(200, &[], b"{}"))).await;
    let client = builder(&server.base)
        .header("x-tenant", "t1")
        .configure_http(|http| http.pool_max_idle_per_host(1))
        .build()
        .unwrap();
    get(&client, "/v1/items").await.unwrap();
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.header("x-tenant"), seen.header("user-agent"), seen.header("x-key")),
        (Some("t1"), Some("hostile-test/1"), Some(KEY))
    );
}

#[tokio::test]
async fn paths_are_joined_to_a_base_with_a_prefix() {
    let server = start(|_, _| Reply::Raw(response(200, &[], b"{}"))).await;
    let client = builder(&format!("{}/api/", server.base)).build().unwrap();
    client.call::<Value>(Method::GET, "/v1/items", &[("q", "a b&c")], None).await.unwrap();
    assert_eq!(server.seen()[0].target, "/api/v1/items?q=a%20b%26c");
    let err = builder(&format!("{}/api?tenant=1", server.base)).build().unwrap_err();
    assert!(err.to_string().contains("has a query or fragment"), "{err}");
}

#[tokio::test]
async fn server_text_in_errors_is_escaped_and_bounded() {
    let body = format!("\u{1b}[2J\u{1b}]0;pwned\u{7}\nINFO forged log line\r\n{}", "x".repeat(100_000));
    let server = start(move |_, _| Reply::Raw(response(400, &[("x-request-id", "id\tx")], body.as_bytes()))).await;
    let err = get(&builder(&server.base).build().unwrap(), "/v1/items").await.unwrap_err();
    let text = err.to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
    assert!(text.starts_with("the server answered 400 Bad Request: \\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\nINFO"), "{text}");
    assert!(text.len() < 400, "{} characters", text.len());
}

#[tokio::test]
async fn server_text_quoted_in_a_decode_error_is_escaped() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    enum State {
        Running,
    }
    let server = start(|_, _| Reply::Raw(response(200, &[], b"\"\\u001b[2J\\nINFO forged\""))).await;
    let client = builder(&server.base).build().unwrap();
    let err = client.call::<State>(Method::GET, "/v1/state", &[], None).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let text = err.to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
    assert!(text.starts_with("cannot decode the 200 response: unknown variant `\\u{1b}[2J\\nINFO forged`"), "{text}");
}

#[tokio::test]
async fn a_json_body_with_trailing_garbage_is_a_decode_error() {
    let server = start(|_, _| Reply::Raw(response(200, &[], b"{\"id\":\"1\"}<html>oops</html>"))).await;
    let err = get(&builder(&server.base).build().unwrap(), "/v1/items").await.unwrap_err();
    let Error::Decode { status, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(
        (*status, message.as_str()),
        (200, "data after the JSON value: trailing characters at line 1 column 11")
    );
}

#[tokio::test]
async fn a_password_in_the_base_url_is_not_printed() {
    let server = start(|_, _| Reply::Raw(response(500, &[], b"{\"error\":\"boom\"}"))).await;
    let base = server.base.replace("http://", "http://user:hunter2@");
    let client = builder(&base).build().unwrap();
    let err = get(&client, "/v1/items").await.unwrap_err();
    let text = format!("{err} {err:?} {client:?}");
    assert!(!text.contains("hunter2") && !text.contains(KEY), "{text}");
}

#[tokio::test]
async fn a_server_wait_longer_than_the_policy_allows_is_returned_not_waited_for() {
    let server =
        start(|_, _| Reply::Raw(response(429, &[("retry-after", "86400")], b"{\"error\":\"slow down\"}"))).await;
    let client = builder(&server.base).retry(RetryPolicy::attempts(5)).build().unwrap();
    let started = Instant::now();
    let err = get(&client, "/v1/items").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(30), "it waited {:?}", started.elapsed());
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(86400)));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_zero_or_past_server_wait_still_waits_the_first_backoff() {
    let past = httpdate::fmt_http_date(std::time::SystemTime::now() - Duration::from_secs(3600));
    for wait in ["0".to_owned(), past] {
        let answer = wait.clone();
        let server = start(move |_, _| Reply::Raw(response(503, &[("retry-after", &answer)], b""))).await;
        let policy = RetryPolicy::attempts(4).backoff(Duration::from_millis(100), Duration::from_secs(1));
        let client = builder(&server.base).retry(policy).build().unwrap();
        let started = Instant::now();
        let err = get(&client, "/v1/items").await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(server.seen().len(), 4, "{wait}");
        // Three waits of at least the first backoff each, not a burst.
        assert!(started.elapsed() >= Duration::from_millis(300), "{wait}: {:?}", started.elapsed());
    }
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call() {
    // A server that never answers: the attempt is cut at the deadline, well before the timeout.
    let server = start(|_, _| Reply::Stall).await;
    let policy = RetryPolicy::attempts(5).deadline(Duration::from_millis(300));
    let client = builder(&server.base).timeout(Duration::from_secs(60)).retry(policy).build().unwrap();
    let started = Instant::now();
    let err = get(&client, "/v1/items").await.unwrap_err();
    assert!(matches!(err, Error::Deadline { limit } if limit == Duration::from_millis(300)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(
        err.to_string(),
        "the call's deadline of 0.3s passed before a complete response (set with `RetryPolicy::deadline`)"
    );
    // A retry whose wait would pass the deadline is not made: the last answer is returned.
    let server = start(|_, _| Reply::Raw(response(503, &[("retry-after", "1")], b""))).await;
    let policy = RetryPolicy::attempts(5).deadline(Duration::from_millis(1500));
    let client = builder(&server.base).retry(policy).build().unwrap();
    let err = get(&client, "/v1/items").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.seen().len(), 2, "attempts at 0 s and 1 s; a third would start at 2 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_calls_queues_within_the_cap_on_requests_in_flight() {
    assert_eq!(oapi_runtime::DEFAULT_MAX_CONCURRENT_REQUESTS, 64);
    for cap in [64, 8] {
        let server =
            start(|_, _| Reply::Delayed(Duration::from_millis(20), response(200, &[], b"{\"ok\":true}"))).await;
        let client = match cap {
            64 => builder(&server.base).build().unwrap(),
            _ => builder(&server.base).max_concurrent_requests(cap).build().unwrap(),
        };
        let calls = (0..500).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get(&client, "/v1/items").await })
        });
        for call in calls.collect::<Vec<_>>() {
            assert_eq!(call.await.unwrap().unwrap(), serde_json::json!({"ok": true}));
        }
        assert_eq!(server.seen().len(), 500);
        // Without a cap, 500 calls had about 430 connections open at once.
        assert!(server.peak_in_flight() <= cap, "cap {cap}: {} at once", server.peak_in_flight());
    }
    let err = builder("http://127.0.0.1:9").max_concurrent_requests(0).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: max_concurrent_requests is 0, which would let no request through"
    );
}

#[tokio::test]
async fn a_status_past_599_is_final_and_said_to_be_no_http_status() {
    let server = start(|_, _| Reply::Raw(response(999, &[], b"{\"odd\":true}"))).await;
    let client = builder(&server.base).retry(RetryPolicy::attempts(3)).build().unwrap();
    let err = get(&client, "/v1/items").await.unwrap_err();
    assert_eq!(err.status(), Some(999));
    assert!(!err.is_retryable(), "{err:?}");
    assert_eq!(server.seen().len(), 1, "a status past 599 was sent again");
    let text = err.to_string();
    assert!(text.starts_with("the server answered 999, which is not a valid HTTP status (100-599)"), "{text}");
    // A valid status without a standard reason reads as the number alone, with no dangling space.
    let unnamed = start(|_, _| Reply::Raw(response(599, &[], b""))).await;
    let client = builder(&unnamed.base).build().unwrap();
    assert_eq!(get(&client, "/v1/items").await.unwrap_err().to_string(), "the server answered 599");
}

#[test]
fn a_header_that_a_credential_sends_is_refused_at_build() {
    for name in ["x-key", "X-Key", " x-key "] {
        let err = builder("https://api.test").header(name, "other-key").build().unwrap_err();
        let Error::Config(message) = &err else { panic!("{name}: {err:?}") };
        assert_eq!(
            message,
            &format!(
                "header {name:?} carries the credential of the `key` security scheme; set it with `api_key`, not `ClientBuilder::header`"
            ),
        );
        assert!(!format!("{err} {err:?}").contains("other-key"), "{err:?}");
    }
    static BEARER: Settings = Settings {
        schemes: &[Scheme { name: "token", place: Place::Bearer, var: "TEST_TOKEN", setter: "Client::new" }],
        ..SETTINGS
    };
    let bearer = || ClientBuilder::<Client>::new(&BEARER, Credentials::new(&BEARER).with(0, KEY.to_owned()));
    let err = bearer().header("Authorization", "Bearer other").build().unwrap_err();
    assert!(err.to_string().contains("`token` security scheme; set it with `Client::new`"), "{err}");
    // Headers no scheme sends still go out.
    assert!(bearer().header("x-trace", "1").build().is_ok());
}

/// What the client logs, at `debug` and above, while `f` runs on this thread.
async fn logs_of<F: std::future::Future<Output = ()>>(f: F) -> String {
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    f.await;
    drop(guard);
    let bytes = captured.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn absurd_server_waits_are_ignored_with_a_reason_and_each_attempt_is_its_own_span() {
    for wait in ["1e308", "inf", "NaN", "-5", ""] {
        let answer = wait.to_owned();
        let server = start(move |_, n| match n {
            0 | 1 => Reply::Raw(response(503, &[("retry-after", &answer)], b"")),
            _ => Reply::Raw(response(200, &[], b"{\"ok\":true}")),
        })
        .await;
        let policy = RetryPolicy::attempts(3).backoff(Duration::from_millis(10), Duration::from_millis(50));
        let client = builder(&server.base).retry(policy).build().unwrap();
        let started = Instant::now();
        let logs = logs_of(async {
            assert_eq!(get(&client, "/v1/items").await.unwrap(), serde_json::json!({"ok": true}), "{wait:?}");
        })
        .await;
        // The normal backoff applied: short, and bounded.
        assert!(started.elapsed() < Duration::from_secs(5), "{wait:?}: {:?}", started.elapsed());
        assert_eq!(server.seen().len(), 3, "{wait:?}");
        let ignored = format!("server wait ignored: not a usable wait header=\"retry-after\" value={wait}");
        assert_eq!(logs.matches(&ignored).count(), 2, "{wait:?}:\n{logs}");
        assert!(logs.contains("attempt{attempt=3}"), "{logs}");
        assert!(!logs.contains("attempt=1 attempt=2"), "one field recorded again and again:\n{logs}");
        assert!(logs.lines().all(|line| line.matches("attempt=").count() <= 2), "{logs}");
    }
}

#[tokio::test]
async fn a_retry_not_made_says_why_at_debug() {
    let server = start(|_, _| Reply::Raw(response(500, &[], b""))).await;
    let client = builder(&server.base).retry(RetryPolicy::attempts(3)).build().unwrap();
    let logs = logs_of(async {
        assert_eq!(post(&client, "/v1/items").await.unwrap_err().status(), Some(500));
    })
    .await;
    assert_eq!(server.seen().len(), 1);
    assert!(
        logs.contains("not retrying: the server may have acted on a POST request, which is not idempotent"),
        "{logs}"
    );
}
