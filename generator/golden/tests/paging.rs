//! Paged list operations read as streams: the exact request of every page, in the three
//! styles, and where each list ends.

use futures::{StreamExt, TryStreamExt};
use golden::paging::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn json(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn query(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

async fn client_for(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).allow_http(true).build().unwrap()
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    received.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn numbered_pages_run_to_the_page_count() {
    let server = MockServer::start().await;
    Mock::given(path("/entries"))
        .respond_with(|r: &Request| {
            let page: i64 = query(r, "page").map_or(1, |p| p.parse().unwrap());
            let ids = [page * 10, page * 10 + 1];
            json(serde_json::json!({"data": {"entries": [{"id": ids[0]}, {"id": ids[1]}], "total_pages": 3.0}}))
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let ids: Vec<i64> = client.list_entries().per_page(2).items().map_ok(|e| e.id).try_collect().await.unwrap();
    assert_eq!(ids, [10, 11, 20, 21, 30, 31]);
    assert_eq!(queries(&server).await, ["per_page=2", "page=2&per_page=2", "page=3&per_page=2"]);

    // Started further on, the stream goes on from there; pages come whole.
    let pages: Vec<_> = client.list_entries().page(3).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].data.as_ref().unwrap().entries.as_ref().unwrap().len(), 2);
    assert_eq!(queries(&server).await.len(), 4);
}

#[tokio::test]
async fn a_page_is_fetched_only_when_the_stream_reaches_it() {
    let server = MockServer::start().await;
    Mock::given(path("/entries"))
        .respond_with(json(serde_json::json!({"data": {"entries": [{"id": 1}, {"id": 2}], "total_pages": 9}})))
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let mut items = client.list_entries().items();
    assert_eq!(items.next().await.unwrap().unwrap().id, 1);
    assert_eq!(items.next().await.unwrap().unwrap().id, 2);
    assert_eq!(queries(&server).await, [""]);
    assert_eq!(items.next().await.unwrap().unwrap().id, 1);
    assert_eq!(queries(&server).await, ["", "page=2"]);
}

#[tokio::test]
async fn text_page_numbers_count_from_the_first_and_stop_when_told() {
    let server = MockServer::start().await;
    Mock::given(path("/numbered-text"))
        .respond_with(|r: &Request| match query(r, "page").as_deref() {
            Some("0") => json(serde_json::json!({"items": ["a", "b"], "meta": {"more": true}})),
            Some("1") => json(serde_json::json!({"items": ["c"], "meta": {"more": null}})),
            Some("2") => json(serde_json::json!({"items": ["d"], "meta": {"more": false}})),
            _ => ResponseTemplate::new(400),
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let items: Vec<String> = client.list_numbered_text("0").items().try_collect().await.unwrap();
    assert_eq!(items, ["a", "b", "c", "d"]);
    // `null` is no signal: the next page is read.
    assert_eq!(queries(&server).await, ["page=0", "page=1", "page=2"]);
}

#[tokio::test]
async fn pages_without_a_signal_end_at_the_first_empty_one() {
    let server = MockServer::start().await;
    Mock::given(path("/bare"))
        .respond_with(|r: &Request| match query(r, "page").as_deref() {
            None => json(serde_json::json!([{"id": 1}, {"id": 2}])),
            Some("2") => json(serde_json::json!([{"id": 3}])),
            _ => json(serde_json::json!([])),
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let ids: Vec<i64> = client.list_bare().items().map_ok(|e| e.id).try_collect().await.unwrap();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(queries(&server).await, ["", "page=2", "page=3"]);
}

#[tokio::test]
async fn offsets_move_by_the_items_read_up_to_the_total() {
    let server = MockServer::start().await;
    Mock::given(path("/rows"))
        .respond_with(|r: &Request| {
            let skip: i64 = query(r, "skip").map_or(0, |s| s.parse().unwrap());
            let rows: Vec<_> = (skip..(skip + 2).min(5)).map(|id| serde_json::json!({"id": id})).collect();
            json(serde_json::json!({"rows": rows, "total": 5}))
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let ids: Vec<i64> = client.list_rows().limit(2).items().map_ok(|e| e.id).try_collect().await.unwrap();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert_eq!(queries(&server).await, ["limit=2", "skip=2&limit=2", "skip=4&limit=2"]);
}

#[tokio::test]
async fn cursors_are_followed_until_none_comes() {
    let server = MockServer::start().await;
    Mock::given(path("/folders/f%201/files"))
        .respond_with(|r: &Request| match query(r, "after").as_deref() {
            None => json(serde_json::json!({"files": ["a"], "next": "c 1"})),
            Some("c 1") => json(serde_json::json!({"files": [], "next": "c2"})),
            Some("c2") => json(serde_json::json!({"files": ["b"], "next": null})),
            _ => ResponseTemplate::new(400),
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let files: Vec<String> = client.list_files("f 1").items().try_collect().await.unwrap();
    assert_eq!(files, ["a", "b"]);
    // An empty page with a cursor is not the end.
    assert_eq!(queries(&server).await, ["", "after=c%201", "after=c2"]);
}

#[tokio::test]
async fn an_error_is_the_last_item_and_no_page_is_fetched_after_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|r: &Request| match query(r, "after").as_deref() {
            None => json(serde_json::json!({"files": ["a", "b"], "next": "gone"})),
            _ => ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such folder"})),
        })
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let all: Vec<_> = client.list_files("f").items().collect().await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].as_ref().unwrap(), "a");
    assert_eq!(all[1].as_ref().unwrap(), "b");
    match &all[2] {
        Err(golden::runtime::Error::Api(e)) => {
            assert_eq!(e.status, 404);
            let Some(ListFilesError::NotFound(body)) = &e.body else { panic!("{:?}", e.body) };
            assert_eq!(body.message.as_deref(), Some("no such folder"));
        }
        other => panic!("expected the 404, got {other:?}"),
    }
    assert_eq!(queries(&server).await, ["", "after=gone"]);
}

#[tokio::test]
async fn a_cursor_given_again_ends_the_list_instead_of_looping() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(serde_json::json!({"files": ["same"], "next": "again"})))
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let files: Vec<String> = client.list_files("f").items().try_collect().await.unwrap();
    assert_eq!(files, ["same", "same"]);
    assert_eq!(queries(&server).await, ["", "after=again"]);
}
