//! Every schema in `spec/` equals the same-named schema of the upstream file the seed page
//! renders (compared as parsed YAML values), so the vendored spec cannot quietly diverge.

use serde_yaml::Value;
use std::path::{Path, PathBuf};

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
        eprintln!("skipped: {} is not present", path.display());
        None
    }
}

fn schemas(doc: &Value) -> &serde_yaml::Mapping {
    doc["components"]["schemas"].as_mapping().expect("components.schemas is a mapping")
}

#[test]
fn vendored_schemas_equal_upstream() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    let (ours, upstream) = (schemas(&ours), schemas(&upstream));
    assert_eq!(ours.len(), 17, "the page shows 17 schemas");
    let mut differences = Vec::new();
    for (name, schema) in ours {
        match upstream.get(name) {
            None => differences.push(format!("{name:?}: not in upstream")),
            Some(theirs) if theirs != schema => differences.push(format!(
                "{name:?} differs:\n  spec/:    {}\n  upstream: {}",
                serde_json::to_string(schema).unwrap(),
                serde_json::to_string(theirs).unwrap()
            )),
            Some(_) => {}
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn vendored_operation_and_security_equal_upstream() {
    let Some(upstream) = upstream() else { return };
    let ours = ours();
    for key in ["openapi", "info", "servers"] {
        assert_eq!(ours[key], upstream[key], "{key}");
    }
    assert_eq!(ours["components"]["securitySchemes"], upstream["components"]["securitySchemes"]);
    assert_eq!(ours["paths"]["/v1/sessions"]["post"], upstream["paths"]["/v1/sessions"]["post"]);
    assert_eq!(ours["paths"].as_mapping().map(|m| m.len()), Some(1), "spec/ holds the one operation of the page");
}

#[test]
fn norway_is_the_string_no_in_spec() {
    let ours = ours();
    let list = ours["components"]["schemas"]["ResidentialCountryCode"]["enum"].as_sequence().unwrap();
    assert!(list.contains(&Value::String("no".into())));
}
