//! What a careful user would write by hand for `POST /v1/sessions` with `reqwest` and
//! `serde_json`: plain serde structs for the same JSON, no validation, no retries, no spans.
//! The benchmarks compare the generated client against this.

use serde::{Deserialize, Serialize};

/// `{"active": bool}`, the shape of most browser switches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Active {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<Browser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrations: Option<Vec<Integration>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Timeout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_view: Option<LiveView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Proxy {
    Custom { r#type: String, server: String, username: String, password: String, active: bool },
    Anchor(AnchorProxy),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnchorProxy {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ProxyType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyType {
    AnchorProxy,
    AnchorResidential,
    AnchorMobile,
    AnchorGov,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeout {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle_timeout: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Browser {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adblock: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub popup_blocker: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captcha_solver: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headless: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fullscreen: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p2p_download: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<uuid::Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_web_security: Option<Active>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_stealth: Option<Active>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persist: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i64>,
}

/// The only integration type, so a struct with its `type` string (`1PASSWORD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Integration {
    pub id: uuid::Uuid,
    pub r#type: String,
    pub configuration: OnePasswordConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "load_mode", rename_all = "lowercase")]
pub enum OnePasswordConfig {
    All,
    Specific { secrets: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ResponseData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cdp_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_view_url: Option<String>,
}
