//! The README's shell session ("From the shell"), command for command, against a loopback
//! stand-in of the service: log in, start a session, save a screenshot, end the session. The
//! install line is run by `.ci/run` (`cargo install --path anchor-cli`); here `anchor` is the
//! binary this test builds.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-readme-session";
const SESSION: &str = "6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22";

/// The commands of the README's "From the shell" block.
fn session_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    let section = readme.split("## From the shell").nth(1).expect("a section \"From the shell\"");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("a sh block");
    block.lines().map(str::to_owned).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_shell_session_runs_against_a_stand_in() {
    let server = MockServer::start().await;
    let started = serde_json::json!({"data": {"id": SESSION, "cdp_url": "wss://connect.example/x", "live_view_url": "https://live.example/s"}});
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(started))
        .mount(&server)
        .await;
    let png = b"\x89PNG\r\n\x1a\nscreen".to_vec();
    Mock::given(method("GET"))
        .and(path(format!("/v1/sessions/{SESSION}/screenshot")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/sessions/{SESSION}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"status": "ended"}})))
        .mount(&server)
        .await;

    let mut commands = session_commands();
    assert_eq!(commands.remove(0), "cargo install --path anchor-cli", "the session starts by installing");
    assert_eq!(commands.len(), 4, "{commands:?}");
    let dir = std::env::temp_dir().join(format!("anchor-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_anchor")).parent().unwrap();
    let script = format!("set -euo pipefail\n{}\n", commands.join("\n"));
    let mut shell = Command::new("bash")
        .args(["-c", &script])
        .current_dir(&dir)
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()))
        .env("HOME", &dir)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("ANCHORBROWSER_API_KEY")
        .env_remove("ANCHOR_API_KEY")
        .env("ANCHORBROWSER_BASE_URL", server.uri())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `anchor auth login` reads the key from standard input when it is not a terminal.
    shell.stdin.take().unwrap().write_all(format!("{KEY}\n").as_bytes()).unwrap();
    let out = shell.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");

    assert_eq!(std::fs::read(dir.join("page.png")).unwrap(), png);
    let requests = server.received_requests().await.unwrap();
    let seen: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.url.path())).collect();
    assert_eq!(
        seen,
        [
            "POST /v1/sessions".to_string(),
            format!("GET /v1/sessions/{SESSION}/screenshot"),
            format!("DELETE /v1/sessions/{SESSION}")
        ]
    );
    assert!(requests.iter().all(|r| r.headers.get("anchor-api-key").unwrap() == KEY), "the stored key on every call");
    // The end's answer is printed; the key never is.
    assert!(stdout.contains("ended") && !stdout.contains(KEY) && !stderr.contains(KEY), "{stdout}{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
