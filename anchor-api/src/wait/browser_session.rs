//! Waiting for a browser session started in the background (`start_browser_session_async`,
//! then `async_session_status`).

use super::{follow, missing, sealed, JobStatus, Outcome, Wait, WaitError};
use crate::{
    AsyncSessionStatusError, AsyncSessionStatusResponseSchemaData, AsyncSessionStatusResponseSchemaDataStatus as State,
    Client, SessionCreateRequestSchema, StartBrowserSessionAsyncError,
};
use std::fmt;
use std::time::Duration;

/// How long [`Client::start_browser_session_and_wait`] waits by default: starting a browser
/// takes seconds, a proxied or queued one longer.
pub const BROWSER_SESSION_DEADLINE: Duration = Duration::from_secs(3 * 60);

/// Why [`Client::start_browser_session_and_wait`] or [`Client::wait_for_browser_session`]
/// failed.
pub type BrowserSessionWaitError =
    WaitError<AsyncSessionStatusResponseSchemaData, StartBrowserSessionAsyncError, AsyncSessionStatusError>;

impl sealed::Sealed for AsyncSessionStatusResponseSchemaData {
    const JOB: &'static str = "browser session";
    const ID: &'static str = "request_id";
    const RESUME: &'static str = "Client::wait_for_browser_session(request_id, wait)";
    const CANCEL: Option<&'static str> =
        Some("end the session with `end_browser_session` once a status names it (`end_all_sessions` ends every one)");
}

/// `ready` and `completed` are success: the spec makes `ready` the state in which the session
/// can be connected to, and the same words for a batch's sessions count `completed` as
/// started. `failed` and `cancelled` are failure. `pending`, `processing` and unknown words
/// are not over.
impl JobStatus for AsyncSessionStatusResponseSchemaData {
    fn state(&self) -> &str {
        self.status.as_str()
    }
    fn outcome(&self) -> Outcome {
        match self.status {
            State::Ready | State::Completed => Outcome::Succeeded,
            State::Failed | State::Cancelled => Outcome::Failed,
            State::Pending | State::Processing | State::Unknown(_) => Outcome::Pending,
        }
    }
    fn reason(&self) -> Option<&str> {
        self.session.as_ref().and_then(|s| s.error.as_deref())
    }
}

impl Client {
    /// Starts a browser session in the background (`start_browser_session_async`), then
    /// polls `async_session_status` until its browser is up, and returns that status: its
    /// `session` carries the session's ID, CDP address and live-view address.
    ///
    /// The start is sent once. The default deadline is [`BROWSER_SESSION_DEADLINE`]. The
    /// statuses `ready` and `completed` end the wait with success; `failed` and `cancelled`
    /// with [`WaitError::Failed`]. A session that starts after the deadline keeps running,
    /// and billing: resume with [`Client::wait_for_browser_session`] or end it.
    ///
    /// Dropping the returned future stops the polling (nothing is left running here).
    pub async fn start_browser_session_and_wait(
        &self,
        request: Option<&SessionCreateRequestSchema>,
        wait: Wait,
    ) -> Result<AsyncSessionStatusResponseSchemaData, BrowserSessionWaitError> {
        let mut start = self.start_browser_session_async();
        if let Some(request) = request {
            start = start.body(request);
        }
        let accepted = start.await.map_err(WaitError::Start)?;
        let Some(data) = accepted.data else {
            return Err(WaitError::Start(missing("`data.request_id`; the session may have been started")));
        };
        self.follow_browser_session(data.request_id.to_string(), &wait, true).await
    }

    /// Polls an asynchronous session start already under way, by the `request_id` that
    /// `start_browser_session_async` returned, as [`Client::start_browser_session_and_wait`]
    /// does after its start. The first poll is sent at once.
    pub async fn wait_for_browser_session(
        &self,
        request_id: impl fmt::Display,
        wait: Wait,
    ) -> Result<AsyncSessionStatusResponseSchemaData, BrowserSessionWaitError> {
        self.follow_browser_session(request_id.to_string(), &wait, false).await
    }

    async fn follow_browser_session(
        &self,
        id: String,
        wait: &Wait,
        after_start: bool,
    ) -> Result<AsyncSessionStatusResponseSchemaData, BrowserSessionWaitError> {
        let key: &str = &id;
        let poll = move || async move { self.async_session_status(key).await?.data.ok_or_else(|| missing("`data`")) };
        follow(id.clone(), wait, BROWSER_SESSION_DEADLINE, after_start, poll).await
    }
}
