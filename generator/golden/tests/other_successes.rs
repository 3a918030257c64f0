//! A 2xx status other than the one the call returns (201 or 202 where the document says 200, a
//! 204 with no body) is that success where its body fits, and an error that says so where it
//! does not, never retried. Fixture: `other_successes.yaml`.

use golden::other_successes::*;
use golden::runtime::{Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, body: &str, content_type: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type))
        .mount(&server)
        .await;
    let retry = RetryPolicy::attempts(3).resend_non_idempotent(true);
    let client = Client::builder().base_url(server.uri()).allow_http(true).retry(retry).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn a_created_item_answered_201_is_the_item_with_its_status() {
    for status in [201, 202, 203] {
        let (_server, client) = answering(status, r#"{"id":"it-1"}"#, "application/json").await;
        let answered = client.create_item().with_response().await.unwrap();
        assert_eq!(answered.value, Item::new("it-1"));
        assert_eq!(answered.status, status);
        assert_eq!(client.create_item().await.unwrap(), Item::new("it-1"));
    }
}

#[tokio::test]
async fn another_success_with_a_body_of_another_shape_is_an_error_sent_once() {
    let (server, client) = answering(201, r#"{"name":"no id"}"#, "application/json").await;
    let err = client.create_item().await.unwrap_err();
    let Error::Decode { status, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(*status, 201);
    assert_eq!(
        message,
        "status 201 is a success other than the one this call returns, with a body of another shape: missing field `id` at line 1 column 16"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_empty_204_is_a_success_only_where_the_body_may_be_absent() {
    let (_server, client) = answering(204, "", "application/json").await;
    // Any JSON: an absent body reads as `null`.
    assert_eq!(client.latest_item().await.unwrap(), serde_json::Value::Null);
    let err = client.create_item().await.unwrap_err();
    let Error::Decode { status: 204, message, .. } = &err else { panic!("{err:?}") };
    assert!(
        message.starts_with(
            "status 204 is a success other than the one this call returns, with no body, where that success has one: "
        ),
        "{message}"
    );
}

#[tokio::test]
async fn bodyless_and_text_successes_take_any_2xx() {
    let (_server, client) = answering(200, r#"{"deleted":true}"#, "application/json").await;
    client.delete_item("it-1").await.unwrap();
    let (_server, client) = answering(203, "from a cache", "text/plain").await;
    assert_eq!(client.read_notes().await.unwrap(), "from a cache");
}

#[tokio::test]
async fn a_declared_2xx_range_is_unchanged_and_other_statuses_stay_errors() {
    let (_server, client) = answering(202, r#"{"id":"job-1"}"#, "application/json").await;
    assert_eq!(client.start_job().await.unwrap(), Item::new("job-1"));
    let (_server, client) = answering(302, r#"{"id":"x"}"#, "application/json").await;
    let err = client.create_item().await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.status == 302), "{err:?}");
}
