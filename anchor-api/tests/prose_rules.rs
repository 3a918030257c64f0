//! The rules the API's documentation states only in prose, checked by `validate()` (and so
//! before sending), with messages that name the field and the fix.

use anchor_api::*;

fn request(browser: BrowserConfig, proxy: Option<ProxyConfig>) -> SessionCreateRequestSchema {
    SessionCreateRequestSchema {
        session: proxy.map(|p| SessionConfig { proxy: Some(p), ..Default::default() }),
        browser: Some(browser),
        ..Default::default()
    }
}

fn captcha_on() -> BrowserConfig {
    BrowserConfig { captcha_solver: Some(BrowserConfigCaptchaSolver { active: Some(true) }), ..Default::default() }
}

#[test]
fn captcha_solver_requires_an_active_proxy() {
    let expected = "`browser.captcha_solver.active`: the CAPTCHA solver requires an active proxy: set `session.proxy` with `active: true` (the server refuses this with 400 \"CAPTCHA solver requires proxy to be active.\")";
    let err = request(captcha_on(), None).validate().unwrap_err();
    assert_eq!(err.to_string(), expected);
    let inactive = ProxyConfig::Anchor(AnchorProxy::new(false));
    assert_eq!(request(captcha_on(), Some(inactive)).validate().unwrap_err().to_string(), expected);

    assert_eq!(request(captcha_on(), Some(AnchorProxy::new(true).into())).validate(), Ok(()));
    let custom = CustomProxy::new("p:1".into(), "u".into(), "pw".into(), true);
    assert_eq!(request(captcha_on(), Some(custom.into())).validate(), Ok(()));
    let off = BrowserConfig {
        captcha_solver: Some(BrowserConfigCaptchaSolver { active: Some(false) }),
        ..Default::default()
    };
    assert_eq!(request(off, None).validate(), Ok(()));
}

#[test]
fn popup_blocker_requires_adblock() {
    let browser = |adblock: Option<bool>| BrowserConfig {
        popup_blocker: Some(BrowserConfigPopupBlocker { active: Some(true) }),
        adblock: adblock.map(|a| BrowserConfigAdblock { active: Some(a) }),
        ..Default::default()
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
        ProxyConfig::Anchor(AnchorProxy {
            city: Some("Berlin".into()),
            region: region.map(Into::into),
            ..AnchorProxy::new(true)
        })
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
    let proxy = ProxyConfig::Anchor(AnchorProxy {
        r#type: Some(AnchorProxyType::AnchorProxy),
        country_code: Some(MobileCountryCode::Cn.into()),
        ..AnchorProxy::new(false)
    });
    let err = request(captcha_on(), Some(proxy)).validate().unwrap_err();
    assert_eq!(err.path, "session.proxy.country_code");
}
