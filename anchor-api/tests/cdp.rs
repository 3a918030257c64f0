//! The `cdp` feature's calls against a loopback stand-in: a session whose browser cannot be
//! reached, or whose answer lacks a CDP URL, is ended before the error comes back, with no key in
//! it; an agent's task runs in a session started and ended for it, or in one it is given. (The
//! browser itself is driven through `Client::browser` in `real_browser.rs`.)

use anchor_api::*;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-cdp-test";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(server.uri()).allow_http(true).build().unwrap()
}

async fn requests(server: &MockServer, verb: &str, at: &str) -> usize {
    let all = server.received_requests().await.unwrap_or_default();
    all.iter().filter(|r| r.method.as_str() == verb && r.url.path() == at).count()
}

async fn mount_session(server: &MockServer, data: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": data })))
        .mount(server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/sessions/sess-9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "ok"}})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_browser_that_cannot_be_reached_ends_its_session_and_keeps_the_key_out() {
    let server = MockServer::start().await;
    // Nothing listens on the port a closed listener had.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let cdp_url = format!("ws://127.0.0.1:{port}/devtools?apiKey={KEY}&sessionId=sess-9");
    mount_session(&server, json!({"id": "sess-9", "cdp_url": cdp_url})).await;

    let err = client(&server).browser(None).await.unwrap_err();

    let BrowserError::Connect { session_id, end: None, .. } = &err else { panic!("{err:?}") };
    assert_eq!(session_id, "sess-9");
    let shown = format!("{err} {err:?}");
    assert!(shown.starts_with("cannot connect to the browser of session sess-9: "), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    assert_eq!(requests(&server, "DELETE", "/v1/sessions/sess-9").await, 1);
}

#[tokio::test]
async fn a_start_without_a_cdp_url_ends_the_session_it_started() {
    let server = MockServer::start().await;
    mount_session(&server, json!({"id": "sess-9"})).await;
    let err = client(&server).browser(None).await.unwrap_err();
    assert_eq!(err.to_string(), "the started session's answer names no CDP URL (`data.cdp_url`)");
    assert_eq!(requests(&server, "DELETE", "/v1/sessions/sess-9").await, 1);
}

#[tokio::test]
async fn a_started_sessions_debug_shows_no_key_of_its_cdp_url() {
    let server = MockServer::start().await;
    mount_session(
        &server,
        json!({"id": "sess-9", "cdp_url": format!("wss://connect.test?apiKey={KEY}&sessionId=sess-9")}),
    )
    .await;
    let seen = client(&server)
        .with_browser_session(None, |session| async move { Ok::<_, std::io::Error>(format!("{session:?}")) })
        .await
        .unwrap();
    assert_eq!(
        seen,
        r#"StartedSession { id: "sess-9", cdp_url: "wss://connect.test?<redacted>", live_view_url: None }"#
    );
}

const WEB_TASK_START: &str = "/v1/tools/perform-web-task";
const WEB_TASK_STATUS: &str = "/v1/tools/perform-web-task/wf-42/status";

async fn mount_task(server: &MockServer, last: &str) {
    Mock::given(method("POST"))
        .and(path(WEB_TASK_START))
        .and(query_param("sessionId", "sess-9"))
        .and(body_json(json!({"url": "https://shop.test", "prompt": "find the price", "async": true})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "running", "workflow_id": "wf-42"}})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(WEB_TASK_STATUS))
        .respond_with(ResponseTemplate::new(200).set_body_raw(last.to_owned(), "application/json"))
        .mount(server)
        .await;
}

fn options() -> AgentTaskOptions {
    let quick = Wait::default().interval(Duration::from_millis(10), Duration::from_millis(30));
    AgentTaskOptions::default().url("https://shop.test").wait(quick.deadline(Duration::from_secs(2)))
}

#[tokio::test]
async fn an_agent_task_runs_in_a_session_started_and_ended_for_it() {
    let server = MockServer::start().await;
    mount_session(&server, json!({"id": "sess-9", "cdp_url": "wss://connect.test?apiKey=x"})).await;
    mount_task(&server, r#"{"data":{"status":"COMPLETED","result":{"price":"12.50"},"sessionId":"sess-9"}}"#).await;

    let done = client(&server).run_agent_task("find the price", options()).await.unwrap();

    assert_eq!(done.result.get("price"), Some(&json!("12.50")));
    assert_eq!(requests(&server, "POST", "/v1/sessions").await, 1);
    assert_eq!(requests(&server, "POST", WEB_TASK_START).await, 1);
    assert_eq!(requests(&server, "DELETE", "/v1/sessions/sess-9").await, 1);
}

#[tokio::test]
async fn a_failed_agent_task_still_ends_its_session() {
    let server = MockServer::start().await;
    mount_session(&server, json!({"id": "sess-9", "cdp_url": "wss://connect.test?apiKey=x"})).await;
    mount_task(&server, r#"{"data":{"status":"FAILED","error":"page not found"}}"#).await;

    let err = client(&server).run_agent_task("find the price", options()).await.unwrap_err();

    assert!(matches!(&err, SessionError::Run { end: None, .. }), "{err:?}");
    assert_eq!(err.to_string(), "the web task with workflow_id wf-42 ended as `FAILED`: page not found");
    assert_eq!(requests(&server, "DELETE", "/v1/sessions/sess-9").await, 1);
}

#[tokio::test]
async fn an_agent_task_in_a_given_session_leaves_it_running() {
    let server = MockServer::start().await;
    mount_session(&server, json!({"id": "unused"})).await;
    mount_task(&server, r#"{"data":{"status":"COMPLETED","result":{"price":"9"},"sessionId":"sess-9"}}"#).await;

    let done = client(&server).run_agent_task("find the price", options().session_id("sess-9")).await.unwrap();

    assert_eq!(done.result.get("price"), Some(&json!("9")));
    assert_eq!(requests(&server, "POST", "/v1/sessions").await, 0);
    assert_eq!(requests(&server, "DELETE", "/v1/sessions/sess-9").await, 0);
}

/// A loopback server answering `GET /v1/sessions/<id>` with a running session and everything
/// else (the websocket handshake) with 404, recording each request line.
fn session_stand_in() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let first = first.trim_end().to_string();
            let answer = if first.starts_with("GET /v1/sessions/") {
                let body = r#"{"data":{"session_id":"sess-9","status":"running"}}"#;
                format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
            } else {
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string()
            };
            record.lock().unwrap().push(first);
            let _ = (&stream).write_all(answer.as_bytes());
        }
    });
    (base, seen)
}

#[tokio::test]
async fn connect_browser_reads_the_session_then_dials_the_address_the_sdks_make() {
    let (base, seen) = session_stand_in();
    let client = Client::builder(KEY).base_url(&base).allow_http(true).build().unwrap();
    let err = client.connect_browser("sess-9", ConnectOptions::default()).await.unwrap_err();

    let BrowserError::Connect { session_id, end: None, .. } = &err else { panic!("{err:?}") };
    assert_eq!(session_id, "sess-9");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
    // The session was read, the derived address dialled, and nothing ended: the session is not
    // this handle's.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, ["GET /v1/sessions/sess-9 HTTP/1.1", &format!("GET /?apiKey={KEY}&sessionId=sess-9 HTTP/1.1")]);
}

#[tokio::test]
async fn connect_browser_to_a_session_that_does_not_exist_fails_before_dialling() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sessions/gone"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": {"code": 404, "message": "Session not found"}})),
        )
        .mount(&server)
        .await;
    let err = client(&server).connect_browser("gone", ConnectOptions::default()).await.unwrap_err();
    assert!(matches!(err, BrowserError::Lookup(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("cannot read the session to connect to: the server answered 404 Not Found"),
        "{err}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
