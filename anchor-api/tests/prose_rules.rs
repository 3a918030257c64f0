//! The rules the API's documentation states only in prose, checked by `validate()` (and so
//! before sending), with messages that name the field and the fix.

use anchor_api::*;

fn request(browser: BrowserConfig, proxy: Option<ProxyConfig>) -> SessionCreateRequestSchema {
    let mut request = SessionCreateRequestSchema::default().with_browser(browser);
    request.session = proxy.map(|p| SessionConfig::default().with_proxy(p));
    request
}

fn captcha_on() -> BrowserConfig {
    BrowserConfig::default().with_captcha_solver(BrowserConfigCaptchaSolver::default().with_active(true))
}

#[test]
fn captcha_solver_requires_an_active_proxy() {
    let expected = "`browser.captcha_solver.active`: the CAPTCHA solver requires an active proxy: set `session.proxy` with `active: true` (the server refuses this with 400 \"CAPTCHA solver requires proxy to be active.\")";
    let err = request(captcha_on(), None).validate().unwrap_err();
    assert_eq!(err.to_string(), expected);
    let inactive = ProxyConfig::Anchor(AnchorProxy::new(false));
    assert_eq!(request(captcha_on(), Some(inactive)).validate().unwrap_err().to_string(), expected);

    assert_eq!(request(captcha_on(), Some(AnchorProxy::new(true).into())).validate(), Ok(()));
    let custom = CustomProxy::new("p:1", "u", "pw", true);
    assert_eq!(request(captcha_on(), Some(custom.into())).validate(), Ok(()));
    let off = BrowserConfig::default().with_captcha_solver(BrowserConfigCaptchaSolver::default().with_active(false));
    assert_eq!(request(off, None).validate(), Ok(()));
}

#[test]
fn popup_blocker_requires_adblock() {
    let browser = |adblock: Option<bool>| {
        let mut browser =
            BrowserConfig::default().with_popup_blocker(BrowserConfigPopupBlocker::default().with_active(true));
        browser.adblock = adblock.map(|a| BrowserConfigAdblock::default().with_active(a));
        browser
    };
    let err = request(browser(Some(false)), None).validate().unwrap_err();
    assert_eq!(err.path, "browser.popup_blocker.active");
    assert_eq!(
        err.message,
        "the popup blocker requires adblock to be active: drop `browser.adblock.active: false` or the popup blocker"
    );
    assert_eq!(request(browser(Some(true)), None).validate(), Ok(()));
    assert_eq!(request(browser(None), None).validate(), Ok(()), "adblock defaults to active");
}

#[test]
fn city_requires_region() {
    let proxy = |region: Option<&str>| {
        let mut proxy = AnchorProxy::new(true).with_city("Berlin");
        proxy.region = region.map(Into::into);
        ProxyConfig::Anchor(proxy)
    };
    let err = request(BrowserConfig::default(), Some(proxy(None))).validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "`session.proxy.city`: `city` can only be used together with `region`: set `session.proxy.region` too"
    );
    assert_eq!(request(BrowserConfig::default(), Some(proxy(Some("be")))).validate(), Ok(()));
}

#[test]
fn schema_rules_are_checked_before_prose_rules() {
    let proxy = ProxyConfig::Anchor(
        AnchorProxy::new(false).with_type(AnchorProxyType::AnchorProxy).with_country_code(MobileCountryCode::Cn),
    );
    let err = request(captcha_on(), Some(proxy)).validate().unwrap_err();
    assert_eq!(err.path, "session.proxy.country_code");
}
