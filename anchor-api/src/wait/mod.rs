//! Start a long job once, then poll its status until it is over: an asynchronous browser
//! session start, a batch of sessions, a background web task, a task's generation and a task
//! run.
//!
//! The API answers these starts at once with an ID and does the work in the background; the
//! caller is meant to ask again and again. The loop here does that asking with a growing
//! interval, an overall deadline, and patience with poll failures that pass (a 503, a dropped
//! connection), waiting the `Retry-After` such a failed poll carries. The loop never sends the
//! start again: a repeated start would be a second job, billed again (the client's retry policy
//! may still re-send it where the service cannot have acted, as for any call).
//!
//! The loop and the types all jobs share are here; each job's methods, how its status reads
//! and its default deadline are in a file of its own, gated by its operations' tag.

use crate::runtime::{printable, Error};
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

// One file per job, each gated by its operations' tag.
#[cfg(feature = "browser-sessions")]
mod browser_session;
#[cfg(feature = "browser-sessions")]
pub use browser_session::{BrowserSessionWaitError, BROWSER_SESSION_DEADLINE};

#[cfg(feature = "batch-sessions")]
mod batch;
#[cfg(feature = "batch-sessions")]
pub use batch::{BatchWaitError, BATCH_DEADLINE};

#[cfg(feature = "ai-tools")]
mod web_task;
#[cfg(feature = "ai-tools")]
pub use web_task::{WebTaskWaitError, WEB_TASK_DEADLINE};

#[cfg(feature = "tasks")]
mod tasks;
#[cfg(feature = "tasks")]
pub use tasks::{TaskGenerationWaitError, TaskRunWaitError, TASK_GENERATION_DEADLINE, TASK_RUN_DEADLINE};
