//! What a user does around the typed operations, on a loopback server: run code with a session
//! that is always ended, call an endpoint the spec lacks, wait on calls that wait by design, and
//! stream downloads that fail or stall.

use anchor_api::*;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-journey";
const SESSION: &str = "6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(server.uri()).allow_http(true).build().unwrap()
}

/// A server that starts session `SESSION` and counts the calls that end it (answering `end`).
async fn sessions(end: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    let started = json!({"data": {"id": SESSION, "cdp_url": "ws://127.0.0.1:9/devtools/browser/x", "live_view_url": "https://live"}});
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(started))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/sessions/{SESSION}")))
        .and(header("anchor-api-key", KEY))
        .respond_with(end)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn ended() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "ok"}}))
}

#[tokio::test]
async fn the_session_helper_ends_the_session_after_success() {
    let server = sessions(ended()).await;
    let out = client(&server)
        .with_browser_session(None, |session| async move {
            assert_eq!(session.id, SESSION);
            assert_eq!(session.live_view_url.as_deref(), Some("https://live"));
            Ok::<_, std::io::Error>(session.cdp_url)
        })
        .await
        .unwrap();
    assert_eq!(out, "ws://127.0.0.1:9/devtools/browser/x");
    server.verify().await;
}

#[tokio::test]
async fn the_session_helper_ends_the_session_after_failure_and_keeps_the_users_error() {
    let server = sessions(ended()).await;
    let err = client(&server)
        .with_browser_session(None, |_| async { Err::<(), _>(std::io::Error::other("page never loaded")) })
        .await
        .unwrap_err();
    let SessionError::Run { error, end: None } = &err else { panic!("{err:?}") };
    assert_eq!(error.to_string(), "page never loaded");
    assert_eq!(err.to_string(), "page never loaded");
    server.verify().await;
}

#[tokio::test]
async fn a_failed_end_is_reported_beside_the_users_error_or_value() {
    let gone = || ResponseTemplate::new(500).set_body_json(json!({"error": {"code": 500, "message": "busy"}}));
    let server = sessions(gone()).await;
    let err = client(&server)
        .with_browser_session(None, |_| async { Err::<(), _>(std::io::Error::other("work failed")) })
        .await
        .unwrap_err();
    let SessionError::Run { error, end: Some(end) } = &err else { panic!("{err:?}") };
    assert_eq!(error.to_string(), "work failed");
    assert_eq!(end.status(), Some(500));
    assert!(
        err.to_string().starts_with("work failed (and ending the session failed too: the server answered 500"),
        "{err}"
    );

    let server = sessions(gone()).await;
    let err = client(&server).with_browser_session(None, |_| async { Ok::<_, std::io::Error>(42) }).await.unwrap_err();
    let SessionError::End { value: 42, session_id, error } = &err else { panic!("{err:?}") };
    assert_eq!((session_id.as_str(), error.status()), (SESSION, Some(500)));
}

#[tokio::test]
async fn a_cancelled_session_is_still_ended() {
    let server = sessions(ended()).await;
    let client = client(&server);
    let run = client.with_browser_session(None, |_| async {
        std::future::pending::<()>().await;
        Ok::<_, std::io::Error>(())
    });
    // The caller gives up while the user's code runs.
    assert!(tokio::time::timeout(Duration::from_millis(300), run).await.is_err());
    for _ in 0..50 {
        if server.received_requests().await.unwrap().iter().any(|r| r.method.as_str() == "DELETE") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.verify().await;
}

#[tokio::test]
async fn a_start_that_fails_runs_nothing_and_ends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(402).set_body_json(json!({"error": {"code": 402, "message": "no credits"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ended()).expect(0).mount(&server).await;
    let err = client(&server)
        .with_browser_session(None, |_| async { panic!("must not run") as Result<(), std::io::Error> })
        .await
        .unwrap_err();
    let SessionError::Start(Error::Api(e)) = &err else { panic!("{err:?}") };
    assert!(matches!(e.body, Some(StartBrowserSessionError::PaymentRequired(_))));
}

#[tokio::test]
async fn an_endpoint_the_spec_lacks_is_called_with_the_same_key_and_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions/abc/new-thing"))
        .and(query_param("mode", "fast & safe"))
        .and(header("anchor-api-key", KEY))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"level":3}"#))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"done": true})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server);
    let out: Value = c
        .call(Method::POST, "/v1/sessions/abc/new-thing", &[("mode", "fast & safe")], Some(&json!({"level": 3})))
        .await
        .unwrap();
    assert_eq!(out, json!({"done": true}));

    Mock::given(method("GET"))
        .and(path("/v1/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {"code": 404, "message": "nope"}})))
        .mount(&server)
        .await;
    let err = c.call::<Value>(Method::GET, "/v1/missing", &[], None).await.unwrap_err();
    let Error::Api(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.status, e.body.as_ref()), (404, Some(&json!({"error": {"code": 404, "message": "nope"}}))));

    let err = c.call::<Value>(Method::GET, "v1/x?y=1", &[], None).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: path \"v1/x?y=1\" must start with `/` and hold no `?` or `#`; pass query pairs separately"
    );
}

#[tokio::test]
async fn a_field_newer_than_the_spec_rides_on_the_typed_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .and(body_string(r#"{"browser":{"headless":{"active":true},"new_flag":{"active":true}}}"#))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"id": SESSION}})))
        .expect(1)
        .mount(&server)
        .await;
    let request = SessionCreateRequestSchema::default()
        .with_browser(BrowserConfig::default().with_headless(BrowserConfigHeadless::default().with_active(true)));
    let mut body = serde_json::to_value(&request).unwrap();
    body["browser"]["new_flag"] = json!({"active": true});
    let started: SessionCreateResponseSchema =
        client(&server).call(Method::POST, "/v1/sessions", &[], Some(&body)).await.unwrap();
    assert_eq!(started.data.and_then(|d| d.id).as_deref(), Some(SESSION));
}

#[tokio::test]
async fn calls_that_wait_by_design_outlast_the_clients_timeout_unless_told_otherwise() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({"data": {"message": "hi"}}))
        .set_delay(Duration::from_millis(1500));
    Mock::given(method("POST")).and(path("/v1/events/ready/wait")).respond_with(slow.clone()).mount(&server).await;
    Mock::given(method("GET")).and(path("/v1/profiles")).respond_with(slow).mount(&server).await;
    let c =
        Client::builder(KEY).base_url(server.uri()).allow_http(true).timeout(Duration::from_secs(1)).build().unwrap();

    // An ordinary call is cut off at the client's timeout ...
    let err = c.list_profiles().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_secs(1)), "{err:?}");
    // ... a wait is not: it gets its own, longer one ...
    let event = c.wait_for_event("ready").await.unwrap();
    assert_eq!(event.data.map(|d| d.len()), Some(1));
    // ... unless the caller sets one for the call.
    let err = c.with_timeout(Duration::from_millis(500)).wait_for_event("ready").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { limit, .. } if limit == Duration::from_millis(500)), "{err:?}");
}

#[tokio::test]
async fn a_streamed_download_that_fails_or_stalls_says_so() {
    let server = MockServer::start().await;
    let c = Client::builder(KEY)
        .base_url(server.uri())
        .allow_http(true)
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/{SESSION}/recordings/primary/fetch")))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": {"code": 404, "message": "no recording"}})),
        )
        .mount(&server)
        .await;
    let err = c.get_session_recording(SESSION).download().await.unwrap_err();
    let Error::Api(e) = &err else { panic!("{err:?}") };
    assert!(matches!(e.body, Some(GetSessionRecordingError::NotFound(_))), "{e:?}");

    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/{SESSION}/screenshot")))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"png".to_vec(), "image/png").set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let err = c.take_screenshot(SESSION).download().await.unwrap_err();
    assert!(matches!(err, Error::Stalled { limit } if limit == Duration::from_millis(400)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "nothing arrived for 0.4s (set a longer timeout with `ClientBuilder::timeout` or `Client::with_timeout`)"
    );
}
