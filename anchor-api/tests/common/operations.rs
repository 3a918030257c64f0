//! One call of every operation of the API, with what it must put on the wire; shared by the
//! loopback wire test (`every_operation.rs`) and the Prism contract test (`contract.rs`).

use anchor_api::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use wiremock::Request;

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

/// A typed request body read from the JSON it must be sent as: the test then checks that the
/// type keeps every field, under its wire name, in order.
fn typed<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn pem() -> File {
    File::new(b"-----BEGIN CERTIFICATE-----".to_vec()).file_name("client.pem").content_type("application/x-pem-file")
}

fn zip() -> File {
    File::new(b"PK\x03\x04 contents".to_vec()).file_name("bundle.zip").content_type("application/zip")
}

/// Every operation, called once with arguments a validating server accepts. Built from a few
/// lists, in the order the operations were added, so that no one function holds the whole table.
pub fn every_operation(c: &Client) -> Vec<Case<'_>> {
    let mut cases = sessions_profiles_and_control(c);
    cases.extend(extensions_events_and_legacy_tasks(c));
    cases.extend(added_agent_access_to_identities(c));
    cases.extend(added_sessions_to_tasks(c));
    cases
}

/// Browser sessions, profiles, the web-task and screenshot tools, and the OS-level control of a
/// session (mouse, keyboard, clipboard, files).
fn sessions_profiles_and_control(c: &Client) -> Vec<Case<'_>> {
    use Sent::Nothing;
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
            j(r#"{"x":10.0,"y":20.5,"button":"right"}"#),
            json(c.mouse_click(SESSION, &MouseSingleClickRequestSchema::default().with_x(10.0).with_y(20.5).with_button(MouseSingleClickRequestSchemaButton::Right)))),
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
    ]
}

/// Extensions, integrations, events, a batch's start and status, the agent's pause and resume,
/// and the legacy tasks.
fn extensions_events_and_legacy_tasks(c: &Client) -> Vec<Case<'_>> {
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
            json(c.create_task_legacy(&CreateTaskRequest::new("price-check").with_code("Y29uc29sZS5sb2coMSk=")))),
        case!("GET" "/v1/task", "/v1/task?page=2&limit=5", Nothing, json(c.list_tasks_legacy().page("2").limit("5"))),
        case!("POST" "/v1/task/run", "/v1/task/run",
            j(r#"{"taskId":"0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f","version":"latest","async":true}"#), json(c.run_task_legacy(&run))),
        case!("POST" "/v1/task/run/{taskName}", "/v1/task/run/price-check",
            j(r#"{"inputs":{"ANCHOR_TARGET":"https://example.com"}}"#),
            json(c.run_task_by_name_legacy("price-check", &RunTaskByNameRequest::default().with_inputs(inputs)))),
        case!("GET" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", Nothing, json(c.get_task_metadata_legacy(task))),
        case!("PUT" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", j(r#"{"description":"Checks prices"}"#),
            json(c.update_task_metadata_legacy(task, &UpdateTaskMetadataRequest::default().with_description("Checks prices")))),
        case!("DELETE" "/v1/task/{taskId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", Nothing, json(c.delete_task_legacy(task))),
        case!("GET" "/v1/task/{taskId}/versions", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/versions", Nothing, json(c.list_task_versions_legacy(task))),
        case!("GET" "/v1/task/{taskId}/latest", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/latest", Nothing, json(c.get_latest_task_version_legacy(task))),
        case!("GET" "/v1/task/{taskId}/draft", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", Nothing, json(c.get_task_draft_legacy(task))),
        case!("POST" "/v1/task/{taskId}/draft", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", j(r#"{"code":"Y29uc29sZS5sb2coMik="}"#),
            json(c.create_or_update_task_draft_legacy(task, &DraftTaskRequest::new("Y29uc29sZS5sb2coMik=")))),
        case!("POST" "/v1/task/{taskId}/deploy", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/deploy", j(r#"{"description":"first"}"#),
            json(c.deploy_task_legacy(task, &PublishVersionRequest::default().with_description("first")))),
        case!("GET" "/v1/task/{taskId}/executions", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/executions?page=1&status=failure",
            Nothing, json(c.list_task_executions_legacy(task).page("1").status(ListTaskExecutionsLegacyStatus::Failure))),
        case!("GET" "/v1/task/{taskId}/executions/{executionId}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/executions/3c90c3cc-0d44-4b50-8888-8dd25736052a",
            Nothing, json(c.get_task_execution_result_legacy(task, other))),
        case!("GET" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/draft", Nothing, json(c.get_task_version_legacy(task, "draft"))),
        case!("POST" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/3", j(r#"{"code":"Y29uc29sZS5sb2coMyk="}"#),
            json(c.publish_task_version_legacy(task, 3, &PublishVersionRequest::default().with_code("Y29uc29sZS5sb2coMyk=")))),
        case!("DELETE" "/v1/task/{taskId}/{taskVersion}", "/v1/task/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/2", Nothing, json(c.delete_task_version_legacy(task, 2))),
    ]
}

/// Added with the 136-operation document, first half: agent access, applications, batches,
/// billing, certificates and identities.
fn added_agent_access_to_identities(c: &Client) -> Vec<Case<'_>> {
    use Sent::Nothing;
    let other: Uuid = OTHER.parse().unwrap();
    let noon: DateTime<Utc> = "2025-11-16T12:00:00Z".parse().unwrap();
    vec![
        case!("GET" "/v1/agent-access", "/v1/agent-access", Nothing, json(c.agent_access_guide())),
        case!("POST" "/v1/agent-access", "/v1/agent-access", j(AGENT_ANSWER), json(c.create_agent_access_project(&typed(AGENT_ANSWER)))),
        case!("GET" "/v1/agent-access/appendix/{appendixRef}", "/v1/agent-access/appendix/ref%201", Nothing, json(c.agent_access_challenge_data("ref 1"))),
        case!("GET" "/v1/agent-access/challenge", "/v1/agent-access/challenge", Nothing, json(c.get_agent_access_challenge())),
        case!("POST" "/v1/applications", "/v1/applications", j(APPLICATION), json(c.create_application(&typed(APPLICATION)))),
        case!("GET" "/v1/applications", "/v1/applications?search=mail", Nothing, json(c.list_applications().search("mail"))),
        case!("DELETE" "/v1/applications/{applicationId}", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_application(OTHER))),
        case!("GET" "/v1/applications/{applicationId}", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.get_application(other))),
        case!("POST" "/v1/applications/{applicationId}/auth-flows", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/auth-flows", j(AUTH_FLOW),
            json(c.create_authentication_flow(OTHER, &typed(AUTH_FLOW)))),
        case!("GET" "/v1/applications/{applicationId}/auth-flows", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/auth-flows", Nothing, json(c.list_application_authentication_flows(OTHER))),
        case!("DELETE" "/v1/applications/{applicationId}/auth-flows/{authFlowId}", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/auth-flows/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f", Nothing,
            json(c.delete_authentication_flow(OTHER, TASK))),
        case!("PATCH" "/v1/applications/{applicationId}/auth-flows/{authFlowId}", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/auth-flows/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f",
            j(r#"{"is_recommended":true}"#), json(c.update_authentication_flow(OTHER, TASK, &UpdateAuthFlowRequest::default().with_is_recommended(true)))),
        case!("GET" "/v1/applications/{applicationId}/identities", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/identities?search=ann", Nothing,
            json(c.list_application_identities(OTHER).search("ann"))),
        case!("POST" "/v1/applications/{applicationId}/tokens", "/v1/applications/3c90c3cc-0d44-4b50-8888-8dd25736052a/tokens", j(r#"{"callbackUrl":"https://example.com/back"}"#),
            json(c.create_identity_token(OTHER, &CreateIdentityTokenRequest::new("https://example.com/back")))),
        case!("GET" "/v1/batch-sessions", "/v1/batch-sessions?status=failed&page=2&limit=10", Nothing,
            json(c.list_batch_sessions().status(ListBatchSessionsStatus::Failed).page(2).limit(10))),
        case!("DELETE" "/v1/batch-sessions/{batch_id}", "/v1/batch-sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_batch_sessions(OTHER))),
        case!("PATCH" "/v1/batch-sessions/{batch_id}", "/v1/batch-sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a", j(r#"{"status":"cancelled"}"#),
            json(c.update_batch_session(OTHER, &typed(r#"{"status":"cancelled"}"#)))),
        case!("POST" "/v1/batch-sessions/{batch_id}/retry", "/v1/batch-sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a/retry",
            j(r#"{"retry_failed_only":true,"max_retries":2}"#),
            json(c.retry_failed_batch_sessions(OTHER, &BatchSessionRetryRequestSchema::default().with_retry_failed_only(true).with_max_retries(2)))),
        case!("GET" "/v1/billing", "/v1/billing?from_date=2025-11-16T12%3A00%3A00Z&granularity=week", Nothing,
            json(c.get_billing_info().from_date(noon).granularity(GetBillingInfoGranularity::Week))),
        case!("GET" "/v1/certificates", "/v1/certificates", Nothing, json(c.list_certificates())),
        case!("POST" "/v1/certificates", "/v1/certificates",
            Sent::Multipart(vec![
                ("name", None, None, b"client-cert".to_vec()),
                ("file", Some("client.pem"), Some("application/x-pem-file"), b"-----BEGIN CERTIFICATE-----".to_vec()),
            ]),
            json(c.upload_certificate(&UploadCertificateForm::new("client-cert", pem())))),
        case!("DELETE" "/v1/certificates/{name}", "/v1/certificates/client-cert", Nothing, json(c.delete_certificate("client-cert"))),
        case!("POST" "/v1/identities", "/v1/identities?validateAsync=false", j(IDENTITY),
            json(c.create_identity(&typed(IDENTITY)).validate_async(false))),
        case!("POST" "/v1/identities/dynamic/finalize/{session_id}", "/v1/identities/dynamic/finalize/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
            j(r#"{"identity_name":"ann"}"#), json(c.finalize_dynamic_auth_flow(SESSION).body(&typed(r#"{"identity_name":"ann"}"#)))),
        case!("POST" "/v1/identities/dynamic/resolve/{session_id}", "/v1/identities/dynamic/resolve/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
            j(r#"{"choice":"sms"}"#), json(c.resolve_dynamic_auth_flow_step(SESSION, &typed(r#"{"choice":"sms"}"#)))),
        case!("POST" "/v1/identities/dynamic/start/{session_id}", "/v1/identities/dynamic/start/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
            j(r#"{"url":"https://mail.example.com/login","host":"mail.example.com"}"#),
            json(c.start_dynamic_auth_flow(SESSION, &AuthFlowV2StartRequest::new("https://mail.example.com/login", "mail.example.com")))),
        case!("GET" "/v1/identities/dynamic/state/{session_id}", "/v1/identities/dynamic/state/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22", Nothing,
            json(c.get_dynamic_auth_flow_state(SESSION))),
        case!("DELETE" "/v1/identities/{identityId}", "/v1/identities/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_identity(OTHER))),
        case!("GET" "/v1/identities/{identityId}", "/v1/identities/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.get_identity(OTHER))),
        case!("PUT" "/v1/identities/{identityId}", "/v1/identities/3c90c3cc-0d44-4b50-8888-8dd25736052a", j(r#"{"name":"ann (work)"}"#),
            json(c.update_identity(OTHER, &UpdateIdentityRequest::default().with_name("ann (work)")))),
        case!("POST" "/v1/identities/{identityId}/reauthenticate", "/v1/identities/3c90c3cc-0d44-4b50-8888-8dd25736052a/reauthenticate", j(r#"{"sync":true}"#),
            json(c.reauthenticate_identity(OTHER).body(&ReauthenticateIdentityRequest::default().with_sync(true)))),
    ]
}

/// Added with the 136-operation document, second half: sessions, tools, volumes, webhooks and
/// the second version of tasks.
fn added_sessions_to_tasks(c: &Client) -> Vec<Case<'_>> {
    use Sent::Nothing;
    let other: Uuid = OTHER.parse().unwrap();
    let session: Uuid = SESSION.parse().unwrap();
    vec![
        case!("GET" "/v1/sessions", "/v1/sessions?page=2&limit=20&sort_order=desc&tags=vip&proxy=true", Nothing,
            json(c.list_sessions_history_page().page(2).limit(ListSessionsHistoryPageLimit::Value20)
                .sort_order(ListSessionsHistoryPageSortOrder::Desc).tags("vip").proxy(true))),
        case!("POST" "/v1/sessions/async", "/v1/sessions/async", Nothing, json(c.start_browser_session_async())),
        case!("POST" "/v1/sessions/async", "/v1/sessions/async", j(r#"{"session":{"tags":["nightly"]}}"#),
            json(c.start_browser_session_async().body(&SessionCreateRequestSchema::default()
                .with_session(SessionConfig::default().with_tags(vec!["nightly".to_owned()]))))),
        case!("GET" "/v1/sessions/async/{request_id}/status", "/v1/sessions/async/3c90c3cc-0d44-4b50-8888-8dd25736052a/status", Nothing,
            json(c.async_session_status(other))),
        case!("GET" "/v1/sessions/history", "/v1/sessions/history?granularity=hour&page=1&limit=50", Nothing,
            json(c.get_sessions_history().granularity(GetBillingInfoGranularity::Hour).page(1).limit(50))),
        case!("GET" "/v1/sessions/pending-interventions", "/v1/sessions/pending-interventions", Nothing, json(c.list_pending_human_interventions())),
        case!("GET" "/v1/sessions/{session_id}/agent/requested-human-intervention", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/requested-human-intervention", Nothing,
            json(c.get_requested_human_interventions(SESSION))),
        case!("POST" "/v1/sessions/{session_id}/agent/respond-to-human-intervention", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/agent/respond-to-human-intervention",
            j(r#"{"requestId":"r-1","response":true}"#), json(c.respond_to_human_intervention(SESSION, &typed(r#"{"requestId":"r-1","response":true}"#)))),
        case!("DELETE" "/v1/sessions/{session_id}/recordings/{recording_id}", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/recordings/rec%2F1", Nothing,
            json(c.delete_session_recording(SESSION, "rec/1"))),
        case!("DELETE" "/v1/sessions/{session_id}/tags", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/tags", Nothing, json(c.delete_session_tags(SESSION))),
        case!("GET" "/v1/sessions/{session_id}/tags", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/tags", Nothing, json(c.get_session_tags(SESSION))),
        case!("PUT" "/v1/sessions/{session_id}/tags", "/v1/sessions/6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22/tags", j(r#"{"tags":["vip","eu"]}"#),
            json(c.put_session_tags(SESSION, &PutSessionTags::new(vec!["vip".to_owned(), "eu".to_owned()])))),
        case!("POST" "/v1/tools/execute-code", "/v1/tools/execute-code?sessionId=6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
            j(r#"{"code":"return document.title"}"#),
            json(c.execute_code_snippet(session, &ExecuteCodeRequestSchema::new("return document.title")))),
        case!("POST" "/v1/tools/fetch/webpage", "/v1/tools/fetch/webpage", j(r#"{"url":"https://example.com"}"#),
            binary(c.web_unlocker(&WebUnlockerRequestSchema::new("https://example.com")))),
        case!("POST" "/v1/tools/page-pdf", "/v1/tools/page-pdf?sessionId=6a2f41a3-c54c-4ce8-b2d2-0324e1c32e22",
            j(r#"{"url":"https://example.com","landscape":true}"#),
            binary(c.get_page_pdf(&GetPagePdfBody::new("https://example.com").with_landscape(true)).session_id(session))),
        case!("GET" "/v1/tools/perform-web-task/{workflowId}/status", "/v1/tools/perform-web-task/wf-1/status", Nothing,
            json(c.get_perform_web_task_status("wf-1"))),
        case!("POST" "/v1/volumes", "/v1/volumes", j(r#"{"name":"shared-docs"}"#), json(c.create_volume(&CreateVolumeBody::new("shared-docs")))),
        case!("GET" "/v1/volumes", "/v1/volumes?include_deleted=true&state=ready", Nothing,
            json(c.list_volumes().include_deleted(ListVolumesIncludeDeleted::True).state(ListVolumesState::Ready))),
        case!("GET" "/v1/volumes/by-name/{name}", "/v1/volumes/by-name/shared%20docs", Nothing, json(c.get_volume_by_name("shared docs"))),
        case!("DELETE" "/v1/volumes/{volume_id}", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.delete_volume(OTHER))),
        case!("GET" "/v1/volumes/{volume_id}", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a", Nothing, json(c.get_volume(OTHER))),
        case!("POST" "/v1/volumes/{volume_id}/directories", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/directories", j(r#"{"path":"docs/2025"}"#),
            json(c.create_directory(OTHER, &CreateDirectoryBody::new("docs/2025")))),
        case!("DELETE" "/v1/volumes/{volume_id}/files", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files?prefix=docs%2F&recursive=true", Nothing,
            json(c.delete_files(OTHER).prefix("docs/").recursive(DeleteFilesRecursive::True))),
        case!("GET" "/v1/volumes/{volume_id}/files", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files?path=docs&cursor=c%2B1&limit=50", Nothing,
            json(c.list_files(OTHER).path("docs").cursor("c+1").limit("50"))),
        case!("POST" "/v1/volumes/{volume_id}/files", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files",
            Sent::Multipart(vec![
                ("file", Some("bundle.zip"), Some("application/zip"), b"PK\x03\x04 contents".to_vec()),
                ("path", None, None, b"docs/bundle.zip".to_vec()),
            ]),
            json(c.upload_file(OTHER, &UploadFileForm::new(zip()).with_path("docs/bundle.zip")))),
        case!("GET" "/v1/volumes/{volume_id}/files/download", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files/download?path=docs%2Fa%20b.pdf&redirect=false", Nothing,
            json(c.download_file(OTHER, "docs/a b.pdf").redirect(DownloadFileRedirect::False))),
        case!("GET" "/v1/volumes/{volume_id}/files/stat", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files/stat?path=docs%2Fa.pdf", Nothing, json(c.get_file_info(OTHER, "docs/a.pdf"))),
        case!("POST" "/v1/volumes/{volume_id}/files/upload-url", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/files/upload-url", j(r#"{"path":"docs/big.bin","size":1048576}"#),
            json(c.create_upload_url(OTHER, &CreateUploadUrlBody::new("docs/big.bin").with_size(1_048_576)))),
        case!("GET" "/v1/volumes/{volume_id}/paths", "/v1/volumes/3c90c3cc-0d44-4b50-8888-8dd25736052a/paths?prefix=docs&limit=100", Nothing,
            json(c.list_all_paths(OTHER).prefix("docs").limit("100"))),
        case!("POST" "/v1/webhooks", "/v1/webhooks", j(WEBHOOK), json(c.create_webhook(&typed(WEBHOOK)))),
        case!("GET" "/v1/webhooks", "/v1/webhooks", Nothing, json(c.list_webhooks())),
        case!("DELETE" "/v1/webhooks/{id}", "/v1/webhooks/wh_1", Nothing, json(c.delete_webhook("wh_1"))),
        case!("GET" "/v1/webhooks/{id}", "/v1/webhooks/wh_1", Nothing, json(c.get_webhook("wh_1"))),
        case!("PATCH" "/v1/webhooks/{id}", "/v1/webhooks/wh_1", j(r#"{"enabled":false}"#),
            json(c.update_webhook("wh_1", &WebhookUpdateRequest::default().with_enabled(false)))),
        case!("GET" "/v1/webhooks/{id}/events", "/v1/webhooks/wh_1/events?limit=10&offset=20&event_type=task.failed&include_payload=true", Nothing,
            json(c.list_webhook_events("wh_1").limit(10).offset(20).event_type(WebhookEventType::TaskFailed)
                .include_payload(ListWebhookEventsIncludePayload::True))),
        case!("POST" "/v1/webhooks/{id}/rotate-secret", "/v1/webhooks/wh_1/rotate-secret", Nothing, json(c.rotate_webhook_secret("wh_1"))),
        case!("POST" "/v1/webhooks/{id}/test", "/v1/webhooks/wh_1/test", j(r#"{"event_type":"task.completed"}"#),
            json(c.send_webhook_test_event("wh_1", &WebhookTestRequest::new(WebhookEventType::TaskCompleted)))),
        case!("POST" "/v2/tasks/generate", "/v2/tasks/generate", j(GENERATE_TASK), json(c.generate_a_task(&typed(GENERATE_TASK)))),
        case!("GET" "/v2/tasks/runs/{runId}/status", "/v2/tasks/runs/run-1/status", Nothing, json(c.get_task_run_status("run-1"))),
        case!("GET" "/v2/tasks/{taskId}/generation-status", "/v2/tasks/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/generation-status", Nothing,
            json(c.get_task_generation_status(TASK))),
        case!("POST" "/v2/tasks/{taskId}/run", "/v2/tasks/0b7f7c2e-8d7b-4c55-9a0e-2f1b3c4d5e6f/run", j(RUN_TASK),
            json(c.run_a_task(TASK, &typed(RUN_TASK)))),
    ]
}

/// Bodies written as the JSON they must be sent as (see [`typed`]).
const AGENT_ANSWER: &str = r#"{"token":"t-1","answer":"42"}"#;
const APPLICATION: &str = r#"{"source":"https://mail.example.com","name":"Mail"}"#;
const AUTH_FLOW: &str = r#"{"name":"password","methods":["username_password","authenticator"]}"#;
const IDENTITY: &str = r#"{"name":"ann","source":"https://mail.example.com/login","credentials":[{"type":"username_password","username":"ann","password":"pw"}]}"#;
const WEBHOOK: &str = r#"{"url":"https://example.com/hooks","subscribed_events":["task.completed","task.failed"]}"#;
const GENERATE_TASK: &str = r#"{"taskName":"price-check","taskPrompt":"Read the price","async":true}"#;
const RUN_TASK: &str = r#"{"input_params":{"sku":"A-1"},"sync":false}"#;

/// A received part: name, file name, content type, contents.
pub type Received = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a received `multipart/form-data` body.
pub fn parts(request: &Request) -> Vec<Received> {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
    };
    let mut at = find(body, delimiter.as_bytes(), 0).expect("first delimiter") + delimiter.len();
    while body[at..].starts_with(b"\r\n") {
        let head_end = find(body, b"\r\n\r\n", at).expect("part headers");
        let head = String::from_utf8_lossy(&body[at + 2..head_end]).to_string();
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), head_end).expect("next delimiter");
        let contents = body[head_end + 4..next].to_vec();
        let header = |name: &str| {
            head.lines().find_map(|l| l.to_lowercase().starts_with(name).then(|| l[name.len()..].trim().to_owned()))
        };
        let disposition = header("content-disposition:").expect("content-disposition");
        let field = |key: &str| {
            disposition.split(';').find_map(|p| p.trim().strip_prefix(key).map(|v| v.trim_matches('"').to_owned()))
        };
        out.push((field("name=").unwrap(), field("filename="), header("content-type:"), contents));
        at = next + 2 + delimiter.len();
    }
    assert_eq!(&body[at..], b"--\r\n", "the closing delimiter");
    out
}
