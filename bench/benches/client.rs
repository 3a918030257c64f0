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
    url: String,
    hand_request: Arc<baseline::Request>,
}

async fn generated_call(client: anchor_api::Client, request: Arc<anchor_api::SessionCreateRequestSchema>) {
    let response = client.start_browser_session(Some(&request)).await.unwrap();
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

fn client(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
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
        url: format!("{}/v1/sessions", server.uri()),
        hand_request: Arc::new(serde_json::from_str(FULL_REQUEST).unwrap()),
    };

    let mut group = c.benchmark_group("client");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("sequential/generated", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    generated_call(sides.generated.clone(), sides.request.clone()).await;
                }
                started.elapsed()
            })
        })
    });
    group.bench_function("sequential/baseline", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    baseline_call(sides.http.clone(), sides.url.clone(), sides.hand_request.clone()).await;
                }
                started.elapsed()
            })
        })
    });
    group.sample_size(50).measurement_time(Duration::from_secs(10));
    group.bench_function("concurrent64/generated", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    let mut set = JoinSet::new();
                    for _ in 0..IN_FLIGHT {
                        set.spawn(generated_call(sides.generated.clone(), sides.request.clone()));
                    }
                    while set.join_next().await.is_some() {}
                }
                started.elapsed()
            })
        })
    });
    group.bench_function("concurrent64/baseline", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let started = Instant::now();
                for _ in 0..iters {
                    let mut set = JoinSet::new();
                    for _ in 0..IN_FLIGHT {
                        set.spawn(baseline_call(sides.http.clone(), sides.url.clone(), sides.hand_request.clone()));
                    }
                    while set.join_next().await.is_some() {}
                }
                started.elapsed()
            })
        })
    });
    group.finish();
}

criterion_group!(benches, client);
criterion_main!(benches);
