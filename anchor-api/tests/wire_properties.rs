//! For every request type: arbitrary values serialize to JSON that the normalized spec's
//! schema accepts (a strict JSON Schema validator), and decode back equal.
//!
//! "Arbitrary" means every value a user can build, so values that break a schema rule serde
//! cannot express (`minItems`, the country list a proxy type selects) are generated too; for
//! those the property is that the client's own validation refuses them.

use anchor_api::*;
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn normalized() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.normalized.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A validator for component `name` of the normalized document.
fn validator(name: &str) -> jsonschema::Validator {
    let doc = normalized();
    let root = json!({ "$ref": format!("#/components/schemas/{name}"), "components": doc["components"] });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The schema rules of `Validate`, for types that have any.
trait SchemaRules {
    fn schema_rules(&self) -> Result<(), ValidationError>;
}

macro_rules! schema_rules {
    (validated: $($t:ty),*; plain: $($p:ty),*) => {
        $(impl SchemaRules for $t {
            fn schema_rules(&self) -> Result<(), ValidationError> { self.validate_at("") }
        })*
        $(impl SchemaRules for $p {
            fn schema_rules(&self) -> Result<(), ValidationError> { Ok(()) }
        })*
    };
}

schema_rules!(
    validated: SessionCreateRequestSchema, SessionConfig, ProxyConfig, AnchorProxy, Integration,
        OnePasswordIntegration, OnePasswordConfig, OnePasswordSpecificSecretsConfig;
    plain: BrowserConfig, CustomProxy, OnePasswordAllSecretsConfig, AnchorProxyCountryCode,
        ResidentialCountryCode, MobileCountryCode, GovCountryCode
);

/// The property for one type, over `cases` arbitrary values.
fn check<T>(name: &str, cases: u32)
where
    T: Arbitrary + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + SchemaRules,
{
    let schema = validator(name);
    let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(value: T)| {
        let wire = serde_json::to_value(&value).unwrap();
        if value.schema_rules().is_ok() {
            let errors: Vec<String> = schema.iter_errors(&wire).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            prop_assert!(errors.is_empty(), "{name}: schema refuses {wire}: {errors:?}");
        }
        let back: T = serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{name}: {e} decoding {wire}"));
        prop_assert_eq!(back, value);
    });
}

/// Component schemas the responses use; every other component is a request type here.
const RESPONSE_ONLY: &[&str] = &["SessionCreateResponseSchema", "ErrorResponse"];

#[test]
fn every_request_component_is_covered() {
    let covered: BTreeSet<&str> = [
        "SessionCreateRequestSchema",
        "SessionConfig",
        "BrowserConfig",
        "ProxyConfig",
        "AnchorProxy",
        "CustomProxy",
        "AnchorProxyCountryCode",
        "ResidentialCountryCode",
        "MobileCountryCode",
        "GovCountryCode",
        "Integration",
        "OnePasswordIntegration",
        "OnePasswordConfig",
        "OnePasswordAllSecretsConfig",
        "OnePasswordSpecificSecretsConfig",
    ]
    .into();
    let doc = normalized();
    let all: BTreeSet<&str> = doc["components"]["schemas"].as_object().unwrap().keys().map(String::as_str).collect();
    let requests: BTreeSet<&str> = all.iter().copied().filter(|n| !RESPONSE_ONLY.contains(n)).collect();
    assert_eq!(covered, requests, "add new request types to the property tests below");
}

#[test]
fn session_request() {
    check::<SessionCreateRequestSchema>("SessionCreateRequestSchema", 256);
}

#[test]
fn session_and_browser_config() {
    check::<SessionConfig>("SessionConfig", 256);
    check::<BrowserConfig>("BrowserConfig", 256);
}

#[test]
fn proxies() {
    check::<ProxyConfig>("ProxyConfig", 512);
    check::<AnchorProxy>("AnchorProxy", 256);
    check::<CustomProxy>("CustomProxy", 128);
}

#[test]
fn country_code_lists() {
    check::<AnchorProxyCountryCode>("AnchorProxyCountryCode", 256);
    check::<ResidentialCountryCode>("ResidentialCountryCode", 256);
    check::<MobileCountryCode>("MobileCountryCode", 256);
    check::<GovCountryCode>("GovCountryCode", 256);
}

#[test]
fn integrations() {
    check::<Integration>("Integration", 256);
    check::<OnePasswordIntegration>("OnePasswordIntegration", 128);
    check::<OnePasswordConfig>("OnePasswordConfig", 256);
    check::<OnePasswordAllSecretsConfig>("OnePasswordAllSecretsConfig", 32);
    check::<OnePasswordSpecificSecretsConfig>("OnePasswordSpecificSecretsConfig", 128);
}

#[test]
fn values_the_client_refuses_are_the_ones_the_schema_or_the_lists_refuse() {
    // minItems: the client refuses it, and so does the schema.
    let empty = OnePasswordSpecificSecretsConfig::new(Vec::new());
    assert!(empty.validate_at("").is_err());
    assert!(!validator("OnePasswordSpecificSecretsConfig").is_valid(&serde_json::to_value(&empty).unwrap()));
}
