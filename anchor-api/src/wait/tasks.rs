//! Waiting for a task's generation (`generate_a_task`, then `get_task_generation_status`) and
//! for a task run (`run_a_task`, then `get_task_run_status`).

use super::{follow, sealed, JobStatus, Outcome, Wait, WaitError};
use crate::{
    Client, GenerateATaskError, GenerateTaskV2Request, GetTaskGenerationStatusError, GetTaskRunStatusError,
    RunATaskError, RunTaskV2Request, TaskGenerationStatusV2Response,
    TaskGenerationStatusV2ResponseStatus as Generation, TaskRunStatusV2Response, TaskRunStatusV2ResponseStatus as Run,
};
use std::fmt;
use std::time::Duration;

/// How long [`Client::generate_task_and_wait`] waits by default: the service writes the
/// task by trying it in a browser, which takes minutes.
pub const TASK_GENERATION_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// How long [`Client::run_task_and_wait`] waits by default: the same 15 minutes the client
/// allows a run that waits inside one call.
pub const TASK_RUN_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// Why [`Client::generate_task_and_wait`] or [`Client::wait_for_task_generation`] failed.
pub type TaskGenerationWaitError =
    WaitError<TaskGenerationStatusV2Response, GenerateATaskError, GetTaskGenerationStatusError>;

/// Why [`Client::run_task_and_wait`] or [`Client::wait_for_task_run`] failed.
pub type TaskRunWaitError = WaitError<TaskRunStatusV2Response, RunATaskError, GetTaskRunStatusError>;

impl sealed::Sealed for TaskGenerationStatusV2Response {
    const JOB: &'static str = "task generation";
    const ID: &'static str = "task_id";
    const RESUME: &'static str = "Client::wait_for_task_generation(task_id, wait)";
    const CANCEL: Option<&'static str> = None;
}

/// `ready` (the task can be run) is success and `failed` failure; `generating`,
/// `waiting-for-session` (generation waits for a browser) and unknown words are not over.
impl JobStatus for TaskGenerationStatusV2Response {
    fn state(&self) -> &str {
        self.status.as_str()
    }
    fn outcome(&self) -> Outcome {
        match self.status {
            Generation::Ready => Outcome::Succeeded,
            Generation::Failed => Outcome::Failed,
            Generation::Generating | Generation::WaitingForSession | Generation::Unknown(_) => Outcome::Pending,
        }
    }
    fn reason(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl sealed::Sealed for TaskRunStatusV2Response {
    const JOB: &'static str = "task run";
    const ID: &'static str = "run_id";
    const RESUME: &'static str = "Client::wait_for_task_run(run_id, wait)";
    const CANCEL: Option<&'static str> = None;
}

/// `success` is success; `failure`, `timeout` (the run took longer than the service allows)
/// and `cancelled` are failure; `queued`, `running` and unknown words are not over.
impl JobStatus for TaskRunStatusV2Response {
    fn state(&self) -> &str {
        self.status.as_str()
    }
    fn outcome(&self) -> Outcome {
        match self.status {
            Run::Success => Outcome::Succeeded,
            Run::Failure | Run::Timeout | Run::Cancelled => Outcome::Failed,
            Run::Queued | Run::Running | Run::Unknown(_) => Outcome::Pending,
        }
    }
    fn reason(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl Client {
    /// Has the service write a task from a plain-language description (`generate_a_task`),
    /// then polls `get_task_generation_status` until the task is `ready` to run, and returns
    /// that status; its `id` is the task's, for [`Client::run_task_and_wait`].
    ///
    /// The request is sent once. The default deadline is [`TASK_GENERATION_DEADLINE`].
    /// `failed` ends the wait with [`WaitError::Failed`], carrying the service's reason.
    ///
    /// Dropping the returned future stops the polling; the generation goes on.
    pub async fn generate_task_and_wait(
        &self,
        request: &GenerateTaskV2Request,
        wait: Wait,
    ) -> Result<TaskGenerationStatusV2Response, TaskGenerationWaitError> {
        let accepted = self.generate_a_task(request).await.map_err(WaitError::Start)?;
        self.follow_task_generation(accepted.id, &wait, true).await
    }

    /// Polls a task generation already under way, by the task ID that `generate_a_task`
    /// returned, as [`Client::generate_task_and_wait`] does after its request. The first
    /// poll is sent at once.
    pub async fn wait_for_task_generation(
        &self,
        task_id: impl fmt::Display,
        wait: Wait,
    ) -> Result<TaskGenerationStatusV2Response, TaskGenerationWaitError> {
        self.follow_task_generation(task_id.to_string(), &wait, false).await
    }

    async fn follow_task_generation(
        &self,
        id: String,
        wait: &Wait,
        after_start: bool,
    ) -> Result<TaskGenerationStatusV2Response, TaskGenerationWaitError> {
        let key: &str = &id;
        let poll = move || self.get_task_generation_status(key).send();
        follow(id.clone(), wait, TASK_GENERATION_DEADLINE, after_start, poll).await
    }

    /// Runs a task (`run_a_task`, with `sync` off whatever `request` says, so that the
    /// deadline and cancellation here govern the wait), then polls `get_task_run_status`
    /// until the run is over, and returns its last status with the task's `result`.
    ///
    /// The run is started once. The default deadline is [`TASK_RUN_DEADLINE`]. `success`
    /// ends the wait with success; `failure`, `timeout` and `cancelled` with
    /// [`WaitError::Failed`]. When the start's own answer is already over, no poll is sent.
    ///
    /// Dropping the returned future stops the polling; the run goes on.
    pub async fn run_task_and_wait(
        &self,
        task_id: impl fmt::Display,
        request: &RunTaskV2Request,
        wait: Wait,
    ) -> Result<TaskRunStatusV2Response, TaskRunWaitError> {
        let queued = request.clone().with_sync(false);
        let started = self.run_a_task(task_id, &queued).await.map_err(WaitError::Start)?;
        match started.outcome() {
            Outcome::Succeeded => Ok(started),
            Outcome::Failed => Err(WaitError::Failed { id: started.run_id.clone(), status: started }),
            Outcome::Pending => self.follow_task_run(started.run_id, &wait, true).await,
        }
    }

    /// Polls a task run already under way, by the run ID that `run_a_task` returned, as
    /// [`Client::run_task_and_wait`] does after its start. The first poll is sent at once.
    pub async fn wait_for_task_run(
        &self,
        run_id: impl fmt::Display,
        wait: Wait,
    ) -> Result<TaskRunStatusV2Response, TaskRunWaitError> {
        self.follow_task_run(run_id.to_string(), &wait, false).await
    }

    async fn follow_task_run(
        &self,
        id: String,
        wait: &Wait,
        after_start: bool,
    ) -> Result<TaskRunStatusV2Response, TaskRunWaitError> {
        let key: &str = &id;
        let poll = move || self.get_task_run_status(key).send();
        follow(id.clone(), wait, TASK_RUN_DEADLINE, after_start, poll).await
    }
}
