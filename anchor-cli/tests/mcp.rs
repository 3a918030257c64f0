//! `anchor mcp` driven by a client nobody here wrote: the official Python MCP SDK (`mcp` 2.3.0,
//! installed with `jsonschema` into a virtual environment under the target folder by this test)
//! runs `tests/mcp/client.py` against the server, which calls a loopback stand-in of the API.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-mcp-never-shown";
const SESSION: &str = "6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22";
/// The Python packages, pinned.
const PACKAGES: &[&str] = &["mcp==2.3.0", "jsonschema==4.26.0"];

/// A virtual environment with the Python MCP SDK, made once per target folder.
fn python() -> PathBuf {
    // The tests run at once; one makes the environment while the other waits.
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _making = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mcp-venv");
    let python = venv.join("bin/python");
    let marker = venv.join(PACKAGES.join(" ").replace(['=', ' '], "_"));
    if !marker.exists() {
        let made = Command::new("python3").args(["-m", "venv"]).arg(&venv).status();
        assert!(made.is_ok_and(|s| s.success()), "python3 -m venv failed: this test needs Python 3 with venv");
        let installed = Command::new(&python).args(["-m", "pip", "install", "-q"]).args(PACKAGES).status().unwrap();
        assert!(installed.success(), "pip install {PACKAGES:?} failed (it needs the PyPI registry)");
        std::fs::write(&marker, "").unwrap();
    }
    python
}

/// Runs the Python client against `anchor mcp ARGS` with `calls`; answers its report.
fn drive(base_url: &str, args: &[&str], calls: Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/client.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_anchor"))
        .args(args)
        .env("ANCHORBROWSER_API_KEY", KEY)
        .env("ANCHORBROWSER_BASE_URL", base_url)
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(calls.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY), "the key in a message: {stdout}{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

async fn stand_in() -> MockServer {
    let server = MockServer::start().await;
    let started = json!({"data": {"id": SESSION, "cdp_url": format!("wss://connect.example/?apiKey={KEY}"), "live_view_url": "https://live.example/s"}});
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(started))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/{SESSION}/screenshot")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"\x89PNG\r\n\x1a\nscreen".to_vec(), "image/png"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/sessions/{SESSION}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "ended"}})))
        .mount(&server)
        .await;
    server
}

fn text(call: &Value) -> &str {
    call["content"][0]["text"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_searches_describes_and_calls_through_three_tools() {
    let server = stand_in().await;
    let calls = json!([
        ["search_operations", {"query": "take screenshot"}],
        ["describe_operation", {"name": "start_browser_session"}],
        ["call_operation", {"name": "start_browser_session", "arguments": {"body": {"browser": {"headless": {"active": true}}}}}],
        ["call_operation", {"name": "take_screenshot", "arguments": {"session_id": SESSION}}],
        ["call_operation", {"name": "end_browser_session", "arguments": {"session_id": SESSION}}],
        ["call_operation", {"name": "start_browser_session", "arguments": {"body": {"sesion": {}}}}],
        ["call_operation", {"name": "start_browser_session", "arguments": {"body": {"session": {"proxy": {"active": true, "type": "anchor_mobile", "country_code": "ad"}}}}}],
        ["call_operation", {"name": "get_browser_session", "arguments": {"id": SESSION}}],
    ]);
    let report = drive(&server.uri(), &[], calls);
    assert_eq!(report["tools"], json!(["search_operations", "describe_operation", "call_operation"]));
    assert_eq!(report["annotations"]["search_operations"]["readOnly"], json!(true));
    let c = report["calls"].as_array().unwrap();

    let found: Vec<Value> = serde_json::from_str(text(&c[0])).unwrap();
    assert_eq!(found[0]["name"], "take_screenshot", "{found:?}");
    let described: Value = serde_json::from_str(text(&c[1])).unwrap();
    assert_eq!(described["method"], "POST");
    assert!(described["input_schema"]["properties"]["body"].is_object(), "{described}");
    assert_eq!(c[2]["isError"], false, "{}", c[2]);
    assert!(text(&c[2]).contains(SESSION));
    // The start's answer carries a connection URL with the key in it: the agent sees it redacted.
    assert!(text(&c[2]).contains("apiKey=<redacted>"), "{}", text(&c[2]));
    assert_eq!(
        c[3]["content"][0],
        json!({"type": "image", "mimeType": "image/png", "bytes": 20}),
        "a screenshot comes back as an image"
    );
    assert!(text(&c[4]).contains("ended"));
    // Refused before sending, as a tool error naming the field and what is expected.
    assert_eq!(c[5]["isError"], true);
    assert_eq!(
        text(&c[5]),
        "invalid arguments, nothing sent: `body.sesion`: is not a field the body takes, so it would not be sent"
    );
    assert_eq!(c[6]["isError"], true);
    assert!(
        text(&c[6])
            .starts_with("invalid request, nothing sent: `body.session.proxy.country_code`: \"ad\" is not offered"),
        "{}",
        text(&c[6])
    );
    assert_eq!(c[7]["isError"], true);
    assert!(
        text(&c[7]).contains("`get_browser_session` takes no such argument (it takes: session_id)"),
        "{}",
        text(&c[7])
    );

    let sent: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| format!("{} {}", r.method, r.url.path())).collect();
    assert_eq!(
        sent,
        [
            "POST /v1/sessions".to_string(),
            format!("GET /v1/sessions/{SESSION}/screenshot"),
            format!("DELETE /v1/sessions/{SESSION}")
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_tools_per_operation_offer_nothing_that_changes_anything() {
    let server = stand_in().await;
    let calls = json!([
        ["end_browser_session", {"session_id": SESSION}],
        ["take_screenshot", {"session_id": SESSION}],
    ]);
    let report = drive(&server.uri(), &["--tools", "per-operation", "--read-only"], calls);
    let tools: Vec<&str> = report["tools"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(tools.contains(&"take_screenshot") && tools.contains(&"list_sessions_history_page"), "{tools:?}");
    assert!(!tools.contains(&"end_browser_session") && !tools.contains(&"start_browser_session"), "{tools:?}");
    assert!(report["annotations"].as_object().unwrap().values().all(|a| a["readOnly"] == true));
    let c = report["calls"].as_array().unwrap();
    assert_eq!(c[0], json!({"isError": true, "content": [{"type": "text", "text": "no tool `end_browser_session`"}]}));
    assert_eq!(c[1]["content"][0]["type"], "image");
    let sent: Vec<String> = server.received_requests().await.unwrap().iter().map(|r| r.method.to_string()).collect();
    assert_eq!(sent, ["GET"], "the refused deletion reached nothing");
}
