//! Start a long job once, then poll its status until it is over: an asynchronous browser
//! session start, a batch of sessions, a background web task, a task's generation and a task
//! run.
//!
//! The API answers these starts at once with an ID and does the work in the background; the
//! caller is meant to ask again and again. The loop here does that asking with a growing
//! interval, an overall deadline, and patience with poll failures that pass (a 503, a dropped
//! connection), waiting the `Retry-After` such a failed poll carries. The loop never sends the start again: a repeated
//! start would be a second job, billed again (the client's retry policy may still re-send it
//! where the service cannot have acted, as for any call).

use crate::runtime::Error;
use crate::Client;
use std::fmt;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// How long to wait for a job, and how often to ask about it.
///
/// The defaults: the first poll one second after the start (at once when resuming with a
/// `wait_for_*` method), each later interval one and a half
/// times the one before, never more than ten seconds, and a deadline that depends on the job
/// (each `*_and_wait` method names its own). The intervals have no random jitter: one job is
/// followed by one loop, so there is no crowd of clients to spread out.
///
/// ```
/// use anchor_api::Wait;
/// use std::time::Duration;
///
/// let patient = Wait::default()
///     .deadline(Duration::from_secs(30 * 60))
///     .interval(Duration::from_secs(2), Duration::from_secs(30))
///     .backoff(2.0);
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    deadline: Option<Duration>,
    first: Duration,
    max: Duration,
    factor: f64,
}

impl Default for Wait {
    fn default() -> Self {
        Wait { deadline: None, first: Duration::from_secs(1), max: Duration::from_secs(10), factor: 1.5 }
    }
}

impl Wait {
    /// The shortest first interval [`Wait::interval`] accepts.
    pub const MIN_INTERVAL: Duration = Duration::from_millis(10);

    /// Give up after `total`, counted from the first moment of polling (for the `*_and_wait`
    /// methods, once the start has been answered). Without it, the job's own default applies.
    ///
    /// The wait ends by then at the latest: a pause that would reach past it ends at the
    /// deadline, and a status call still under way then is abandoned (a status call changes
    /// nothing, so abandoning one is harmless).
    pub fn deadline(mut self, total: Duration) -> Self {
        self.deadline = Some(total);
        self
    }

    /// The first interval between polls, and the longest any interval may grow to (raised to
    /// `first` if smaller). `first` is at least [`Wait::MIN_INTERVAL`], so that a zero does not
    /// turn the polling into a stream of back-to-back requests.
    pub fn interval(mut self, first: Duration, max: Duration) -> Self {
        let first = first.max(Self::MIN_INTERVAL);
        self.first = first;
        self.max = max.max(first);
        self
    }

    /// How much each interval grows over the one before (default 1.5). Values below 1, and
    /// values that are not numbers, count as 1: a fixed interval.
    pub fn backoff(mut self, factor: f64) -> Self {
        self.factor = if factor >= 1.0 { factor } else { 1.0 };
        self
    }

    /// The deadline set with [`Wait::deadline`], if any.
    pub fn total(&self) -> Option<Duration> {
        self.deadline
    }

    /// The interval after `current`: grown by the factor, capped at the maximum. Computed without
    /// a panic for any factor (an infinite product is the maximum).
    fn grow(&self, current: Duration) -> Duration {
        Duration::try_from_secs_f64(current.as_secs_f64() * self.factor).map_or(self.max, |next| next.min(self.max))
    }
}

/// Where a job stands, as one status answer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Still going (or a state word this version does not know): ask again later.
    Pending,
    /// Over, and done as asked.
    Succeeded,
    /// Over, without doing what was asked (failed, cancelled, timed out).
    Failed,
}

mod sealed {
    /// Keeps [`super::JobStatus`] to this crate's types, and carries what the messages need.
    pub trait Sealed {
        /// The job as messages name it.
        const JOB: &'static str;
        /// The name of the job's ID, as the API calls it.
        const ID: &'static str;
        /// The method that resumes waiting for it.
        const RESUME: &'static str;
        /// How to stop it, when the API offers a way.
        const CANCEL: Option<&'static str>;
    }
}

/// A status answer of one of the jobs the wait methods follow, read the same way for all of
/// them. Implemented by this crate's status types only.
pub trait JobStatus: fmt::Debug + sealed::Sealed {
    /// The state word as the service sent it (`processing`, `COMPLETED`, ...), or `""` when the
    /// answer had none.
    fn state(&self) -> &str;
    /// Whether the job is over, and how.
    fn outcome(&self) -> Outcome;
    /// The service's account of a failure, when it gave one.
    fn reason(&self) -> Option<&str>;
}

/// Why waiting for a job failed. `S` is the job's status type, `SE` its start call's error
/// body, `PE` its status call's error body; each job has an alias ([`BatchWaitError`], ...).
///
/// Every variant but [`WaitError::Start`] names the job's ID: with it, the matching `wait_for_*`
/// method picks up where this wait stopped, without starting anything again.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<S, SE, PE> {
    /// The start call failed, or its answer lacked the job's ID, so nothing was polled. The
    /// `wait_for_*` methods never return this. When the start's answer was lost in transit (a
    /// timeout, a broken connection), or came without an ID (a `Decode` error naming the
    /// missing field), the service may have started the job anyway.
    Start(Error<SE>),
    /// A status call failed in a way that waiting will not mend (a 401, a 404, an answer that
    /// does not decode). The job itself may still be running.
    Poll {
        /// The job's ID.
        id: String,
        /// The status call's error.
        error: Error<PE>,
        /// The last status received before it, if any.
        last: Option<S>,
    },
    /// The job is over and reported that it did not succeed.
    Failed {
        /// The job's ID.
        id: String,
        /// The status that said so, with the service's reason when it gave one.
        status: S,
    },
    /// The deadline passed with the job still going (or with the service asking to be left
    /// alone past it). The job was not stopped.
    TimedOut {
        /// The job's ID.
        id: String,
        /// How long the wait lasted.
        waited: Duration,
        /// The last status received, if any.
        last: Option<S>,
        /// The error of the last status call, when it failed in a passing way (a 503, a
        /// timeout) and no status came after it.
        last_error: Option<Error<PE>>,
    },
}

impl<S, SE, PE> WaitError<S, SE, PE> {
    /// The job's ID, to resume waiting (`wait_for_*`) or to stop the job; `None` when the
    /// start failed.
    pub fn job_id(&self) -> Option<&str> {
        match self {
            WaitError::Start(_) => None,
            WaitError::Poll { id, .. } | WaitError::Failed { id, .. } | WaitError::TimedOut { id, .. } => Some(id),
        }
    }

    /// The last status received, if any.
    pub fn last_status(&self) -> Option<&S> {
        match self {
            WaitError::Start(_) => None,
            WaitError::Failed { status, .. } => Some(status),
            WaitError::Poll { last, .. } | WaitError::TimedOut { last, .. } => last.as_ref(),
        }
    }
}

/// Server text made safe to print: control characters escaped, at most 300 characters.
fn printable(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(300)
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect();
    if text.chars().nth(300).is_some() {
        out.push('…');
    }
    out
}

/// The last status for a message: `; last status `x``, or that none came.
fn last_seen<S: JobStatus>(f: &mut fmt::Formatter<'_>, last: Option<&S>) -> fmt::Result {
    match last {
        Some(s) if s.state().is_empty() => write!(f, "; the last status named no state"),
        Some(s) => write!(f, "; last status `{}`", printable(s.state())),
        None => write!(f, "; no status was received"),
    }
}

impl<S: JobStatus, SE, PE> fmt::Display for WaitError<S, SE, PE> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let job = S::JOB;
        match self {
            WaitError::Start(error) => {
                write!(f, "cannot start the {job}: {error}")?;
                if matches!(error, Error::Timeout { .. } | Error::Transport(_) | Error::Deadline { .. }) {
                    write!(f, " (the answer was lost, so the service may have started it anyway)")?;
                }
                Ok(())
            }
            WaitError::Poll { id, error, last } => {
                write!(f, "cannot follow the {job} with {} {}: {error}", S::ID, printable(id))?;
                last_seen(f, last.as_ref())?;
                write!(f, "; it may still be running: fix the cause, then resume with `{}`", S::RESUME)
            }
            WaitError::Failed { id, status } => {
                write!(f, "the {job} with {} {} ended as `{}`", S::ID, printable(id), printable(status.state()))?;
                match status.reason() {
                    Some(reason) => write!(f, ": {}", printable(reason)),
                    None => write!(f, " without a reason"),
                }
            }
            WaitError::TimedOut { id, waited, last, last_error } => {
                write!(
                    f,
                    "the {job} with {} {} was not over after {:.1}s",
                    S::ID,
                    printable(id),
                    waited.as_secs_f64()
                )?;
                last_seen(f, last.as_ref())?;
                if let Some(error) = last_error {
                    write!(f, "; the last status call failed: {error}")?;
                }
                write!(f, ". It may still be running: wait longer with `{}` and a later `Wait::deadline`", S::RESUME)?;
                if let Some(cancel) = S::CANCEL {
                    write!(f, ", or {cancel}")?;
                }
                Ok(())
            }
        }
    }
}

impl<S, SE, PE> std::error::Error for WaitError<S, SE, PE>
where
    S: JobStatus,
    SE: fmt::Debug,
    PE: fmt::Debug,
    Error<SE>: std::error::Error + 'static,
    Error<PE>: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Start(error) => Some(error),
            WaitError::Poll { error, .. } => Some(error),
            WaitError::TimedOut { last_error: Some(error), .. } => Some(error),
            WaitError::Failed { .. } | WaitError::TimedOut { last_error: None, .. } => None,
        }
    }
}

/// Whether a failed status call is worth asking again: the server asked for patience (408,
/// 429, 503), a gateway in front of it failed (502, 504), or the network did. A status call is
/// a `GET`, so asking again cannot do anything twice.
fn passing<E>(error: &Error<E>) -> bool {
    match error {
        Error::Api(api) => matches!(api.status, 408 | 429 | 502 | 503 | 504),
        Error::Timeout { .. }
        | Error::Deadline { .. }
        | Error::Stalled { .. }
        | Error::Connect(_)
        | Error::Transport(_) => true,
        _ => false,
    }
}

/// A 200 answer that lacks what the job needs (its ID, its status object). The task answers have
/// required fields, which decoding already checks.
#[cfg(any(feature = "ai-tools", feature = "batch-sessions", feature = "browser-sessions"))]
fn missing<E>(what: &str) -> Error<E> {
    Error::Decode { status: 200, message: format!("the answer has no {what}"), excerpt: String::new() }
}

/// Polls with `poll` until a status is over, the deadline passes, or a poll fails for good.
/// `after_start`: the job was just started, so the first poll waits the first interval.
async fn follow<S, SE, PE, F, Fut>(
    id: String,
    wait: &Wait,
    default_deadline: Duration,
    after_start: bool,
    mut poll: F,
) -> Result<S, WaitError<S, SE, PE>>
where
    S: JobStatus,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<S, Error<PE>>>,
{
    let began = Instant::now();
    // `None` only when the deadline is too far to represent: then there is none.
    let deadline = began.checked_add(wait.deadline.unwrap_or(default_deadline));
    let mut interval = wait.first;
    let mut pause = after_start.then_some(interval);
    let mut last: Option<S> = None;
    let mut last_error: Option<Error<PE>> = None;
    loop {
        if let Some(pause) = pause {
            let wake = Instant::now().checked_add(pause);
            match (wake, deadline) {
                (Some(wake), Some(deadline)) => tokio::time::sleep_until(wake.min(deadline)).await,
                (Some(wake), None) => tokio::time::sleep_until(wake).await,
                (None, Some(deadline)) => tokio::time::sleep_until(deadline).await,
                (None, None) => std::future::pending::<()>().await,
            }
        }
        let answer = match deadline {
            Some(deadline) if Instant::now() >= deadline => None,
            Some(deadline) => tokio::time::timeout_at(deadline, poll()).await.ok(),
            None => Some(poll().await),
        };
        let Some(answer) = answer else {
            return Err(WaitError::TimedOut { id, waited: began.elapsed(), last, last_error });
        };
        match answer {
            Ok(status) => match status.outcome() {
                Outcome::Succeeded => return Ok(status),
                Outcome::Failed => return Err(WaitError::Failed { id, status }),
                Outcome::Pending => {
                    tracing::debug!(job = %id, state = status.state(), "still going");
                    last = Some(status);
                    last_error = None;
                    pause = Some(interval);
                    interval = wait.grow(interval);
                }
            },
            Err(error) if passing(&error) => {
                tracing::debug!(job = %id, %error, "status call failed; asking again later");
                let asked = error.retry_after();
                last_error = Some(error);
                match asked {
                    Some(asked) => {
                        // Coming back before the server's time is rude and futile; if that time
                        // is past the deadline, say so now rather than sleep until it.
                        if let Some(deadline) = deadline {
                            if Instant::now().checked_add(asked).is_none_or(|back| back > deadline) {
                                return Err(WaitError::TimedOut { id, waited: began.elapsed(), last, last_error });
                            }
                        }
                        // A `Retry-After: 0` does not turn the loop into a burst.
                        pause = Some(asked.max(wait.first));
                    }
                    None => {
                        pause = Some(interval);
                        interval = wait.grow(interval);
                    }
                }
            }
            Err(error) => return Err(WaitError::Poll { id, error, last }),
        }
    }
}

#[cfg(feature = "browser-sessions")]
mod browser_session {
    use super::*;
    use crate::{
        AsyncSessionStatusError, AsyncSessionStatusResponseSchemaData,
        AsyncSessionStatusResponseSchemaDataStatus as State, SessionCreateRequestSchema, StartBrowserSessionAsyncError,
    };

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
        const CANCEL: Option<&'static str> = Some(
            "end the session with `end_browser_session` once a status names it (`end_all_sessions` ends every one)",
        );
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
            let poll =
                move || async move { self.async_session_status(key).await?.data.ok_or_else(|| missing("`data`")) };
            follow(id.clone(), wait, BROWSER_SESSION_DEADLINE, after_start, poll).await
        }
    }
}
#[cfg(feature = "browser-sessions")]
pub use browser_session::{BrowserSessionWaitError, BROWSER_SESSION_DEADLINE};

#[cfg(feature = "batch-sessions")]
mod batch {
    use super::*;
    use crate::{
        BatchSessionRequestSchema, BatchSessionStatusResponseSchema, BatchSessionStatusResponseSchemaStatus as State,
        CreateBatchSessionsError, GetBatchSessionStatusError,
    };

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
}
#[cfg(feature = "batch-sessions")]
pub use batch::{BatchWaitError, BATCH_DEADLINE};

#[cfg(feature = "ai-tools")]
mod web_task {
    use super::*;
    use crate::{
        GetPerformWebTaskStatusError, PerformWebTaskError, PerformWebTaskRequestSchema,
        PerformWebTaskStatusResponseSchemaData as Status, PerformWebTaskStatusSuccessResponseData, ResponseData,
    };

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
}
#[cfg(feature = "ai-tools")]
pub use web_task::{WebTaskWaitError, WEB_TASK_DEADLINE};

#[cfg(feature = "tasks")]
mod tasks {
    use super::*;
    use crate::{
        GenerateATaskError, GenerateTaskV2Request, GetTaskGenerationStatusError, GetTaskRunStatusError, RunATaskError,
        RunTaskV2Request, TaskGenerationStatusV2Response, TaskGenerationStatusV2ResponseStatus as Generation,
        TaskRunStatusV2Response, TaskRunStatusV2ResponseStatus as Run,
    };

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
}
#[cfg(feature = "tasks")]
pub use tasks::{TaskGenerationWaitError, TaskRunWaitError, TASK_GENERATION_DEADLINE, TASK_RUN_DEADLINE};
