//! `anchor` as a user runs it, against loopback stand-ins: bodies from standard input and files,
//! jq filters, `--all`, `--wait`, `--dry-run`, the key file, each exit status, and bad input
//! that sends nothing.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-cli-secret-4417";
const SESSION: &str = "6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22";

/// What a run printed and how it ended.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    bytes: Vec<u8>,
}

/// A folder of its own to be the user's home (and configuration directory).
fn home(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anchor-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `anchor` with `args`, `stdin`, a home of its own, and `key` in the environment.
fn anchor(home: &Path, key: Option<&str>, args: &[&str], stdin: &[u8]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anchor"));
    command
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("ANCHORBROWSER_API_KEY")
        .env_remove("ANCHOR_API_KEY")
        .env_remove("ANCHORBROWSER_BASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(key) = key {
        command.env("ANCHORBROWSER_API_KEY", key);
    }
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        bytes: out.stdout,
    }
}

fn started() -> Value {
    json!({"data": {"id": SESSION, "cdp_url": "wss://connect.example/devtools?apiKey=never-shown", "live_view_url": "https://live.example/s"}})
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(started()))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_come_from_standard_input_from_a_file_and_from_field_flags() {
    let (server, home) = (server().await, home("bodies"));
    let url = server.uri();
    let body = r#"{"session":{"initial_url":"https://example.com"},"browser":{"headless":{"active":true}}}"#;

    let run = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "start-browser-session", "--body", "-", "--base-url", &url],
        body.as_bytes(),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let file = home.join("body.json");
    std::fs::write(&file, body).unwrap();
    let at = format!("@{}", file.display());
    let run = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "start-browser-session", "--body", &at, "--base-url", &url],
        b"",
    );
    assert_eq!(run.code, Some(0), "{run:?}");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(String::from_utf8_lossy(&r.body), body, "sent as given, in the type's field order");
        assert_eq!(r.headers.get("anchor-api-key").unwrap(), KEY);
    }
    // Piped, the answer is one line of JSON.
    assert_eq!(run.stdout, format!("{}\n", started()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jq_filters_and_output_formats_shape_the_answer() {
    let (server, home) = (server().await, home("jq"));
    let url = server.uri();
    let base = ["browser-sessions", "start-browser-session", "--base-url", &url];
    let with = |extra: &[&str]| anchor(&home, Some(KEY), &[&base[..], extra].concat(), b"");

    assert_eq!(with(&["--query", ".data.id"]).stdout, format!("\"{SESSION}\"\n"));
    assert_eq!(with(&["--query", ".data.id", "--output", "raw"]).stdout, format!("{SESSION}\n"));
    assert_eq!(with(&["--query", ".data | keys | .[]", "--output", "raw"]).stdout, "cdp_url\nid\nlive_view_url\n");
    assert_eq!(with(&["--query", ".data | {id}", "--output", "yaml"]).stdout, format!("id: {SESSION}\n"));
    let bad = with(&["--query", ".data | nosuch(1)"]);
    assert_eq!(bad.code, Some(2), "{bad:?}");
    assert!(bad.stderr.contains("names what jq does not define: `nosuch/1`"), "{}", bad.stderr);
    // A bad filter is found before anything is sent.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_fetches_every_page_and_prints_each_item_as_a_line() {
    let (server, home) = (MockServer::start().await, home("all"));
    let item = |id: &str| {
        json!({"id": id, "status": "x", "headless": false, "recording": false, "used_credits": 1.5,
        "created_at": "2026-01-01T00:00:00Z", "user_configuration": {}, "task_initiated": false,
        "task_executions_count": 0, "api_key_name": "k", "browser_ip": "1.2.3.4"})
    };
    let page = |items: Vec<Value>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": {"sessions": items, "total": 3, "page": 1, "total_pages": 2}}))
    };
    Mock::given(method("GET"))
        .and(path("/v1/sessions"))
        .and(query_param("page", "2"))
        .respond_with(page(vec![item("c")]))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/sessions"))
        .respond_with(page(vec![item("a"), item("b")]))
        .with_priority(2)
        .mount(&server)
        .await;
    let url = server.uri();
    let run = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "list-sessions-history-page", "--all", "--query", ".id", "--base-url", &url],
        b"",
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "\"a\"\n\"b\"\n\"c\"\n");
    let pages: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(pages, ["", "page=2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_follows_an_async_start_to_its_end() {
    let (server, home) = (MockServer::start().await, home("wait"));
    let request_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    Mock::given(method("POST"))
        .and(path("/v1/sessions/async"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"request_id": request_id, "status": "pending", "session_id": null}})),
        )
        .mount(&server)
        .await;
    let status = json!({"data": {"request_id": request_id, "status": "ready", "created_at": "2025-05-01T10:00:00Z",
        "progress": {"current_phase": "ready"}}});
    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/async/{request_id}/status")))
        .respond_with(ResponseTemplate::new(200).set_body_json(status))
        .mount(&server)
        .await;
    let url = server.uri();
    let run = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "start-browser-session-async", "--wait", "--query", ".status", "--base-url", &url],
        b"",
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "\"ready\"\n");
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "one start, one poll");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_prints_the_request_with_the_key_redacted_and_sends_nothing() {
    let (server, home) = (server().await, home("dry"));
    let url = server.uri();
    let run = anchor(
        &home,
        Some(KEY),
        &[
            "browser-sessions",
            "start-browser-session",
            "--body",
            r#"{"browser":{"headless":{"active":true}}}"#,
            "--dry-run",
            "--base-url",
            &url,
        ],
        b"",
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        printed,
        json!({"method": "POST", "url": format!("{url}/v1/sessions"),
            "headers": {"anchor-api-key": "<redacted>", "content-type": "application/json"},
            "body": {"browser": {"headless": {"active": true}}}})
    );
    assert!(!run.stdout.contains(KEY) && !run.stderr.contains(KEY));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_logs_each_attempt_without_the_key() {
    let (server, home) = (server().await, home("verbose"));
    let url = server.uri();
    let run =
        anchor(&home, Some(KEY), &["browser-sessions", "start-browser-session", "--verbose", "--base-url", &url], b"");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stderr.starts_with(&format!("> POST {url}/v1/sessions (attempt 1)\n")), "{}", run.stderr);
    assert!(run.stderr.contains("> anchor-api-key: <redacted>\n< 200 (attempt 1)"), "{}", run.stderr);
    assert!(!run.stderr.contains(KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_file_is_private_and_a_readable_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (server, home) = (server().await, home("keyfile"));
    let url = server.uri();

    let login = anchor(&home, None, &["auth", "login"], format!("{KEY}\n").as_bytes());
    assert_eq!(login.code, Some(0), "{login:?}");
    let file = home.join(".config/anchor/api-key");
    assert_eq!(login.stdout, format!("stored the key in {}\n", file.display()));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{KEY}\n"));

    let status = anchor(&home, None, &["auth", "status"], b"");
    assert_eq!(status.stdout, format!("a key is set, from the key file {}\n", file.display()));
    assert!(!status.stdout.contains(KEY));
    let env = anchor(&home, Some("other"), &["auth", "status"], b"");
    assert_eq!(env.stdout, "a key is set, from the environment variable ANCHORBROWSER_API_KEY\n");

    let run = anchor(&home, None, &["browser-sessions", "start-browser-session", "--base-url", &url], b"");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(server.received_requests().await.unwrap()[0].headers.get("anchor-api-key").unwrap(), KEY);

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = anchor(&home, None, &["browser-sessions", "start-browser-session", "--base-url", &url], b"");
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert_eq!(
        refused.stderr,
        format!(
            "error: the key file {0} can be read by others (mode 644); make it yours alone with `chmod 600 {0}`\n",
            file.display()
        )
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing sent with a readable key file");
    // Logging in again replaces the file with a private one.
    let again = anchor(&home, None, &["auth", "login"], format!("{KEY}\n").as_bytes());
    assert_eq!(again.code, Some(0), "{again:?}");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);

    let logout = anchor(&home, None, &["auth", "logout"], b"");
    assert_eq!(logout.code, Some(0));
    assert!(!file.exists());
    let none = anchor(&home, None, &["auth", "status"], b"");
    assert_eq!(none.code, Some(2));
    assert_eq!(
        none.stdout,
        "no key: set ANCHORBROWSER_API_KEY or ANCHOR_API_KEY, pass --api-key, or run `anchor auth login`\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_exit_status_means_one_thing() {
    let (server, home) = (MockServer::start().await, home("exit"));
    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/{SESSION}")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-77")
                .set_body_json(json!({"error": {"code": 404, "message": "Session not found"}})),
        )
        .mount(&server)
        .await;
    let url = server.uri();
    let api = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "get-browser-session", "--session-id", SESSION, "--base-url", &url],
        b"",
    );
    assert_eq!(api.code, Some(1), "{api:?}");
    assert_eq!(
        api.stderr,
        "error: the server answered 404 Not Found: {\"error\":{\"code\":404,\"message\":\"Session not found\"}} (request id req-77)\n"
    );

    // Refused before sending: an unknown flag, a value outside an enum, JSON that does not fit
    // the body, a proxy type with a country it does not serve, a missing required flag.
    let bad: &[(&[&str], &str)] = &[
        (&["browser-sessions", "get-browser-session", "--session", SESSION], "error: unexpected argument '--session' found"),
        (&["browser-sessions", "list-sessions-history-page", "--sort-order", "sideways"], "error: invalid value 'sideways' for '--sort-order <SORT_ORDER>'"),
        (&["browser-sessions", "start-browser-session", "--body", r#"{"browser":{"headless":{"active":"yes"}}}"#], "error: `--body` at `browser.headless.active`: invalid type: string \"yes\", expected a boolean"),
        (
            &["browser-sessions", "start-browser-session", "--body", r#"{"session":{"proxy":{"active":true,"type":"anchor_mobile","country_code":"ad"}}}"#],
            "error: invalid request, not sent: `--body` at `session.proxy.country_code`: \"ad\" is not offered when `session.proxy.type` is \"anchor_mobile\"",
        ),
        (&["browser-sessions", "get-browser-session"], "error: the following required arguments were not provided:\n  --session-id <SESSION_ID>"),
        (&["browser-sessions", "start-browser-session", "--body", "{"], "error: `--body`: expected JSON: EOF while parsing an object at line 1 column 1"),
    ];
    for (args, message) in bad {
        let run = anchor(&home, Some(KEY), &[args, &["--base-url", &url][..]].concat(), b"");
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "bad input sends nothing");

    // Nothing listens on port 9 of loopback.
    let network = anchor(
        &home,
        Some(KEY),
        &[
            "browser-sessions",
            "get-browser-session",
            "--session-id",
            SESSION,
            "--base-url",
            "http://127.0.0.1:9",
            "--max-retries",
            "0",
        ],
        b"",
    );
    assert_eq!(network.code, Some(3), "{network:?}");
    assert!(
        network.stderr.starts_with("error: cannot connect; check the base URL and the network"),
        "{}",
        network.stderr
    );

    // Plain http is for loopback stand-ins only: the key would travel unencrypted.
    let http = anchor(
        &home,
        Some(KEY),
        &["browser-sessions", "get-browser-session", "--session-id", SESSION, "--base-url", "http://api.example.com"],
        b"",
    );
    assert_eq!(http.code, Some(2), "{http:?}");
    assert!(http.stderr.contains("plain http"), "{}", http.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_answers_go_to_a_file_or_a_pipe() {
    let (server, home) = (MockServer::start().await, home("binary"));
    let png = b"\x89PNG\r\n\x1a\n\x00\xffpixels".to_vec();
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .mount(&server)
        .await;
    let url = server.uri();
    let out = home.join("shot.png");
    let shot = ["os-level-control", "take-screenshot", "--session-id", SESSION, "--base-url", &url];
    let run = anchor(&home, Some(KEY), &[&shot[..], &["--out", out.to_str().unwrap()]].concat(), b"");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(std::fs::read(&out).unwrap(), png);
    let piped = anchor(&home, Some(KEY), &shot, b"");
    assert_eq!(piped.bytes, png);
}

#[test]
fn operations_lists_and_searches_every_operation() {
    let home = home("operations");
    let all = anchor(&home, None, &["operations", "--output", "jsonl"], b"");
    assert_eq!(all.code, Some(0));
    let rows: Vec<Value> = all.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 136);
    assert!(rows.iter().all(|r| ["group", "operation", "method", "path", "summary"].iter().all(|k| r[k].is_string())));
    let found = anchor(&home, None, &["operations", "screenshot", "session"], b"");
    let lines: Vec<&str> = found.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", found.stdout);
    assert!(
        lines[0].starts_with("os-level-control take-screenshot")
            && lines[0].contains("GET")
            && lines[0].ends_with("Take Screenshot")
    );
}

#[test]
fn help_lists_a_groups_operations_and_an_operations_flags() {
    let home = home("help");
    let group = anchor(&home, None, &["browser-sessions", "--help"], b"");
    assert_eq!(group.code, Some(0));
    assert!(group.stdout.contains("  start-browser-session        Start Browser Session\n"), "{}", group.stdout);
    let op = anchor(&home, None, &["browser-sessions", "list-sessions-history-page", "--help"], b"");
    assert!(op.stdout.starts_with("List Sessions History Page\n\nLists the team's browser sessions"), "{}", op.stdout);
    assert!(op.stdout.contains("GET /v1/sessions\n"));
    assert!(op.stdout.contains("[possible values: asc, desc]"), "{}", op.stdout);
    assert!(op.stdout.contains("--all"));
}

#[test]
fn completion_scripts_are_valid_shell() {
    let home = home("completions");
    for (shell, check) in
        [("bash", vec!["bash", "-n"]), ("zsh", vec!["zsh", "-n"]), ("fish", vec!["fish", "--no-execute"])]
    {
        let run = anchor(&home, None, &["completions", shell], b"");
        assert_eq!(run.code, Some(0), "{shell}");
        assert!(run.stdout.contains("start-browser-session"), "{shell}");
        let script = home.join(format!("anchor.{shell}"));
        std::fs::write(&script, &run.stdout).unwrap();
        match Command::new(check[0]).args(&check[1..]).arg(&script).output() {
            Ok(out) => assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr)),
            // Only bash is on every machine that runs these tests; the others are checked where installed.
            Err(e) if shell != "bash" && e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("{shell} is not installed: not checked")
            }
            Err(e) => panic!("{shell}: {e}"),
        }
    }
    let manual = anchor(&home, None, &["manual"], b"");
    assert!(
        manual.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq") && manual.stdout.contains(".TH anchor 1"),
        "{}",
        &manual.stdout[..200.min(manual.stdout.len())]
    );
}

#[test]
fn every_example_help_shows_is_accepted_as_it_is_written() {
    let home = home("examples");
    let list = anchor(&home, None, &["operations", "--output", "jsonl"], b"");
    let mut shown = 0;
    for row in list.stdout.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()) {
        let (group, operation) = (row["group"].as_str().unwrap(), row["operation"].as_str().unwrap());
        let help = anchor(&home, None, &[group, operation, "--help"], b"");
        let Some(example) = help.stdout.split("Example (from the document):\n  ").nth(1) else { continue };
        shown += 1;
        // The shell reads the line: placeholders become a session's ID, quotes are removed.
        let line = example.lines().next().unwrap().replace("<SESSION_ID>", SESSION);
        let script = format!("{} --dry-run", line.replacen("anchor", env!("CARGO_BIN_EXE_anchor"), 1));
        let out = Command::new("bash").args(["-c", &script]).env("ANCHORBROWSER_API_KEY", KEY).output().unwrap();
        assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(shown >= 1, "the document's examples are shown");
}
