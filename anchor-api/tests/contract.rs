//! Contract tests against Stoplight Prism, a mock server that validates each request against
//! the spec (`contract/package.json` pins it; this test installs it with `npm ci` when missing,
//! starts it on loopback and stops it when done).
//!
//! Prism reports what is wrong with a request in the `sl-violations` header. Where the
//! operation declares a 400 example (here the captcha message), a rejected request gets that
//! example with status 400, so the tests read the header, not only the status.

mod common;
#[path = "../../contract/prism.rs"]
mod prism;

use anchor_api::*;
use prism::{install_prism, start_prism, Prism};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const KEY: &str = "sk-contract-test";
const CAPTCHA_EXAMPLE: &str = "CAPTCHA solver requires proxy to be active.";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// What Prism made of a body: status and the `sl-violations` header.
struct Verdict {
    status: u16,
    violations: Option<String>,
    body: String,
}

async fn post(http: &reqwest::Client, prism: &Prism, body: &Value) -> Verdict {
    let response =
        http.post(format!("{}/v1/sessions", prism.base)).header("anchor-api-key", KEY).json(body).send().await.unwrap();
    let status = response.status().as_u16();
    let violations = response.headers().get("sl-violations").map(|v| v.to_str().unwrap().to_owned());
    Verdict { status, violations, body: response.text().await.unwrap() }
}

/// Asserts that Prism accepted every body, naming the ones it did not.
async fn assert_accepted(http: &reqwest::Client, prism: &Prism, what: &str, bodies: &[Value]) {
    let mut refused = Vec::new();
    for body in bodies {
        let v = post(http, prism, body).await;
        if !(200..300).contains(&v.status) || v.violations.is_some() {
            refused.push(format!("{body} -> {} {:?}", v.status, v.violations));
        }
    }
    assert!(refused.is_empty(), "{what}: Prism refused {} of {}:\n{}", refused.len(), bodies.len(), refused.join("\n"));
}

/// Asserts that Prism rejected the body with its 400 example, naming `field` in the header.
fn assert_rejected(v: &Verdict, field: &str) {
    assert_eq!(v.status, 400, "{}", v.body);
    assert!(v.body.contains(CAPTCHA_EXAMPLE), "the declared 400 example: {}", v.body);
    let violations = v.violations.as_deref().unwrap_or_else(|| panic!("no sl-violations header"));
    assert!(violations.contains(field), "{field} not named in {violations}");
}

fn wire(request: &SessionCreateRequestSchema) -> Value {
    serde_json::to_value(request).unwrap()
}

fn with_proxy(proxy: ProxyConfig) -> SessionCreateRequestSchema {
    SessionCreateRequestSchema::default().with_session(SessionConfig::default().with_proxy(proxy))
}

/// One request per (proxy type, country code in that type's list), built from the typed enums;
/// the lists are read from the normalized spec so that none is missed.
fn every_proxy_type_and_country(spec: &Value) -> Vec<Value> {
    let branches = spec["components"]["schemas"]["AnchorProxy"]["properties"]["country_code"]["anyOf"]
        .as_array()
        .expect("country_code is an anyOf of the per-type lists");
    let mut bodies = Vec::new();
    for branch in branches {
        let name = branch["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        let list = &spec["components"]["schemas"][name];
        let proxy_type: AnchorProxyType = serde_json::from_value(list["title"].clone()).unwrap();
        for code in list["enum"].as_array().unwrap() {
            let country: CountryCode = serde_json::from_value(code.clone()).unwrap();
            let proxy = AnchorProxy::new(true).with_type(proxy_type.clone()).with_country_code(country);
            let request = with_proxy(proxy.into());
            request.validate().unwrap_or_else(|e| panic!("{proxy_type} + {code}: {e}"));
            bodies.push(wire(&request));
        }
    }
    assert!(bodies.len() > 600, "{} pairs", bodies.len());
    bodies
}

/// Each other union and enum variant a request can hold.
fn other_variants() -> Vec<Value> {
    let custom = CustomProxy::new("proxy.example:8080", "user", "pass", true);
    let one_password = |configuration: OnePasswordConfig| {
        SessionCreateRequestSchema::default().with_integrations([Integration::from(OnePasswordIntegration::new(
            common::ID.parse::<Uuid>().unwrap(),
            configuration,
        ))])
    };
    vec![
        wire(&with_proxy(custom.into())),
        wire(&with_proxy(AnchorProxy::new(false).into())),
        wire(&one_password(OnePasswordAllSecretsConfig::default().into())),
        wire(&one_password(OnePasswordSpecificSecretsConfig::new(["op://vault/item/field".to_owned()]).into())),
        wire(&SessionCreateRequestSchema::default()),
    ]
}

/// Arbitrary requests the client accepts (a deterministic proptest sample).
fn arbitrary_requests(n: usize) -> Vec<Value> {
    let mut runner = TestRunner::deterministic();
    let strategy = proptest::arbitrary::any::<SessionCreateRequestSchema>();
    let mut bodies = Vec::new();
    while bodies.len() < n {
        let mut request = strategy.new_tree(&mut runner).unwrap().current();
        // `initial_url` is a plain string in Rust; Prism checks its `format: uri`.
        if let Some(url) = request.session.as_mut().and_then(|s| s.initial_url.as_mut()) {
            *url = "https://example.com/start".into();
        }
        if request.validate().is_ok() {
            bodies.push(wire(&request));
        }
    }
    bodies
}

#[tokio::test(flavor = "multi_thread")]
async fn prism_accepts_what_the_client_sends_and_rejects_what_breaks_the_schema() {
    let bin = install_prism(&root().join("contract"));
    let normalized_path = root().join("anchor-api/openapi.normalized.json");
    let prism = start_prism(&bin, &normalized_path);
    let raw_prism = start_prism(&bin, &root().join("spec/anchor.yaml"));
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(&normalized_path).unwrap()).unwrap();
    let http = reqwest::Client::new();

    // The typed client, end to end: the README and the page examples.
    let client = Client::builder(KEY).base_url(&prism.base).allow_http(true).build().unwrap();
    let readme = common::readme_request();
    let page: SessionCreateRequestSchema = serde_json::from_str(&common::page_example_json()).unwrap();
    for (what, request) in [("README example", &readme), ("page example", &page)] {
        let response = client.start_browser_session().body(request).await;
        assert!(response.is_ok(), "{what}: {:?}", response.err());
    }
    client.start_browser_session().await.unwrap();
    assert_accepted(&http, &prism, "examples", &[wire(&readme), wire(&page)]).await;

    // Every variant of every union and enum, and a property-based sample.
    assert_accepted(&http, &prism, "proxy type x country", &every_proxy_type_and_country(&spec)).await;
    assert_accepted(&http, &prism, "other variants", &other_variants()).await;
    assert_accepted(&http, &prism, "arbitrary requests", &arbitrary_requests(64)).await;

    // Built to break the schema, with client validation off: refused, and the header says where.
    let unchecked =
        Client::builder(KEY).base_url(&prism.base).allow_http(true).validate_requests(false).build().unwrap();
    let empty_secrets =
        SessionCreateRequestSchema::default().with_integrations([Integration::from(OnePasswordIntegration::new(
            common::ID.parse::<Uuid>().unwrap(),
            OnePasswordSpecificSecretsConfig::new(Vec::new()),
        ))]);
    assert!(client
        .start_browser_session()
        .body(&empty_secrets)
        .await
        .is_err_and(|e| matches!(e, Error::Validation(_))));
    let err = unchecked.start_browser_session().body(&empty_secrets).await.unwrap_err();
    let Error::Api(e) = &err else { panic!("{err:?}") };
    assert!(matches!(e.body, Some(StartBrowserSessionError::BadRequest(_))), "{e:?}");
    let violations = e.headers.get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(violations.contains("secrets"), "{violations}");

    for (body, field) in [
        (json!({"session": {"proxy": {"active": true, "type": "anchor_bogus"}}}), "session.proxy.type"),
        (json!({"session": {"proxy": {"active": true, "country_code": "zz"}}}), "session.proxy.country_code"),
        (json!({"browser": {"viewport": {"width": "wide"}}}), "browser.viewport.width"),
        (
            json!({"integrations": [{"type": "2PASSWORD", "id": common::ID, "configuration": {"load_mode": "all"}}]}),
            "integrations",
        ),
        (json!({"session": {"proxy": {"type": "custom", "active": true}}}), "session.proxy"),
    ] {
        assert_rejected(&post(&http, &prism, &body).await, field);
    }

    // The normalization is necessary: the spec as written refuses the README request.
    assert_rejected(&post(&http, &raw_prism, &wire(&readme)).await, "session.proxy.type");

    // Every operation, through the typed client: Prism answers 2xx only to a request it accepts
    // (path formats, query, body, the API key), and the client decodes its answer.
    let mut refused = Vec::new();
    let cases = common::operations::every_operation(&client);
    let count = cases.len();
    for case in cases {
        if let Err(e) = case.call.await {
            refused.push(format!("{} {}: {e}", case.method, case.template));
        }
    }
    assert!(refused.is_empty(), "Prism refused {} of {count} calls:\n{}", refused.len(), refused.join("\n"));
    // ... and it does refuse: an ID that is not a UUID where the path declares `format: uuid`.
    let err = client.take_screenshot("not-a-uuid").await.unwrap_err();
    let Error::Api(e) = &err else { panic!("{err:?}") };
    let body = String::from_utf8_lossy(&e.raw);
    assert!(e.status == 422 && body.contains(r#"must match format \"uuid\""#), "{} {body}", e.status);
    // An upload without its required `name` part, and a call without the key, are refused too.
    let bare = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"PK".to_vec()));
    let refused = http
        .post(format!("{}/v1/extensions", prism.base))
        .header("anchor-api-key", KEY)
        .multipart(bare)
        .send()
        .await
        .unwrap();
    let violations =
        refused.headers().get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(refused.status().is_client_error() && violations.contains("required property 'name'"), "{violations}");
    let anonymous = http.get(format!("{}/v1/task", prism.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    drop((prism, raw_prism));
}
