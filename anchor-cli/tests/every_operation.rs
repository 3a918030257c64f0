//! Every operation of the table through `anchor`, against the request the typed client sends for
//! the same arguments: each case of anchor-api's every-operation list is sent by the typed client
//! to one recording server, its request read back into the command line that asks for the same
//! (path and query parameters as flags, the body as `--body`, multipart files written to files),
//! and that command sent to another. Method, path, query, API key, content type and body (each
//! multipart part) must be the same; the servers answer 400, so the command exits with 1.

#[path = "../../anchor-api/tests/common/mod.rs"]
mod common;

use anchor_api::operations::OPERATIONS;
use anchor_api::Client;
use common::operations::{every_operation, parts};
use oapi_runtime::ops::{Kind, Location, Media, Operation};
use std::collections::BTreeSet;
use std::path::Path;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-cli-every-operation";

async fn recording_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(400).set_body_string("{}")).mount(&server).await;
    server
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8().unwrap().into_owned()
}

/// The command line asking `op` for what `request` is.
fn command_line(op: &Operation, request: &Request, files: &Path) -> Vec<String> {
    let flag = |name: &str| format!("--{}", name.replace('_', "-"));
    let mut args = vec![op.group.to_string(), op.name.replace('_', "-")];
    let sent: Vec<&str> = request.url.path().split('/').collect();
    for (i, segment) in op.path.split('/').enumerate() {
        if let Some(wire) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let p = op.params.iter().find(|p| p.wire == wire && p.location == Location::Path).unwrap();
            args.extend([flag(p.name), decode(sent[i])]);
        }
    }
    for (key, value) in request.url.query_pairs() {
        let p = op.params.iter().find(|p| p.wire == key && p.location == Location::Query);
        let p = p.unwrap_or_else(|| panic!("{}: no query parameter {key}", op.name));
        args.extend([flag(p.name), value.into_owned()]);
    }
    for p in op.params.iter().filter(|p| p.location == Location::Header) {
        if let Some(v) = request.headers.get(p.wire) {
            args.extend([flag(p.name), v.to_str().unwrap().to_owned()]);
        }
    }
    let Some(body) = op.body else { return args };
    if request.body.is_empty() {
        return args;
    }
    match body.media {
        Media::Multipart => {
            let mut form = serde_json::Map::new();
            for (name, file_name, content_type, contents) in parts(request) {
                let value = match file_name {
                    Some(file_name) => {
                        let path = files.join(&file_name);
                        std::fs::write(&path, &contents).unwrap();
                        let typed = content_type.map(|t| format!(";type={t}")).unwrap_or_default();
                        serde_json::Value::String(format!("{}{typed}", path.display()))
                    }
                    None => {
                        let text = String::from_utf8(contents).unwrap();
                        let kind = body.fields.iter().find(|f| f.name == name).map(|f| f.kind);
                        match kind {
                            Some(Kind::Integer | Kind::Number | Kind::Boolean | Kind::Json) => {
                                serde_json::from_str(&text).unwrap()
                            }
                            _ => serde_json::Value::String(text),
                        }
                    }
                };
                form.insert(name, value);
            }
            args.extend(["--body".into(), serde_json::Value::Object(form).to_string()]);
        }
        Media::Bytes => {
            let path = files.join("body.bin");
            std::fs::write(&path, &request.body).unwrap();
            args.extend(["--body".into(), format!("@{}", path.display())]);
        }
        _ => args.extend(["--body".into(), String::from_utf8(request.body.clone()).unwrap()]),
    }
    args
}

/// What must match between the typed client's request and the command's.
fn wire(request: &Request) -> (String, String, Option<String>, Option<String>) {
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    let target = match request.url.query() {
        Some(q) => format!("{}?{q}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let content_type =
        header("content-type").map(|t| if t.starts_with("multipart/form-data") { "multipart".into() } else { t });
    (request.method.to_string(), target, header("anchor-api-key"), content_type)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_through_the_command_line_sends_what_the_typed_client_sends() {
    let typed_server = recording_server().await;
    let cli_server = recording_server().await;
    let client = Client::builder(KEY).base_url(typed_server.uri()).allow_http(true).build().unwrap();
    let files = std::env::temp_dir().join(format!("anchor-cli-every-operation-{}", std::process::id()));
    std::fs::create_dir_all(&files).unwrap();
    let mut reached = BTreeSet::new();
    for case in every_operation(&client) {
        let what = format!("{} {}", case.method, case.template);
        let op = OPERATIONS.iter().find(|o| o.method == case.method && o.path == case.template);
        let op = op.unwrap_or_else(|| panic!("{what}: not in the table"));
        typed_server.reset().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(400).set_body_string("{}")).mount(&typed_server).await;
        let _ = case.call.await;
        let typed = typed_server.received_requests().await.unwrap();
        let [typed] = typed.as_slice() else { panic!("{what}: the typed client sent {}", typed.len()) };

        let args = command_line(op, typed, &files);
        cli_server.reset().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(400).set_body_string("{}")).mount(&cli_server).await;
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_anchor"))
            .args(&args)
            .args(["--base-url", &cli_server.uri()])
            .env("ANCHORBROWSER_API_KEY", KEY)
            .env_remove("ANCHORBROWSER_BASE_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{what}: anchor {args:?}: {stderr}");
        assert!(stderr.starts_with("error: the server answered 400 Bad Request"), "{what}: {stderr}");
        let sent = cli_server.received_requests().await.unwrap();
        let [sent] = sent.as_slice() else { panic!("{what}: anchor {args:?} sent {}", sent.len()) };
        assert_eq!(wire(sent), wire(typed), "{what}: anchor {args:?}");
        if wire(typed).3.as_deref() == Some("multipart") {
            assert_eq!(parts(sent), parts(typed), "{what}: multipart parts");
        } else {
            assert_eq!(String::from_utf8_lossy(&sent.body), String::from_utf8_lossy(&typed.body), "{what}: body");
        }
        reached.insert(op.name);
    }
    let _ = std::fs::remove_dir_all(&files);
    let all: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(all.len(), 136);
    assert_eq!(reached, all, "every operation of the table is reached");
}
