//! Path, query and header parameters on the wire, against a loopback server.

use golden::parameters::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn parameters_are_encoded_into_path_query_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"ok":true}"#, "application/json"))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let tags = vec!["x".to_string(), "y z".to_string()];
    let response = client
        .get_part("a/b c", 7, 10)
        .tags(tags.clone())
        .x_trace_id("t-1")
        .color(GetPartColor::LightBlue)
        .await
        .unwrap();
    assert_eq!(response.ok, Some(true));
    // Optional parameters left out are not sent at all.
    client.get_part("plain", 1, 0).page(3).await.unwrap();

    let received = server.received_requests().await.unwrap();
    let first = &received[0];
    assert_eq!(first.url.path(), "/items/a%2Fb%20c/parts/7");
    assert_eq!(first.url.query(), Some("tags=x&tags=y+z&limit=10&color=light-blue"));
    assert_eq!(first.headers.get("x-trace-id").unwrap(), "t-1");
    let second = &received[1];
    assert_eq!(second.url.path(), "/items/plain/parts/1");
    assert_eq!(second.url.query(), Some("limit=0&page=3"));
    assert!(second.headers.get("x-trace-id").is_none());
}

#[tokio::test]
async fn a_header_value_that_cannot_be_sent_is_a_validation_error_before_any_io() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let err = client.get_part("a", 1, 0).x_trace_id("line\nbreak").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request, not sent: `X-Trace-Id`: not a valid HTTP header value (control characters or non-ASCII text)"
    );
}

#[tokio::test]
async fn binary_and_text_bodies_are_returned_as_received() {
    use golden::raw_bodies::Client;
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    Mock::given(path("/screenshot"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .mount(&server)
        .await;
    Mock::given(path("/logs"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("line 1\nline 2", "text/plain"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let shot = client.take_screenshot().await.unwrap();
    assert_eq!(shot.content_type.as_deref(), Some("image/png"));
    assert_eq!(&shot.bytes[..], &png[..]);
    assert_eq!(client.get_logs().await.unwrap(), "line 1\nline 2");
}

#[tokio::test]
async fn each_operation_presents_the_key_as_its_security_scheme_says() {
    use golden::security_schemes::Client;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder("sk-9").base_url(server.uri()).allow_http(true).build().unwrap();
    client.uses_the_document_default().await.unwrap();
    client.uses_an_api_key_header().await.unwrap();
    client.uses_o_auth().await.unwrap();
    client.needs_nothing().await.unwrap();
    client.basic_first_then_a_key().await.unwrap();
    let seen: Vec<(String, Option<String>, Option<String>)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let header = |n: &str| r.headers.get(n).map(|v| v.to_str().unwrap().to_owned());
            (r.url.path().to_owned(), header("authorization"), header("x-api-key"))
        })
        .collect();
    let bearer = || Some("Bearer sk-9".to_string());
    let key = || Some("sk-9".to_string());
    assert_eq!(
        seen,
        [
            ("/default".into(), bearer(), None),
            ("/key".into(), None, key()),
            ("/oauth".into(), bearer(), None),
            ("/public".into(), None, None),
            // HTTP basic cannot carry an API key; the next alternative can.
            ("/basic-or-key".into(), None, key()),
        ]
    );
}

#[tokio::test]
async fn bytes_and_text_bodies_are_sent_as_they_are_with_their_media_type() {
    use golden::raw_bodies::Client;
    use golden::runtime::File;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    client.put_blob("b1", &File::new(vec![0, 159, 146, 150])).await.unwrap();
    client.put_blob("b2", &File::new(b"\x89PNG".to_vec()).content_type("image/png")).await.unwrap();
    client.add_note().body("héllo").await.unwrap();
    client.add_note().await.unwrap();
    let seen: Vec<(String, Option<String>, Vec<u8>)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let ct = r.headers.get("content-type").map(|v| v.to_str().unwrap().to_owned());
            (r.url.path().to_owned(), ct, r.body.clone())
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("/blobs/b1".into(), Some("application/octet-stream".into()), vec![0, 159, 146, 150]),
            // The file's own media type wins over the declared one.
            ("/blobs/b2".into(), Some("image/png".into()), b"\x89PNG".to_vec()),
            ("/notes".into(), Some("text/plain; charset=utf-8".into()), "héllo".as_bytes().to_vec()),
            ("/notes".into(), None, Vec::new()),
        ]
    );
}

#[tokio::test]
async fn a_url_encoded_form_is_sent_flat_and_nested_values_are_refused_before_sending() {
    use golden::raw_bodies::*;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let body = SignInWithAFormBody::new("ann & bob").with_remember(true);
    client.sign_in_with_a_form().body(&body).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(std::str::from_utf8(&received.body).unwrap(), "user=ann+%26+bob&remember=true");

    let nested = body.with_extra(SignInWithAFormBodyExtra::default().with_a("x"));
    let err = client.sign_in_with_a_form().body(&nested).await.unwrap_err();
    assert!(
        err.to_string().starts_with("invalid request, not sent: `body`: cannot be sent as a URL-encoded form ("),
        "{err}"
    );
}

#[tokio::test]
async fn schemas_reached_by_any_pointer_are_one_type_each_and_go_out_as_declared() {
    use golden::refs_anywhere::*;
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    // `order` points at the shared parameter's schema: the same `Direction` the parameter takes,
    // named after its component; `label` points into `Named`'s `allOf`, `at` into `$defs`.
    let shelf = Shelf::default()
        .with_label(NamedAllOf0::new("top"))
        .with_at(Position::default().with_row(2))
        .with_order(Direction::Desc);
    let named: Named = NamedAllOf0::new("top");
    assert_eq!(shelf.label.as_ref(), Some(&named));
    client.create_shelf(&shelf).direction(Direction::Asc).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("direction=asc"));
    assert_eq!(String::from_utf8_lossy(&received[0].body), r#"{"label":{"name":"top"},"at":{"row":2},"order":"desc"}"#);
}

#[tokio::test]
async fn operations_and_parameters_named_like_the_clients_own_methods_or_keywords_still_work() {
    use golden::reserved_names::*;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"Default":"d"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    // The client's own `new`, `builder`, `call` ... stay; the operations get the next free name.
    client.new_2().await.unwrap_err();
    client.with_timeout(std::time::Duration::from_secs(5)).with_timeout_2().await.unwrap_err();
    let settings = Settings::default().with_self_("s").with_type("t");
    let out: ClientBuilder2 = client.r#type("a b").body_2("b").response("r").query("q").body(&settings).await.unwrap();
    assert_eq!(out.default.as_deref(), Some("d"));
    let _: (Binary2, Download2, Self_) = Default::default();
    assert_eq!(Default2::Self_.as_str(), "Self");
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    assert_eq!(last.url.path(), "/type/a%20b");
    assert_eq!(last.url.query(), Some("body=b&response=r"));
    assert_eq!(last.headers.get("query").unwrap(), "q");
    assert_eq!(String::from_utf8_lossy(&last.body), r#"{"self":"s","type":"t"}"#);
    // Parameters named like the call type's own members get the next free name; the call type
    // of `option` is `calls::Option2`, clear of the prelude's `Option`.
    let call: calls::Option2<'_> = client.option().send_2("s").download_2(2).client_2(true);
    call.send().await.unwrap_err();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.last().unwrap().url.query(), Some("send=s&download=2&client=true"));
}
