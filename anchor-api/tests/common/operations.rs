//! One call of every operation of the API, with what it must put on the wire; shared by the
//! loopback wire test (`every_operation.rs`) and the Prism contract test (`contract.rs`).

use anchor_api::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

/// A session ID as `start_browser_session` returns it: a plain string.
pub const SESSION: &str = "6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22";
/// A task ID, held as a `Uuid` the way a user who parsed one would.
pub const TASK: &str = "0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f";
/// Another ID (extension, integration, batch, execution).
pub const OTHER: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

/// One `multipart/form-data` part: name, file name, content type, contents.
pub type Part = (&'static str, Option<&'static str>, Option<&'static str>, Vec<u8>);

/// The request body an operation must send.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// No body at all (no `Content-Type`, no `null`).
    Nothing,
    /// JSON, byte for byte.
    Json(String),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
}

/// What a call returned, in a comparable form.
#[derive(Debug, Clone, PartialEq)]
pub enum Got {
    /// A JSON success, serialized back (so a lost or misnamed field shows).
    Json(Value),
    /// A text success.
    Text(String),
    /// A binary success with its content type.
    Binary(Option<String>, Vec<u8>),
}

/// One call of one operation.
pub struct Case<'a> {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template, as the document writes it.
    pub template: &'static str,
    /// Path and query as they must be sent.
    pub target: &'static str,
    /// The body as it must be sent.
    pub sent: Sent,
    /// The call; awaiting it sends the request.
    pub call: Pin<Box<dyn Future<Output = Result<Got, String>> + Send + 'a>>,
}

pub fn json<T: Serialize, E: Debug>(r: Result<T, Error<E>>) -> Result<Got, String> {
    r.map(|v| Got::Json(serde_json::to_value(v).expect("serializable"))).map_err(|e| format!("{e:?}"))
}

pub fn text<E: Debug>(r: Result<String, Error<E>>) -> Result<Got, String> {
    r.map(Got::Text).map_err(|e| format!("{e:?}"))
}

pub fn binary<E: Debug>(r: Result<Binary, Error<E>>) -> Result<Got, String> {
    r.map(|b| Got::Binary(b.content_type, b.bytes.to_vec())).map_err(|e| format!("{e:?}"))
}

pub async fn streamed<E: Debug>(r: Result<Download, Error<E>>) -> Result<Got, String> {
    let download = r.map_err(|e| format!("{e:?}"))?;
    let content_type = download.content_type().map(str::to_owned);
    let bytes = download.bytes().await.map_err(|e| format!("{e:?}"))?;
    Ok(Got::Binary(content_type, bytes.to_vec()))
}

macro_rules! case {
    ($method:literal $template:literal, $target:literal, $sent:expr, $wrap:ident($call:expr)) => {
        Case {
            method: $method,
            template: $template,
            target: $target,
            sent: $sent,
            call: Box::pin(async move { $wrap($call.await) }),
        }
    };
    ($method:literal $template:literal, $target:literal, $sent:expr, await $wrap:ident($call:expr)) => {
        Case {
            method: $method,
            template: $template,
            target: $target,
            sent: $sent,
            call: Box::pin(async move { $wrap($call.await).await }),
        }
    };
}

fn j(text: &str) -> Sent {
    Sent::Json(text.to_owned())
}

fn zip() -> File {
    File::new(b"PK\x03\x04 contents".to_vec()).file_name("bundle.zip").content_type("application/zip")
}

/// Every operation, called once with arguments a validating server accepts.
pub fn every_operation(c: &Client) -> Vec<Case<'_>> {
    use Sent::Nothing;
    let task: Uuid = TASK.parse().unwrap();
    let other: Uuid = OTHER.parse().unwrap();
    let run = RunTaskRequest::new(task).with_version("latest").with_async(true);
    let inputs = BTreeMap::from([("ANCHOR_TARGET".to_owned(), "https://example.com".to_owned())]);
    let signal = SignalEventRequestSchema::new(BTreeMap::from([("result".to_owned(), json!("done"))]));
    let integration = CreateIntegrationRequest::new(
        "vault",
        ServiceAccountCredentials::new(ServiceAccountCredentialsData::new("ops_token")),
    );
    vec![
        case!("POST" "/v1/sessions", "/v1/sessions", Nothing, json(c.start_browser_session())),
        case!("DELETE" "/v1/sessions/all", "/v1/sessions/all", Nothing, json(c.end_all_sessions())),
        case!("GET" "/v1/sessions/all/status", "/v1/sessions/all/status", Nothing, json(c.list_all_sessions_status())),
        case!("GET" "/v1/sessions/{session_id}", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22", Nothing, json(c.get_browser_session(SESSION))),
        case!("DELETE" "/v1/sessions/{session_id}", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22", Nothing, json(c.end_browser_session(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/pages", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/pages", Nothing, json(c.get_browser_session_pages(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/recordings", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings", Nothing, json(c.list_session_recordings(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/downloads", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/downloads", Nothing, json(c.list_session_downloads(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/recordings/primary/fetch", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings/primary/fetch", Nothing, binary(c.get_session_recording(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/recordings/primary/fetch", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings/primary/fetch", Nothing, await streamed(c.get_session_recording(SESSION).download())),
        case!("POST" "/v1/profiles", "/v1/profiles",
        j(r#"{"name":"shop login","source":"session","session_id":"6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22"}"#),
        json(c.create_profile(&ProfileRequestSchema::new("shop login")
            .with_source(ProfileRequestSchemaSource::Session)
            .with_session_id(SESSION.parse::<Uuid>().unwrap())))),
        case!("GET" "/v1/profiles", "/v1/profiles", Nothing, json(c.list_profiles())),
        case!("GET" "/v1/profiles/{name}", "/v1/profiles/shop%20login%2F2", Nothing, json(c.get_profile("shop login/2"))),
        case!("DELETE" "/v1/profiles/{name}", "/v1/profiles/shop%20login", Nothing, json(c.delete_profile("shop login"))),
        case!("POST" "/v1/tools/fetch-webpage", "/v1/tools/fetch-webpage?sessionId=6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
        j(r#"{"url":"https://example.com","format":"markdown"}"#),
        text(c.get_webpage_content(&FetchWebpageRequestSchema::default()
            .with_url("https://example.com")
            .with_format(FetchWebpageRequestSchemaFormat::Markdown)).session_id(SESSION))),
        case!("POST" "/v1/tools/perform-web-task", "/v1/tools/perform-web-task",
        j(r#"{"prompt":"Find the price","max_steps":20}"#),
        json(c.perform_web_task(&PerformWebTaskRequestSchema::new("Find the price").with_max_steps(20)))),
        case!("POST" "/v1/tools/screenshot", "/v1/tools/screenshot",
        j(r#"{"url":"https://example.com","width":800,"height":600}"#),
        binary(c.screenshot_webpage(&ScreenshotRequestSchema::default().with_url("https://example.com").with_width(800).with_height(600)))),
        case!("POST" "/v1/tools/screenshot", "/v1/tools/screenshot?sessionId=6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22", j("{}"),
            await streamed(c.screenshot_webpage(&ScreenshotRequestSchema::default()).session_id(SESSION).download())),
        case!("GET" "/v1/sessions/{sessionId}/screenshot", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/screenshot", Nothing, binary(c.take_screenshot(SESSION))),
        case!("GET" "/v1/sessions/{sessionId}/screenshot", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/screenshot", Nothing, await streamed(c.take_screenshot(SESSION).download())),
        case!("POST" "/v1/sessions/{sessionId}/mouse/click", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/mouse/click",
            j(r#"{"x":10,"y":20,"button":"right"}"#),
            json(c.mouse_click(SESSION, &MouseClickRequestSchema::new(10, 20).with_button(MouseClickRequestSchemaButton::Right)))),
        case!("POST" "/v1/sessions/{sessionId}/mouse/doubleClick", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/mouse/doubleClick",
            j(r#"{"x":10,"y":20}"#), json(c.mouse_double_click(SESSION, &MouseClickRequestSchema::new(10, 20)))),
        case!("POST" "/v1/sessions/{sessionId}/mouse/down", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/mouse/down",
            j(r#"{"x":1,"y":2}"#), json(c.mouse_down(SESSION, &MouseClickRequestSchema::new(1, 2)))),
        case!("POST" "/v1/sessions/{sessionId}/mouse/up", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/mouse/up",
            j(r#"{"x":3,"y":4}"#), json(c.mouse_up(SESSION, &MouseClickRequestSchema::new(3, 4)))),
        case!("POST" "/v1/sessions/{sessionId}/mouse/move", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/mouse/move",
            j(r#"{"x":5,"y":6}"#), json(c.mouse_move(SESSION, &CoordinatesRequestSchema::new(5, 6)))),
        case!("POST" "/v1/sessions/{sessionId}/drag-and-drop", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/drag-and-drop",
            j(r#"{"startX":1,"startY":2,"endX":30,"endY":40}"#), json(c.drag_and_drop(SESSION, &DragDropRequestSchema::new(1, 2, 30, 40)))),
        case!("POST" "/v1/sessions/{sessionId}/scroll", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/scroll",
            j(r#"{"x":100,"y":200,"deltaY":-300,"steps":5}"#),
            json(c.scroll(SESSION, &ScrollRequestSchema::new(100, 200, -300).with_steps(5)))),
        case!("POST" "/v1/sessions/{sessionId}/keyboard/type", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/keyboard/type",
            j(r#"{"text":"hello \"world\"","delay":30}"#),
            json(c.type_text(SESSION, &TypeTextRequestSchema::new("hello \"world\"").with_delay(30)))),
        case!("POST" "/v1/sessions/{sessionId}/keyboard/shortcut", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/keyboard/shortcut",
            j(r#"{"keys":["Control","c"]}"#), json(c.keyboard_shortcut(SESSION, &KeyboardShortcutRequestSchema::new(["Control".to_owned(), "c".to_owned()])))),
        case!("GET" "/v1/sessions/{sessionId}/clipboard", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/clipboard", Nothing, json(c.get_clipboard_content(SESSION))),
        case!("POST" "/v1/sessions/{sessionId}/clipboard", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/clipboard",
            j(r#"{"text":"copied"}"#), json(c.set_clipboard_content(SESSION, &ClipboardRequestSchema::new("copied")))),
        case!("POST" "/v1/sessions/{sessionId}/copy", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/copy", Nothing, json(c.copy_selected_text(SESSION))),
        case!("POST" "/v1/sessions/{sessionId}/paste", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/paste",
            j(r#"{"text":"pasted"}"#), json(c.paste_text(SESSION, &PasteRequestSchema::new("pasted")))),
        case!("POST" "/v1/sessions/{session_id}/recordings/pause", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings/pause", Nothing, json(c.pause_session_recording(SESSION))),
        case!("POST" "/v1/sessions/{session_id}/recordings/resume", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings/resume", Nothing, json(c.resume_session_recording(SESSION))),
        case!("POST" "/v1/sessions/{sessionId}/goto", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/goto",
            j(r#"{"url":"https://example.com/a?b=c"}"#), json(c.navigate_to_url(SESSION, &NavigateRequestSchema::new("https://example.com/a?b=c")))),
        case!("POST" "/v1/sessions/{sessionId}/uploads", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/uploads",
            Sent::Multipart(vec![("file", Some("bundle.zip"), Some("application/zip"), b"PK\x03\x04 contents".to_vec())]),
            json(c.upload_files(SESSION, &UploadFilesForm::new(zip())))),
        case!("POST" "/v1/sessions/{sessionId}/agent/files", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/files",
            Sent::Multipart(vec![("file", Some("bundle.zip"), Some("application/zip"), b"PK\x03\x04 contents".to_vec())]),
            json(c.upload_agent_resources(SESSION, &UploadAgentResourcesForm::new(zip())))),
        case!("GET" "/v1/sessions/{sessionId}/agent/files", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/files", Nothing, json(c.list_agent_resources(SESSION))),
        case!("POST" "/v1/extensions", "/v1/extensions",
            Sent::Multipart(vec![
                ("name", None, None, b"Ad remover".to_vec()),
                ("file", Some("bundle.zip"), Some("application/zip"), b"PK\x03\x04 contents".to_vec()),
            ]),
            json(c.upload_extension(&UploadExtensionForm::new("Ad remover", zip())))),
        case!("GET" "/v1/extensions", "/v1/extensions", Nothing, json(c.list_extensions())),
        case!("GET" "/v1/extensions/{id}", "/v1/extensions/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.get_extension_details(other))),
        case!("DELETE" "/v1/extensions/{id}", "/v1/extensions/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_extension(other))),
        case!("POST" "/v1/integrations", "/v1/integrations",
            j(r#"{"name":"vault","type":"1PASSWORD","credentials":{"type":"serviceAccount","data":{"serviceAccount":"ops_token"}}}"#),
            json(c.create_integration(&integration))),
        case!("GET" "/v1/integrations", "/v1/integrations", Nothing, json(c.list_integrations())),
        case!("DELETE" "/v1/integrations/{integrationId}", "/v1/integrations/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_integration(OTHER))),
        case!("POST" "/v1/events/{event_name}/wait", "/v1/events/job%20done/wait", j(r#"{"timeoutMs":5000}"#),
            json(c.wait_for_event("job done").body(&WaitForEventRequestSchema::default().with_timeout_ms(5000)))),
        case!("POST" "/v1/events/{event_name}", "/v1/events/job%20done", j(r#"{"data":{"result":"done"}}"#), json(c.signal_event("job done", &signal))),
        case!("POST" "/v1/batch-sessions", "/v1/batch-sessions",
        j(r#"{"count":3,"configuration":{"browser":{"headless":{"active":true}}}}"#),
        json(c.create_batch_sessions(&BatchSessionRequestSchema::new(3).with_configuration(
            SessionCreateRequestSchema::default().with_browser(BrowserConfig::default().with_headless(BrowserConfigHeadless::default().with_active(true))),
        )))),
        case!("GET" "/v1/batch-sessions/{batch_id}", "/v1/batch-sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.get_batch_session_status(other))),
        case!("POST" "/v1/sessions/{session_id}/agent/pause", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/pause", Nothing, json(c.pause_agent(SESSION))),
        case!("POST" "/v1/sessions/{session_id}/agent/resume", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/resume", Nothing, json(c.resume_agent(SESSION))),
        case!("POST" "/v1/task", "/v1/task",
            j(r#"{"name":"price-check","code":"Y29uc29sZS5sb2coMSk=","language":"typescript"}"#),
            json(c.create_task(&CreateTaskRequest::new("price-check").with_code("Y29uc29sZS5sb2coMSk=")))),
        case!("GET" "/v1/task", "/v1/task?page=2&limit=5", Nothing, json(c.list_tasks().page("2").limit("5"))),
        case!("POST" "/v1/task/run", "/v1/task/run",
            j(r#"{"taskId":"0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f","version":"latest","async":true}"#), json(c.run_task(&run))),
        case!("POST" "/v1/task/run/{taskName}", "/v1/task/run/price-check",
            j(r#"{"inputs":{"ANCHOR_TARGET":"https://example.com"}}"#),
            json(c.run_task_by_name("price-check", &RunTaskByNameRequest::default().with_inputs(inputs)))),
        case!("GET" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", Nothing, json(c.get_task_metadata(task))),
        case!("PUT" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", j(r#"{"description":"Checks prices"}"#),
            json(c.update_task_metadata(task, &UpdateTaskMetadataRequest::default().with_description("Checks prices")))),
        case!("DELETE" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", Nothing, json(c.delete_task(task))),
        case!("GET" "/v1/task/{taskId}/versions", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/versions", Nothing, json(c.list_task_versions(task))),
        case!("GET" "/v1/task/{taskId}/latest", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/latest", Nothing, json(c.get_latest_task_version(task))),
        case!("GET" "/v1/task/{taskId}/draft", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", Nothing, json(c.get_task_draft(task))),
        case!("POST" "/v1/task/{taskId}/draft", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", j(r#"{"code":"Y29uc29sZS5sb2coMik="}"#),
            json(c.create_or_update_task_draft(task, &DraftTaskRequest::new("Y29uc29sZS5sb2coMik=")))),
        case!("POST" "/v1/task/{taskId}/deploy", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/deploy", j(r#"{"description":"first"}"#),
            json(c.deploy_task(task, &PublishVersionRequest::default().with_description("first")))),
        case!("GET" "/v1/task/{taskId}/executions", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/executions?page=1&status=failure",
            Nothing, json(c.list_task_executions(task).page("1").status(ListTaskExecutionsStatus::Failure))),
        case!("GET" "/v1/task/{taskId}/executions/{executionId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/executions/3c90c3cc-0d44-4b50-8888-8dd25736052a",
            Nothing, json(c.get_task_execution_result(task, other))),
        case!("GET" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", Nothing, json(c.get_task_version(task, "draft"))),
        case!("POST" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/3", j(r#"{"code":"Y29uc29sZS5sb2coMyk="}"#),
            json(c.publish_task_version(task, 3, &PublishVersionRequest::default().with_code("Y29uc29sZS5sb2coMyk=")))),
        case!("DELETE" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/2", Nothing, json(c.delete_task_version(task, 2))),
    ]
}
