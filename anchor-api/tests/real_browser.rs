//! The user's journey with a real browser, offline: the `drive_browser` example (`Client::browser`)
//! runs against a loopback stand-in for the service that starts a real headless Chromium for each
//! session and returns its DevTools websocket as `cdp_url`, and stops it when the session is
//! ended. The page the example opens is served on loopback too.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it); without it the test says so and is skipped.

use anchor_api::ConnectOptions;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TITLE: &str = "Journey test page";

fn chromium() -> Option<PathBuf> {
    let from_env = std::env::var_os("CHROMIUM").map(PathBuf::from);
    from_env
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.exists())
}

/// One browser the stand-in started: its process (leader of its own process group) and profile.
struct Launched {
    child: Child,
    profile: PathBuf,
}

/// The stand-in's state: browsers by session ID, and the sessions ended so far.
#[derive(Default)]
struct Browsers {
    running: BTreeMap<String, Launched>,
    ended: Vec<String>,
    profiles: Vec<PathBuf>,
}

/// Kills a browser's whole process group (renderers and helpers too) and waits for it.
fn stop(mut launched: Launched) {
    let group = format!("-{}", launched.child.id());
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = launched.child.wait();
    let _ = std::fs::remove_dir_all(&launched.profile);
}

struct Start {
    chromium: PathBuf,
    browsers: Arc<Mutex<Browsers>>,
}

impl Start {
    /// Starts Chromium with its own profile and waits for DevTools; gives back the browser and
    /// its websocket, or what Chromium printed when it exited or did not listen within 20 s.
    fn launch(&self, profile: &Path, width: u64, height: u64) -> Result<(Launched, String), String> {
        use std::os::unix::process::CommandExt;
        let _ = std::fs::remove_dir_all(profile);
        let log = profile.with_extension("log");
        let stderr = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(&self.chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                // No warning bar about `--no-sandbox`: it would shrink the first tab only.
                "--test-type",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(stderr)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start chromium: {e}"))?;
        let mut launched = Launched { child, profile: profile.to_path_buf() };
        // Chromium writes its port and browser path here once DevTools listens.
        let port_file = profile.join("DevToolsActivePort");
        let started = Instant::now();
        let failure = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let lines: Vec<&str> = text.lines().collect();
                if lines.len() >= 2 {
                    let _ = std::fs::remove_file(&log);
                    return Ok((launched, format!("ws://127.0.0.1:{}{}", lines[0], lines[1])));
                }
            }
            if let Ok(Some(status)) = launched.child.try_wait() {
                break format!("chromium exited ({status})");
            }
            if started.elapsed() > Duration::from_secs(20) {
                break "chromium did not listen within 20 s".to_string();
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        stop(launched);
        let printed = std::fs::read_to_string(&log).unwrap_or_default();
        let _ = std::fs::remove_file(&log);
        let tail: Vec<&str> = printed.lines().rev().take(10).collect();
        Err(format!("{failure}: {}", tail.into_iter().rev().collect::<Vec<_>>().join(" | ")))
    }
}

impl Respond for Start {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let viewport = &body["browser"]["viewport"];
        let (width, height) = (viewport["width"].as_u64().unwrap_or(1440), viewport["height"].as_u64().unwrap_or(900));
        let n = self.browsers.lock().unwrap().profiles.len();
        let profile = std::env::temp_dir().join(format!("anchor-api-browser-{}-{n}", std::process::id()));
        // A start that fails on a loaded machine is tried again, as a service would; each
        // failure's reason goes into the answer if all three fail.
        let mut failures = Vec::new();
        let (launched, cdp_url) = loop {
            match self.launch(&profile, width, height) {
                Ok(started) => break started,
                Err(e) if failures.len() < 2 => {
                    eprintln!("browser start failed, trying again: {e}");
                    failures.push(e);
                }
                Err(e) => {
                    failures.push(e);
                    let message = format!("no browser: {}", failures.join("; "));
                    return ResponseTemplate::new(500)
                        .set_body_json(json!({"error": {"code": 500, "message": message}}));
                }
            }
        };
        // Chromium replaces its first page while it starts: a page found a moment too early is
        // gone when it is sized (CDP's "Session with given id not found"), and the next try
        // finds the one that stays.
        let mut sizing = Vec::new();
        while let Err(e) = fit_contents(&cdp_url, width, height) {
            sizing.push(e);
            if sizing.len() == 3 {
                stop(launched);
                let message = format!("cannot size the window: {}", sizing.join("; "));
                return ResponseTemplate::new(500).set_body_json(json!({"error": {"code": 500, "message": message}}));
            }
            eprintln!("sizing the window failed, trying again: {}", sizing.last().map_or("", String::as_str));
            std::thread::sleep(Duration::from_millis(300));
        }
        let id = format!("00000000-0000-4000-8000-{:012}", n + 1);
        let mut browsers = self.browsers.lock().unwrap();
        browsers.profiles.push(profile);
        browsers.running.insert(id.clone(), launched);
        ResponseTemplate::new(200).set_body_json(json!({"data": {"id": id, "cdp_url": cdp_url, "live_view_url": null}}))
    }
}

/// Sizes the browser window so that its pages show `width` x `height` CSS pixels, as the service
/// does for a requested viewport (`--window-size` counts the window's frame too).
fn fit_contents(cdp_url: &str, width: u64, height: u64) -> Result<(), String> {
    use chromiumoxide::cdp::browser_protocol::browser::{GetWindowForTargetParams, SetContentsSizeParams};
    use futures::StreamExt;
    let cdp_url = cdp_url.to_owned();
    // Its own thread and runtime: a responder runs inside the mock server's runtime.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let (mut browser, mut handler) =
                chromiumoxide::Browser::connect(cdp_url).await.map_err(|e| e.to_string())?;
            let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
            let result = async {
                browser.fetch_targets().await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
                let page = match browser.pages().await?.into_iter().next() {
                    Some(page) => page,
                    None => browser.new_page("about:blank").await?,
                };
                let window = page.execute(GetWindowForTargetParams::default()).await?.result.window_id;
                let size = SetContentsSizeParams::builder().window_id(window).width(width as i64).height(height as i64);
                page.execute(size.build().map_err(chromiumoxide::error::CdpError::msg)?).await?;
                Ok::<_, chromiumoxide::error::CdpError>(())
            }
            .await;
            events.abort();
            result.map_err(|e| e.to_string())
        })
    })
    .join()
    .map_err(|_| "the sizing thread panicked".to_owned())?
}

struct End {
    browsers: Arc<Mutex<Browsers>>,
}

impl Respond for End {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default().to_owned();
        let launched = {
            let mut browsers = self.browsers.lock().unwrap();
            browsers.ended.push(id.clone());
            browsers.running.remove(&id)
        };
        match launched {
            Some(launched) => {
                stop(launched);
                ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "ok"}}))
            }
            None => ResponseTemplate::new(404).set_body_json(json!({"error": {"code": 404, "message": "no session"}})),
        }
    }
}

/// Stops whatever is still running when the test ends, passed or failed.
struct Cleanup(Arc<Mutex<Browsers>>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let running = std::mem::take(&mut self.0.lock().unwrap().running);
        running.into_values().for_each(stop);
    }
}

/// Processes whose command line mentions `needle` (a browser's profile folder).
fn processes_mentioning(needle: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok().map(|c| (e.file_name(), c)))
        .filter(|(_, cmdline)| String::from_utf8_lossy(cmdline).contains(needle))
        .map(|(pid, _)| pid.to_string_lossy().into_owned())
        .collect()
}

/// The example's binary, built by `cargo test` with the package's other targets (or here).
fn example() -> PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let bin = deps.parent().unwrap().join("examples/drive_browser");
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "anchor-api", "--features", "cdp", "--example", "drive_browser"])
            .status()
            .unwrap();
        assert!(status.success(), "building the example failed");
    }
    bin
}

fn run_example(base: &str, page: &str, screenshot: &Path) -> Output {
    Command::new(example())
        .args([page, &screenshot.display().to_string()])
        .env("ANCHORBROWSER_API_KEY", "sk-real-browser")
        .env("ANCHORBROWSER_BASE_URL", base)
        .env_remove("ANCHOR_API_KEY")
        .output()
        .unwrap()
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR", "not a PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_starts_drives_and_ends_a_real_browser() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no Chromium at /usr/bin/chromium (`apt-get install chromium`, or set CHROMIUM)");
        return;
    };
    let started = Instant::now();
    let browsers = Arc::new(Mutex::new(Browsers::default()));
    let _cleanup = Cleanup(browsers.clone());
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .respond_with(Start { chromium, browsers: browsers.clone() })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/v1/sessions/[^/]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"status": "running"}})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path_regex("^/v1/sessions/[^/]+$"))
        .respond_with(End { browsers: browsers.clone() })
        .mount(&server)
        .await;
    let html = format!("<!doctype html><html><head><title>{TITLE}</title></head><body><h1>Hello</h1></body></html>");
    Mock::given(method("GET"))
        .and(path("/page"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let page = format!("{}/page", server.uri());
    let dir = std::env::temp_dir().join(format!("anchor-api-journey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // The whole journey.
    let screenshot = dir.join("page.png");
    let out = run_example(&server.uri(), &page, &screenshot);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(&format!("title: {TITLE}")), "{stdout}");
    assert_eq!(png_size(&std::fs::read(&screenshot).unwrap()), (1280, 720), "the requested viewport");

    // A step fails halfway (the screenshot cannot be written): the session is ended all the same.
    let out = run_example(&server.uri(), &page, &dir.join("missing-folder/page.png"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("cannot write the screenshot"), "{stderr}");

    // In this process: a handle dropped without `end` still ends its session, and its `Debug`
    // shows no secret of the CDP URL.
    let client =
        anchor_api::Client::builder("sk-real-browser").base_url(server.uri()).allow_http(true).build().unwrap();
    let page_url = page.clone();
    let browser = client.browser(None).await.unwrap();
    let page = browser.browser().new_page(page.as_str()).await.unwrap();
    assert_eq!(page.get_title().await.unwrap().as_deref(), Some(TITLE));
    let dropped = browser.session_id().to_owned();
    assert!(!format!("{browser:?}").contains("sk-real-browser"));
    drop(browser);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browsers.lock().unwrap().ended.contains(&dropped) {
        assert!(Instant::now() < deadline, "the dropped handle's session was not ended");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // `connect_browser` attaches to a session started apart: dropping that handle leaves the
    // session running; with `end_on_drop`, the next handle's drop ends it.
    let apart = client.start_browser_session().await.unwrap().data.unwrap();
    let (id, cdp_url) = (apart.id.unwrap(), apart.cdp_url.unwrap());
    let options = ConnectOptions::default().cdp_url(cdp_url);
    let attached = client.connect_browser(&id, options.clone()).await.unwrap();
    let page = attached.browser().new_page(page_url.as_str()).await.unwrap();
    assert_eq!(page.get_title().await.unwrap().as_deref(), Some(TITLE));
    drop(attached);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!browsers.lock().unwrap().ended.contains(&id), "a connected handle ended a session it did not start");
    let attached = client.connect_browser(&id, options.end_on_drop(true)).await.unwrap();
    assert_eq!(attached.session_id(), id);
    drop(attached);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browsers.lock().unwrap().ended.contains(&id) {
        assert!(Instant::now() < deadline, "end_on_drop did not end the session");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let (ended, profiles, running) = {
        let b = browsers.lock().unwrap();
        (b.ended.clone(), b.profiles.clone(), b.running.len())
    };
    assert_eq!(ended.len(), 4, "every session was ended: {ended:?}");
    assert_eq!(running, 0);
    for profile in profiles {
        let left = processes_mentioning(&profile.display().to_string());
        assert!(left.is_empty(), "Chromium processes left behind: {left:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("real-browser journey took {:.1} s", started.elapsed().as_secs_f64());
}
