//! One side of the request-overhead comparison, for counting instructions under
//! `valgrind --tool=callgrind` (`cargo xtask bench --count`): `request_count <side> <calls>` makes
//! `calls` sequential calls of `start_browser_session` against an in-process loopback server.
//! Counting two runs of different lengths and dividing the difference by the difference in calls
//! cancels start-up and server set-up; the server's own work is counted on both sides alike.
//!
//! Sides: `generated` (the generated client), `hand-written` (`reqwest` + `serde_json` by hand,
//! the same bytes), `hand-written-timeout` (the same with the whole-request timeout the generated
//! client always arms).

use bench::{baseline, FULL_REQUEST, OK_RESPONSE};
use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(side), Some(calls)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: request_count generated|hand-written|hand-written-timeout CALLS");
        std::process::exit(2);
    };
    // One thread: the count then follows the calls, not the scheduler.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    rt.block_on(async {
        let server = MockServer::builder().disable_request_recording().start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(OK_RESPONSE, "application/json"))
            .mount(&server)
            .await;
        match side.as_str() {
            "generated" => {
                let client = anchor_api::Client::builder("sk-bench")
                    .base_url(server.uri())
                    .allow_http(true)
                    .build()
                    .expect("a client");
                let request: anchor_api::SessionCreateRequestSchema =
                    serde_json::from_str(FULL_REQUEST).expect("the full request decodes");
                for _ in 0..calls {
                    let response = client.start_browser_session().body(&request).await.expect("a 200");
                    assert!(response.data.is_some());
                }
            }
            "hand-written" | "hand-written-timeout" => {
                let http = if side == "hand-written" {
                    reqwest::Client::new()
                } else {
                    reqwest::Client::builder().timeout(anchor_api::runtime::DEFAULT_TIMEOUT).build().expect("a client")
                };
                let url = format!("{}/v1/sessions", server.uri());
                let request: baseline::Request = serde_json::from_str(FULL_REQUEST).expect("the full request decodes");
                for _ in 0..calls {
                    let body = serde_json::to_vec(&request).expect("encodes");
                    let response = http
                        .post(&url)
                        .header("anchor-api-key", "sk-bench")
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .expect("a response");
                    assert!(response.status().is_success());
                    let bytes = response.bytes().await.expect("a body");
                    let decoded: baseline::Response = serde_json::from_slice(&bytes).expect("decodes");
                    assert!(decoded.data.is_some());
                }
            }
            other => {
                eprintln!("unknown side {other:?}: generated, hand-written or hand-written-timeout");
                std::process::exit(2);
            }
        }
    });
}
