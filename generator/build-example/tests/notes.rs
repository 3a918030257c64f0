//! The build-script client, tested through its generated mock as a user would.

use build_example::notes::mock::MockServer;
use build_example::notes::{Note, NotePage};

#[tokio::test]
async fn an_existing_note_is_found_across_pages_and_not_added_again() {
    let mock = MockServer::start().await;
    mock.list_notes().returns_once(&NotePage::new(vec![Note::new("1", "milk")]).with_next("p2")).await;
    mock.list_notes().returns_once(&NotePage::new(vec![Note::new("2", "bread")])).await;
    let note = build_example::add_once(&mock.client(), "bread").await.unwrap();
    assert_eq!(note.id, "2");
    assert!(mock.create_note().requests().await.is_empty());
    let cursors: Vec<Option<String>> =
        mock.list_notes().requests().await.iter().map(|r| r.query("cursor").map(str::to_owned)).collect();
    assert_eq!(cursors, [None, Some("p2".to_owned())]);
}

#[tokio::test]
async fn a_missing_note_is_added_with_the_bearer_token() {
    let mock = MockServer::start().await;
    mock.list_notes().returns(&NotePage::new(vec![])).await;
    mock.create_note().returns(&Note::new("9", "eggs")).await;
    let note = build_example::add_once(&mock.client(), "eggs").await.unwrap();
    assert_eq!(note, Note::new("9", "eggs"));
    let created = mock.create_note().requests().await;
    assert_eq!(created[0].body.as_ref().map(|b| b.text.as_str()), Some("eggs"));
    let auth = created[0].headers.get("authorization").and_then(|v| v.to_str().ok());
    assert_eq!(auth, Some("Bearer mock-credential"));
}

#[tokio::test]
async fn an_empty_text_is_refused_before_anything_is_sent() {
    let mock = MockServer::start().await;
    mock.list_notes().returns(&NotePage::new(vec![])).await;
    let err = build_example::add_once(&mock.client(), "").await.unwrap_err();
    assert_eq!(err.to_string(), "invalid request, not sent: `text`: must be at least 1 character long");
    assert!(mock.create_note().requests().await.is_empty());
}
