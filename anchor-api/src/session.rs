//! Run code with a browser session that is ended afterwards, whatever happens: a session keeps
//! running, and billing, until it is ended or its own timeouts pass.

use crate::runtime::Error;
use crate::{Client, EndBrowserSessionError, SessionCreateRequestSchema, StartBrowserSessionError};
use std::fmt;
use std::future::Future;

/// A started browser session, as [`Client::with_browser_session`] hands it to your code.
///
/// Its `Debug` shows the CDP URL without its query, which may hold the API key.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StartedSession {
    /// The session's ID, for the other session calls (`end_browser_session`, `take_screenshot`, ...).
    pub id: String,
    /// The CDP websocket URL to connect a browser-automation library to.
    pub cdp_url: String,
    /// The live view address, if the service sent one.
    pub live_view_url: Option<String>,
}

impl fmt::Debug for StartedSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartedSession")
            .field("id", &self.id)
            .field("cdp_url", &shown_cdp_url(&self.cdp_url))
            .field("live_view_url", &self.live_view_url)
            .finish()
    }
}

/// A CDP URL as it may be shown: without its query (which may hold the API key) or a password.
pub(crate) fn shown_cdp_url(url: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, false), |(base, _)| (base, true));
    let base = match base.split_once("://") {
        // A password sits before the first `/` of the rest: `user:pw@host/path`.
        Some((scheme, rest)) => match rest.split('/').next().and_then(|authority| authority.rsplit_once('@')) {
            Some((_, host)) => format!("{scheme}://<redacted>@{host}{}", &rest[rest.find('/').unwrap_or(rest.len())..]),
            None => base.to_owned(),
        },
        None => base.to_owned(),
    };
    if query {
        format!("{base}?<redacted>")
    } else {
        base
    }
}

/// Why [`Client::with_browser_session`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SessionError<T, E> {
    /// The session could not be started; your code did not run. After a timeout the service
    /// may still have started one: see [`Client::list_all_sessions_status`].
    Start(Error<StartBrowserSessionError>),
    /// Your code failed. `end` is what ending the session afterwards gave: `None` when the
    /// session was ended.
    Run {
        /// Your code's error.
        error: E,
        /// The error of ending the session, if ending failed too.
        end: Option<Error<EndBrowserSessionError>>,
    },
    /// Your code succeeded, but the session could not be ended: it may still be running
    /// (end it with `end_browser_session(session_id)` or `end_all_sessions`).
    End {
        /// What your code returned.
        value: T,
        /// The session that may still be running.
        session_id: String,
        /// The error of ending it.
        error: Error<EndBrowserSessionError>,
    },
}

impl<T, E: fmt::Display> fmt::Display for SessionError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Start(e) => write!(f, "cannot start the browser session: {e}"),
            SessionError::Run { error, end: None } => write!(f, "{error}"),
            SessionError::Run { error, end: Some(end) } => {
                write!(f, "{error} (and ending the session failed too: {end})")
            }
            SessionError::End { session_id, error, .. } => {
                write!(f, "the work succeeded, but session {session_id} could not be ended: {error}")
            }
        }
    }
}

impl<T: fmt::Debug, E: std::error::Error + 'static> std::error::Error for SessionError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SessionError::Start(e) => Some(e),
            SessionError::Run { error, .. } => Some(error),
            SessionError::End { error, .. } => Some(error),
        }
    }
}

/// Ends the session when dropped before [`EndGuard::disarm`]: the path taken when the
/// caller's future is cancelled (dropped) while the user's code runs.
struct EndGuard {
    client: Client,
    session_id: Option<String>,
}

impl EndGuard {
    fn disarm(&mut self) -> Option<String> {
        self.session_id.take()
    }
}

impl Drop for EndGuard {
    fn drop(&mut self) {
        if let Some(id) = self.session_id.take() {
            end_later(&self.client, id);
        }
    }
}

/// Ends session `id` from a `drop`, best effort: a drop cannot wait, so the end call is spawned
/// on the current Tokio runtime, and a failure is only logged.
pub(crate) fn end_later(client: &Client, id: String) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            let client = client.clone();
            runtime.spawn(async move {
                if let Err(e) = client.end_browser_session(&id).await {
                    tracing::warn!(session = %id, error = %e, "ending a dropped session failed");
                }
            });
        }
        Err(_) => tracing::warn!(session = %id, "dropped outside a Tokio runtime; the session was not ended"),
    }
}

impl Client {
    /// Starts a browser session, runs `work` with it, then ends the session, whether `work`
    /// succeeded, failed or was cancelled (on cancellation the end call is spawned on the
    /// current Tokio runtime, best effort).
    ///
    /// Errors keep everything: your code's error is never replaced by the end call's, and a
    /// failed end after a success still hands back your value ([`SessionError::End`]).
    ///
    /// ```no_run
    /// # async fn demo(client: anchor_api::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let title = client
    ///     .with_browser_session(None, |session| async move {
    ///         // Connect a CDP client to `session.cdp_url` here.
    ///         Ok::<_, std::io::Error>(format!("driving {}", session.cdp_url))
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn with_browser_session<T, E, F, Fut>(
        &self,
        request: Option<&SessionCreateRequestSchema>,
        work: F,
    ) -> Result<T, SessionError<T, E>>
    where
        F: FnOnce(StartedSession) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut start = self.start_browser_session();
        if let Some(request) = request {
            start = start.body(request);
        }
        let started = start.await.map_err(SessionError::Start)?;
        let data = started.data.unwrap_or_default();
        let Some(id) = data.id.filter(|id| !id.is_empty()) else {
            return Err(SessionError::Start(Error::Decode {
                status: 200,
                message: "the start response names no session ID (`data.id`)".into(),
                excerpt: String::new(),
            }));
        };
        let session = StartedSession {
            id: id.clone(),
            cdp_url: data.cdp_url.unwrap_or_default(),
            live_view_url: data.live_view_url,
        };
        let mut guard = EndGuard { client: self.clone(), session_id: Some(id) };
        let outcome = work(session).await;
        let id = guard.disarm().unwrap_or_default();
        let ended = self.end_browser_session(&id).await;
        match (outcome, ended) {
            (Ok(value), Ok(_)) => Ok(value),
            (Ok(value), Err(error)) => Err(SessionError::End { value, session_id: id, error }),
            (Err(error), ended) => Err(SessionError::Run { error, end: ended.err() }),
        }
    }
}
