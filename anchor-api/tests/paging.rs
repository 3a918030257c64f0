//! Anchor's eight paged lists (declared in `spec/anchor.toml`), read as streams against the
//! crate's own mock: the exact query of every page request, and where each list ends.

use anchor_api::mock::MockServer;
use anchor_api::runtime::mock::Endpoint;
use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Queues `pages` as the endpoint's answers, in turn.
async fn answers<T: DeserializeOwned>(endpoint: &Endpoint<'_, (), T>, pages: Vec<Value>) {
    for page in pages {
        endpoint.returns_once(&serde_json::from_value(page).unwrap()).await;
    }
}

/// The query of every request the endpoint received.
async fn queries<T>(endpoint: &Endpoint<'_, (), T>) -> Vec<String> {
    let requests = endpoint.requests().await;
    requests.iter().map(|r| r.query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")).collect()
}

const SESSION: &str = r#"{"id": "s", "status": "x", "headless": false, "recording": false, "used_credits": 1.5,
    "created_at": "2026-01-01T00:00:00Z", "user_configuration": {}, "task_initiated": false,
    "task_executions_count": 0, "api_key_name": "k", "browser_ip": "1.2.3.4"}"#;
const TASK: &str = r#"{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "name": "t", "teamId": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "latestVersion": "1", "code": "x", "language": "typescript", "deleted": false,
    "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"}"#;
const EXECUTION: &str = r#"{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "taskVersionId": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "version": "1", "status": "success", "startTime": "2026-01-01T00:00:00Z"}"#;
const DELIVERY: &str =
    r#"{"id": "d", "external_event_id": "e", "event_type": "task.completed", "status": "delivered", "attempt": 1}"#;

fn many(item: &str, n: usize) -> Value {
    let one: Value = serde_json::from_str(item).unwrap();
    Value::Array(vec![one; n])
}

#[tokio::test]
async fn session_pages_run_to_the_page_count() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let endpoint = mock.list_sessions_history_page();
    answers(
        &endpoint,
        vec![
            json!({"data": {"sessions": many(SESSION, 2), "total": 3, "page": 1, "total_pages": 2}}),
            json!({"data": {"sessions": many(SESSION, 1), "total": 3, "page": 2, "total_pages": 2}}),
        ],
    )
    .await;
    let limit = anchor_api::ListSessionsHistoryPageLimit::Value20;
    let sessions: Vec<_> = client.list_sessions_history_page().limit(limit).items().try_collect().await.unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(queries(&endpoint).await, ["limit=20", "page=2&limit=20"]);
}

#[tokio::test]
async fn usage_history_stops_when_no_next_page_is_announced() {
    let mock = MockServer::start().await;
    let endpoint = mock.get_sessions_history();
    answers(
        &endpoint,
        vec![
            json!({"data": [{}, {}], "pagination": {"current_page": 1, "total_pages": 9, "has_next": true}}),
            json!({"data": [{}], "pagination": {"current_page": 2, "total_pages": 9, "has_next": false}}),
        ],
    )
    .await;
    let points: Vec<_> = mock.client().get_sessions_history().items().try_collect().await.unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(queries(&endpoint).await, ["", "page=2"]);
}

#[tokio::test]
async fn batches_follow_the_has_next_flag() {
    let mock = MockServer::start().await;
    let endpoint = mock.list_batch_sessions();
    answers(
        &endpoint,
        vec![
            json!({"data": {"batches": [{}], "pagination": {"has_next": true, "total_pages": 2}}}),
            json!({"data": {"batches": [{}, {}], "pagination": {"has_next": false, "total_pages": 2}}}),
        ],
    )
    .await;
    let pages: Vec<_> = mock.client().list_batch_sessions().limit(1).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(queries(&endpoint).await, ["limit=1", "page=2&limit=1"]);
}

#[tokio::test]
async fn tasks_number_their_pages_as_text_and_end_at_an_empty_page() {
    let mock = MockServer::start().await;
    let endpoint = mock.list_tasks_legacy();
    answers(
        &endpoint,
        vec![
            json!({"data": {"tasks": many(TASK, 2), "total": 3, "page": 2, "limit": 2}}),
            json!({"data": {"tasks": many(TASK, 1), "total": 3, "page": 3, "limit": 2}}),
            json!({"data": {"tasks": [], "total": 3, "page": 4, "limit": 2}}),
        ],
    )
    .await;
    let tasks: Vec<_> = mock.client().list_tasks_legacy().page("2").limit("2").items().try_collect().await.unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(queries(&endpoint).await, ["page=2&limit=2", "page=3&limit=2", "page=4&limit=2"]);
}

#[tokio::test]
async fn task_executions_run_to_the_page_count() {
    let mock = MockServer::start().await;
    let endpoint = mock.list_task_executions_legacy();
    answers(&endpoint, vec![
        json!({"data": {"results": many(EXECUTION, 1), "pagination": {"page": 1, "limit": 1, "total": 2, "totalPages": 2}}}),
        json!({"data": {"results": many(EXECUTION, 1), "pagination": {"page": 2, "limit": 1, "total": 2, "totalPages": 2}}}),
    ])
    .await;
    let runs: Vec<_> = mock.client().list_task_executions_legacy("t-1").items().try_collect().await.unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(queries(&endpoint).await, ["", "page=2"]);
    assert!(endpoint.requests().await.iter().all(|r| r.path == "/v1/task/t-1/executions"));
}

#[tokio::test]
async fn webhook_deliveries_move_by_offset_up_to_the_total() {
    let mock = MockServer::start().await;
    let endpoint = mock.list_webhook_events();
    answers(
        &endpoint,
        vec![
            json!({"events": many(DELIVERY, 2), "pagination": {"limit": 2, "offset": 0, "total": 3}}),
            json!({"events": many(DELIVERY, 1), "pagination": {"limit": 2, "offset": 2, "total": 3}}),
        ],
    )
    .await;
    let deliveries: Vec<_> = mock.client().list_webhook_events("wh_1").limit(2).items().try_collect().await.unwrap();
    assert_eq!(deliveries.len(), 3);
    assert_eq!(queries(&endpoint).await, ["limit=2", "limit=2&offset=2"]);
}

#[tokio::test]
async fn volume_files_and_paths_follow_the_cursor() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let files = mock.list_files();
    answers(
        &files,
        vec![
            json!({"data": {"items": [{}, {}], "next_cursor": "c/1"}}),
            json!({"data": {"items": [{}], "next_cursor": null}}),
        ],
    )
    .await;
    let all: Vec<_> = client.list_files("vol-1").limit("2").items().try_collect().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(queries(&files).await, ["limit=2", "cursor=c/1&limit=2"]);

    let paths = mock.list_all_paths();
    answers(
        &paths,
        vec![json!({"data": {"items": ["a/", "a/b.txt"], "next_cursor": "n1"}}), json!({"data": {"items": ["c.txt"]}})],
    )
    .await;
    let all: Vec<String> = client.list_all_paths("vol-1").items().try_collect().await.unwrap();
    assert_eq!(all, ["a/", "a/b.txt", "c.txt"]);
    assert_eq!(queries(&paths).await, ["", "cursor=n1"]);
}
