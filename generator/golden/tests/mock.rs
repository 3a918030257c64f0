//! The generated `mock` module, used as a user's test would: start the mock, say what each
//! operation answers, run the code under test with the mock's client, read back what it sent.

use chrono::{NaiveDate, TimeZone, Utc};
use golden::runtime::{Binary, Error};

/// Code under test: copies a day's events to another day.
async fn copy_day(client: &golden::dates::Client, from: NaiveDate, to: NaiveDate) -> Result<usize, Error> {
    let events = client.list_events(from).await?;
    for event in &events {
        client.add_event(to, event).await?;
    }
    Ok(events.len())
}

#[tokio::test]
async fn typed_answers_and_typed_requests_around_the_users_code() {
    use golden::dates::{mock::MockServer, Event};
    let mock = MockServer::start().await;
    let first = Event::new(Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap());
    let second = Event::new(Utc.with_ymd_and_hms(2026, 1, 2, 17, 30, 0).unwrap()).with_clock("17:30");
    mock.list_events().returns(&vec![first.clone(), second.clone()]).await;
    mock.add_event().returns(&()).await;

    let (from, to) = (NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(), NaiveDate::from_ymd_opt(2026, 1, 3).unwrap());
    assert_eq!(copy_day(&mock.client(), from, to).await.unwrap(), 2);

    let listed = mock.list_events().requests().await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, "/days/2026-01-02/events");
    assert_eq!(listed[0].body, None);
    let added = mock.add_event().requests().await;
    let bodies: Vec<Option<Event>> = added.iter().map(|r| r.body.clone()).collect();
    assert_eq!(bodies, [Some(first), Some(second)]);
    assert!(added.iter().all(|r| r.path == "/days/2026-01-03/events"));
    assert_eq!(mock.received().await.len(), 3);
}

#[tokio::test]
async fn answers_in_turn_then_lasting_and_errors_as_declared() {
    use golden::paging::mock::MockServer;
    use golden::paging::ListFilesError;
    let mock = MockServer::start().await;
    let client = mock.client();
    let files = mock.list_files();
    let page = |names: &[&str]| {
        golden::paging::ListFilesOkResponse::default()
            .with_files(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    };
    files.returns_once(&page(&["a"]).with_next("c1")).await;
    files.fails_once(404, &serde_json::json!({"message": "gone for now"})).await;
    files.returns(&page(&["z"])).await;

    let first = client.list_files("f").await.unwrap();
    assert_eq!(first.files.as_deref(), Some(&["a".to_string()][..]));
    match client.list_files("f").after("c1").await.unwrap_err() {
        Error::Api(e) => {
            let Some(ListFilesError::NotFound(body)) = &e.body else { panic!("{:?}", e.body) };
            assert_eq!(body.message.as_deref(), Some("gone for now"));
        }
        other => panic!("expected the 404, got {other:?}"),
    }
    for _ in 0..2 {
        assert_eq!(client.list_files("f").await.unwrap().files.unwrap(), ["z"]);
    }
    let sent = files.requests().await;
    let after: Vec<Option<&str>> = sent.iter().map(|r| r.query("after")).collect();
    assert_eq!(after, [None, Some("c1"), None, None]);
    // A path the document does not have is not this endpoint's.
    assert!(mock.list_entries().requests().await.is_empty());
}

#[tokio::test]
async fn text_bytes_and_no_content_are_answered_as_the_operation_reads_them() {
    use golden::raw_bodies::mock::MockServer;
    let mock = MockServer::start().await;
    mock.get_logs().returns("line 1\nline 2").await;
    let png = Binary { content_type: Some("image/png".into()), bytes: bytes::Bytes::from_static(b"\x89PNG") };
    mock.take_screenshot().returns(&png).await;
    mock.add_note().returns(&()).await;
    let client = mock.client();
    assert_eq!(client.get_logs().await.unwrap(), "line 1\nline 2");
    assert_eq!(client.take_screenshot().await.unwrap(), png);
    client.add_note().body("remember").await.unwrap();
    let notes = mock.add_note().requests().await;
    assert_eq!(notes[0].body.as_deref(), Some(&b"remember"[..]));
}

#[tokio::test]
async fn the_mock_client_holds_a_credential_for_every_scheme() {
    use golden::security_schemes::mock::MockServer;
    let mock = MockServer::start().await;
    mock.needs_a_query_a_cookie_and_a_header_key_together().returns(&()).await;
    // Without a credential for each of the three schemes, this would fail before sending.
    mock.client().needs_a_query_a_cookie_and_a_header_key_together().await.unwrap();
    let sent = mock.needs_a_query_a_cookie_and_a_header_key_together().requests().await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].query.iter().any(|(_, v)| v == golden::runtime::mock::MOCK_CREDENTIAL), "{:?}", sent[0].query);
}
