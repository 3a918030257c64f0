//! Requests several test files send: the README's and the documentation page's, and one call
//! of every operation.

// Each test file uses part of this.
#![allow(dead_code)]

pub mod operations;

use anchor_api::*;

/// The 1Password integration id both examples use.
pub const ID: &str = "550e8400-e29b-41d4-a716-446655440000";

/// The request of README.md, built exactly as there.
pub fn readme_request() -> SessionCreateRequestSchema {
    let proxy = AnchorProxy::new(true)
        .with_type(AnchorProxyType::AnchorResidential)
        .with_country_code(ResidentialCountryCode::De);
    SessionCreateRequestSchema::default()
        .with_session(SessionConfig::default().with_proxy(proxy))
        .with_browser(
            BrowserConfig::default()
                .with_headless(BrowserConfigHeadless::default().with_active(true))
                .with_viewport(BrowserConfigViewport::default().with_width(1280).with_height(720)),
        )
        .with_integrations([Integration::OnePassword(OnePasswordIntegration::new(
            ID.parse::<Uuid>().unwrap(),
            OnePasswordAllSecretsConfig::default(),
        ))])
}

/// The request example of the documentation page, with its placeholders made concrete.
pub fn page_example_json() -> String {
    format!(
        r#"{{"session":{{"initial_url":"https://example.com","recording":{{"active":true}},"proxy":{{"active":true,"type":"anchor_proxy","country_code":"af","region":"r","city":"c"}},"timeout":{{"max_duration":123,"idle_timeout":123}},"live_view":{{"read_only":true}}}},"browser":{{"profile":{{"name":"p","persist":true}},"adblock":{{"active":true}},"popup_blocker":{{"active":true}},"captcha_solver":{{"active":true}},"headless":{{"active":true}},"viewport":{{"width":123,"height":123}},"fullscreen":{{"active":true}},"p2p_download":{{"active":true}},"extensions":["3c90c3cc-0d44-4b50-8888-8dd25736052a"],"disable_web_security":{{"active":true}},"extra_stealth":{{"active":true}}}},"integrations":[{{"id":"{ID}","type":"1PASSWORD","configuration":{{"load_mode":"all"}}}}]}}"#
    )
}
