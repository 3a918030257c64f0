//! A cloud browser with [chromiumoxide](https://docs.rs/chromiumoxide) already connected over
//! CDP, tied to its session (feature `cdp`), and an AI agent's web task run in a session of its
//! own.
//!
//! The CDP URL a session returns may carry the API key in its query (`?apiKey=...`): this module
//! never prints it. `Debug` shows the URL without its query, and connection errors are kept as
//! text with the URL's query and any `apiKey=` value replaced by `<redacted>`.

use crate::runtime::Error;
use crate::session::{end_later, shown_cdp_url as shown, SessionError, StartedSession};
use crate::{
    Client, EndBrowserSessionError, GetBrowserSessionError, PerformWebTaskRequestSchema,
    PerformWebTaskStatusSuccessResponseData, SessionCreateRequestSchema, StartBrowserSessionError, Wait,
    WebTaskWaitError,
};
use futures::StreamExt;
use std::fmt;

/// A running browser session with a chromiumoxide [`Browser`](chromiumoxide::Browser)
/// connected to it, as [`Client::browser`] returns it.
///
/// Its CDP event loop runs on a Tokio task for as long as the handle lives. [`end`](Self::end)
/// closes the connection and ends the session, and says whether that worked. Dropping the
/// handle without `end` ends the session too, best effort: the end call is spawned on the
/// current Tokio runtime and its failure only logged (outside a runtime it cannot be sent, and a
/// warning says so). A session keeps running, and billing, until it is ended or its own timeouts
/// pass, so prefer `end`.
pub struct AnchorBrowser {
    browser: chromiumoxide::Browser,
    events: tokio::task::JoinHandle<()>,
    session: StartedSession,
    client: Client,
    /// Whether the session still has to be ended (cleared by `end`).
    to_end: bool,
}

impl AnchorBrowser {
    /// The connected browser: open pages, evaluate scripts, take screenshots.
    pub fn browser(&self) -> &chromiumoxide::Browser {
        &self.browser
    }

    /// The connected browser, for the calls that need it mutably (`fetch_targets`, ...).
    pub fn browser_mut(&mut self) -> &mut chromiumoxide::Browser {
        &mut self.browser
    }

    /// The session's ID, for the other session calls (`take_screenshot`, recordings, ...).
    pub fn session_id(&self) -> &str {
        &self.session.id
    }

    /// The address at which a person can watch the session, if the service sent one.
    pub fn live_view_url(&self) -> Option<&str> {
        self.session.live_view_url.as_deref()
    }

    /// Closes the CDP connection, then ends the session. The session is ended even when
    /// closing the connection fails (a browser already gone); the end call's error is returned.
    pub async fn end(mut self) -> Result<(), Error<EndBrowserSessionError>> {
        self.to_end = false;
        // The session's end stops the browser anyway: a failed close changes nothing.
        let _ = self.browser.close().await;
        self.events.abort();
        self.client.end_browser_session(&self.session.id).await.map(drop)
    }
}

impl Drop for AnchorBrowser {
    fn drop(&mut self) {
        self.events.abort();
        if self.to_end {
            end_later(&self.client, std::mem::take(&mut self.session.id));
        }
    }
}

impl fmt::Debug for AnchorBrowser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnchorBrowser")
            .field("session_id", &self.session.id)
            .field("cdp_url", &shown(&self.session.cdp_url))
            .field("live_view_url", &self.session.live_view_url)
            .finish_non_exhaustive()
    }
}

/// How [`Client::connect_browser`] attaches to a session that is running.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ConnectOptions {
    end_on_drop: bool,
    cdp_url: Option<String>,
}

impl ConnectOptions {
    /// End the session when the handle is dropped without [`AnchorBrowser::end`], as a handle
    /// from [`Client::browser`] does. Off by default: the session was started elsewhere.
    pub fn end_on_drop(mut self, yes: bool) -> Self {
        self.end_on_drop = yes;
        self
    }

    /// The session's CDP URL, when you have it (the start's `data.cdp_url`); without it the
    /// address is made as Anchor's SDKs make it, from the client's base URL and key.
    pub fn cdp_url(mut self, url: impl Into<String>) -> Self {
        self.cdp_url = Some(url.into());
        self
    }
}

impl fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("end_on_drop", &self.end_on_drop)
            .field("cdp_url", &self.cdp_url.as_deref().map(shown))
            .finish()
    }
}

/// The CDP address of session `id` as Anchor's SDKs make it: the base URL's host with `api.`
/// made `connect.` (`https://api.anchorbrowser.io` gives `wss://connect.anchorbrowser.io`),
/// `ws`/`wss` for `http`/`https`, and the key and the session in the query.
fn cdp_address(base_url: &str, key: &str, id: &str) -> Option<String> {
    let mut url = reqwest::Url::parse(base_url).ok()?;
    let scheme = match url.scheme() {
        "https" => "wss",
        "http" => "ws",
        _ => return None,
    };
    url.set_scheme(scheme).ok()?;
    if let Some(rest) = url.host_str().and_then(|h| h.strip_prefix("api.")).map(str::to_owned) {
        url.set_host(Some(&format!("connect.{rest}"))).ok()?;
    }
    url.set_path("/");
    url.query_pairs_mut().clear().append_pair("apiKey", key).append_pair("sessionId", id);
    Some(url.into())
}

/// Why [`Client::browser`] or [`Client::connect_browser`] failed. A session `browser` started
/// is ended before it returns; one `connect_browser` attached to is left running, unless
/// [`ConnectOptions::end_on_drop`] asked for its end.
#[derive(Debug)]
#[non_exhaustive]
pub enum BrowserError {
    /// The session could not be started. After a timeout the service may still have started
    /// one: see [`Client::list_all_sessions_status`].
    Start(Error<StartBrowserSessionError>),
    /// The session started, but its answer names no ID or no CDP URL to connect to. It was
    /// ended where it had an ID.
    Incomplete {
        /// What the answer lacks.
        missing: &'static str,
        /// The error of ending the session, if ending failed.
        end: Option<Error<EndBrowserSessionError>>,
    },
    /// The session to connect to could not be read (it does not exist, the key is refused, ...).
    Lookup(Error<GetBrowserSessionError>),
    /// The session to connect to has no CDP address: the client has no key to make it with and
    /// [`ConnectOptions::cdp_url`] gave none.
    NoAddress {
        /// The session.
        session_id: String,
    },
    /// chromiumoxide could not connect to the session. One [`Client::browser`] started was ended.
    Connect {
        /// The session that was started.
        session_id: String,
        /// chromiumoxide's error, as text with the CDP URL's secrets redacted.
        message: String,
        /// The error of ending the session, if ending failed too: it may still be running.
        end: Option<Error<EndBrowserSessionError>>,
    },
}

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ending = |f: &mut fmt::Formatter<'_>, end: &Option<Error<EndBrowserSessionError>>| match end {
            Some(end) => write!(f, " (and ending the session failed too: {end})"),
            None => Ok(()),
        };
        match self {
            BrowserError::Start(e) => write!(f, "cannot start the browser session: {e}"),
            BrowserError::Incomplete { missing, end } => {
                write!(f, "the started session's answer names no {missing}")?;
                ending(f, end)
            }
            BrowserError::Lookup(e) => write!(f, "cannot read the session to connect to: {e}"),
            BrowserError::NoAddress { session_id } => write!(
                f,
                "no CDP address for session {session_id}: the client has no API key to make it with; pass it with `ConnectOptions::cdp_url`"
            ),
            BrowserError::Connect { session_id, message, end } => {
                write!(f, "cannot connect to the browser of session {session_id}: {message}")?;
                ending(f, end)
            }
        }
    }
}

impl std::error::Error for BrowserError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BrowserError::Start(e) => Some(e),
            BrowserError::Lookup(e) => Some(e),
            BrowserError::NoAddress { .. } => None,
            BrowserError::Incomplete { end, .. } | BrowserError::Connect { end, .. } => {
                end.as_ref().map(|e| e as &(dyn std::error::Error + 'static))
            }
        }
    }
}

/// What [`Client::run_agent_task`] does besides the prompt: where the agent starts, in which
/// session, and how long to wait.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AgentTaskOptions {
    /// The page the agent starts on (`url` of the web task).
    pub url: Option<String>,
    /// Run in this running session, which is left running; otherwise a session is started for
    /// the task and ended afterwards.
    pub session_id: Option<String>,
    /// How the session started for the task is configured (ignored with `session_id`).
    pub session: Option<SessionCreateRequestSchema>,
    /// How long to wait for the task, and how often to ask (its default deadline is
    /// [`WEB_TASK_DEADLINE`](crate::WEB_TASK_DEADLINE)).
    pub wait: Wait,
}

impl AgentTaskOptions {
    /// The page the agent starts on.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Runs the task in this running session, which is left running.
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }

    /// The configuration of the session started for the task.
    pub fn session(mut self, request: SessionCreateRequestSchema) -> Self {
        self.session = Some(request);
        self
    }

    /// How long to wait for the task, and how often to ask.
    pub fn wait(mut self, wait: Wait) -> Self {
        self.wait = wait;
        self
    }
}

/// Why [`Client::run_agent_task`] failed: the session's start, the task (with the end call's
/// error, if ending the session failed too), or the end of a session after the task succeeded
/// (its result kept).
pub type AgentTaskError = SessionError<PerformWebTaskStatusSuccessResponseData, WebTaskWaitError>;

impl Client {
    /// Starts a browser session and connects chromiumoxide to it: Anchor's SDKs'
    /// `browser.create()`.
    ///
    /// A session whose answer lacks an ID or CDP URL, or to which the connection fails, is
    /// ended before the error is returned ([`BrowserError`] says whether that worked too).
    ///
    /// ```no_run
    /// # async fn demo(client: anchor_api::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let browser = client.browser(None).await?;
    /// let page = browser.browser().new_page("https://example.com").await?;
    /// println!("{:?}", page.get_title().await?);
    /// browser.end().await?;
    /// # Ok(()) }
    /// ```
    pub async fn browser(&self, request: Option<&SessionCreateRequestSchema>) -> Result<AnchorBrowser, BrowserError> {
        let mut start = self.start_browser_session();
        if let Some(request) = request {
            start = start.body(request);
        }
        let data = start.await.map_err(BrowserError::Start)?.data.unwrap_or_default();
        let Some(id) = data.id.filter(|id| !id.is_empty()) else {
            return Err(BrowserError::Incomplete { missing: "session ID (`data.id`)", end: None });
        };
        let Some(cdp_url) = data.cdp_url.filter(|url| !url.is_empty()) else {
            let end = self.end_browser_session(&id).await.err();
            return Err(BrowserError::Incomplete { missing: "CDP URL (`data.cdp_url`)", end });
        };
        let session = StartedSession { id, cdp_url, live_view_url: data.live_view_url };
        self.attach(session, true).await
    }

    /// Connects chromiumoxide to a session that is running (started by another program, or
    /// by `start_browser_session`), as Anchor's SDKs' `browser.connect(session_id)` does: the
    /// session is read first (so that one that does not exist fails as
    /// [`BrowserError::Lookup`]), then its CDP address made from the client's base URL and key
    /// unless [`ConnectOptions::cdp_url`] gives it. The session is not ended when the handle is
    /// dropped unless [`ConnectOptions::end_on_drop`] says so; [`AnchorBrowser::end`] ends it.
    ///
    /// ```no_run
    /// # async fn demo(client: anchor_api::Client, id: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// use anchor_api::ConnectOptions;
    /// let browser = client.connect_browser(id, ConnectOptions::default()).await?;
    /// let page = browser.browser().new_page("https://example.com").await?;
    /// println!("{:?}", page.get_title().await?);
    /// // Dropped: the connection closes and the session keeps running.
    /// # Ok(()) }
    /// ```
    pub async fn connect_browser(
        &self,
        session_id: &str,
        options: ConnectOptions,
    ) -> Result<AnchorBrowser, BrowserError> {
        self.get_browser_session(session_id).await.map_err(BrowserError::Lookup)?;
        let made = || cdp_address(self.base_url(), self.runtime().credential(0)?, session_id);
        let Some(cdp_url) = options.cdp_url.or_else(made) else {
            return Err(BrowserError::NoAddress { session_id: session_id.to_owned() });
        };
        // The session's record names no live-view address.
        let session = StartedSession { id: session_id.to_owned(), cdp_url, live_view_url: None };
        self.attach(session, options.end_on_drop).await
    }

    /// Connects chromiumoxide to `session` and drives its event loop; a failed connection ends
    /// the session when the handle would have (`to_end`).
    async fn attach(&self, session: StartedSession, to_end: bool) -> Result<AnchorBrowser, BrowserError> {
        match chromiumoxide::Browser::connect(session.cdp_url.clone()).await {
            Ok((browser, mut handler)) => {
                // chromiumoxide's event loop must be polled for as long as the browser is used.
                let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
                Ok(AnchorBrowser { browser, events, session, client: self.clone(), to_end })
            }
            Err(e) => {
                let message = redact(&e.to_string(), &session.cdp_url);
                let end = if to_end { self.end_browser_session(&session.id).await.err() } else { None };
                Err(BrowserError::Connect { session_id: session.id, message, end })
            }
        }
    }

    /// Has an AI agent carry out `prompt` in a browser and returns its result: Anchor's SDKs'
    /// `agent.task(prompt)`. Without [`AgentTaskOptions::session_id`], a session is started for
    /// the task (configured by [`AgentTaskOptions::session`]) and ended afterwards, whatever
    /// happens, as [`Client::with_browser_session`] does; the task is started once and waited for
    /// as [`Client::perform_web_task_and_wait`] does.
    pub async fn run_agent_task(
        &self,
        prompt: impl Into<String>,
        options: AgentTaskOptions,
    ) -> Result<PerformWebTaskStatusSuccessResponseData, AgentTaskError> {
        let mut task = PerformWebTaskRequestSchema::new(prompt.into());
        task.url = options.url;
        if let Some(id) = options.session_id {
            return self
                .perform_web_task_and_wait(&task, Some(&id), options.wait)
                .await
                .map_err(|error| SessionError::Run { error, end: None });
        }
        let wait = options.wait;
        self.with_browser_session(options.session.as_ref(), |session| async move {
            self.perform_web_task_and_wait(&task, Some(&session.id), wait).await
        })
        .await
    }
}

/// `text` with the CDP URL shown as [`shown`] does, and any other `apiKey=` value redacted.
fn redact(text: &str, cdp_url: &str) -> String {
    let mut out = text.replace(cdp_url, &shown(cdp_url));
    let mut from = 0;
    while let Some(at) = out[from..].find("apiKey=").map(|i| from + i + "apiKey=".len()) {
        let end = out[at..]
            .find(|c: char| c == '&' || c == '"' || c == '\'' || c.is_whitespace())
            .map_or(out.len(), |i| at + i);
        out.replace_range(at..end, "<redacted>");
        from = at + "<redacted>".len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cdp_address_is_made_as_the_sdks_make_it() {
        assert_eq!(
            cdp_address("https://api.anchorbrowser.io", "sk-1", "s 2").as_deref(),
            Some("wss://connect.anchorbrowser.io/?apiKey=sk-1&sessionId=s+2")
        );
        assert_eq!(
            cdp_address("http://127.0.0.1:8080/base", "k", "id").as_deref(),
            Some("ws://127.0.0.1:8080/?apiKey=k&sessionId=id")
        );
        assert_eq!(cdp_address("ftp://api.example.com", "k", "id"), None);
        let options = ConnectOptions::default().cdp_url("wss://connect.example?apiKey=sk-9&sessionId=x");
        assert!(!format!("{options:?}").contains("sk-9"), "{options:?}");
    }

    #[test]
    fn the_key_in_a_cdp_url_is_never_shown() {
        let url = "wss://connect.anchorbrowser.io?apiKey=sk-123&sessionId=abc";
        assert_eq!(shown(url), "wss://connect.anchorbrowser.io?<redacted>");
        assert_eq!(shown("ws://127.0.0.1:9222/devtools/browser/x"), "ws://127.0.0.1:9222/devtools/browser/x");
        assert_eq!(shown("wss://user:pw@host/x?q=1"), "wss://<redacted>@host/x?<redacted>");
        let text = format!("cannot reach {url}: refused; retry with apiKey=sk-123 later");
        let redacted = redact(&text, url);
        assert_eq!(
            redacted,
            "cannot reach wss://connect.anchorbrowser.io?<redacted>: refused; retry with apiKey=<redacted> later"
        );
        assert!(!redacted.contains("sk-123"));
    }
}
