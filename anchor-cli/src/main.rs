//! `anchor`: every operation of the Anchor Browser API from the shell.
//!
//! The commands are made from anchor-api's operations table when the program starts (see
//! `oapi_runtime::cli`); what is written here is Anchor's own: the program's name and the long
//! jobs `--wait` follows with anchor-api's waiting helpers.

use anchor_api::operations::api;
use anchor_api::{Client, Wait};
use oapi_runtime::cli::App;
use oapi_runtime::hooks::BoxFuture;
use oapi_runtime::ops::{Answer, Failure, Output};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Display;
use std::process::ExitCode;

fn main() -> ExitCode {
    App::new(api(Some(anchor_api::DOCUMENT)), "anchor")
        .version(env!("CARGO_PKG_VERSION"))
        .about(
            "Anchor Browser from the shell: start, drive and end cloud browser sessions, and every other \
             operation of the API. The key comes from --api-key, ANCHORBROWSER_API_KEY, or `anchor auth login`.",
        )
        .wait("start_browser_session_async", browser_session)
        .wait("create_batch_sessions", batch)
        .wait("perform_web_task", web_task)
        .wait("generate_a_task", task_generation)
        .wait("run_a_task", task_run)
        .run()
}

/// The job ID at `path` in a start's JSON answer.
fn job_id(answer: &Answer, path: &[&str]) -> Result<String, Failure> {
    let Output::Json(value) = &answer.output else {
        return Err(Failure::Job("the start answered no JSON, so there is no job to wait for".into()));
    };
    match path.iter().try_fold(value, |v, field| v.get(field)) {
        Some(Value::String(id)) => Ok(id.clone()),
        _ => Err(Failure::Job(format!("the start's answer has no `{}` to wait for", path.join(".")))),
    }
}

/// The end of a wait as the command's answer.
fn ended<T: Serialize, E: Display>(result: Result<T, E>) -> Result<Answer, Failure> {
    let done = result.map_err(|e| Failure::Job(e.to_string()))?;
    serde_json::to_value(done)
        .map(Answer::from_json)
        .map_err(|e| Failure::Job(format!("cannot write the job's end as JSON: {e}")))
}

fn browser_session(client: &Client, answer: Answer) -> BoxFuture<'_, Result<Answer, Failure>> {
    Box::pin(async move {
        let id = job_id(&answer, &["data", "request_id"])?;
        ended(client.wait_for_browser_session(id, Wait::default()).await)
    })
}

fn batch(client: &Client, answer: Answer) -> BoxFuture<'_, Result<Answer, Failure>> {
    Box::pin(async move {
        let id = job_id(&answer, &["data", "batch_id"])?;
        ended(client.wait_for_batch(id, Wait::default()).await)
    })
}

fn web_task(client: &Client, answer: Answer) -> BoxFuture<'_, Result<Answer, Failure>> {
    Box::pin(async move {
        // Run without `async: true`, the task answers with its result: nothing to wait for.
        let Ok(id) = job_id(&answer, &["data", "workflow_id"]) else { return Ok(answer) };
        ended(client.wait_for_web_task(id, Wait::default()).await)
    })
}

fn task_generation(client: &Client, answer: Answer) -> BoxFuture<'_, Result<Answer, Failure>> {
    Box::pin(async move {
        let id = job_id(&answer, &["id"])?;
        ended(client.wait_for_task_generation(id, Wait::default()).await)
    })
}

fn task_run(client: &Client, answer: Answer) -> BoxFuture<'_, Result<Answer, Failure>> {
    Box::pin(async move {
        let id = job_id(&answer, &["run_id"])?;
        ended(client.wait_for_task_run(id, Wait::default()).await)
    })
}
