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

/// `SchemaRules` for the request types of the operations beyond `POST /v1/sessions`, and
/// `other_requests`, which checks each over 64 arbitrary values and returns their schema names
/// (each type's own name, but `putSessionTags`, whose schema name starts in lower case).
macro_rules! other_requests {
    (validated: $($v:ident),*; plain: $($p:ident),*) => {
        schema_rules!(validated: $($v),*; plain: $($p),*, PutSessionTags);

        fn other_requests() -> Vec<&'static str> {
            $(check::<$v>(stringify!($v), 64);)*
            $(check::<$p>(stringify!($p), 64);)*
            check::<PutSessionTags>("putSessionTags", 64);
            vec![$(stringify!($v),)* $(stringify!($p),)* "putSessionTags"]
        }
    };
}

macro_rules! schema_rules {
    (validated: $($t:ty),*; plain: $($p:ty),*) => {
        $(impl SchemaRules for $t {
            fn schema_rules(&self) -> Result<(), ValidationError> { self.validate_at(&anchor_api::runtime::FieldPath::ROOT) }
        })*
        $(impl SchemaRules for $p {
            fn schema_rules(&self) -> Result<(), ValidationError> { Ok(()) }
        })*
    };
}

// The seed's request types, each checked by a test of its own below.
schema_rules!(
    validated: SessionCreateRequestSchema, SessionConfig, ProxyConfig, AnchorProxy, Integration,
        OnePasswordIntegration, OnePasswordConfig, OnePasswordSpecificSecretsConfig;
    plain: BrowserConfig, CustomProxy, OnePasswordAllSecretsConfig, AnchorProxyCountryCode,
        ResidentialCountryCode, MobileCountryCode, GovCountryCode
);

// The request types of the other operations, each checked by `other_requests`.
other_requests!(
    validated: ProfileRequestSchema, PerformWebTaskRequestSchema, ScreenshotRequestSchema,
        CoordinatesRequestSchema, MouseClickRequestSchema, DragDropRequestSchema, ScrollRequestSchema,
        TypeTextRequestSchema, KeyboardShortcutRequestSchema, ClipboardRequestSchema,
        PasteRequestSchema, NavigateRequestSchema, WaitForEventRequestSchema,
        SignalEventRequestSchema, BatchSessionRequestSchema, CreateIntegrationRequest,
        CreateTaskRequest, UpdateTaskMetadataRequest, DraftTaskRequest, PublishVersionRequest,
        RunTaskRequest, RunTaskByNameRequest, AuthFlowV2FinalizeRequest, AuthFlowV2FormResolve,
        AuthFlowV2ResolveRequest, AuthFlowV2StartRequest, BatchSessionRetryRequestSchema,
        BatchSessionUpdateRequestSchema, CreateApplicationRequest, CreateAuthFlowRequest,
        CreateIdentityRequest, CreateIdentityTokenRequest, ExecuteCodeRequestSchema,
        GenerateTaskV2Request, HumanInterventionResponseRequest, MouseSingleClickRequestSchema,
        ReauthenticateIdentityRequest, RunTaskV2Request, UpdateAuthFlowRequest,
        UpdateIdentityRequest, WebUnlockerRequestSchema, WebhookCreateRequest, WebhookTestRequest,
        WebhookUpdateRequest;
    plain: ServiceAccountCredentials, IntegrationType, AuthFlowV2DecisionResolve,
        AuthenticatorCredential, CredentialData, CustomCredential, CustomFieldDefinition,
        CustomFieldItem, TaskParameterV2, UsernamePasswordCredential, WebhookEventType
);

/// The property for one type, over `cases` arbitrary values.
fn check<T>(name: &str, cases: u32)
where
    T: Arbitrary + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + SchemaRules + 'static,
{
    // The deepest request types (sessions, task definitions) nest more than a test thread's
    // default stack holds while their values are drawn and checked.
    let name = name.to_owned();
    let run = move || check_here::<T>(&name, cases);
    let outcome = std::thread::Builder::new().stack_size(64 << 20).spawn(run).expect("a thread").join();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// [`check`]'s work, on the thread it runs.
fn check_here<T>(name: &str, cases: u32)
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

/// Every component schema a request body reaches, found from the document's operations.
fn request_components(doc: &Value) -> BTreeSet<String> {
    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.trim_start_matches("#/components/schemas/").to_owned());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            refs(&op["requestBody"], &mut todo);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            refs(&doc["components"]["schemas"][&name], &mut todo);
        }
    }
    seen
}

#[test]
fn every_request_component_is_covered() {
    let mut covered: BTreeSet<String> = [
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
    .map(String::from)
    .into();
    covered.extend(other_requests().into_iter().map(String::from));
    assert_eq!(covered, request_components(&normalized()), "add new request types to the property tests");
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
    assert!(empty.validate_at(&anchor_api::runtime::FieldPath::ROOT).is_err());
    assert!(!validator("OnePasswordSpecificSecretsConfig").is_valid(&serde_json::to_value(&empty).unwrap()));
}
