//! Exact JSON on the wire for every hard construct of the spec (DESIGN §3): each value
//! serializes to the expected bytes and decodes back equal; failing inputs fail with the
//! expected message.

use anchor_api::*;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

mod common;

use common::ID;

/// Serializes to exactly `json` and decodes back to an equal value.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T, json: &str) {
    assert_eq!(serde_json::to_string(value).unwrap(), json);
    let back: T = serde_json::from_str(json).unwrap();
    assert_eq!(&back, value);
}

fn decode_err<T: DeserializeOwned + Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json).unwrap_err().to_string()
}

fn anchor_proxy(ty: Option<AnchorProxyType>, code: Option<CountryCode>) -> AnchorProxy {
    let mut proxy = AnchorProxy::new(true);
    (proxy.r#type, proxy.country_code) = (ty, code);
    proxy
}

#[test]
fn proxy_config_custom_is_chosen_by_type() {
    let custom = ProxyConfig::Custom(CustomProxy::new("proxy.example:8080", "u", "p", true));
    round_trip(
        &custom,
        r#"{"type":"custom","server":"proxy.example:8080","username":"u","password":"p","active":true}"#,
    );
}

#[test]
fn proxy_config_anything_else_is_the_anchor_proxy() {
    let anchor = ProxyConfig::Anchor(anchor_proxy(
        Some(AnchorProxyType::AnchorResidential),
        Some(ResidentialCountryCode::De.into()),
    ));
    round_trip(&anchor, r#"{"active":true,"type":"anchor_residential","country_code":"de"}"#);
    // `type` absent: still the Anchor proxy.
    round_trip(&ProxyConfig::Anchor(AnchorProxy::new(false)), r#"{"active":false}"#);
}

#[test]
fn proxy_config_errors_name_the_variant_and_field() {
    let e = decode_err::<ProxyConfig>(r#"{"type":"custom","server":"s","active":true}"#);
    assert_eq!(e, "as Custom (CustomProxy) (chosen by `type`): missing field `username`");
    // The service sends configurations back (tasks), so an unlisted proxy type decodes as kept.
    let newer: ProxyConfig = serde_json::from_str(r#"{"type":"anchor_newer","active":true}"#).unwrap();
    let ProxyConfig::Anchor(proxy) = &newer else { panic!("{newer:?}") };
    assert_eq!(proxy.r#type, Some(AnchorProxyType::Unknown("anchor_newer".into())));
    let e = decode_err::<ProxyConfig>(r#"{"active":"yes"}"#);
    assert!(
        e.starts_with("as Anchor (AnchorProxy) (chosen by `type`): at `active`: invalid type: string \"yes\""),
        "{e}"
    );
}

#[test]
fn anchor_proxy_type_is_one_four_value_enum() {
    let all = [
        (AnchorProxyType::AnchorProxy, "anchor_proxy"),
        (AnchorProxyType::AnchorResidential, "anchor_residential"),
        (AnchorProxyType::AnchorMobile, "anchor_mobile"),
        (AnchorProxyType::AnchorGov, "anchor_gov"),
    ];
    for (value, wire) in all {
        round_trip(&value, &format!("\"{wire}\""));
        assert_eq!(value.as_str(), wire);
    }
    assert_eq!(AnchorProxyType::VALUES, ["anchor_proxy", "anchor_residential", "anchor_mobile", "anchor_gov"]);
    // Open: a value newer than the spec is kept as sent, both ways.
    round_trip(&AnchorProxyType::Unknown("custom".into()), r#""custom""#);
}

#[test]
fn country_code_lists_exist_per_proxy_type() {
    // `cn` is offered by the residential and mobile lists only.
    round_trip(&ResidentialCountryCode::Cn, r#""cn""#);
    round_trip(&MobileCountryCode::Cn, r#""cn""#);
    assert!(!AnchorProxyCountryCode::VALUES.contains(&"cn"));
    assert!(!GovCountryCode::VALUES.contains(&"cn"));
    assert_eq!(
        (ResidentialCountryCode::VALUES.len(), MobileCountryCode::VALUES.len(), GovCountryCode::VALUES.len()),
        (178, 147, 145)
    );
    assert_eq!(AnchorProxyCountryCode::VALUES.len(), 145);
    // Every list defaults to `us`, as the spec says.
    assert_eq!(AnchorProxyCountryCode::default(), AnchorProxyCountryCode::Us);
    assert_eq!(GovCountryCode::default().as_str(), "us");
}

#[test]
fn norway_stays_the_string_no() {
    round_trip(&ResidentialCountryCode::No, r#""no""#);
    round_trip(&AnchorProxyCountryCode::No, r#""no""#);
    let code: CountryCode = serde_json::from_str(r#""no""#).unwrap();
    assert_eq!(code.as_str(), "no");
}

#[test]
fn country_code_not_offered_for_the_proxy_type_is_refused_naming_both_fields() {
    let proxy = anchor_proxy(Some(AnchorProxyType::AnchorProxy), Some(ResidentialCountryCode::Cn.into()));
    let request = SessionCreateRequestSchema::default().with_session(SessionConfig::default().with_proxy(proxy));
    let err = request.validate().unwrap_err();
    assert_eq!(err.path, "session.proxy.country_code");
    assert_eq!(
        err.to_string(),
        "`session.proxy.country_code`: \"cn\" is not offered when `session.proxy.type` is \"anchor_proxy\"; \
         choose a value from that list or another `type`"
    );
}

#[test]
fn country_code_in_the_selected_list_passes_whichever_enum_spelled_it() {
    for (ty, code) in [
        (AnchorProxyType::AnchorResidential, CountryCode::from(ResidentialCountryCode::Cn)),
        (AnchorProxyType::AnchorMobile, MobileCountryCode::Cn.into()),
        // `de` is in the anchor_proxy list too, so the pairing is what the API accepts.
        (AnchorProxyType::AnchorProxy, ResidentialCountryCode::De.into()),
        (AnchorProxyType::AnchorGov, GovCountryCode::Gi.into()),
    ] {
        let proxy = anchor_proxy(Some(ty.clone()), Some(code));
        proxy.validate().unwrap_or_else(|e| panic!("{ty} rejected: {e}"));
    }
    // Without a `type` the server picks; nothing to pair against (the documented escape hatch).
    anchor_proxy(None, Some(ResidentialCountryCode::Gb.into())).validate().unwrap();
    assert!(anchor_proxy(Some(AnchorProxyType::AnchorGov), Some(MobileCountryCode::Bt.into())).validate().is_err());
}

#[test]
fn integration_tag_is_1password_with_a_readable_variant() {
    let integration = Integration::OnePassword(OnePasswordIntegration::new(
        ID.parse::<Uuid>().unwrap(),
        OnePasswordConfig::All(OnePasswordAllSecretsConfig::default()),
    ));
    round_trip(&integration, &format!(r#"{{"id":"{ID}","type":"1PASSWORD","configuration":{{"load_mode":"all"}}}}"#));
    let e = decode_err::<Integration>(&format!(
        r#"{{"id":"{ID}","type":"BITWARDEN","configuration":{{"load_mode":"all"}}}}"#
    ));
    assert_eq!(e, r#"unknown `type` "BITWARDEN"; expected one of "1PASSWORD""#);
    let e = decode_err::<Integration>(r#"{"id":"x"}"#);
    assert_eq!(e, r#"missing string field `type`; expected one of "1PASSWORD""#);
}

#[test]
fn one_password_config_is_tagged_by_load_mode() {
    round_trip(&OnePasswordConfig::All(OnePasswordAllSecretsConfig::default()), r#"{"load_mode":"all"}"#);
    let specific =
        OnePasswordConfig::Specific(OnePasswordSpecificSecretsConfig::new(["op://vault/item/field".to_owned()]));
    round_trip(&specific, r#"{"load_mode":"specific","secrets":["op://vault/item/field"]}"#);
    let e = decode_err::<OnePasswordConfig>(r#"{"load_mode":"specific"}"#);
    assert_eq!(e, "as Specific (OnePasswordSpecificSecretsConfig) (chosen by `load_mode`): missing field `secrets`");
    let e = decode_err::<OnePasswordConfig>(r#"{"load_mode":"some"}"#);
    assert_eq!(e, r#"unknown `load_mode` "some"; expected one of "all", "specific""#);
}

#[test]
fn empty_secrets_list_is_refused_before_sending() {
    let request = SessionCreateRequestSchema::default().with_integrations([Integration::OnePassword(
        OnePasswordIntegration::new(ID.parse::<Uuid>().unwrap(), OnePasswordSpecificSecretsConfig::new(Vec::new())),
    )]);
    let err = request.validate().unwrap_err();
    assert_eq!(err, ValidationError::new("integrations[0].configuration.secrets", "must list at least 1 item"));
}

#[test]
fn unset_fields_are_not_sent() {
    round_trip(&SessionCreateRequestSchema::default(), "{}");
    let browser = BrowserConfig::default().with_headless(BrowserConfigHeadless::default().with_active(true));
    round_trip(&browser, r#"{"headless":{"active":true}}"#);
    round_trip(&BrowserConfigViewport::default(), "{}");
}

#[test]
fn uuids_are_typed() {
    let browser = BrowserConfig::default().with_extensions([ID.parse::<Uuid>().unwrap()]);
    round_trip(&browser, &format!(r#"{{"extensions":["{ID}"]}}"#));
    assert!(decode_err::<BrowserConfig>(r#"{"extensions":["not-a-uuid"]}"#).contains("UUID"));
}

#[test]
fn response_decodes_and_ignores_unknown_fields() {
    let body = r#"{"data":{"id":"s1","cdp_url":"wss://x","live_view_url":"https://y","new":1},"extra":true}"#;
    let decoded: SessionCreateResponseSchema = serde_json::from_str(body).unwrap();
    let data = decoded.data.unwrap();
    assert_eq!(
        (data.id.as_deref(), data.cdp_url.as_deref(), data.live_view_url.as_deref()),
        (Some("s1"), Some("wss://x"), Some("https://y"))
    );
}

#[test]
fn secrets_never_appear_in_debug() {
    let proxy = CustomProxy::new("proxy.example:8080", "user", "hunter2-secret", true);
    let request =
        SessionCreateRequestSchema::default().with_session(SessionConfig::default().with_proxy(proxy.clone()));
    for text in [format!("{proxy:?}"), format!("{request:?}"), format!("{request:#?}")] {
        assert!(!text.contains("hunter2-secret"), "{text}");
        assert!(text.contains("<redacted>") && text.contains("proxy.example:8080"), "{text}");
    }
    let client = Client::new("sk-very-secret-key").unwrap();
    assert!(!format!("{client:?}").contains("sk-very-secret-key"));
    assert!(!format!("{:?}", Client::builder("sk-very-secret-key")).contains("sk-very-secret-key"));
}

#[test]
fn spec_example_request_decodes_and_round_trips() {
    let json = common::page_example_json();
    let request: SessionCreateRequestSchema = serde_json::from_str(&json).unwrap();
    request.validate().unwrap();
    round_trip(&request, &json);
}

#[test]
fn readme_request_is_the_expected_json() {
    let request = common::readme_request();
    request.validate().unwrap();
    round_trip(
        &request,
        &format!(
            concat!(
                r#"{{"session":{{"proxy":{{"active":true,"type":"anchor_residential","country_code":"de"}}}},"#,
                r#""browser":{{"headless":{{"active":true}},"viewport":{{"width":1280,"height":720}}}},"#,
                r#""integrations":[{{"id":"{}","type":"1PASSWORD","configuration":{{"load_mode":"all"}}}}]}}"#
            ),
            ID
        ),
    );
}

#[test]
fn objects_are_built_with_setters_and_send_only_what_is_set() {
    round_trip(&BrowserConfigHeadless::default().with_active(true), r#"{"active":true}"#);
    let live = SessionConfigLiveView::default().with_read_only(false);
    round_trip(&live, r#"{"read_only":false}"#);
    // Fields stay public: read and assign them as usual.
    let mut viewport = BrowserConfigViewport::default().with_width(800);
    viewport.height = Some(600);
    round_trip(&viewport, r#"{"width":800,"height":600}"#);
}
