//! Unit tests of the client: keys, URLs, the environment, limits, timeouts.

use super::builder::Choices;
use super::*;
use bytes::Bytes;
use reqwest::header::HeaderMap;

static SETTINGS: Settings = Settings {
    base_url: "https://api.test",
    key_vars: &["OFFICIAL_KEY", "DOCS_KEY"],
    base_url_var: Some("BASE"),
    user_agent: "test-client/1",
    schemes: &[Scheme { name: "key", place: Place::Header("x-key"), var: "OFFICIAL_KEY", setter: "api_key" }],
    security: Security(&[&[0]]),
    key_optional: false,
};

static OPEN: Settings = Settings { schemes: &[], security: Security::NONE, ..SETTINGS };

fn builder(key: &str) -> ClientBuilder {
    ClientBuilder::new(&SETTINGS, Credentials::new(&SETTINGS).with(0, key.to_owned()))
}

#[test]
fn a_credential_is_given_back_as_it_was_given_and_never_printed() {
    let client = builder("sk-given").build().unwrap();
    assert_eq!(client.credential(0), Some("sk-given"));
    assert_eq!(client.credential(1), None, "a scheme the settings do not have");
    assert!(!format!("{client:?}").contains("sk-given"));
    let without = ClientBuilder::<Client>::new(&OPEN, Credentials::new(&OPEN)).build().unwrap();
    assert_eq!(without.credential(0), None);
}

#[test]
fn api_key_headers_are_marked_sensitive() {
    let client = builder("sk-1").build().unwrap();
    let Some(credentials::Prepared::Header(value)) = &client.shared.credentials[0] else { panic!("not a header") };
    assert!(value.is_sensitive());
    assert_eq!(value, "sk-1");
    assert_eq!(client.base_url(), "https://api.test", "the settings' default");
    let text = format!("{client:?}");
    assert!(!text.contains("sk-1") && text.contains(r#"credentials: {"key": "<redacted>"}"#), "{text}");
}

fn request_to(path: String, server: Option<&'static str>) -> Request {
    Request {
        method: Method::GET,
        template: "/t",
        path: path.into(),
        query: String::new(),
        headers: Vec::new(),
        security: Security::NONE,
        server,
        timeout: None,
        body: Payload::Empty,
    }
}

/// What [`Client::url`] must equal: the joined text, parsed whole.
fn parsed_whole(client: &Client, request: &Request, query: &str) -> String {
    let base = match request.server {
        Some(server) if !client.shared.chosen_base_url => server,
        _ => client.base_url(),
    };
    let text =
        if query.is_empty() { format!("{base}{}", request.path) } else { format!("{base}{}?{query}", request.path) };
    reqwest::Url::parse(&text).map_or_else(|e| format!("error: {e}"), String::from)
}

fn url_text(client: &Client, request: &Request, query: &str) -> String {
    match client.url(request, query) {
        Ok(url) => url.into(),
        Err(text) => reqwest::Url::parse(&text).map_or_else(|e| format!("error: {e}"), String::from),
    }
}

#[test]
fn a_call_url_is_the_base_with_its_path_and_query_as_if_parsed_whole() {
    let cases = [
        ("http://127.0.0.1:9", "/v1/items", ""),
        ("http://127.0.0.1:9/api//", "/v1/x/a%20b", "a=1&b=x%20y"),
        ("https://API.Test:443/Pre fix", "/a/../b/./c", "q=caf\u{e9} \"<>"),
        ("https://xn--caf-dma.test", "/%2e%2e/x\\y", "k=%zz"),
        ("https://café.test/base/", "", "only=query"),
        ("https://h.test", "//double//slashes/", ""),
        ("https://h.test", "/ünïcode/😀", "x=😀"),
        ("https://h.test", "/with?query/in/path", "more=1"),
        ("https://h.test", "/frag#ment", ""),
    ];
    for (base, path, query) in cases {
        let client = builder("sk-1").base_url(base).allow_http(true).build().unwrap();
        let request = request_to(path.to_owned(), None);
        assert_eq!(url_text(&client, &request, query), parsed_whole(&client, &request, query), "{base} {path} {query}");
    }
    let client = builder("sk-1").build().unwrap();
    let request = request_to("/p".into(), Some("https://other.test/v2"));
    assert_eq!(url_text(&client, &request, "a=1"), "https://other.test/v2/p?a=1", "an operation's own server");
}

proptest::proptest! {
    #[test]
    fn any_path_and_query_give_the_url_a_whole_parse_gives(
        prefix in "(/[^?#]{0,6}){0,2}",
        path in "(/[^?#]{0,8}){0,4}",
        query in "[^#]{0,12}",
    ) {
        // A whole parse drops spaces and control characters at the very end of the text; a
        // path set on its own keeps them, percent-encoded. Generated calls percent-encode
        // every parameter, so only a hand-written path could end so.
        let query = query.trim_end_matches(|c: char| c <= ' ');
        let path = if query.is_empty() { path.trim_end_matches(|c: char| c <= ' ').to_owned() } else { path };
        let client = builder("sk-1").base_url(format!("https://h.test{prefix}")).build().unwrap();
        let request = request_to(path, None);
        proptest::prop_assert_eq!(url_text(&client, &request, query), parsed_whole(&client, &request, query));
    }
}

#[test]
fn a_json_body_with_trailing_data_is_a_decode_error() {
    let response = |body: &'static str| Response { status: 200, headers: HeaderMap::new(), body: Bytes::from(body) };
    let ok: Result<serde_json::Value, Error<()>> = response("{\"a\":1} \n").json();
    assert_eq!(ok.unwrap(), serde_json::json!({"a": 1}));
    let err = response("{\"a\":1}{\"b\":2}").json::<serde_json::Value, ()>().unwrap_err();
    let Error::Decode { status, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*status, message.as_str()), (200, "data after the JSON value: trailing characters at line 1 column 8"));
}

#[test]
fn trailing_slashes_are_dropped_from_the_base_url() {
    let client = builder("sk-1").base_url("http://127.0.0.1:9/api//").allow_http(true).build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api");
}

fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

#[test]
fn environment_key_prefers_the_first_name_and_falls_back() {
    let from = |pairs| Choices::from_lookup(&SETTINGS, &env(pairs)).unwrap();
    let b = from(&[("OFFICIAL_KEY", "sk-official"), ("DOCS_KEY", "sk-docs")]);
    assert_eq!(b.credentials.get(0), Some("sk-official"));
    let b = from(&[("OFFICIAL_KEY", " "), ("DOCS_KEY", "sk-docs")]);
    assert_eq!(b.credentials.get(0), Some("sk-docs"));
    assert_eq!(b.base_url, None);
    let b = from(&[("DOCS_KEY", "k"), ("BASE", "https://x.test")]);
    assert_eq!(b.base_url.as_deref(), Some("https://x.test"));
}

#[test]
fn a_missing_environment_key_names_every_variable() {
    let Err(err) = Choices::from_lookup(&SETTINGS, &env(&[])) else {
        panic!("a key was found in an empty environment")
    };
    let err = err.to_string();
    assert_eq!(
        err,
        "invalid client configuration: no API key: set the environment variable OFFICIAL_KEY or DOCS_KEY (checked in that order)"
    );
}

#[test]
fn an_api_without_security_needs_no_key() {
    let client: Client = Choices::from_lookup(&OPEN, &env(&[])).unwrap().build().unwrap();
    assert!(client.shared.credentials.is_empty());
    let err = ClientBuilder::<Client>::new(&SETTINGS, Credentials::new(&SETTINGS)).build().unwrap_err().to_string();
    assert_eq!(err, "invalid client configuration: the API key is missing");
    let err = builder(" ").build().unwrap_err().to_string();
    assert_eq!(err, "invalid client configuration: the API key is empty");
}

#[test]
fn base_urls_that_cannot_take_a_path_are_refused_and_passwords_never_printed() {
    let refused = |url: &str| builder("sk-1").base_url(url).build().unwrap_err().to_string();
    assert_eq!(
        refused("https://api.test/v2?tenant=1"),
        "invalid client configuration: base URL \"https://api.test/v2?tenant=1\" has a query or fragment, which operation paths cannot follow; expected https://host[/prefix]"
    );
    assert!(refused("https://api.test/#x").contains("has a query or fragment"));
    assert!(refused("https:/").contains("not a valid URL") || refused("https:/").contains("no host"));
    let err = refused("ftp://user:hunter2@api.test/");
    assert!(err.contains("ftp://user:***@api.test/") && !err.contains("hunter2"), "{err}");
    let err = refused("https://user:hunter2@api test/");
    assert!(!err.contains("hunter2"), "{err}");
    let client = builder("sk-1").base_url("https://user:hunter2@api.test/v1").build().unwrap();
    let text = format!("{client:?} {:?}", builder("sk-1").base_url("https://u:hunter2@h.test"));
    assert!(!text.contains("hunter2") && text.contains("user:***@api.test"), "{text}");
    assert_eq!(mask_password("https://user@api.test/a:b@c"), "https://user@api.test/a:b@c");
}

/// A loopback server answering every request with `status` and `body`, chunked (no length
/// declared) or with its length; returns its base URL and how many requests it saw.
async fn serve(status: u16, body: Vec<u8>, chunked: bool) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = if chunked {
                    format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
                    )
                } else {
                    format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                };
                let _ = socket.write_all(head.as_bytes()).await;
                for piece in body.chunks(16 << 10) {
                    let sent = if chunked {
                        let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
                        framed.extend_from_slice(piece);
                        framed.extend_from_slice(b"\r\n");
                        socket.write_all(&framed).await
                    } else {
                        socket.write_all(piece).await
                    };
                    if sent.is_err() {
                        return;
                    }
                }
                if chunked {
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                }
            });
        }
    });
    (base, seen)
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_and_error_bodies_cut_to_their_start() {
    let big = vec![b' '; 1 << 20];
    let client = |base: &str| {
        ClientBuilder::<Client>::new(&OPEN, Credentials::new(&OPEN))
            .base_url(base)
            .allow_http(true)
            .max_response_bytes(100_000)
            .retry(RetryPolicy::attempts(3))
            .build()
            .unwrap()
    };
    for chunked in [false, true] {
        let (base, seen) = serve(200, big.clone(), chunked).await;
        let err = client(&base).call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
        assert!(matches!(err, Error::TooLarge { status: 200, limit: 100_000 }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the 200 response is larger than the limit of 100000 bytes; raise it with `ClientBuilder::max_response_bytes`, or stream the body"
        );
        // Not re-sent: the same request brings the same body.
        assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1, "chunked: {chunked}");
    }
    let (base, _) = serve(400, big.clone(), true).await;
    let err = client(&base).call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
    let Error::Api(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.status, e.raw.len()), (400, ERROR_BODY_KEPT));
    // Under the limit, a body is read as before.
    let (base, _) = serve(200, b"[1,2]".to_vec(), true).await;
    let ok: serde_json::Value = client(&base).call(Method::GET, "/x", &[], None).await.unwrap();
    assert_eq!(ok, serde_json::json!([1, 2]));
}

#[tokio::test]
async fn a_password_in_the_base_url_is_not_in_transport_errors() {
    let base = "http://user:hunter2@127.0.0.1:9";
    let client =
        ClientBuilder::<Client>::new(&OPEN, Credentials::new(&OPEN)).base_url(base).allow_http(true).build().unwrap();
    let err = client.call::<serde_json::Value>(Method::GET, "/x", &[], None).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, Error::Connect(_)), "{text}");
    // reqwest moves the credentials into the request and prints the URL without them.
    assert!(!text.contains("hunter2") && !text.contains("user:"), "{text}");
}

#[test]
fn plain_http_needs_an_explicit_opt_in() {
    let err = builder("sk-1").base_url("http://api.test").build().unwrap_err().to_string();
    assert!(err.contains("allow_http(true)"), "{err}");
    assert!(builder("sk-1").base_url("ftp://api.test").build().is_err());
    assert!(builder("sk-1").base_url("https://api.test").build().is_ok());
}

#[test]
fn bad_headers_are_configuration_errors_naming_the_header() {
    let err = builder("sk-1").header("bad header", "v").build().unwrap_err().to_string();
    assert!(err.contains("\"bad header\""), "{err}");
    let err = builder("sk-1").user_agent("a\nb").build().unwrap_err().to_string();
    assert!(err.contains("user agent"), "{err}");
}

#[test]
fn per_call_variants_change_only_their_setting() {
    let client = builder("sk-1").timeout(Duration::from_secs(5)).build().unwrap();
    let slow = client.with_timeout(Duration::from_secs(300));
    let any = |c: &Client| c.timeout_for(&request_to("/any/1".into(), None));
    assert_eq!((any(&client), any(&slow)), (Duration::from_secs(5), Duration::from_secs(300)));
    assert!(Arc::ptr_eq(&slow.shared, &client.shared), "a variant shares the client's connections and key");
    assert!(Arc::ptr_eq(&client.clone().shared, &client.shared), "a clone costs a reference count");
    let retrying = client.with_retry(RetryPolicy::attempts(4));
    assert_eq!((client.retry.max_attempts(), retrying.retry.max_attempts()), (1, 4));
}

#[test]
fn calls_that_wait_by_design_get_their_own_timeout_unless_the_call_sets_one() {
    let client = builder("sk-1").timeout(Duration::from_secs(5)).build().unwrap();
    let waits = Request { timeout: Some(Duration::from_secs(600)), ..request_to("/jobs/1/wait".into(), None) };
    let wait = |c: &Client| c.timeout_for(&waits);
    assert_eq!(wait(&client), Duration::from_secs(600));
    assert_eq!(wait(&client.with_timeout(Duration::from_secs(2))), Duration::from_secs(2));
    let patient = builder("sk-1").timeout(Duration::from_secs(900)).build().unwrap();
    assert_eq!(wait(&patient), Duration::from_secs(900), "the longer of the two");
}

#[test]
fn credentials_made_for_another_api_are_refused() {
    static OTHER: Settings = Settings { base_url: "https://other.test", ..SETTINGS };
    let theirs = Credentials::new(&OTHER).with(0, "their-token".to_owned());
    let err = builder("sk-1").credentials(theirs).build().unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid client configuration: the credentials were made for another API's client; build them with this crate's `Credentials`"
    );
    assert!(!err.contains("their-token"));
}

#[test]
fn an_api_whose_operations_may_go_without_the_key_builds_without_one() {
    static KEYLESS: Settings = Settings { key_optional: true, ..SETTINGS };
    let from_env = Choices::from_lookup(&KEYLESS, &env(&[])).unwrap();
    assert_eq!(from_env.credentials.get(0), None, "no variable set: no key, and no error");
    let client: Client = from_env.build().unwrap();
    assert!(client.shared.credentials.iter().all(Option::is_none));
    // Asked for by an operation, the missing key is an error naming where it comes from.
    let err = credentials::choose::<()>(&KEYLESS, &client.shared.credentials, Security(&[&[0]])).unwrap_err();
    assert_eq!(err.to_string(), "not sent: the operation needs the credential of `key` (`api_key` or $OFFICIAL_KEY)");
    // A key given but empty is still refused.
    let err = ClientBuilder::<Client>::new(&KEYLESS, Credentials::new(&KEYLESS).with(0, " ".into())).build();
    assert_eq!(err.unwrap_err().to_string(), "invalid client configuration: the API key is empty");
}

/// A loopback server answering the requests it gets with `statuses` in turn (the last one
/// again once they run out), each on its own connection; returns its base URL and each request's
/// head (request line and headers) as received.
async fn scripted(statuses: Vec<u16>) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        let mut answered = 0;
        while let Ok((mut socket, _)) = listener.accept().await {
            let status = statuses[answered.min(statuses.len() - 1)];
            answered += 1;
            let mut received = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then as much body as it announces.
            let end = loop {
                let Ok(n @ 1..) = socket.read(&mut buf).await else { break None };
                received.extend_from_slice(&buf[..n]);
                if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                    break Some(at);
                }
            };
            let Some(end) = end else { continue };
            let head = String::from_utf8_lossy(&received[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|n| n.parse().unwrap()))
                .unwrap_or(0usize);
            while received.len() < end + 4 + length {
                let Ok(n @ 1..) = socket.read(&mut buf).await else { break };
                received.extend_from_slice(&buf[..n]);
            }
            seen.lock().unwrap().push(head);
            let answer = format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}");
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    (base, heads)
}

/// An API whose key goes in a header and whose token goes in the query, both sent by default.
static HEADER_AND_QUERY: Settings = Settings {
    schemes: &[
        Scheme { name: "key", place: Place::Header("x-key"), var: "T_KEY", setter: "key" },
        Scheme { name: "token", place: Place::Query("token"), var: "T_TOKEN", setter: "token" },
    ],
    security: Security(&[&[0, 1]]),
    ..SETTINGS
};

/// What a hook saw of one attempt.
type Seen = Arc<std::sync::Mutex<Vec<String>>>;

#[tokio::test]
async fn hooks_see_the_final_headers_and_the_url_without_a_query_credential() {
    let (base, heads) = scripted(vec![200]).await;
    let seen: Seen = Arc::default();
    let noted = seen.clone();
    let credentials = Credentials::new(&HEADER_AND_QUERY).with(0, "sk-1".into()).with(1, "tk-9".into());
    let client = ClientBuilder::<Client>::new(&HEADER_AND_QUERY, credentials)
        .base_url(&base)
        .allow_http(true)
        .on_request(move |request| {
            let key = &request.headers()["x-key"];
            noted.lock().unwrap().push(format!(
                "{} {} {} key sensitive: {} body: {:?}",
                request.method(),
                request.url(),
                request.path_template(),
                key.is_sensitive(),
                request.body()
            ));
            request.headers_mut().insert("x-signed", reqwest::header::HeaderValue::from_static("yes"));
            Ok(())
        })
        .build()
        .unwrap();
    let _: serde_json::Value = client.call(Method::GET, "/things", &[("q", "1 2")], None).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), [format!("GET {base}/things?q=1%202 (call) key sensitive: true body: Some([])")]);
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 1);
    let lines: Vec<&str> = heads[0].lines().collect();
    assert_eq!(lines[0], "GET /things?q=1%202&token=tk-9 HTTP/1.1", "the key is sent, after the hooks");
    assert!(lines.contains(&"x-key: sk-1") && lines.contains(&"x-signed: yes"), "{lines:?}");
}

#[tokio::test]
async fn values_hooks_add_or_change_are_marked_sensitive() {
    let client = ClientBuilder::<Client>::new(&OPEN, Credentials::new(&OPEN))
        .on_request(|request| {
            let headers = request.headers_mut();
            headers.insert("x-new", reqwest::header::HeaderValue::from_static("n"));
            headers.insert("x-changed", reqwest::header::HeaderValue::from_static("c2"));
            Ok(())
        })
        .build()
        .unwrap();
    let request = request_to("/p".into(), None);
    let mut outgoing = reqwest::Request::new(Method::GET, "https://api.test/p".parse().unwrap());
    for (name, value) in [("x-kept", "k"), ("x-changed", "c1")] {
        outgoing.headers_mut().insert(name, reqwest::header::HeaderValue::from_static(value));
    }
    client.before_send(&request, 1, false, &mut outgoing).await.unwrap();
    let shown: Vec<(String, bool)> =
        outgoing.headers().iter().map(|(n, v)| (format!("{n}: {}", v.to_str().unwrap()), v.is_sensitive())).collect();
    let expected = [("x-kept: k", false), ("x-changed: c2", true), ("x-new: n", true)];
    assert_eq!(shown, expected.map(|(h, s)| (h.to_owned(), s)));
}

#[tokio::test]
async fn a_resent_401_does_not_use_up_an_attempt_of_the_retry_policy() {
    // 401, re-sent for the hook; 503, retried as the policy allows once; then 200.
    let (base, heads) = scripted(vec![401, 503, 200]).await;
    let seen: Seen = Arc::default();
    let noted = seen.clone();
    let client = ClientBuilder::<Client>::new(&OPEN, Credentials::new(&OPEN))
        .base_url(&base)
        .allow_http(true)
        .retry(RetryPolicy::attempts(2).backoff(Duration::from_millis(1), Duration::from_millis(1)))
        .on_response(move |response| {
            noted.lock().unwrap().push(format!("{} {}", response.attempt(), response.status()));
            Ok(hooks::AfterResponse::Resend)
        })
        .build()
        .unwrap();
    let _: serde_json::Value = client.call(Method::POST, "/things", &[], None).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), ["1 401", "2 503", "3 200"]);
    assert_eq!(heads.lock().unwrap().len(), 3);
    let text = format!("{client:?}");
    assert!(text.contains("hooks: 1"), "{text}");
}
