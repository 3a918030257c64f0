//! The `*_and_wait` and `wait_for_*` methods against a loopback stand-in for the service: the
//! start is sent once, the status is polled until it is over, failures and deadlines come back
//! typed with the last status, passing poll failures (503, `Retry-After`) are waited out, and
//! dropping the future stops the polling.

use anchor_api::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json_string, body_string, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "sk-waiting";
const REQUEST_ID: &str = "0b8a2f4e-5c1d-4e7a-9f3b-2d6c8e1a4b70";
const SESSION_ID: &str = "7d1e9c2a-3b4f-4a5e-8c6d-1f2a3b4c5d6e";
const BATCH_ID: &str = "3f6e1d2c-9a8b-4c7d-a6e5-f4d3c2b1a098";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A client of `server` that re-sends nothing itself, so the wait loop meets every failure.
fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(server.uri()).allow_http(true).build().unwrap()
}

/// Short intervals, so each test takes well under a second.
fn quick() -> Wait {
    Wait::default().interval(ms(10), ms(30)).deadline(Duration::from_secs(2))
}

/// Answers each request with the next template, then repeats the last one.
struct Sequence {
    answers: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

fn sequence(answers: Vec<ResponseTemplate>) -> Sequence {
    Sequence { answers, next: AtomicUsize::new(0) }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        self.answers[i.min(self.answers.len() - 1)].clone()
    }
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// How many `method` requests to `path` the server received.
async fn received(server: &MockServer, method: &str, path: &str) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().filter(|r| r.method.as_str() == method && r.url.path() == path).count()
}

// --- Asynchronous browser session start -------------------------------------------------------

const SESSION_START: &str = "/v1/sessions/async";

fn session_status_path() -> String {
    format!("/v1/sessions/async/{REQUEST_ID}/status")
}

fn session_accepted() -> ResponseTemplate {
    json(format!(r#"{{"data":{{"request_id":"{REQUEST_ID}","status":"pending","session_id":null}}}}"#))
}

fn session_status(status: &str, session: &str) -> ResponseTemplate {
    json(format!(
        r#"{{"data":{{"request_id":"{REQUEST_ID}","status":"{status}","created_at":"2025-05-01T10:00:00Z","progress":{{"current_phase":"provisioning"}}{session}}}}}"#
    ))
}

fn session_ready() -> ResponseTemplate {
    session_status(
        "ready",
        &format!(
            r#","session":{{"session_id":"{SESSION_ID}","status":"completed","cdp_url":"wss://connect.example/{SESSION_ID}","live_view_url":"https://live.example/{SESSION_ID}"}}"#
        ),
    )
}

async fn mount_session(server: &MockServer, statuses: Vec<ResponseTemplate>) {
    Mock::given(method("POST")).and(path(SESSION_START)).respond_with(session_accepted()).mount(server).await;
    Mock::given(method("GET")).and(path(session_status_path())).respond_with(sequence(statuses)).mount(server).await;
}

#[tokio::test]
async fn a_session_start_is_sent_once_and_polled_until_ready() {
    let server = MockServer::start().await;
    let request = SessionCreateRequestSchema::default()
        .with_browser(BrowserConfig::default().with_headless(BrowserConfigHeadless::default().with_active(true)));
    Mock::given(method("POST"))
        .and(path(SESSION_START))
        .and(body_json_string(r#"{"browser":{"headless":{"active":true}}}"#))
        .respond_with(session_accepted())
        .mount(&server)
        .await;
    let statuses = vec![session_status("pending", ""), session_status("processing", ""), session_ready()];
    Mock::given(method("GET")).and(path(session_status_path())).respond_with(sequence(statuses)).mount(&server).await;

    let ready = client(&server).start_browser_session_and_wait(Some(&request), quick()).await.unwrap();

    assert_eq!(ready.status, AsyncSessionStatusResponseSchemaDataStatus::Ready);
    assert_eq!(ready.request_id.to_string(), REQUEST_ID);
    let session = ready.session.unwrap();
    assert_eq!(session.session_id.map(|id| id.to_string()).as_deref(), Some(SESSION_ID));
    assert_eq!(session.cdp_url.as_deref(), Some(format!("wss://connect.example/{SESSION_ID}").as_str()));
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
    assert_eq!(received(&server, "GET", &session_status_path()).await, 3);
}

#[tokio::test]
async fn a_failed_session_start_is_a_typed_failure_with_its_status_and_reason() {
    let server = MockServer::start().await;
    let failed = session_status("failed", r#","session":{"status":"failed","error":"no browser capacity"}"#);
    mount_session(&server, vec![session_status("processing", ""), failed]).await;

    let err = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap_err();

    assert_eq!(
        err.to_string(),
        format!("the browser session with request_id {REQUEST_ID} ended as `failed`: no browser capacity")
    );
    assert_eq!(err.job_id(), Some(REQUEST_ID));
    match err {
        WaitError::Failed { id, status } => {
            assert_eq!(id, REQUEST_ID);
            assert_eq!(status.status, AsyncSessionStatusResponseSchemaDataStatus::Failed);
            assert_eq!(status.outcome(), Outcome::Failed);
            assert_eq!(status.reason(), Some("no browser capacity"));
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
    assert_eq!(received(&server, "GET", &session_status_path()).await, 2);
}

#[tokio::test]
async fn a_session_that_never_gets_ready_times_out_with_its_id_and_last_status_and_resumes() {
    let server = MockServer::start().await;
    mount_session(&server, vec![session_status("pending", ""), session_status("processing", "")]).await;
    let client = client(&server);
    let wait = Wait::default().interval(ms(10), ms(20)).deadline(ms(150));

    let began = Instant::now();
    let err = client.start_browser_session_and_wait(None, wait).await.unwrap_err();
    let took = began.elapsed();

    assert!(took >= ms(150) && took < ms(3000), "{took:?}");
    let text = err.to_string();
    let head = format!("the browser session with request_id {REQUEST_ID} was not over after 0.");
    assert!(text.starts_with(&head), "{text}");
    assert!(
        text.ends_with(
            "s; last status `processing`. It may still be running: wait longer with \
             `Client::wait_for_browser_session(request_id, wait)` and a later `Wait::deadline`, or end the \
             session with `end_browser_session` once a status names it (`end_all_sessions` ends every one)"
        ),
        "{text}"
    );
    let polls = received(&server, "GET", &session_status_path()).await;
    assert!((3..=15).contains(&polls), "{polls} polls");
    let WaitError::TimedOut { id, waited, last, last_error } = err else { panic!("expected TimedOut") };
    assert_eq!(id, REQUEST_ID);
    assert!(waited >= ms(150), "{waited:?}");
    assert_eq!(last.unwrap().status, AsyncSessionStatusResponseSchemaDataStatus::Processing);
    assert!(last_error.is_none());

    // Resuming polls the same request at once and starts nothing.
    server.reset().await;
    Mock::given(method("GET")).and(path(session_status_path())).respond_with(session_ready()).mount(&server).await;
    let began = Instant::now();
    let ready = client.wait_for_browser_session(&id, Wait::default()).await.unwrap();
    assert!(began.elapsed() < ms(800), "the first poll of a resumed wait is not delayed");
    assert_eq!(ready.status, AsyncSessionStatusResponseSchemaDataStatus::Ready);
    assert_eq!(received(&server, "GET", &session_status_path()).await, 1);
    assert_eq!(received(&server, "POST", SESSION_START).await, 0);
}

#[tokio::test]
async fn a_refused_session_start_is_a_start_error_and_nothing_is_polled() {
    let server = MockServer::start().await;
    let refusal =
        ResponseTemplate::new(402).set_body_raw(r#"{"error":{"code":402,"message":"no credits"}}"#, "application/json");
    Mock::given(method("POST")).and(path(SESSION_START)).respond_with(refusal).mount(&server).await;
    Mock::given(method("GET")).respond_with(session_ready()).mount(&server).await;

    let err = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap_err();

    assert!(
        err.to_string().starts_with("cannot start the browser session: the server answered 402 Payment Required"),
        "{err}"
    );
    assert_eq!(err.job_id(), None);
    match err {
        WaitError::Start(Error::Api(api)) => {
            assert_eq!(api.status, 402);
            assert!(matches!(api.body, Some(StartBrowserSessionAsyncError::PaymentRequired(_))), "{:?}", api.body);
        }
        other => panic!("expected Start, got {other:?}"),
    }
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "no poll was sent");
}

#[tokio::test]
async fn a_poll_answered_503_waits_the_servers_retry_after_and_polls_again() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("retry-after-ms", "250");
    mount_session(&server, vec![busy, session_ready()]).await;

    let began = Instant::now();
    let ready = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap();
    let took = began.elapsed();

    assert_eq!(ready.status, AsyncSessionStatusResponseSchemaDataStatus::Ready);
    // The 30 ms cap on the interval would have polled again long before 250 ms.
    assert!(took >= ms(250) && took < ms(3000), "{took:?}");
    assert_eq!(received(&server, "GET", &session_status_path()).await, 2);
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
}

#[tokio::test]
async fn a_poll_answered_503_with_retry_after_zero_is_polled_again_soon() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "0");
    mount_session(&server, vec![busy.clone(), busy, session_status("processing", ""), session_ready()]).await;

    let began = Instant::now();
    let ready = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap();

    assert_eq!(ready.status, AsyncSessionStatusResponseSchemaDataStatus::Ready);
    assert!(began.elapsed() < ms(800), "{:?}", began.elapsed());
    assert_eq!(received(&server, "GET", &session_status_path()).await, 4);
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
}

#[tokio::test]
async fn with_a_retrying_client_the_runtime_resends_the_503_poll_and_the_start_stays_single() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "0");
    mount_session(&server, vec![busy, session_ready()]).await;
    let retrying = client(&server).with_retry(RetryPolicy::attempts(3).backoff(ms(10), ms(20)));

    let ready = retrying.start_browser_session_and_wait(None, quick()).await.unwrap();

    assert_eq!(ready.status, AsyncSessionStatusResponseSchemaDataStatus::Ready);
    assert_eq!(received(&server, "GET", &session_status_path()).await, 2);
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_ends_the_wait_at_once_with_the_503() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "60");
    mount_session(&server, vec![session_status("processing", ""), busy]).await;

    let began = Instant::now();
    let err = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap_err();

    assert!(began.elapsed() < ms(5000), "did not sleep towards the deadline: {:?}", began.elapsed());
    let WaitError::TimedOut { last, last_error, .. } = err else { panic!("expected TimedOut, got {err:?}") };
    assert_eq!(last.unwrap().status, AsyncSessionStatusResponseSchemaDataStatus::Processing);
    let last_error = last_error.unwrap();
    assert_eq!(last_error.status(), Some(503));
    assert_eq!(last_error.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(received(&server, "GET", &session_status_path()).await, 2);
}

#[tokio::test]
async fn a_poll_answered_404_ends_the_wait_with_the_error_and_the_last_status() {
    let server = MockServer::start().await;
    let gone =
        ResponseTemplate::new(404).set_body_raw(r#"{"error":{"code":404,"message":"unknown"}}"#, "application/json");
    mount_session(&server, vec![session_status("pending", ""), gone]).await;

    let err = client(&server).start_browser_session_and_wait(None, quick()).await.unwrap_err();

    assert!(
        err.to_string().starts_with(&format!(
            "cannot follow the browser session with request_id {REQUEST_ID}: the server answered 404 Not Found"
        )),
        "{err}"
    );
    let WaitError::Poll { id, error, last } = err else { panic!("expected Poll, got {err:?}") };
    assert_eq!(id, REQUEST_ID);
    assert_eq!(error.status(), Some(404));
    assert_eq!(last.unwrap().status, AsyncSessionStatusResponseSchemaDataStatus::Pending);
    assert_eq!(received(&server, "GET", &session_status_path()).await, 2);
}

#[tokio::test]
async fn dropping_a_session_wait_stops_the_polling() {
    let server = MockServer::start().await;
    mount_session(&server, vec![session_status("processing", "")]).await;
    let client = client(&server);
    let wait = Wait::default().interval(ms(10), ms(10)).deadline(Duration::from_secs(60));

    let cut = tokio::time::timeout(ms(120), client.start_browser_session_and_wait(None, wait)).await;

    assert!(cut.is_err(), "the wait should still have been going");
    // A poll already on the wire when the future was dropped may still be counted: settle first.
    tokio::time::sleep(ms(30)).await;
    let polls = received(&server, "GET", &session_status_path()).await;
    assert!(polls >= 3, "{polls} polls before the drop");
    tokio::time::sleep(ms(150)).await;
    assert_eq!(received(&server, "GET", &session_status_path()).await, polls, "polled after the drop");
    assert_eq!(received(&server, "POST", SESSION_START).await, 1);
}

// --- Batch of sessions ------------------------------------------------------------------------

const BATCH_START: &str = "/v1/batch-sessions";

fn batch_path() -> String {
    format!("/v1/batch-sessions/{BATCH_ID}")
}

fn batch_accepted() -> ResponseTemplate {
    json(format!(
        r#"{{"data":{{"batch_id":"{BATCH_ID}","status":"pending","total_requests":2,"created_at":"2025-05-01T10:00:00Z"}}}}"#
    ))
}

fn batch_status(status: &str, extra: &str) -> ResponseTemplate {
    json(format!(r#"{{"data":{{"batch_id":"{BATCH_ID}","status":"{status}","total_requests":2{extra}}}}}"#))
}

async fn mount_batch(server: &MockServer, statuses: Vec<ResponseTemplate>) {
    Mock::given(method("POST")).and(path(BATCH_START)).respond_with(batch_accepted()).mount(server).await;
    Mock::given(method("GET")).and(path(batch_path())).respond_with(sequence(statuses)).mount(server).await;
}

#[tokio::test]
async fn a_batch_is_created_once_and_polled_until_completed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_START))
        .and(body_json_string(r#"{"count":2}"#))
        .respond_with(batch_accepted())
        .mount(&server)
        .await;
    let done = batch_status(
        "completed",
        &format!(
            r#","completed_requests":2,"failed_requests":0,"sessions":[{{"item_index":0,"session_id":"{SESSION_ID}","status":"completed","cdp_url":"wss://connect.example/0"}}]"#
        ),
    );
    let statuses = vec![batch_status("pending", ""), batch_status("processing", r#","completed_requests":1"#), done];
    Mock::given(method("GET")).and(path(batch_path())).respond_with(sequence(statuses)).mount(&server).await;

    let batch =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap();

    assert_eq!(batch.status, Some(BatchSessionStatusResponseSchemaStatus::Completed));
    assert_eq!(batch.completed_requests, Some(2));
    assert_eq!(batch.failed_requests, Some(0));
    let sessions = batch.sessions.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].cdp_url.as_deref(), Some("wss://connect.example/0"));
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
    assert_eq!(received(&server, "GET", &batch_path()).await, 3);
}

#[tokio::test]
async fn a_failed_batch_is_a_typed_failure_with_its_last_status() {
    let server = MockServer::start().await;
    let failed = batch_status("failed", r#","failed_requests":2,"error":"quota exceeded""#);
    mount_batch(&server, vec![batch_status("processing", ""), failed]).await;

    let err =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap_err();

    assert_eq!(
        err.to_string(),
        format!("the batch of sessions with batch_id {BATCH_ID} ended as `failed`: quota exceeded")
    );
    let WaitError::Failed { id, status } = err else { panic!("expected Failed, got {err:?}") };
    assert_eq!(id, BATCH_ID);
    assert_eq!(status.status, Some(BatchSessionStatusResponseSchemaStatus::Failed));
    assert_eq!(status.failed_requests, Some(2));
    assert_eq!(status.error.as_deref(), Some("quota exceeded"));
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
    assert_eq!(received(&server, "GET", &batch_path()).await, 2);
}

#[tokio::test]
async fn a_cancelled_batch_is_a_failure_too() {
    let server = MockServer::start().await;
    mount_batch(&server, vec![batch_status("cancelled", "")]).await;

    let err =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap_err();

    assert_eq!(
        err.to_string(),
        format!("the batch of sessions with batch_id {BATCH_ID} ended as `cancelled` without a reason")
    );
    assert_eq!(
        err.last_status().and_then(|s| s.status.clone()),
        Some(BatchSessionStatusResponseSchemaStatus::Cancelled)
    );
}

#[tokio::test]
async fn a_batch_that_never_completes_times_out_with_its_id_and_last_status() {
    let server = MockServer::start().await;
    mount_batch(&server, vec![batch_status("pending", ""), batch_status("processing", r#","completed_requests":1"#)])
        .await;
    let wait = Wait::default().interval(ms(10), ms(20)).backoff(2.0).deadline(ms(150));

    let began = Instant::now();
    let err =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), wait).await.unwrap_err();

    assert!(began.elapsed() >= ms(150) && began.elapsed() < ms(3000), "{:?}", began.elapsed());
    assert_eq!(err.job_id(), Some(BATCH_ID));
    let text = err.to_string();
    assert!(text.contains("; last status `processing`. It may still be running: wait longer with `Client::wait_for_batch(batch_id, wait)`"), "{text}");
    assert!(
        text.ends_with(", or cancel it with `update_batch_session` (or end its sessions with `delete_batch_sessions`)"),
        "{text}"
    );
    let WaitError::TimedOut { last, last_error, .. } = err else { panic!("expected TimedOut") };
    let last = last.unwrap();
    assert_eq!(last.status, Some(BatchSessionStatusResponseSchemaStatus::Processing));
    assert_eq!(last.completed_requests, Some(1));
    assert!(last_error.is_none());
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
}

#[tokio::test]
async fn a_refused_batch_is_a_start_error_and_nothing_is_polled() {
    let server = MockServer::start().await;
    let refusal =
        ResponseTemplate::new(400).set_body_raw(r#"{"error":{"code":400,"message":"bad"}}"#, "application/json");
    Mock::given(method("POST")).and(path(BATCH_START)).respond_with(refusal).mount(&server).await;

    let err =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap_err();

    let WaitError::Start(error) = err else { panic!("expected Start, got {err:?}") };
    assert_eq!(error.status(), Some(400));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "only the create was sent");
}

#[tokio::test]
async fn a_batch_answer_without_an_id_is_a_start_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_START))
        .respond_with(json(r#"{"data":{"status":"pending"}}"#.into()))
        .mount(&server)
        .await;

    let err =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap_err();

    assert_eq!(
        err.to_string(),
        "cannot start the batch of sessions: cannot decode the 200 response: the answer has no `data.batch_id`; \
         the batch may have been created; body starts: \"\""
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn batch_polls_answered_408_429_502_503_504_are_waited_out_without_client_retries() {
    let server = MockServer::start().await;
    let statuses = vec![
        ResponseTemplate::new(408),
        ResponseTemplate::new(429),
        ResponseTemplate::new(502),
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
        ResponseTemplate::new(504),
        batch_status("completed", r#","completed_requests":2"#),
    ];
    mount_batch(&server, statuses).await;

    let batch =
        client(&server).create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap();

    assert_eq!(batch.status, Some(BatchSessionStatusResponseSchemaStatus::Completed));
    assert_eq!(received(&server, "GET", &batch_path()).await, 6);
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
}

#[tokio::test]
async fn a_batch_poll_that_times_out_is_asked_again() {
    let server = MockServer::start().await;
    let slow = batch_status("processing", "").set_delay(ms(400));
    mount_batch(&server, vec![slow, batch_status("completed", "")]).await;
    let impatient = client(&server).with_timeout(ms(100));

    let batch = impatient.create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap();

    assert_eq!(batch.status, Some(BatchSessionStatusResponseSchemaStatus::Completed));
    assert_eq!(received(&server, "GET", &batch_path()).await, 2);
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
}

#[tokio::test]
async fn batch_polls_answered_503_with_a_retrying_client() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", "0");
    mount_batch(&server, vec![busy.clone(), busy, batch_status("completed", "")]).await;
    let retrying = client(&server).with_retry(RetryPolicy::attempts(4).backoff(ms(10), ms(20)));

    let batch = retrying.create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), quick()).await.unwrap();

    assert_eq!(batch.status, Some(BatchSessionStatusResponseSchemaStatus::Completed));
    assert_eq!(received(&server, "GET", &batch_path()).await, 3);
    assert_eq!(received(&server, "POST", BATCH_START).await, 1);
}

#[tokio::test]
async fn waiting_for_a_known_batch_polls_at_once_and_creates_nothing() {
    let server = MockServer::start().await;
    mount_batch(&server, vec![batch_status("processing", ""), batch_status("completed", "")]).await;

    let batch = client(&server).wait_for_batch(BATCH_ID, quick()).await.unwrap();

    assert_eq!(batch.status, Some(BatchSessionStatusResponseSchemaStatus::Completed));
    assert_eq!(received(&server, "GET", &batch_path()).await, 2);
    assert_eq!(received(&server, "POST", BATCH_START).await, 0);
}

#[tokio::test]
async fn dropping_a_batch_wait_stops_the_polling() {
    let server = MockServer::start().await;
    mount_batch(&server, vec![batch_status("processing", "")]).await;
    let client = client(&server);
    let wait = Wait::default().interval(ms(10), ms(10)).deadline(Duration::from_secs(60));

    let cut =
        tokio::time::timeout(ms(120), client.create_batch_sessions_and_wait(&BatchSessionRequestSchema::new(2), wait))
            .await;

    assert!(cut.is_err(), "the wait should still have been going");
    tokio::time::sleep(ms(30)).await;
    let polls = received(&server, "GET", &batch_path()).await;
    assert!(polls >= 3, "{polls} polls before the drop");
    tokio::time::sleep(ms(150)).await;
    assert_eq!(received(&server, "GET", &batch_path()).await, polls, "polled after the drop");
}

// --- Web task ---------------------------------------------------------------------------------

const WEB_TASK_START: &str = "/v1/tools/perform-web-task";
const WEB_TASK_STATUS: &str = "/v1/tools/perform-web-task/wf-42/status";

#[tokio::test]
async fn a_web_task_is_started_in_the_background_and_polled_until_completed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(WEB_TASK_START))
        .and(query_param("sessionId", "sess-9"))
        .and(body_json_string(r#"{"prompt":"find the price","async":true}"#))
        .respond_with(json(r#"{"data":{"status":"running","workflow_id":"wf-42"}}"#.into()))
        .mount(&server)
        .await;
    let statuses = vec![
        json(r#"{"data":{"status":"RUNNING","sessionId":"sess-9"}}"#.into()),
        json(r#"{"data":{"status":"COMPLETED","result":{"price":"12.50"},"sessionId":"sess-9"}}"#.into()),
    ];
    Mock::given(method("GET")).and(path(WEB_TASK_STATUS)).respond_with(sequence(statuses)).mount(&server).await;

    let request = PerformWebTaskRequestSchema::new("find the price");
    let done = client(&server).perform_web_task_and_wait(&request, Some("sess-9"), quick()).await.unwrap();

    assert_eq!(done.result.get("price"), Some(&serde_json::json!("12.50")));
    assert_eq!(done.session_id.as_deref(), Some("sess-9"));
    assert_eq!(received(&server, "POST", WEB_TASK_START).await, 1);
    assert_eq!(received(&server, "GET", WEB_TASK_STATUS).await, 2);
}

#[tokio::test]
async fn a_failed_web_task_carries_the_agents_reason() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(WEB_TASK_START))
        .respond_with(json(r#"{"data":{"status":"running","workflow_id":"wf-42"}}"#.into()))
        .mount(&server)
        .await;
    let failed = json(r#"{"data":{"status":"FAILED","error":"page not found"}}"#.into());
    Mock::given(method("GET")).and(path(WEB_TASK_STATUS)).respond_with(failed).mount(&server).await;

    let request = PerformWebTaskRequestSchema::new("find the price");
    let err = client(&server).perform_web_task_and_wait(&request, None, quick()).await.unwrap_err();

    assert_eq!(err.to_string(), "the web task with workflow_id wf-42 ended as `FAILED`: page not found");
    assert!(matches!(err.last_status(), Some(PerformWebTaskStatusResponseSchemaData::Failed(_))), "{err:?}");
}

// --- Task generation and task runs ------------------------------------------------------------

#[tokio::test]
async fn a_task_is_generated_once_and_polled_until_ready() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/tasks/generate"))
        .and(body_json_string(r#"{"taskName":"prices","taskPrompt":"read the price list"}"#))
        .respond_with(json(r#"{"id":"task-7","status":"generating"}"#.into()))
        .mount(&server)
        .await;
    let statuses = vec![
        json(r#"{"id":"task-7","status":"waiting-for-session"}"#.into()),
        json(r#"{"id":"task-7","status":"generating"}"#.into()),
        json(r#"{"id":"task-7","status":"ready"}"#.into()),
    ];
    let status_path = "/v2/tasks/task-7/generation-status";
    Mock::given(method("GET")).and(path(status_path)).respond_with(sequence(statuses)).mount(&server).await;

    let request = GenerateTaskV2Request::new("prices", "read the price list");
    let ready = client(&server).generate_task_and_wait(&request, quick()).await.unwrap();

    assert_eq!(ready.id, "task-7");
    assert_eq!(ready.status, TaskGenerationStatusV2ResponseStatus::Ready);
    assert_eq!(received(&server, "POST", "/v2/tasks/generate").await, 1);
    assert_eq!(received(&server, "GET", status_path).await, 3);
}

#[tokio::test]
async fn a_task_run_is_queued_once_and_polled_until_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/tasks/task-7/run"))
        .and(body_json_string(r#"{"input_params":{"city":"Lyon"},"sync":false}"#))
        .respond_with(json(r#"{"run_id":"run-3","status":"queued"}"#.into()))
        .mount(&server)
        .await;
    let statuses = vec![
        json(r#"{"run_id":"run-3","status":"running"}"#.into()),
        json(r#"{"run_id":"run-3","status":"success","result":{"temperature":21}}"#.into()),
    ];
    let status_path = "/v2/tasks/runs/run-3/status";
    Mock::given(method("GET")).and(path(status_path)).respond_with(sequence(statuses)).mount(&server).await;

    let request = RunTaskV2Request::new(
        [("city".to_string(), "Lyon".to_string())].into_iter().collect::<std::collections::BTreeMap<_, _>>(),
    );
    let run = client(&server).run_task_and_wait("task-7", &request, quick()).await.unwrap();

    assert_eq!(run.run_id, "run-3");
    assert_eq!(run.status, TaskRunStatusV2ResponseStatus::Success);
    assert_eq!(run.result.unwrap().get("temperature"), Some(&serde_json::json!(21)));
    assert_eq!(received(&server, "POST", "/v2/tasks/task-7/run").await, 1);
    assert_eq!(received(&server, "GET", status_path).await, 2);
}

#[tokio::test]
async fn a_task_run_that_times_out_on_the_service_is_a_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/tasks/task-7/run"))
        .respond_with(json(r#"{"run_id":"run-3","status":"queued"}"#.into()))
        .mount(&server)
        .await;
    let over = json(r#"{"run_id":"run-3","status":"timeout","error":"took longer than 300 s"}"#.into());
    Mock::given(method("GET")).and(path("/v2/tasks/runs/run-3/status")).respond_with(over).mount(&server).await;

    let request = RunTaskV2Request::new(std::collections::BTreeMap::new());
    let err = client(&server).run_task_and_wait("task-7", &request, quick()).await.unwrap_err();

    assert_eq!(err.to_string(), "the task run with run_id run-3 ended as `timeout`: took longer than 300 s");
}

#[tokio::test]
async fn a_task_run_already_over_in_the_start_answer_is_not_polled() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/tasks/task-7/run"))
        .and(body_string(r#"{"input_params":{},"sync":false}"#))
        .respond_with(json(r#"{"run_id":"run-4","status":"success","result":{}}"#.into()))
        .mount(&server)
        .await;

    let request = RunTaskV2Request::new(std::collections::BTreeMap::new()).with_sync(true);
    let run = client(&server).run_task_and_wait("task-7", &request, quick()).await.unwrap();

    assert_eq!(run.status, TaskRunStatusV2ResponseStatus::Success);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// --- The options ------------------------------------------------------------------------------

#[test]
fn wait_options_keep_what_was_set_and_refuse_a_shrinking_backoff() {
    assert_eq!(Wait::default().total(), None);
    assert_eq!(Wait::default().deadline(ms(5)).total(), Some(ms(5)));
    assert_eq!(Wait::default().interval(ms(50), ms(10)), Wait::default().interval(ms(50), ms(50)));
    assert_eq!(Wait::default().backoff(0.5), Wait::default().backoff(1.0));
    assert_eq!(Wait::default().backoff(f64::NAN), Wait::default().backoff(1.0));
    assert_ne!(Wait::default().backoff(2.0), Wait::default().backoff(1.0));
    assert_eq!(Wait::default().interval(Duration::ZERO, ms(30)), Wait::default().interval(Wait::MIN_INTERVAL, ms(30)));
    assert_ne!(Wait::default().interval(ms(20), ms(30)), Wait::default().interval(Wait::MIN_INTERVAL, ms(30)));
}
