//! The `operations` module: each operation as data, and a dispatch from JSON arguments that
//! sends what the typed call sends, refusing bad arguments with the argument's name.

use golden::runtime::ops::{AnswerKind, ArgError, Args, Failure, Kind, Location, Media, Output};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

fn args(value: serde_json::Value) -> Args {
    Args::from_value(value).unwrap()
}

/// A request as comparable text: method, path and query, the headers that matter, the body
/// with its multipart boundary (random per request) made fixed.
fn shown(r: &Request) -> String {
    let header = |n: &str| r.headers.get(n).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let content_type = header("content-type");
    let mut body = String::from_utf8_lossy(&r.body).into_owned();
    if let Some(boundary) = content_type.strip_prefix("multipart/form-data; boundary=") {
        body = body.replace(boundary, "BOUNDARY");
    }
    let target = format!("{}?{}", r.url.path(), r.url.query().unwrap_or(""));
    format!(
        "{} {target}\nx-trace-id: {}\ncookie: {}\n{}\n{body}",
        r.method,
        header("x-trace-id"),
        header("cookie"),
        content_type.split(';').next().unwrap()
    )
}

#[test]
fn the_table_holds_each_parameter_with_its_location_kind_and_values() {
    use golden::parameters::operations::OPERATIONS;
    let [op] = OPERATIONS else { panic!("one operation") };
    assert_eq!((op.name, op.group, op.method, op.path), ("get_part", "default", "GET", "/items/{itemId}/parts/{part}"));
    assert_eq!(op.summary, "Get part");
    assert_eq!(op.answer, AnswerKind::Json);
    let params: Vec<_> = op.params.iter().map(|p| (p.name, p.wire, p.location, p.required, p.kind, p.values)).collect();
    let none: &[&str] = &[];
    assert_eq!(
        params,
        [
            ("item_id", "itemId", Location::Path, true, Kind::String, none),
            ("part", "part", Location::Path, true, Kind::Integer, none),
            ("tags", "tags", Location::Query, false, Kind::List, none),
            ("limit", "limit", Location::Query, true, Kind::Integer, none),
            ("x_trace_id", "X-Trace-Id", Location::Header, false, Kind::String, none),
            ("color", "color", Location::Query, false, Kind::String, &["red", "light-blue"][..]),
            ("page", "page", Location::Query, false, Kind::Integer, none),
            ("session", "session", Location::Cookie, false, Kind::String, none),
        ]
    );
}

#[tokio::test]
async fn a_dispatched_call_sends_what_the_typed_call_sends() {
    use golden::parameters::operations::{api, OPERATIONS};
    use golden::parameters::*;
    let (typed, dispatched) = (server(r#"{"ok":true}"#).await, server(r#"{"ok":true}"#).await);
    let client = |s: &MockServer| Client::builder().base_url(s.uri()).allow_http(true).build().unwrap();

    client(&typed)
        .get_part("a/b c", 7, 10)
        .tags(vec!["x".to_string(), "y z".to_string()])
        .x_trace_id("t-1")
        .color(GetPartColor::LightBlue)
        .session("s-9")
        .await
        .unwrap();
    let arguments = json!({"item_id": "a/b c", "part": 7, "limit": 10, "tags": ["x", "y z"], "x_trace_id": "t-1",
        "color": "light-blue", "session": "s-9"});
    let answer = api(None).call(&client(&dispatched), &OPERATIONS[0], args(arguments)).await.unwrap();
    assert_eq!((answer.status, answer.output), (200, Output::Json(json!({"ok": true}))));

    let (t, d) = (typed.received_requests().await.unwrap(), dispatched.received_requests().await.unwrap());
    assert_eq!(shown(&d[0]), shown(&t[0]));
    assert!(shown(&d[0]).starts_with("GET /items/a%2Fb%20c/parts/7?tags=x&tags=y%20z&limit=10&color=light-blue\nx-trace-id: t-1\ncookie: session=s-9"));
}

#[tokio::test]
async fn bad_arguments_are_refused_by_name_and_nothing_is_sent() {
    use golden::parameters::operations::{api, OPERATIONS};
    use golden::parameters::Client;
    let s = server("{}").await;
    let client = Client::builder().base_url(s.uri()).allow_http(true).build().unwrap();
    let refused = |value| async { api(None).call(&client, &OPERATIONS[0], args(value)).await.unwrap_err() };
    let arg = |f: Failure| match f {
        Failure::Arguments(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        arg(refused(json!({"item_id": "a", "part": 1, "limit": 1, "colour": "red"})).await),
        ArgError::new(
            "colour",
            "`get_part` takes no such argument (it takes: item_id, part, tags, limit, x_trace_id, color, page, session)"
        )
    );
    assert_eq!(arg(refused(json!({"item_id": "a", "part": 1})).await), ArgError::new("limit", "is required"));
    let wrong = arg(refused(json!({"item_id": "a", "part": "seven", "limit": 1})).await);
    assert_eq!(
        (wrong.field.as_str(), wrong.message.as_str()),
        ("part", "invalid type: string \"seven\", expected i64")
    );
    let outside = arg(refused(json!({"item_id": "a", "part": 1, "limit": 1, "color": "green"})).await);
    assert_eq!(outside.field, "color");
    assert!(outside.message.contains("green") && outside.message.contains("light-blue"), "{}", outside.message);
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_multipart_form_is_built_from_its_fields_with_files_read_from_paths() {
    use golden::multipart::operations::{api, OPERATIONS};
    use golden::multipart::*;
    use golden::runtime::File;
    let op = OPERATIONS.iter().find(|o| o.name == "upload_archive").unwrap();
    let body = op.body.unwrap();
    assert_eq!((body.media, body.required), (Media::Multipart, true));
    let fields: Vec<_> = body.fields.iter().map(|f| (f.name, f.kind, f.required)).collect();
    assert_eq!(fields, [("name", Kind::String, true), ("file", Kind::File, true), ("size", Kind::Integer, false)]);

    let dir = std::env::temp_dir().join(format!("golden-operations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zip = b"PK\x03\x04\x00\xff zip bytes".to_vec();
    std::fs::write(dir.join("ext.zip"), &zip).unwrap();
    std::fs::write(dir.join("2.txt"), b"two").unwrap();
    let (typed, dispatched) = (server(r#"{"id":"x9"}"#).await, server(r#"{"id":"x9"}"#).await);
    let client = |s: &MockServer| Client::builder().base_url(s.uri()).allow_http(true).build().unwrap();

    let mut form =
        UploadArchiveForm::new("My archive", File::new(zip).file_name("ext.zip").content_type("application/zip"));
    form.attachments = Some(vec![File::new(b"two".to_vec()).file_name("2.txt")]);
    form.size = Some(42);
    form.meta = Some(UploadArchiveFormMeta::default().with_source("cli"));
    client(&typed).upload_archive("a1", &form).await.unwrap();
    let arguments = json!({"id": "a1", "body": {
        "name": "My archive",
        "file": format!("{};type=application/zip", dir.join("ext.zip").display()),
        "attachments": [dir.join("2.txt")],
        "size": 42,
        "meta": {"source": "cli"},
    }});
    let answer = api(None).call(&client(&dispatched), op, args(arguments)).await.unwrap();
    assert_eq!(answer.output, Output::Json(json!({"id": "x9"})));
    let (t, d) = (typed.received_requests().await.unwrap(), dispatched.received_requests().await.unwrap());
    assert_eq!(shown(&d[0]), shown(&t[0]));

    let zip_path = dir.join("ext.zip").display().to_string();
    let typo = json!({"id": "a1", "body": {"name": "n", "file": zip_path, "sise": 3}});
    let typo = api(None).call(&client(&dispatched), op, args(typo)).await.unwrap_err();
    assert_eq!(typo.to_string(), "`body.sise`: is not a field the form takes, so it would not be sent");
    let no_files = args(json!({"id": "a1", "body": {"name": "n", "file": zip_path}})).without_files();
    let no_files = api(None).call(&client(&dispatched), op, no_files).await.unwrap_err();
    assert_eq!(
        no_files.to_string(),
        "`body.file`: files are not read here: this caller may not send the machine's files"
    );
    let missing = api(None).call(&client(&dispatched), op, args(json!({"id": "a1", "body": {"name": "n"}}))).await;
    assert_eq!(missing.unwrap_err().to_string(), "`body.file`: is required");
    let unreadable = json!({"id": "a1", "body": {"name": "n", "file": dir.join("absent.zip")}});
    let unreadable = api(None).call(&client(&dispatched), op, args(unreadable)).await.unwrap_err().to_string();
    assert!(
        unreadable.starts_with(&format!(
            "`body.file`: cannot read the file {:?}: ",
            dir.join("absent.zip").display().to_string()
        )),
        "{unreadable}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_paged_list_names_its_parameter_and_fields_by_their_wire_names() {
    use golden::runtime::ops::PagingStyle::*;
    let paged: Vec<_> = golden::paging::operations::OPERATIONS
        .iter()
        .filter_map(|o| o.paging.map(|p| (o.name, p.style, p.param, p.first, p.items, p.has_more, p.total, p.next)))
        .collect();
    let e: &[&str] = &[];
    assert_eq!(
        paged,
        [
            ("list_bare", Page, "page", 1, e, e, e, e),
            ("list_entries", Page, "page", 1, &["data", "entries"][..], e, &["data", "total_pages"][..], e),
            ("list_files", Cursor, "after", 1, &["files"][..], e, e, &["next"][..]),
            ("list_numbered_text", Page, "page", 0, &["items"][..], &["meta", "more"][..], e, e),
            ("list_rows", Offset, "skip", 1, &["rows"][..], e, &["total"][..], e),
        ]
    );
}
