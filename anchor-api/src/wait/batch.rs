//! Waiting for a batch of sessions (`create_batch_sessions`, then `get_batch_session_status`).

use super::{follow, missing, sealed, JobStatus, Outcome, Wait, WaitError};
use crate::{
    BatchSessionRequestSchema, BatchSessionStatusResponseSchema, BatchSessionStatusResponseSchemaStatus as State,
    Client, CreateBatchSessionsError, GetBatchSessionStatusError,
};
use std::fmt;
use std::time::Duration;

/// How long [`Client::create_batch_sessions_and_wait`] waits by default: a batch holds up to
/// 1000 sessions, started in the background a few at a time.
pub const BATCH_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// Why [`Client::create_batch_sessions_and_wait`] or [`Client::wait_for_batch`] failed.
pub type BatchWaitError =
    WaitError<BatchSessionStatusResponseSchema, CreateBatchSessionsError, GetBatchSessionStatusError>;

impl sealed::Sealed for BatchSessionStatusResponseSchema {
    const JOB: &'static str = "batch of sessions";
    const ID: &'static str = "batch_id";
    const RESUME: &'static str = "Client::wait_for_batch(batch_id, wait)";
    const CANCEL: Option<&'static str> =
        Some("cancel it with `update_batch_session` (or end its sessions with `delete_batch_sessions`)");
}

/// `completed` is success, even with some sessions that could not be started (see
/// `failed_requests` and each session's `error`); `failed` and `cancelled` are failure.
/// `pending`, `processing`, unknown words and a missing status are not over.
impl JobStatus for BatchSessionStatusResponseSchema {
    fn state(&self) -> &str {
        self.status.as_ref().map_or("", |s| s.as_str())
    }
    fn outcome(&self) -> Outcome {
        match self.status {
            Some(State::Completed) => Outcome::Succeeded,
            Some(State::Failed | State::Cancelled) => Outcome::Failed,
            Some(State::Pending | State::Processing | State::Unknown(_)) | None => Outcome::Pending,
        }
    }
    fn reason(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl Client {
    /// Creates a batch of sessions (`create_batch_sessions`), then polls
    /// `get_batch_session_status` until the batch is over, and returns its last status with
    /// every session's ID and CDP address.
    ///
    /// The create is sent once. The default deadline is [`BATCH_DEADLINE`]. `completed`
    /// ends the wait with success (check `failed_requests`: a completed batch may hold
    /// sessions that failed); `failed` and `cancelled` with [`WaitError::Failed`].
    ///
    /// Dropping the returned future stops the polling; the batch goes on.
    pub async fn create_batch_sessions_and_wait(
        &self,
        request: &BatchSessionRequestSchema,
        wait: Wait,
    ) -> Result<BatchSessionStatusResponseSchema, BatchWaitError> {
        let accepted = self.create_batch_sessions(request).await.map_err(WaitError::Start)?;
        let Some(id) = accepted.data.and_then(|d| d.batch_id) else {
            return Err(WaitError::Start(missing("`data.batch_id`; the batch may have been created")));
        };
        self.follow_batch(id.to_string(), &wait, true).await
    }

    /// Polls a batch already under way, by its `batch_id`, as
    /// [`Client::create_batch_sessions_and_wait`] does after its create. The first poll is
    /// sent at once.
    pub async fn wait_for_batch(
        &self,
        batch_id: impl fmt::Display,
        wait: Wait,
    ) -> Result<BatchSessionStatusResponseSchema, BatchWaitError> {
        self.follow_batch(batch_id.to_string(), &wait, false).await
    }

    async fn follow_batch(
        &self,
        id: String,
        wait: &Wait,
        after_start: bool,
    ) -> Result<BatchSessionStatusResponseSchema, BatchWaitError> {
        let key: &str = &id;
        let poll =
            move || async move { self.get_batch_session_status(key).await?.data.ok_or_else(|| missing("`data`")) };
        follow(id.clone(), wait, BATCH_DEADLINE, after_start, poll).await
    }
}
