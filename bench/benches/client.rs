//! Request overhead: `start_browser_session` with a full body against an in-process loopback
//! server, next to a hand-written `reqwest` + `serde_json` call sending the same bytes to the
//! same server in the same run. One iteration is one call (sequential) or a batch of 64 calls
//! in flight (concurrent).

use bench::{baseline, FULL_REQUEST, OK_RESPONSE};
use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

const IN_FLIGHT: usize = 64;

struct Sides {
    generated: anchor_api::Client,
    request: Arc<anchor_api::SessionCreateRequestSchema>,
    http: reqwest::Client,
    /// The same, with the whole-request timeout the generated client always sets.
    http_with_timeout: reqwest::Client,
    url: String,
    hand_request: Arc<baseline::Request>,
}

async fn generated_call(client: anchor_api::Client, request: Arc<anchor_api::SessionCreateRequestSchema>) {
    let response = client.start_browser_session().body(&request).await.unwrap();
    assert!(response.data.is_some());
}

async fn baseline_call(http: reqwest::Client, url: String, request: Arc<baseline::Request>) {
    let body = serde_json::to_vec(&*request).unwrap();
    let response = http
        .post(url)
        .header("anchor-api-key", "sk-bench")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let bytes = response.bytes().await.unwrap();
    let decoded: baseline::Response = serde_json::from_slice(&bytes).unwrap();
    assert!(decoded.data.is_some());
}

/// `times` calls one after another, or `times` waves of 64 calls in flight, from one side;
/// returns the elapsed time.
async fn run(sides: &Sides, http: &reqwest::Client, generated: bool, concurrent: bool, times: u64) -> Duration {
    let started = Instant::now();
    for _ in 0..times {
        let mut set = JoinSet::new();
        for _ in 0..if concurrent { IN_FLIGHT } else { 1 } {
            if generated {
                set.spawn(generated_call(sides.generated.clone(), sides.request.clone()));
            } else {
                set.spawn(baseline_call(http.clone(), sides.url.clone(), sides.hand_request.clone()));
            }
        }
        while set.join_next().await.is_some() {}
    }
    started.elapsed()
}

fn setup() -> (tokio::runtime::Runtime, MockServer, Sides) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let server = rt.block_on(async {
        // Unrecorded: a server that keeps every request gets slower as the run goes on, which
        // would favour whichever side runs first.
        let server = MockServer::builder().disable_request_recording().start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(OK_RESPONSE, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let sides = Sides {
        generated: anchor_api::Client::builder("sk-bench").base_url(server.uri()).allow_http(true).build().unwrap(),
        request: Arc::new(serde_json::from_str(FULL_REQUEST).unwrap()),
        http: reqwest::Client::new(),
        http_with_timeout: reqwest::Client::builder().timeout(anchor_api::runtime::DEFAULT_TIMEOUT).build().unwrap(),
        url: format!("{}/v1/sessions", server.uri()),
        hand_request: Arc::new(serde_json::from_str(FULL_REQUEST).unwrap()),
    };
    (rt, server, sides)
}

fn client(c: &mut Criterion) {
    let (rt, _server, sides) = setup();
    let mut group = c.benchmark_group("client");
    group.measurement_time(Duration::from_secs(5));
    for (name, concurrent) in [("sequential", false), ("concurrent64", true)] {
        if concurrent {
            group.sample_size(50).measurement_time(Duration::from_secs(10));
        }
        for (side, generated) in [("generated", true), ("baseline", false)] {
            group.bench_function(format!("{name}/{side}"), |b| {
                b.iter_custom(|iters| rt.block_on(run(&sides, &sides.http, generated, concurrent, iters)))
            });
        }
    }
    group.finish();
}

/// Paired rounds, alternating which side goes first (ABBA), so drift on a shared machine
/// hits both sides alike. Returns (generated ns, baseline ns, median of the paired ratios) per
/// call or per batch of 64.
fn interleaved(rt: &tokio::runtime::Runtime, sides: &Sides, concurrent: bool, timeout: bool) -> (f64, f64, f64) {
    let http = if timeout { &sides.http_with_timeout } else { &sides.http };
    let calls = if concurrent { 5 } else { 50 };
    let batch =
        |generated: bool| rt.block_on(run(sides, http, generated, concurrent, calls)).as_nanos() as f64 / calls as f64;
    let (mut g, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..100 {
        let (x, y) = if round % 2 == 0 {
            let x = batch(true);
            (x, batch(false))
        } else {
            let y = batch(false);
            (batch(true), y)
        };
        g.push(x);
        b.push(y);
        ratios.push(x / y);
    }
    (median(g), median(b), median(ratios))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The interleaved ratios, for `cargo xtask bench` (criterion's per-side medians are measured
/// minutes apart, so their ratio carries the machine's drift).
fn paired(_: &mut Criterion) {
    let (rt, _server, sides) = setup();
    let mut out = serde_json::Map::new();
    for (name, concurrent, timeout) in [
        ("sequential", false, false),
        ("concurrent64", true, false),
        ("sequential_vs_timeout", false, true),
        ("concurrent64_vs_timeout", true, true),
    ] {
        let (g, b, ratio) = interleaved(&rt, &sides, concurrent, timeout);
        println!(
            "client/{name} interleaved: generated {:.1} µs, hand-written {:.1} µs, ratio {ratio:.3}",
            g / 1e3,
            b / 1e3
        );
        out.insert(name.into(), serde_json::json!({ "generated_ns": g, "baseline_ns": b, "ratio": ratio }));
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion/client");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("interleaved.json"), serde_json::Value::Object(out).to_string()).unwrap();
}

criterion_group!(benches, client, paired);
criterion_main!(benches);
