//! Waiting for a web task an AI agent carries out in the background (`perform_web_task` with
//! `async`, then `get_perform_web_task_status`).

use super::{follow, missing, sealed, JobStatus, Outcome, Wait, WaitError};
use crate::{
    Client, GetPerformWebTaskStatusError, PerformWebTaskError, PerformWebTaskRequestSchema,
    PerformWebTaskStatusResponseSchemaData as Status, PerformWebTaskStatusSuccessResponseData, ResponseData,
};
use std::fmt;
use std::time::Duration;

/// How long [`Client::perform_web_task_and_wait`] waits by default: the same 15 minutes the
/// client allows a web task that runs inside one call.
pub const WEB_TASK_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// Why [`Client::perform_web_task_and_wait`] or [`Client::wait_for_web_task`] failed.
pub type WebTaskWaitError = WaitError<Status, PerformWebTaskError, GetPerformWebTaskStatusError>;

impl sealed::Sealed for Status {
    const JOB: &'static str = "web task";
    const ID: &'static str = "workflow_id";
    const RESUME: &'static str = "Client::wait_for_web_task(workflow_id, wait)";
    const CANCEL: Option<&'static str> = None;
}

/// `COMPLETED` is success and `FAILED` failure; `RUNNING` is the one state that is not over.
impl JobStatus for Status {
    fn state(&self) -> &str {
        match self {
            Status::Success(s) => s.status.as_str(),
            Status::Running(s) => s.status.as_str(),
            Status::Failed(s) => s.status.as_str(),
        }
    }
    fn outcome(&self) -> Outcome {
        match self {
            Status::Success(_) => Outcome::Succeeded,
            Status::Running(_) => Outcome::Pending,
            Status::Failed(_) => Outcome::Failed,
        }
    }
    fn reason(&self) -> Option<&str> {
        match self {
            Status::Failed(s) => Some(&s.error),
            Status::Success(_) | Status::Running(_) => None,
        }
    }
}

impl Client {
    /// Has an AI agent carry out a web task in the background (`perform_web_task` with
    /// `async` set, whatever `request` says, so that the deadline and cancellation here
    /// govern the wait), then polls `get_perform_web_task_status` until it is `COMPLETED`,
    /// and returns the agent's result. `session_id` runs it in that existing session.
    ///
    /// The start is sent once. The default deadline is [`WEB_TASK_DEADLINE`]. `FAILED`
    /// ends the wait with [`WaitError::Failed`], carrying the agent's reason. Should the
    /// service answer the start with the result itself, that result is returned at once.
    ///
    /// Dropping the returned future stops the polling; the agent goes on (the API has no
    /// call to stop it).
    pub async fn perform_web_task_and_wait(
        &self,
        request: &PerformWebTaskRequestSchema,
        session_id: Option<&str>,
        wait: Wait,
    ) -> Result<PerformWebTaskStatusSuccessResponseData, WebTaskWaitError> {
        let background = request.clone().with_async(true);
        let mut start = self.perform_web_task(&background);
        if let Some(session_id) = session_id {
            start = start.session_id(session_id);
        }
        let answer = start.await.map_err(WaitError::Start)?;
        match answer.data {
            Some(ResponseData::Async(started)) => self.follow_web_task(started.workflow_id, &wait, true).await,
            Some(ResponseData::Sync(done)) => {
                let mut result = PerformWebTaskStatusSuccessResponseData::new(done.result);
                result.session_id = session_id.map(str::to_owned);
                Ok(result)
            }
            None => Err(WaitError::Start(missing("`data.workflow_id`; the task may have been started"))),
        }
    }

    /// Polls a web task already under way, by the `workflow_id` that `perform_web_task`
    /// returned, as [`Client::perform_web_task_and_wait`] does after its start. The first
    /// poll is sent at once.
    pub async fn wait_for_web_task(
        &self,
        workflow_id: impl fmt::Display,
        wait: Wait,
    ) -> Result<PerformWebTaskStatusSuccessResponseData, WebTaskWaitError> {
        self.follow_web_task(workflow_id.to_string(), &wait, false).await
    }

    async fn follow_web_task(
        &self,
        id: String,
        wait: &Wait,
        after_start: bool,
    ) -> Result<PerformWebTaskStatusSuccessResponseData, WebTaskWaitError> {
        let key: &str = &id;
        let poll = move || async move { Ok(self.get_perform_web_task_status(key).await?.data) };
        match follow(id.clone(), wait, WEB_TASK_DEADLINE, after_start, poll).await? {
            Status::Success(done) => Ok(done),
            // `follow` returns only a status whose outcome is success: `Success`.
            other => Err(WaitError::Failed { id, status: other }),
        }
    }
}
