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
    assert_eq!(first.url.query(), Some("tags=x&tags=y%20z&limit=10&color=light-blue"));
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
async fn a_success_of_several_media_types_is_read_so_that_none_is_lost() {
    use golden::raw_bodies::Client;
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    let html = "<html><body>hi</body></html>";
    let reply = |p: &str, body: &str, media: &str| {
        Mock::given(path(p.to_owned())).respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), media))
    };
    reply("/fetch", html, "text/html").mount(&server).await;
    reply("/page", "plain words", "text/plain").mount(&server).await;
    reply("/report", "a,b\n1,2\n", "text/csv").mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    // JSON among other media types: the bytes and their type, not a JSON decode of HTML.
    let fetched = client.fetch_a_resource().await.unwrap();
    assert_eq!((fetched.content_type.as_deref(), &fetched.bytes[..]), (Some("text/html"), html.as_bytes()));
    // JSON or XML, the same data in two syntaxes: the JSON type.
    Mock::given(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["rex"]"#, "application/json"))
        .mount(&server)
        .await;
    let pets: Vec<String> = client.list_pets_in_json_or_xml().await.unwrap();
    assert_eq!(pets, ["rex"]);
    // Only text types: text.
    let page: String = client.fetch_a_page_as_text().await.unwrap();
    assert_eq!(page, "plain words");
    // Text or a PDF: bytes, which a PDF needs.
    let report = client.fetch_a_report().await.unwrap();
    assert_eq!((report.content_type.as_deref(), &report.bytes[..]), (Some("text/csv"), &b"a,b\n1,2\n"[..]));
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
async fn a_url_encoded_form_is_sent_in_declaration_order() {
    use golden::raw_bodies::*;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let body = SignInWithAFormBody::new("ann & bob").with_remember(true);
    client.sign_in_with_a_form().body(&body).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(std::str::from_utf8(&received.body).unwrap(), "user=ann%20%26%20bob&remember=true");
}

#[tokio::test]
async fn a_form_body_spells_each_property_as_its_encoding_says_and_nests_in_brackets() {
    use golden::form_bodies::*;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let body = CreateChargeBody::new(500)
        .with_note("a/b?c d")
        .with_expand(vec!["customer".to_string(), "invoice".into()])
        .with_ids(vec![1, 2])
        .with_metadata(
            [("order".to_string(), "6 7".to_string())].into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        )
        .with_shipping(
            CreateChargeBodyShipping::default()
                .with_name("Ann")
                .with_address(CreateChargeBodyShippingAddress::default().with_city("Oslo")),
        )
        .with_items(vec![
            CreateChargeBodyItemsItem::default().with_price("p_1").with_qty(2),
            CreateChargeBodyItemsItem::default().with_price("p_2"),
        ]);
    client.create_charge(&body).await.unwrap();
    client.create_charge(&CreateChargeBody::new(1)).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].headers["content-type"], "application/x-www-form-urlencoded");
    let text = |i: usize| std::str::from_utf8(&received[i].body).unwrap().to_owned();
    assert_eq!(
        text(0),
        "amount=500&note=a/b?c%20d&expand=customer&expand=invoice&ids=1,2&metadata[order]=6%207\
         &shipping[address][city]=Oslo&shipping[name]=Ann&items[0][price]=p_1&items[0][qty]=2&items[1][price]=p_2"
    );
    assert_eq!(text(1), "amount=1");
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
    use golden::reserved_names::{calls, types, Binary, Client, Credentials, Download, Self_, Settings};
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"Default":"d"}"#, "application/json"))
        .mount(&server)
        .await;
    // Schemes named `new` and `default` get setters named around `Credentials`' own methods.
    let credentials = Credentials::new().new_credential("n-1").default_credential("d-2");
    let client = Client::builder(credentials).base_url(server.uri()).allow_http(true).build().unwrap();
    // The client's own `new`, `builder`, `call` ... stay; an operation of such a name says so.
    // (Each declares a 204; the 200 answered here is another success, read as its empty one.)
    client.new_operation().await.unwrap();
    client.with_timeout(std::time::Duration::from_secs(5)).with_timeout_operation().await.unwrap();
    let settings = Settings::default().with_self_("s").with_type("t");
    // Schemas keep their names, in `types`; beside `Client`, the client's names win.
    let out: types::ClientBuilder =
        client.r#type("a b").body_2("b").response("r").query("q").body(&settings).await.unwrap();
    assert_eq!(out.default.as_deref(), Some("d"));
    // The schema `Credentials` keeps its name, in `types`.
    let _: Option<types::Credentials> = settings.login.clone();
    let _: (Binary, Download, Self_) = std::default::Default::default();
    assert_eq!(types::Default::Self_.as_str(), "Self");
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    assert_eq!(last.url.path(), "/type/a%20b");
    assert_eq!(last.url.query(), Some("body=b&response=r"));
    assert_eq!(last.headers.get("query").unwrap(), "q");
    assert_eq!(last.headers.get("x-new").unwrap(), "n-1", "the first alternative with its credential set");
    assert_eq!(last.headers.get("authorization"), None);
    assert_eq!(String::from_utf8_lossy(&last.body), r#"{"self":"s","type":"t"}"#);
    // Parameters named like the call type's own members get the next free name; the call type
    // of `option` is `calls::Option`, which spells the prelude's in full.
    let call: calls::Option<'_> = client.option().send_2("s").download_2(2).client_2(true);
    call.send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.last().unwrap().url.query(), Some("send=s&download=2&client=true"));
}

/// The requests the server saw, in order, each as `path?query` and the named headers.
async fn seen(server: &MockServer, headers: &[&str]) -> Vec<(String, Vec<Option<String>>)> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .map(|r| {
            let target = match r.url.query() {
                Some(q) => format!("{}?{q}", r.url.path()),
                None => r.url.path().to_string(),
            };
            let values = headers
                .iter()
                .map(|h| {
                    let all: Vec<_> = r.headers.get_all(*h).iter().map(|v| v.to_str().unwrap().to_string()).collect();
                    (!all.is_empty()).then(|| all.join(" | "))
                })
                .collect();
            (target, values)
        })
        .collect()
}

#[tokio::test]
async fn every_parameter_style_is_spelled_as_openapi_defines_it() {
    use golden::parameter_styles::*;
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();

    // Path: simple (the default), label exploded, matrix of an object.
    client.path_styles(vec![3, 4], vec!["a b".to_string(), "c".into()], Point::new(1, 2)).await.unwrap();
    // Query: every style, and one of each left out.
    client
        .query_styles()
        .repeated(vec!["x".to_string(), "y z".into()])
        .joined(vec!["x".to_string(), "a,b".into()])
        .spaced(vec![1, 2])
        .piped(vec![1, 2])
        .filter(Filter::default().with_name("n&m").with_range(FilterRange::default().with_max(9).with_min(1)))
        .point(Point::new(5, 6))
        .next("/a/b?c=d")
        .r#where(Point::new(7, 8))
        .await
        .unwrap();
    client.query_styles().await.unwrap();
    // Headers (simple) and cookies (form).
    client
        .header_styles()
        .x_ids(vec![1, 2])
        .x_point(Point::new(1, 2))
        .theme("dark mode")
        .seen(vec![4, 5])
        .await
        .unwrap();
    client.header_styles().theme("light").await.unwrap();

    let seen = seen(&server, &["x-ids", "x-point", "cookie"]).await;
    let expected: Vec<(&str, [Option<&str>; 3])> = vec![
        ("/simple/3,4/label/.a%20b.c/matrix/;point=x,1,y,2", [None, None, None]),
        (
            "/query?repeated=x&repeated=y%20z&joined=x,a%2Cb&spaced=1%202&piped=1|2\
             &filter[name]=n%26m&filter[range][max]=9&filter[range][min]=1&x=5&y=6&next=/a/b?c=d\
             &where=%7B%22x%22%3A7%2C%22y%22%3A8%7D",
            [None, None, None],
        ),
        ("/query", [None, None, None]),
        ("/headers", [Some("1,2"), Some("x=1,y=2"), Some("theme=dark%20mode; seen=4,5")]),
        ("/headers", [None, None, Some("theme=light")]),
    ];
    let got: Vec<(&str, [Option<&str>; 3])> =
        seen.iter().map(|(t, h)| (t.as_str(), [h[0].as_deref(), h[1].as_deref(), h[2].as_deref()])).collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn operations_go_to_their_own_servers_unless_the_user_chose_a_base_url() {
    use golden::servers::Client;
    use wiremock::matchers::any;
    // The document's ports (variable defaults); a run that cannot have them says so.
    let (Ok(main), Ok(files)) =
        (std::net::TcpListener::bind("127.0.0.1:47391"), std::net::TcpListener::bind("127.0.0.1:47392"))
    else {
        panic!("ports 47391 and 47392 are taken; this test listens where tests/fixtures/servers.yaml points");
    };
    let main = MockServer::builder().listener(main).start().await;
    let files = MockServer::builder().listener(files).start().await;
    for server in [&main, &files] {
        Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(server).await;
    }
    assert_eq!(golden::servers::DEFAULT_BASE_URL, "http://127.0.0.1:47391/v1");
    let client = Client::builder().allow_http(true).build().unwrap();
    client.list_items().await.unwrap();
    client.upload().await.unwrap();
    client.list_uploads().await.unwrap();
    let paths = |requests: Vec<wiremock::Request>| requests.iter().map(|r| r.url.path().to_owned()).collect::<Vec<_>>();
    assert_eq!(paths(main.received_requests().await.unwrap()), ["/v1/items", "/archive/uploads"]);
    assert_eq!(paths(files.received_requests().await.unwrap()), ["/files/uploads"]);

    // A base URL the user chose takes every call, the ones with servers of their own too.
    let mine = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&mine).await;
    let client = Client::builder().base_url(format!("{}/mine", mine.uri())).allow_http(true).build().unwrap();
    client.upload().await.unwrap();
    client.list_uploads().await.unwrap();
    assert_eq!(paths(mine.received_requests().await.unwrap()), ["/mine/uploads", "/mine/uploads"]);
}

#[tokio::test]
async fn a_body_that_can_only_be_empty_is_no_argument() {
    use golden::empty_objects::*;
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    Mock::given(path("/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"nothing":{}}"#, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/reset")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    // `nothing` decodes as the empty struct; a map would have taken any keys.
    assert_eq!(client.ping().await.unwrap().nothing, Some(Empty::default()));
    client.reset().await.unwrap();
    let received = server.received_requests().await.unwrap();
    // The optional body is left out; the required one is `{}`.
    assert_eq!((received[0].body.as_slice(), received[0].headers.get("content-type")), (&b""[..], None));
    assert_eq!(received[1].body, b"{}");
    assert_eq!(received[1].headers["content-type"], "application/json");
}

#[tokio::test]
async fn dates_go_out_as_rfc_3339_text_in_path_query_header_and_body() {
    use chrono::{NaiveDate, TimeZone, Utc};
    use golden::dates::*;
    let server = MockServer::start().await;
    let listed =
        r#"[{"at":"2025-11-16T09:30:00Z","until":null,"on":"2025-11-17","history":["2025-11-15T23:59:59.250+02:00"]}]"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(listed, "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let day = NaiveDate::from_ymd_opt(2025, 11, 16).unwrap();
    let at = Utc.with_ymd_and_hms(2025, 11, 16, 12, 0, 0).unwrap();
    let events = client.list_events(day).since(at).x_as_of(at).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].at, Utc.with_ymd_and_hms(2025, 11, 16, 9, 30, 0).unwrap());
    assert_eq!(events[0].until, Some(None));
    assert_eq!(events[0].on, NaiveDate::from_ymd_opt(2025, 11, 17));
    // Another offset is the same instant, held in UTC.
    let history = events[0].history.as_deref().unwrap();
    assert_eq!(
        history[0],
        Utc.with_ymd_and_hms(2025, 11, 15, 21, 59, 59).unwrap() + chrono::Duration::milliseconds(250)
    );
    client.add_event(day, &Event::new(at).with_on(day).with_history([at])).await.unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/days/2025-11-16/events");
    assert_eq!(received[0].url.query(), Some("since=2025-11-16T12%3A00%3A00Z"));
    assert_eq!(received[0].headers.get("x-as-of").unwrap(), "2025-11-16T12:00:00Z");
    assert_eq!(received[1].url.path(), "/days/2025-11-16/events");
    assert_eq!(
        std::str::from_utf8(&received[1].body).unwrap(),
        r#"{"at":"2025-11-16T12:00:00Z","on":"2025-11-16","history":["2025-11-16T12:00:00Z"]}"#
    );
}

#[tokio::test]
async fn a_date_the_server_writes_wrongly_is_a_decode_error_naming_the_field() {
    use golden::dates::*;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"[{"at":"yesterday"}]"#, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
    let err = client.list_events(day).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, golden::runtime::Error::Decode { .. }), "{err:?}");
    assert!(text.contains("[0].at") && text.contains("input contains invalid characters"), "{text}");
}

#[tokio::test]
async fn a_placeholder_the_document_forgot_to_declare_is_sent_in_the_path() {
    use golden::undeclared_path_parameter::{Client, GetReportFormat};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("done", "text/plain"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let report = client.get_report(GetReportFormat::Csv, "job 7/b").page(2).await.unwrap();
    assert_eq!(report, "done");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/export/csv/reporting_data/job%207%2Fb");
    assert_eq!(received[0].url.query(), Some("page=2"));
}
