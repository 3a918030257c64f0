//! `spec/anchor.yaml` is faithful to the upstream document the seed page renders
//! (`../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml`), compared as parsed YAML values:
//! - `POST /v1/sessions` and the schemas the seed page shows are upstream's text, prose included;
//! - every other operation and schema carries upstream's facts: with the prose keys
//!   (`description`, `example`, `examples`, `x-*`) removed from both, the documents are equal,
//!   except for the deviations listed in [`DEVIATIONS`], each with its reason.
//!
//! Without `../shared` beside the checkout these tests print why they are skipped.

use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// Where `spec/` knowingly differs from upstream: (JSON pointer, reason). Empty: no deviation.
const DEVIATIONS: &[(&str, &str)] = &[];

/// The schemas the seed page shows, kept verbatim.
const SEED_SCHEMAS: [&str; 17] = [
    "ProxyConfig",
    "AnchorProxy",
    "CustomProxy",
    "ResidentialCountryCode",
    "MobileCountryCode",
    "GovCountryCode",
    "AnchorProxyCountryCode",
    "SessionConfig",
    "BrowserConfig",
    "OnePasswordAllSecretsConfig",
    "OnePasswordSpecificSecretsConfig",
    "OnePasswordConfig",
    "OnePasswordIntegration",
    "Integration",
    "SessionCreateRequestSchema",
    "SessionCreateResponseSchema",
    "ErrorResponse",
];

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Read at run time, so a test binary built from another checkout reads this tree.
fn workspace_root() -> PathBuf {
    let dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    dir.join("..")
}

fn ours() -> Value {
    load(&workspace_root().join("spec/anchor.yaml"))
}

/// The upstream file the seed page renders, when `../shared` is beside the project.
fn upstream() -> Option<Value> {
    let path = workspace_root().join("../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml");
    if path.exists() {
        Some(load(&path))
    } else {
        eprintln!("skipped: {} is not present (this test needs ../shared beside the checkout)", path.display());
        None
    }
}

fn schemas(doc: &Value) -> &Mapping {
    doc["components"]["schemas"].as_mapping().expect("components.schemas is a mapping")
}

/// `value` without prose keys. Keys of a `properties` map are property names, never prose.
fn facts(value: &Value, in_properties: bool) -> Value {
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.iter()
                .filter(|(key, _)| {
                    let key = key.as_str().unwrap_or_default();
                    in_properties || !(matches!(key, "description" | "example" | "examples") || key.starts_with("x-"))
                })
                .map(|(key, v)| (key.clone(), facts(v, key.as_str() == Some("properties"))))
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.iter().map(|v| facts(v, false)).collect()),
        other => other.clone(),
    }
}

/// Walks both values and names every pointer below `pointer` where they differ.
fn differences(pointer: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Mapping(a), Value::Mapping(b)) => {
            for (key, value) in a {
                let name = key.as_str().map(str::to_owned).unwrap_or_else(|| format!("{key:?}"));
                let here = format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => differences(&here, value, other, out),
                    None => out.push(format!("{here}: only in spec/")),
                }
            }
            for key in b.keys().filter(|key| !a.contains_key(*key)) {
                out.push(format!("{pointer}/{}: only upstream", key.as_str().unwrap_or("?")));
            }
        }
        (Value::Sequence(a), Value::Sequence(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{pointer}/{i}"), x, y, out);
            }
        }
        (a, b) if a != b => out.push(format!(
            "{pointer}: spec/ has {}, upstream {}",
            serde_json::to_string(a).unwrap_or_default(),
            serde_json::to_string(b).unwrap_or_default()
        )),
        _ => {}
    }
}

/// Every difference that is not a listed deviation.
fn unexplained(pointer: &str, ours: &Value, theirs: &Value) -> Vec<String> {
    let mut found = Vec::new();
    differences(pointer, ours, theirs, &mut found);
    found.retain(|d| !DEVIATIONS.iter().any(|(at, _)| d.starts_with(&format!("{at}:"))));
    found
}

#[test]
fn every_operation_carries_upstreams_facts() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    let paths = |doc: &Value| doc["paths"].as_mapping().expect("paths is a mapping").clone();
    let (our_paths, their_paths) = (paths(&ours), paths(&upstream));
    let operations: usize = their_paths.values().map(|item| item.as_mapping().map_or(0, |m| m.len())).sum();
    assert_eq!(operations, 66, "the upstream document has 66 operations");
    let found =
        unexplained("#/paths", &facts(&Value::Mapping(our_paths), false), &facts(&Value::Mapping(their_paths), false));
    assert!(found.is_empty(), "spec/ differs from upstream:\n{}", found.join("\n"));
}

#[test]
fn every_schema_carries_upstreams_facts() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    assert_eq!(schemas(&ours).len(), schemas(&upstream).len(), "as many schemas as upstream");
    let found = unexplained(
        "#/components/schemas",
        &facts(&ours["components"]["schemas"], false),
        &facts(&upstream["components"]["schemas"], false),
    );
    assert!(found.is_empty(), "spec/ differs from upstream:\n{}", found.join("\n"));
}

#[test]
fn the_document_frame_equals_upstream() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    for key in ["openapi", "info", "servers", "tags"] {
        assert_eq!(ours[key], upstream[key], "{key}");
    }
    assert_eq!(ours["components"]["securitySchemes"], upstream["components"]["securitySchemes"]);
    let keys = |doc: &Value| {
        let mut keys: Vec<_> = doc.as_mapping().into_iter().flat_map(|m| m.keys()).filter_map(Value::as_str).collect();
        keys.sort_unstable();
        keys.join(",")
    };
    assert_eq!(keys(&ours), keys(&upstream), "the same top-level keys");
}

#[test]
fn the_seed_operation_and_its_schemas_are_upstreams_text() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    assert_eq!(ours["paths"]["/v1/sessions"]["post"], upstream["paths"]["/v1/sessions"]["post"]);
    for name in SEED_SCHEMAS {
        let theirs = &upstream["components"]["schemas"][name];
        assert!(!theirs.is_null(), "{name} is upstream");
        assert_eq!(&ours["components"]["schemas"][name], theirs, "{name}");
    }
}

#[test]
fn the_comparison_sees_a_changed_fact_but_not_changed_prose() {
    let Some(upstream) = upstream() else { return };
    let theirs = facts(&upstream["components"]["schemas"], false);
    let mut edited = upstream["components"]["schemas"].clone();
    edited["Task"]["properties"]["name"]["description"] = Value::String("reworded".into());
    assert!(unexplained("#", &facts(&edited, false), &theirs).is_empty(), "prose is not compared");
    edited["Task"]["properties"]["name"]["maxLength"] = Value::Number(7.into());
    assert_eq!(
        unexplained("#", &facts(&edited, false), &theirs),
        ["#/Task/properties/name/maxLength: spec/ has 7, upstream 255"]
    );
    // A property called `description` is a fact, not prose.
    let mut edited = upstream["components"]["schemas"].clone();
    edited["Task"]["properties"].as_mapping_mut().expect("properties").remove("description");
    assert_eq!(unexplained("#", &facts(&edited, false), &theirs), ["#/Task/properties/description: only upstream"]);
}

#[test]
fn descriptions_outside_the_seed_are_our_own() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    // Collect upstream's prose sentences (outside the seed's text) and look for any in spec/.
    fn prose(value: &Value, in_properties: bool, out: &mut Vec<String>) {
        match value {
            Value::Mapping(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        (Some("description"), Value::String(text)) if !in_properties => {
                            out.push(text.trim().to_owned())
                        }
                        _ => prose(v, key.as_str() == Some("properties"), out),
                    }
                }
            }
            Value::Sequence(items) => items.iter().for_each(|v| prose(v, false, out)),
            _ => {}
        }
    }
    let mut seed = Vec::new();
    prose(&upstream["paths"]["/v1/sessions"]["post"], false, &mut seed);
    for name in SEED_SCHEMAS {
        prose(&upstream["components"]["schemas"][name], false, &mut seed);
    }
    let mut theirs = Vec::new();
    prose(&upstream["paths"], false, &mut theirs);
    prose(&upstream["components"]["schemas"], false, &mut theirs);
    let mut mine = Vec::new();
    prose(&ours["paths"], false, &mut mine);
    prose(&ours["components"]["schemas"], false, &mut mine);
    let copied: Vec<_> =
        theirs.iter().filter(|text| text.len() > 20 && !seed.contains(text) && mine.contains(text)).collect();
    assert!(copied.is_empty(), "upstream sentences copied into spec/: {copied:#?}");
}

#[test]
fn norway_is_the_string_no_in_spec() {
    let ours = ours();
    let list = ours["components"]["schemas"]["ResidentialCountryCode"]["enum"].as_sequence().unwrap();
    assert!(list.contains(&Value::String("no".into())));
}
