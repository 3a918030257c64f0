//! What one call adds to its operation: headers of its own, and the response returned beside
//! the decoded value.

use golden::parameters::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(template).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn a_calls_headers_are_sent_with_it_only_and_win_over_a_parameter() {
    let (server, client) =
        server_answering(ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, "application/json")).await;
    client
        .get_part("a", 1, 0)
        .x_trace_id("from-parameter")
        .header("X-Trace-Id", "from-call")
        .header("idempotency-key", "k-1")
        .header("idempotency-key", "k-2")
        .await
        .unwrap();
    client.get_part("a", 1, 0).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let values = |i: usize, name: &str| -> Vec<String> {
        received[i].headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    };
    assert_eq!(values(0, "x-trace-id"), ["from-call"]);
    assert_eq!(values(0, "idempotency-key"), ["k-1", "k-2"]);
    assert!(values(1, "idempotency-key").is_empty() && values(1, "x-trace-id").is_empty());
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_fails_the_call_before_any_io_without_its_value() {
    let (server, client) = server_answering(ResponseTemplate::new(200)).await;
    let err = client.get_part("a", 1, 0).header("x-token", "secret\nvalue").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: cannot add the header: the value of header `x-token` is not a valid HTTP header value (control characters or non-ASCII text)"
    );
    let err = client.get_part("a", 1, 0).header("content-type", "text/plain").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: cannot add the header: `content-type` is set from the request itself; a call cannot set it"
    );
    // The call's Debug names the header, never its value.
    let call = client.get_part("a", 1, 0).header("x-token", "s3cr3t");
    let shown = format!("{call:?}");
    assert!(shown.contains("x-token") && !shown.contains("s3cr3t"), "{shown}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn with_response_returns_status_headers_and_request_id_beside_the_value() {
    let (_server, client) = server_answering(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"ok":true}"#, "application/json")
            .insert_header("x-request-id", "req-42")
            .insert_header("x-ratelimit-remaining", "7"),
    )
    .await;
    let answered = client.get_part("a", 1, 0).with_response().await.unwrap();
    assert_eq!(answered.value.ok, Some(true));
    assert_eq!(answered.status, 200);
    assert_eq!(answered.request_id(), Some("req-42"));
    assert_eq!(answered.headers["x-ratelimit-remaining"], "7");
    assert_eq!(answered.into_value().ok, Some(true));
}

#[tokio::test]
async fn with_response_keeps_the_error_of_a_failed_call() {
    let (_server, client) = server_answering(ResponseTemplate::new(500).insert_header("x-request-id", "req-9")).await;
    let err =
        client.with_retry(golden::runtime::RetryPolicy::none()).get_part("a", 1, 0).with_response().await.unwrap_err();
    match err {
        golden::runtime::Error::Api(e) => {
            assert_eq!(e.status, 500);
            assert_eq!(e.request_id.as_deref(), Some("req-9"));
        }
        other => panic!("expected the 500, got {other:?}"),
    }
}
