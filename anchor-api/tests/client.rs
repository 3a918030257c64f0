//! `start_browser_session` against an in-process loopback HTTP server: method, path, headers,
//! body, and the mapping of 200/400/402 and undeclared statuses.

use anchor_api::*;
use wiremock::matchers::{body_json_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-test-key-123";

const OK_BODY: &str = r#"{"data":{"id":"sess-1","cdp_url":"wss://connect.example/sess-1","live_view_url":"https://live.example/sess-1"}}"#;

async fn client_for(server: &MockServer, trailing_slash: bool) -> Client {
    let base = if trailing_slash { format!("{}/", server.uri()) } else { server.uri() };
    Client::builder(KEY).base_url(base).allow_http(true).build().unwrap()
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json")
}

#[tokio::test]
async fn sends_post_with_key_and_exact_json_body() {
    let server = MockServer::start().await;
    let request = SessionCreateRequestSchema::default()
        .with_browser(BrowserConfig::default().with_headless(BrowserConfigHeadless::default().with_active(true)));
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .and(header("anchor-api-key", KEY))
        .and(header("content-type", "application/json"))
        .and(body_json_string(r#"{"browser":{"headless":{"active":true}}}"#))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    // A trailing slash on the base URL never produces `//`.
    let client = client_for(&server, true).await;
    let response = client.start_browser_session().body(&request).await.unwrap();
    let data = response.data.unwrap();
    assert_eq!(data.id.as_deref(), Some("sess-1"));
    assert_eq!(data.cdp_url.as_deref(), Some("wss://connect.example/sess-1"));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/v1/sessions");
    assert_eq!(std::str::from_utf8(&received[0].body).unwrap(), r#"{"browser":{"headless":{"active":true}}}"#);
}

#[tokio::test]
async fn no_body_means_no_body_and_no_null() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/v1/sessions")).respond_with(ok()).expect(1).mount(&server).await;
    let client = client_for(&server, false).await;
    client.start_browser_session().await.unwrap();
    let received: Vec<Request> = server.received_requests().await.unwrap();
    assert!(received[0].body.is_empty(), "body: {:?}", received[0].body);
    assert!(received[0].headers.get("content-type").is_none());
    assert_eq!(received[0].headers.get("anchor-api-key").unwrap(), KEY);
    assert!(received[0].headers.get("user-agent").unwrap().to_str().unwrap().starts_with("anchor-api/"));
}

#[tokio::test]
async fn a_session_started_with_201_is_a_started_session_not_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(OK_BODY, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .base_url(server.uri())
        .allow_http(true)
        .retry(RetryPolicy::attempts(3).resend_non_idempotent(true))
        .build()
        .unwrap();
    let answered = client.start_browser_session().with_response().await.unwrap();
    assert_eq!(answered.status, 201);
    assert_eq!(answered.value.data.unwrap().cdp_url.as_deref(), Some("wss://connect.example/sess-1"));
}

#[test]
fn the_key_header_cannot_be_set_beside_the_key() {
    let err = Client::builder(KEY).header("Anchor-Api-Key", "another").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: header \"Anchor-Api-Key\" carries the credential of the `api_key_header` security scheme; set it with `Client::new`, not `ClientBuilder::header`"
    );
}

async fn error_for(status: u16, body: &str) -> Error<StartBrowserSessionError> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.to_owned(), "application/json")
                .insert_header("x-request-id", "req-42"),
        )
        .mount(&server)
        .await;
    client_for(&server, false).await.start_browser_session().await.unwrap_err()
}

const CAPTCHA: &str = r#"{"error":{"code":400,"message":"CAPTCHA solver requires proxy to be active."}}"#;

#[tokio::test]
async fn status_400_is_bad_request_with_typed_and_raw_body() {
    match error_for(400, CAPTCHA).await {
        Error::Api(e) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.raw, CAPTCHA.as_bytes());
            assert_eq!(e.request_id.as_deref(), Some("req-42"));
            let Some(StartBrowserSessionError::BadRequest(body)) = e.body else { panic!("{:?}", e.body) };
            let error = body.error.unwrap();
            assert_eq!(
                (error.code, error.message.as_deref()),
                (Some(400), Some("CAPTCHA solver requires proxy to be active."))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn status_402_is_payment_required_even_with_the_same_body_shape() {
    let body = r#"{"error":{"code":402,"message":"Insufficient credits"}}"#;
    let err = error_for(402, body).await;
    assert_eq!(
        err.to_string(),
        r#"the server answered 402 Payment Required: {"error":{"code":402,"message":"Insufficient credits"}} (request id req-42)"#
    );
    let Error::Api(e) = err else { panic!() };
    assert!(matches!(e.body, Some(StartBrowserSessionError::PaymentRequired(_))), "{:?}", e.body);
}

#[tokio::test]
async fn undeclared_status_keeps_the_raw_body() {
    let Error::Api(e) = error_for(500, "upstream exploded").await else { panic!() };
    assert_eq!((e.status, e.body, &e.raw[..]), (500, None, &b"upstream exploded"[..]));
}

#[tokio::test]
async fn malformed_success_body_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"data":{"id":5}}"#, "application/json"))
        .mount(&server)
        .await;
    let err = client_for(&server, false).await.start_browser_session().await.unwrap_err();
    let Error::Decode { status, message, excerpt } = &err else { panic!("{err:?}") };
    assert_eq!(*status, 200);
    assert!(message.starts_with("at `data.id`: invalid type: integer `5`, expected a string"), "{message}");
    assert_eq!(excerpt, r#"{"data":{"id":5}}"#);
}

#[tokio::test]
async fn invalid_request_is_refused_before_any_network_io() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok()).expect(0).mount(&server).await;
    let proxy = AnchorProxy::new(true).with_type(AnchorProxyType::AnchorProxy).with_country_code(MobileCountryCode::Cn);
    let request = SessionCreateRequestSchema::default()
        .with_session(SessionConfig::default().with_proxy(ProxyConfig::Anchor(proxy)));
    let err = client_for(&server, false).await.start_browser_session().body(&request).await.unwrap_err();
    let Error::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.path, "session.proxy.country_code");
    assert!(err.to_string().contains("`session.proxy.type` is \"anchor_proxy\""), "{err}");
}

#[tokio::test]
async fn validation_can_be_switched_off_and_the_server_judges() {
    let server = MockServer::start().await;
    let body = r#"{"session":{"proxy":{"active":true,"type":"anchor_proxy","country_code":"cn"}}}"#;
    Mock::given(method("POST")).and(body_json_string(body)).respond_with(ok()).expect(1).mount(&server).await;
    let client = Client::builder(KEY).base_url(server.uri()).allow_http(true).validate_requests(false).build().unwrap();
    let request: SessionCreateRequestSchema = serde_json::from_str(body).unwrap();
    assert!(request.validate().is_err());
    client.start_browser_session().body(&request).await.unwrap();
}

#[test]
fn client_configuration_errors_are_clear_and_never_echo_the_key() {
    let err = Client::new("").unwrap_err();
    assert_eq!(err.to_string(), "invalid client configuration: the API key is empty");
    let err = Client::new("bad\nkey-secret").unwrap_err();
    assert!(!err.to_string().contains("key-secret"));
    let err = Client::builder(KEY).base_url("ftp://example.com").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid client configuration: base URL "ftp://example.com" must start with https://"#
    );
    assert_eq!(Client::new(KEY).unwrap().base_url(), "https://api.anchorbrowser.io");
}

#[tokio::test]
async fn an_agent_without_a_key_can_ask_for_one_and_nothing_else() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/agent-access"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder_without_key().base_url(server.uri()).allow_http(true).build().unwrap();
    // The agent-access calls take no key: this one goes out (and the stand-in answers 500).
    let err = client.agent_access_guide().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    let sent = server.received_requests().await.unwrap();
    assert!(sent[0].headers.get("anchor-api-key").is_none());
    // Any other call needs the key: refused before sending, saying where the key comes from.
    let err = client.list_all_sessions_status().await.unwrap_err();
    assert!(matches!(err, Error::MissingCredential { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "not sent: the operation needs the credential of `api_key_header` (`Client::new` or $ANCHORBROWSER_API_KEY)"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing else was sent");
}
