//! The crate generated from the whole upstream Anchor document
//! (`../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml`, 66 operations), on the wire:
//! one operation of each kind (path parameter, query parameters, multipart upload, binary
//! response) against Prism serving that document, which validates every request (path formats,
//! query, multipart parts, the API key each operation requires) and answers from its examples;
//! and the exact bytes sent, against a recording loopback server.

#[path = "../../../contract/prism.rs"]
mod prism;

use golden::upstream_anchor::*;
use golden::upstream_runtime::{Client, Error, File};
use std::path::{Path, PathBuf};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SESSION: &str = "6a2f41a3-c54c-fce8-32d2-0324e1c32e22";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn zip() -> File {
    File::new(b"PK\x03\x04 extension".to_vec()).file_name("extension.zip").content_type("application/zip")
}

#[tokio::test(flavor = "multi_thread")]
async fn prism_accepts_each_kind_of_operation_and_the_client_reads_its_answers() {
    let bin = prism::install_prism(&root().join("contract"));
    let prism = prism::start_prism(&bin, &root().join("../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml"));
    let client = Client::builder("sk-upstream").base_url(&prism.base).allow_http(true).build().unwrap();

    // Path parameter.
    let pages = client.get_browser_session_pages(SESSION).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url, "string", "Prism's example, decoded");

    // Query parameters, optional ones left out or given.
    let tasks = client.list_tasks(Some("2"), Some("5")).await.unwrap();
    assert_eq!(tasks.data.map(|d| d.tasks.len()), Some(1));
    client.list_tasks(None, None).await.unwrap();

    // Multipart upload: a text part and a file part.
    let uploaded = client.upload_extension(&UploadExtensionForm::new("My extension".into(), zip())).await.unwrap();
    assert!(uploaded.data.is_some());

    // Binary responses, with the content type the document declares.
    let shot = client.take_screenshot(SESSION).await.unwrap();
    assert_eq!(shot.content_type.as_deref(), Some("image/png"));
    assert!(!shot.bytes.is_empty());
    let video = client.get_session_recording(SESSION).await.unwrap();
    assert_eq!(video.content_type.as_deref(), Some("video/mp4"));

    // Prism does check: the same upload without its required `name` part is refused, with
    // the declared 400 body decoded into its variant.
    let http = reqwest::Client::new();
    let bare = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"PK".to_vec()));
    let refused = http
        .post(format!("{}/v1/extensions", prism.base))
        .header("anchor-api-key", "k")
        .multipart(bare)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let violations = refused.headers()["sl-violations"].to_str().unwrap().to_owned();
    assert!(violations.contains("required property 'name'"), "{violations}");
    // ...and so is a request without the key the operation's security requires.
    let anonymous = http.get(format!("{}/v1/task", prism.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    drop(prism);
}

#[tokio::test]
async fn the_bytes_sent_for_each_kind_of_operation() {
    use wiremock::matchers::any;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_raw(r#"{"error":{"code":500,"message":"down"}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder("sk-upstream").base_url(server.uri()).allow_http(true).build().unwrap();

    // Each call fails with the operation's own 500 variant; what matters here is the request.
    let err = client.get_browser_session_pages("a/b c").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if matches!(e.body, Some(GetBrowserSessionPagesError::InternalServerError(_)))),
        "{err:?}"
    );
    client.list_tasks(Some("1"), None).await.unwrap_err();
    client.upload_extension(&UploadExtensionForm::new("n".into(), zip())).await.unwrap_err();
    client.take_screenshot(SESSION).await.unwrap_err();

    let received = server.received_requests().await.unwrap();
    let seen: Vec<String> = received
        .iter()
        .map(|r| format!("{} {}{}", r.method, r.url.path(), r.url.query().map(|q| format!("?{q}")).unwrap_or_default()))
        .collect();
    assert_eq!(
        seen,
        [
            "GET /v1/sessions/a%2Fb%20c/pages".to_string(),
            "GET /v1/task?page=1".into(),
            "POST /v1/extensions".into(),
            format!("GET /v1/sessions/{SESSION}/screenshot"),
        ]
    );
    for r in &received {
        assert_eq!(r.headers["anchor-api-key"], "sk-upstream", "security applies to every operation here");
    }
    let upload = &received[2];
    let content_type = upload.headers["content-type"].to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8_lossy(&upload.body);
    assert!(body.contains("Content-Disposition: form-data; name=\"name\"\r\n\r\nn\r\n"), "{body}");
    assert!(
        body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"extension.zip\"\r\ncontent-type: application/zip\r\n\r\nPK\u{3}\u{4} extension\r\n"),
        "{body}"
    );
}
