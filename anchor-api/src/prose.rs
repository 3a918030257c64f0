//! The rules the Anchor documentation states only in prose, which no schema can express. Each
//! function is named per type in spec/anchor.toml (`[prose_rules]`), and that type's generated
//! `Validate` calls it after the schema's own checks.

use crate::{BrowserConfig, ProxyConfig, SessionConfig, SessionCreateRequestSchema};
use oapi_runtime::ValidationError;

/// The rules the `POST /v1/sessions` page states in prose.
pub(crate) fn session_request(request: &SessionCreateRequestSchema) -> Result<(), ValidationError> {
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
