//! Credentials on the wire: each security scheme's credential where the document puts it, every
//! scheme of a requirement together, the first alternative whose credentials are set, and a
//! clear error, before sending, when none is.

use golden::runtime::Error;
use golden::security_schemes::{Client, Credentials};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Where a request carried credentials: its path and query, then the `authorization`,
/// `x-api-key` and `cookie` headers.
type Seen = [Option<String>; 4];

async fn served() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder(credentials).base_url(server.uri()).allow_http(true).build().unwrap()
}

async fn seen(server: &MockServer) -> Vec<Seen> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            let header = |n: &str| r.headers.get(n).map(|v| v.to_str().unwrap().to_owned());
            let target = match r.url.query() {
                Some(q) => format!("{}?{q}", r.url.path()),
                None => r.url.path().to_owned(),
            };
            [Some(target), header("authorization"), header("x-api-key"), header("cookie")]
        })
        .collect()
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn every_credential() -> Credentials {
    Credentials::new().key("k-1").token("t-2").basic("ann", "pa ss").query("q&3").cookie("c;4").oauth("o-5")
}

#[tokio::test]
async fn each_scheme_sends_its_own_credential_and_a_requirement_sends_all_of_its_schemes() {
    let server = served().await;
    let client = client(&server, every_credential());
    client.uses_the_document_default().await.unwrap();
    client.uses_an_api_key_header().await.unwrap();
    client.uses_o_auth().await.unwrap();
    client.needs_nothing().await.unwrap();
    client.basic_first_then_a_key().await.unwrap();
    client.digest_first_then_a_key().await.unwrap();
    client.uses_a_key_in_the_query().page(2).await.unwrap();
    client.uses_a_key_in_a_cookie().theme("dark").await.unwrap();
    client.needs_two_schemes_together().await.unwrap();
    client.needs_a_query_a_cookie_and_a_header_key_together().theme("dark").await.unwrap();
    client.takes_a_key_when_there_is_one().await.unwrap();
    client.an_alternative_no_request_can_meet_then_a_key().await.unwrap();
    client.only_an_alternative_no_request_can_meet().await.unwrap();
    client.nothing_or_an_alternative_no_request_can_meet().await.unwrap();
    let basic = s("Basic YW5uOnBhIHNz"); // base64 of `ann:pa ss`
    assert_eq!(
        seen(&server).await,
        [
            [s("/default"), s("Bearer t-2"), None, None],
            [s("/key"), None, s("k-1"), None],
            [s("/oauth"), s("Bearer o-5"), None, None],
            [s("/public"), None, None, None],
            [s("/basic-or-key"), basic.clone(), None, None],
            // Digest cannot be applied: its alternative is left out, the key's is sent.
            [s("/digest-or-key"), None, s("k-1"), None],
            [s("/query-key?page=2&api_key=q%263"), None, None, None],
            [s("/cookie-key"), None, None, s("theme=dark; sid=c%3B4")],
            [s("/both"), s("Bearer t-2"), s("k-1"), None],
            [s("/all-places?api_key=q%263"), None, s("k-1"), s("theme=dark; sid=c%3B4")],
            [s("/optional-key"), None, s("k-1"), None],
            // Basic and bearer would both be `Authorization`: that alternative is never sent.
            [s("/clash-or-key"), None, s("k-1"), None],
            // With no other alternative, the last of the clashing schemes goes (warned about).
            [s("/clash-only"), s("Bearer t-2"), None, None],
            // `{}` sends nothing: the clashing alternative is still the one with a credential.
            [s("/optional-clash"), s("Bearer t-2"), None, None],
        ]
    );
}

#[tokio::test]
async fn the_first_alternative_whose_credentials_are_set_is_sent() {
    let server = served().await;
    let client = client(&server, Credentials::new().key("k-1"));
    client.basic_first_then_a_key().await.unwrap();
    client.takes_a_key_when_there_is_one().await.unwrap();
    client.needs_nothing().await.unwrap();
    let bare = client_without_credentials(&server);
    bare.takes_a_key_when_there_is_one().await.unwrap();
    assert_eq!(
        seen(&server).await,
        [
            [s("/basic-or-key"), None, s("k-1"), None],
            [s("/optional-key"), None, s("k-1"), None],
            [s("/public"), None, None, None],
            [s("/optional-key"), None, None, None],
        ]
    );
}

fn client_without_credentials(server: &MockServer) -> Client {
    client(server, Credentials::default())
}

#[tokio::test]
async fn a_missing_credential_is_an_error_naming_the_scheme_and_its_variable_before_sending() {
    let server = served().await;
    let client = client(&server, Credentials::new().key("k-1"));
    let err = client.needs_two_schemes_together().await.unwrap_err();
    assert!(matches!(err, Error::MissingCredential { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "not sent: the operation needs the credential of `token` (`Credentials::token` or $T_TOKEN)"
    );
    let err = client_without_credentials(&server).basic_first_then_a_key().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "not sent: the operation needs the credential of `basic` (`Credentials::basic` or $T_BASIC), or `key` (`Credentials::key` or $T_KEY)"
    );
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn no_credential_shows_in_debug_or_in_errors() {
    let credentials = every_credential();
    let server = served().await;
    let client = client(&server, credentials.clone());
    let shown = format!("{credentials:?} {client:?} {:?}", Client::builder(credentials.clone()));
    for secret in ["k-1", "t-2", "ann", "pa ss", "q&3", "c;4", "o-5", "YW5u"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains(r#""key": "<redacted>""#), "{shown}");
    // A port nothing listens on: the connection is refused, and the query key is not in the error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let refused = Client::builder(credentials).base_url(base).allow_http(true).build().unwrap();
    let err = refused.uses_a_key_in_the_query().await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    let (text, debug) = (err.to_string(), format!("{err:?}"));
    assert!(!text.contains("q%263") && !debug.contains("q%263"), "{text} / {debug}");
    // A key in a header leaves the URL in the error, which helps tell where the call went.
    let err = refused.uses_an_api_key_header().await.unwrap_err();
    assert!(format!("{err:?}").contains("/key"), "{err:?}");
}
