//! Shared pieces of the benchmarks (`benches/`): synthetic documents, the hand-written
//! baseline client, and the request and response bodies both sides exchange.
//! Run everything with `cargo xtask bench`; see BENCHMARKS.md.
#![allow(missing_docs)]

pub mod baseline;
pub mod synthetic;

/// A session request with every field set: the documentation page's example, made concrete.
/// `integrations[0]` is the `all` variant; the proxy is an Anchor proxy with region and city.
pub const FULL_REQUEST: &str = r#"{"session":{"initial_url":"https://example.com","recording":{"active":true},"proxy":{"active":true,"type":"anchor_proxy","country_code":"af","region":"r","city":"c"},"timeout":{"max_duration":123,"idle_timeout":123},"live_view":{"read_only":true}},"browser":{"profile":{"name":"p","persist":true},"adblock":{"active":true},"popup_blocker":{"active":true},"captcha_solver":{"active":true},"headless":{"active":true},"viewport":{"width":123,"height":123},"fullscreen":{"active":true},"p2p_download":{"active":true},"extensions":["3c90c3cc-0d44-4b50-8888-8dd25736052a"],"disable_web_security":{"active":true},"extra_stealth":{"active":true}},"integrations":[{"id":"550e8400-e29b-41d4-a716-446655440000","type":"1PASSWORD","configuration":{"load_mode":"all"}}]}"#;

/// The 200 body of `POST /v1/sessions`.
pub const OK_RESPONSE: &str = r#"{"data":{"id":"5b3e1a2c-8f0d-4f7e-9a61-0c2d7e4b9f10","cdp_url":"wss://connect.anchorbrowser.io?sessionId=5b3e1a2c-8f0d-4f7e-9a61-0c2d7e4b9f10","live_view_url":"https://live.anchorbrowser.io?sessionId=5b3e1a2c-8f0d-4f7e-9a61-0c2d7e4b9f10"}}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_send_and_read_the_same_bytes() {
        let generated: anchor_api::SessionCreateRequestSchema = serde_json::from_str(FULL_REQUEST).unwrap();
        let hand: baseline::Request = serde_json::from_str(FULL_REQUEST).unwrap();
        assert_eq!(serde_json::to_string(&generated).unwrap(), FULL_REQUEST);
        assert_eq!(serde_json::to_string(&hand).unwrap(), FULL_REQUEST);
        let generated: anchor_api::SessionCreateResponseSchema = serde_json::from_str(OK_RESPONSE).unwrap();
        let hand: baseline::Response = serde_json::from_str(OK_RESPONSE).unwrap();
        assert_eq!(serde_json::to_string(&generated).unwrap(), OK_RESPONSE);
        assert_eq!(serde_json::to_string(&hand).unwrap(), OK_RESPONSE);
    }
}
