//! What the runtime needs to know about the Anchor API beyond the generated code: where the
//! configuration lives in the environment, and the rules its documentation states only in
//! prose, which no schema can express.

use crate::runtime::ValidationError;
use crate::{BrowserConfig, ProxyConfig, SessionConfig, SessionCreateRequestSchema};
use std::any::Any;
use std::time::Duration;

/// Environment variables holding the API key, in the order they are read: the official SDKs'
/// name, then the one the documentation's examples use.
pub const API_KEY_VARS: &[&str] = &["ANCHORBROWSER_API_KEY", "ANCHOR_API_KEY"];

/// Environment variable overriding the base URL.
pub const BASE_URL_VAR: &str = "ANCHORBROWSER_BASE_URL";

/// Operations that wait by design, with the timeout they get when it is longer than the
/// client's: (method, path template, timeout). [`Client::with_timeout`](crate::Client::with_timeout)
/// overrides it for a call.
pub const LONG_CALLS: &[(&str, &str, Duration)] = &[
    // Held open until the event is signalled or the body's `timeoutMs` passes (one minute by
    // default); ten minutes leaves room for longer waits.
    ("POST", "/v1/events/{event_name}/wait", Duration::from_secs(600)),
    // An AI agent works through up to `max_steps` steps (200 by default).
    ("POST", "/v1/tools/perform-web-task", Duration::from_secs(900)),
    // A task run waits for the task's code to finish unless `async` is set.
    ("POST", "/v1/task/run", Duration::from_secs(900)),
    ("POST", "/v1/task/run/{taskName}", Duration::from_secs(900)),
];

/// The prose rules for whichever request type `value` is; `Ok` for types without any.
pub(crate) fn prose_rules(value: &dyn Any) -> Result<(), ValidationError> {
    match value.downcast_ref::<SessionCreateRequestSchema>() {
        Some(request) => session_request(request),
        None => Ok(()),
    }
}

/// The rules the `POST /v1/sessions` page states in prose.
fn session_request(request: &SessionCreateRequestSchema) -> Result<(), ValidationError> {
    let session = request.session.as_ref();
    let proxy = session.and_then(|s: &SessionConfig| s.proxy.as_ref());
    let browser = request.browser.as_ref();
    let active = |flag: Option<Option<bool>>| flag.flatten();

    let captcha = active(browser.and_then(|b: &BrowserConfig| b.captcha_solver.as_ref().map(|c| c.active)));
    let proxy_active = match proxy {
        Some(ProxyConfig::Anchor(p)) => p.active,
        Some(ProxyConfig::Custom(p)) => p.active,
        None => false,
    };
    if captcha == Some(true) && !proxy_active {
        return Err(ValidationError::new(
            "browser.captcha_solver.active",
            "the CAPTCHA solver requires an active proxy: set `session.proxy` with `active: true` (the server refuses this with 400 \"CAPTCHA solver requires proxy to be active.\")",
        ));
    }

    let popups = active(browser.and_then(|b| b.popup_blocker.as_ref().map(|p| p.active)));
    let adblock = active(browser.and_then(|b| b.adblock.as_ref().map(|a| a.active)));
    if popups == Some(true) && adblock == Some(false) {
        return Err(ValidationError::new(
            "browser.popup_blocker.active",
            "the popup blocker requires adblock to be active: drop `browser.adblock.active: false` or the popup blocker",
        ));
    }

    if let Some(ProxyConfig::Anchor(p)) = proxy {
        if p.city.is_some() && p.region.is_none() {
            return Err(ValidationError::new(
                "session.proxy.city",
                "`city` can only be used together with `region`: set `session.proxy.region` too",
            ));
        }
    }
    Ok(())
}
