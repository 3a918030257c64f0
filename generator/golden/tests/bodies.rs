//! Request and response bodies beyond JSON: multipart uploads and `default` responses, on the
//! wire against a loopback server.

use golden::runtime::{Error, File, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One part of a `multipart/form-data` body: its headers (lower-cased names) and contents.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Splits a received multipart body along the boundary its `Content-Type` names.
fn parts(request: &wiremock::Request) -> Vec<Part> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let mut starts: Vec<usize> =
        body.windows(delimiter.len()).enumerate().filter(|(_, w)| *w == delimiter.as_bytes()).map(|(i, _)| i).collect();
    let last = starts.pop().unwrap();
    assert_eq!(&body[last + delimiter.len()..], b"--\r\n", "closing delimiter");
    starts.push(last);
    for pair in starts.windows(2) {
        let chunk = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = chunk.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = std::str::from_utf8(&chunk[..split]).unwrap();
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (n, v) = line.split_once(": ").unwrap();
                (n.to_ascii_lowercase(), v.to_string())
            })
            .collect();
        out.push(Part { headers, body: chunk[split + 4..].to_vec() });
    }
    out
}

fn text(name: &str, value: &str) -> Part {
    let disposition = format!("form-data; name=\"{name}\"");
    Part { headers: vec![("content-disposition".into(), disposition)], body: value.as_bytes().to_vec() }
}

fn file(name: &str, file_name: &str, content_type: &str, bytes: &[u8]) -> Part {
    let disposition = format!("form-data; name=\"{name}\"; filename=\"{file_name}\"");
    Part {
        headers: vec![("content-disposition".into(), disposition), ("content-type".into(), content_type.into())],
        body: bytes.to_vec(),
    }
}

/// The client of the fixture the calling test imports, for `server`.
macro_rules! client {
    ($server:expr) => {
        Client::builder().base_url($server.uri()).allow_http(true).build().unwrap()
    };
}

#[tokio::test]
async fn a_form_is_sent_as_multipart_with_files_text_and_json_parts() {
    use golden::multipart::*;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/archives/a1/upload"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id":"x9"}"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let zip = b"PK\x03\x04\x00\xff zip bytes".to_vec();
    let mut form = UploadArchiveForm::new(
        "My archive",
        File::new(zip.clone()).file_name("ext.zip").content_type("application/zip"),
    );
    form.attachments = Some(vec![File::new(b"one".to_vec()), File::new(b"two".to_vec()).file_name("2.txt")]);
    form.tags = Some(vec!["a".into(), "b".into()]);
    form.size = Some(42);
    form.meta = Some(UploadArchiveFormMeta::default().with_source("cli"));
    let stored = client!(server).upload_archive("a1", &form).await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("x9"));

    let received = &server.received_requests().await.unwrap()[0];
    let mut meta = text("meta", r#"{"source":"cli"}"#);
    meta.headers.push(("content-type".into(), "application/json".into()));
    assert_eq!(
        parts(received),
        vec![
            text("name", "My archive"),
            file("file", "ext.zip", "application/zip", &zip),
            // Unnamed files take the field's name; unlabelled ones are octet streams.
            file("attachments", "attachments", "application/octet-stream", b"one"),
            file("attachments", "2.txt", "application/octet-stream", b"two"),
            text("tags", "a"),
            text("tags", "b"),
            text("size", "42"),
            meta,
        ]
    );
}

#[tokio::test]
async fn unset_optional_fields_send_no_part_and_an_absent_optional_form_no_body() {
    use golden::multipart::*;
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).expect(2).mount(&server).await;
    let c = client!(server);
    let form = SetAvatarForm::default().with_caption("me");
    c.set_avatar().body(&form).await.unwrap();
    c.set_avatar().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(parts(&received[0]), vec![text("caption", "me")]);
    assert!(received[1].body.is_empty());
    assert!(received[1].headers.get("content-type").is_none());
}

#[tokio::test]
async fn a_retried_upload_sends_the_same_parts_again() {
    use golden::multipart::*;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let retry = RetryPolicy::attempts(2).backoff(Duration::from_millis(1), Duration::from_millis(1));
    let c = Client::builder().base_url(server.uri()).allow_http(true).retry(retry).build().unwrap();
    let form = UploadArchiveForm::new("n", File::new(vec![7; 100_000]).file_name("big.bin"));
    c.upload_archive("a", &form).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(parts(&received[0]), parts(&received[1]));
    assert_eq!(parts(&received[1])[1].body.len(), 100_000);
}

#[tokio::test]
async fn a_file_with_an_unusable_content_type_is_refused_before_sending() {
    use golden::multipart::*;
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let form = UploadArchiveForm::new("n", File::new(vec![1]).content_type("zip"));
    let err = client!(server).upload_archive("a", &form).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid request, not sent: `file`: content type "zip" is not a media type like `application/zip`"#
    );
}

#[tokio::test]
async fn the_default_response_types_every_status_not_listed() {
    use golden::response_statuses::*;
    let server = MockServer::start().await;
    Mock::given(path("/pets/1"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(r#"{"missing":1}"#, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/pets/2"))
        .respond_with(
            ResponseTemplate::new(500).set_body_raw(r#"{"code":7,"message":"boom"}"#, "application/problem+json"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/pets/3"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html>bad gateway</html>", "text/html"))
        .mount(&server)
        .await;
    let c = client!(server);
    let api = |e: Error<GetPetError>| match e {
        Error::Api(api) => (api.status, api.body),
        other => panic!("{other}"),
    };
    assert_eq!(
        api(c.get_pet(1).await.unwrap_err()),
        (404, Some(GetPetError::NotFound(GetPetNotFoundResponse::default().with_missing(1))))
    );
    assert_eq!(api(c.get_pet(2).await.unwrap_err()), (500, Some(GetPetError::Default(Problem::new(7, "boom")))));
    // A body that is not the declared one is kept raw, not forced into a variant.
    assert_eq!(api(c.get_pet(3).await.unwrap_err()), (502, None));
}

#[tokio::test]
async fn status_ranges_match_after_exact_codes() {
    use golden::response_statuses::*;
    let server = MockServer::start().await;
    let c = client!(server);
    let reply = |status: u16, body: &'static str| ResponseTemplate::new(status).set_body_raw(body, "application/json");
    let api = |e: Error<StartJobError>| match e {
        Error::Api(api) => (api.status, api.body),
        other => panic!("{other}"),
    };
    // Any 2xx is the success of a `2XX` response.
    for (status, expected) in [(201, "j1"), (200, "j2")] {
        let guard = Mock::given(method("POST"))
            .respond_with(reply(status, if status == 201 { r#"{"job":"j1"}"# } else { r#"{"job":"j2"}"# }))
            .mount_as_scoped(&server)
            .await;
        assert_eq!(c.start_job().await.unwrap().job.as_deref(), Some(expected));
        drop(guard);
    }
    let cases = [
        (
            429,
            r#"{"retry_in":3}"#,
            StartJobError::TooManyRequests(StartJobTooManyRequestsResponse::default().with_retry_in(3)),
        ),
        (409, r#"{"code":9,"message":"busy"}"#, StartJobError::ClientError(Problem::new(9, "busy"))),
        (
            503,
            r#"{"incident":"i-7"}"#,
            StartJobError::ServerError(StartJobServerErrorResponse::default().with_incident("i-7")),
        ),
    ];
    for (status, body, expected) in cases {
        let guard = Mock::given(method("POST")).respond_with(reply(status, body)).mount_as_scoped(&server).await;
        assert_eq!(api(c.start_job().await.unwrap_err()), (status, Some(expected)));
        drop(guard);
    }
    // Outside every declared range: kept raw.
    let _guard = Mock::given(method("POST")).respond_with(reply(302, "{}")).mount_as_scoped(&server).await;
    assert_eq!(api(c.start_job().await.unwrap_err()), (302, None));
}

#[tokio::test]
async fn content_keywords_and_encoding_media_types_shape_the_parts() {
    use golden::content_keywords::*;
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    let png = b"\x89PNG\r\n\x1a\n\x00".to_vec();
    // `image` takes its `encoding` media type; `scan` lists two, so its own (or the default) stands.
    let form = UploadAvatarForm::new(File::new(png.clone()).file_name("me.png"))
        .with_thumbnail("iVBORw0KGgo=")
        .with_scan(File::new(b"jpeg".to_vec()).file_name("s.jpg").content_type("image/jpeg"))
        .with_profile(UploadAvatarFormProfile::default().with_name("Ann"));
    client!(server).upload_avatar(&form).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    let mut thumbnail = text("thumbnail", "iVBORw0KGgo=");
    thumbnail.headers.push(("content-type".into(), "text/plain; charset=us-ascii".into()));
    // `profile` is declared `application/xml` but is an object: JSON, labelled as such (and warned about).
    let mut profile = text("profile", r#"{"name":"Ann"}"#);
    profile.headers.push(("content-type".into(), "application/json".into()));
    assert_eq!(
        parts(received),
        vec![
            file("image", "me.png", "image/png", &png),
            thumbnail,
            file("scan", "s.jpg", "image/jpeg", b"jpeg"),
            profile
        ]
    );
}
