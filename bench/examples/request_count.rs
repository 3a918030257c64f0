//! One side of the request-overhead comparison, for counting instructions under
//! `valgrind --tool=callgrind` (`cargo xtask bench --count`): `request_count <side> <calls>
//! [<in flight>]` makes `calls` calls of `start_browser_session` against an in-process loopback
//! server, one after another or in waves of `in flight` at once (default 1; `calls` is rounded
//! down to whole waves).
//! Counting two runs of different lengths and dividing the difference by the difference in calls
//! cancels start-up and server set-up; the server's own work is counted on both sides alike.
//!
//! Sides: `generated` (the generated client), `hand-written` (`reqwest` + `serde_json` by hand,
//! the same bytes), `hand-written-timeout` (the same with the whole-request timeout the generated
//! client always arms).

use bench::{baseline, FULL_REQUEST, OK_RESPONSE};
use std::sync::Arc;
use tokio::task::JoinSet;
use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

/// One call of the generated client.
async fn generated(client: anchor_api::Client, request: Arc<anchor_api::SessionCreateRequestSchema>) {
    let response = client.start_browser_session().body(&request).await.expect("a 200");
    assert!(response.data.is_some());
}

/// The same call written by hand.
async fn hand_written(http: reqwest::Client, url: Arc<str>, request: Arc<baseline::Request>) {
    let body = serde_json::to_vec(&*request).expect("encodes");
    let response = http
        .post(&*url)
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(side), Some(calls)) = (args.get(1), args.get(2).and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: request_count generated|hand-written|hand-written-timeout CALLS [IN_FLIGHT]");
        std::process::exit(2);
    };
    let in_flight = args.get(3).and_then(|n| n.parse::<u32>().ok()).unwrap_or(1).max(1);
    // One thread: the count then follows the calls, not the scheduler.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    rt.block_on(async {
        let server = MockServer::builder().disable_request_recording().start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(OK_RESPONSE, "application/json"))
            .mount(&server)
            .await;
        // The hand-written side's whole-request timeout, if it has one; `None` for the generated side.
        let hand_written_timeout = match side.as_str() {
            "generated" => None,
            "hand-written" => Some(None),
            "hand-written-timeout" => Some(Some(anchor_api::runtime::DEFAULT_TIMEOUT)),
            other => {
                eprintln!("unknown side {other:?}: generated, hand-written or hand-written-timeout");
                std::process::exit(2);
            }
        };
        let client =
            anchor_api::Client::builder("sk-bench").base_url(server.uri()).allow_http(true).build().expect("a client");
        let request: Arc<anchor_api::SessionCreateRequestSchema> =
            Arc::new(serde_json::from_str(FULL_REQUEST).expect("the full request decodes"));
        let mut http = reqwest::Client::builder();
        if let Some(Some(limit)) = hand_written_timeout {
            http = http.timeout(limit);
        }
        let http = http.build().expect("a client");
        let url: Arc<str> = format!("{}/v1/sessions", server.uri()).into();
        let hand_request: Arc<baseline::Request> =
            Arc::new(serde_json::from_str(FULL_REQUEST).expect("the full request decodes"));
        for _ in 0..calls / in_flight {
            let mut wave = JoinSet::new();
            for _ in 0..in_flight {
                match hand_written_timeout {
                    None => wave.spawn(generated(client.clone(), request.clone())),
                    Some(_) => wave.spawn(hand_written(http.clone(), url.clone(), hand_request.clone())),
                };
            }
            while let Some(done) = wave.join_next().await {
                done.expect("the call does not panic");
            }
        }
    });
}
