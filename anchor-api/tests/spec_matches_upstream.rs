//! `spec/anchor.yaml` is faithful to the newest upstream Anchor document
//! (`../shared/corpus/anchor/openapi.sdk-python-8eda04f.yaml`), through the same comparison as
//! `cargo xtask upstream` (the `spec-diff` crate):
//! - with prose left out, every operation, schema and frame fact equals upstream's, except where
//!   `spec/DEVIATIONS.md` lists a deviation, each with its reason;
//! - `POST /v1/sessions` and the schemas it reaches keep the seed page's facts and text (the
//!   2025-11-16 document the page renders), with only the newer document's additions;
//! - no upstream sentence of 25 characters or more outside the seed's text is copied.
//!
//! Without `../shared` beside the checkout these tests print why they are skipped.

use serde_json::Value;
use spec_diff::{compare, read_deviations, read_document, Deviation, Report};
use std::path::{Path, PathBuf};

/// The newest upstream document, which spec/ restates.
const NEWEST: &str = "openapi.sdk-python-8eda04f.yaml";
/// The document the seed page renders.
const SEED_DOCUMENT: &str = "openapi-mintlify.2025-11-16.yaml";
/// The document between the two.
const MIDDLE: &str = "openapi.2026-03-12.yaml";

/// The schemas the seed page shows, whose facts and text are the page's.
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

/// Read at run time, so a test binary built from another checkout reads this tree.
fn workspace_root() -> PathBuf {
    let dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    dir.join("..")
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_document(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ours() -> Value {
    load(&workspace_root().join("spec/anchor.yaml"))
}

fn deviations_text() -> String {
    let path = workspace_root().join("spec/DEVIATIONS.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn deviations() -> Vec<Deviation> {
    read_deviations(&deviations_text()).unwrap_or_else(|e| panic!("spec/DEVIATIONS.md: {e}"))
}

/// An upstream document, when `../shared` is beside the project.
fn upstream(name: &str) -> Option<Value> {
    let path = workspace_root().join("../shared/corpus/anchor").join(name);
    if path.exists() {
        Some(load(&path))
    } else {
        eprintln!("skipped: {} is not present (this test needs ../shared beside the checkout)", path.display());
        None
    }
}

fn operations(doc: &Value) -> usize {
    let items = doc["paths"].as_object().expect("paths");
    items.values().map(|item| item.as_object().map_or(0, |m| m.keys().filter(|k| *k != "parameters").count())).sum()
}

#[test]
fn the_newest_document_has_nothing_to_bring_in() {
    let Some(newest) = upstream(NEWEST) else { return };
    let ours = ours();
    assert_eq!((operations(&newest), operations(&ours)), (136, 136), "136 operations upstream and here");
    let report = compare(&ours, &newest, &deviations());
    assert!(report.is_empty(), "spec/ differs from {NEWEST}:\n{report}");
    assert!(report.unworded.is_empty(), "descriptions with no wording of ours:\n{report}");
    // Each deviation explains something: the upstream defects and the seed's own facts.
    assert_eq!(report.explained.len(), 9, "{report}");
}

#[test]
fn every_deviation_has_its_reason() {
    let text = deviations_text();
    let entries: Vec<&str> = text.split("\n## ").skip(1).filter(|e| e.contains("- pointer:")).collect();
    assert_eq!(entries.len(), 4, "four entries (1, 2, 3-5, 6)");
    for entry in entries {
        let title = entry.lines().next().unwrap_or_default();
        assert!(entry.contains("\n- reason: "), "entry `{title}` gives no reason");
        assert!(entry.contains("\n- upstream: ") && entry.contains("\n- ours: "), "entry `{title}`: both sides");
    }
    assert_eq!(deviations().len(), 6, "six pointers");
}

/// The summary line of the report against an older document, as spec/README.md explains it.
fn summary(report: &Report) -> String {
    report.to_string().lines().last().unwrap_or_default().to_owned()
}

#[test]
fn the_older_documents_differ_as_the_update_procedure_explains() {
    let (Some(seed), Some(middle)) = (upstream(SEED_DOCUMENT), upstream(MIDDLE)) else { return };
    let ours = ours();
    let against_seed = compare(&ours, &seed, &deviations());
    assert_eq!(
        summary(&against_seed),
        "summary: operations 1 added, 71 removed, 22 changed; schemas 0 added, 120 removed, 11 changed; \
         1 other changes; 1 explained; 5 stale; 0 unworded"
    );
    assert_eq!(against_seed.operations_added, ["POST /v1/tools/fetch-webpage"], "removed by the newest document");
    let against_middle = compare(&ours, &middle, &deviations());
    assert_eq!(
        summary(&against_middle),
        "summary: operations 2 added, 47 removed, 6 changed; schemas 0 added, 66 removed, 15 changed; \
         0 other changes; 9 explained; 0 stale; 0 unworded"
    );
    assert_eq!(
        against_middle.operations_added,
        ["GET /v1/identities/{identityId}/credentials", "POST /v1/tools/fetch-webpage"],
        "both removed by the newest document"
    );
}

/// `POST /v1/sessions` and the seed schemas of `doc`, as a document of their own.
fn seed_part(doc: &Value) -> Value {
    let mut schemas = serde_json::Map::new();
    for name in SEED_SCHEMAS {
        schemas.insert(name.to_owned(), doc["components"]["schemas"][name].clone());
    }
    serde_json::json!({
        "paths": { "/v1/sessions": { "post": doc["paths"]["/v1/sessions"]["post"] } },
        "components": { "schemas": schemas },
    })
}

/// Every `description` under `value`, by JSON pointer (names in `properties` are not prose).
fn descriptions(pointer: &str, value: &Value, in_names: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{pointer}/{}", spec_diff::escape(key));
                match (key.as_str(), v) {
                    ("description", Value::String(text)) if !in_names => out.push((here, text.trim().to_owned())),
                    _ => descriptions(&here, v, !in_names && key == "properties", out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                descriptions(&format!("{pointer}/{i}"), v, false, out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_seed_operation_keeps_the_seed_pages_facts_and_text() {
    let Some(seed) = upstream(SEED_DOCUMENT) else { return };
    let (ours, seed) = (seed_part(&ours()), seed_part(&seed));
    // Facts: the newer document only adds (a 429 response, new session and browser options).
    let report = compare(&ours, &seed, &[]);
    let changes = report.operations_changed.iter().chain(&report.schemas_changed).flat_map(|c| &c.changes);
    let not_additions: Vec<String> = changes.filter(|c| c.new.is_some()).map(ToString::to_string).collect();
    assert!(not_additions.is_empty(), "the seed's facts changed:\n{}", not_additions.join("\n"));
    assert!(report.operations_added.is_empty() && report.schemas_added.is_empty(), "{report}");
    // Text: each description of the page is still there, word for word.
    let (mut theirs, mut mine) = (Vec::new(), Vec::new());
    descriptions("#", &seed, false, &mut theirs);
    descriptions("#", &ours, false, &mut mine);
    let lost: Vec<&String> = theirs.iter().filter(|d| !mine.contains(d)).map(|(at, _)| at).collect();
    assert!(lost.is_empty(), "the seed's descriptions changed at: {lost:#?}");
    assert!(theirs.len() > 50, "the seed page's descriptions were read ({})", theirs.len());
}

#[test]
fn the_comparison_sees_a_changed_fact_but_not_changed_prose() {
    let Some(newest) = upstream(NEWEST) else { return };
    let ours = ours();
    let mut edited = ours.clone();
    edited["components"]["schemas"]["WebhookCreateRequest"]["description"] = Value::String("reworded".into());
    assert!(compare(&edited, &newest, &deviations()).is_empty(), "prose is not compared");
    edited["components"]["schemas"]["WebhookCreateRequest"]["required"] = serde_json::json!(["url"]);
    let report = compare(&edited, &newest, &deviations());
    let changed: Vec<String> =
        report.schemas_changed.iter().flat_map(|c| &c.changes).map(ToString::to_string).collect();
    assert_eq!(
        changed,
        [r#"#/components/schemas/WebhookCreateRequest/required: ["url"] -> ["url","subscribed_events"]"#],
        "{report}"
    );
}

/// Upstream's sentences of 25 characters or more, outside `exclude`.
fn sentences(doc: &Value, exclude: &[String]) -> Vec<String> {
    let mut all = Vec::new();
    for part in ["paths", "components"] {
        descriptions(&format!("#/{part}"), &doc[part], false, &mut all);
    }
    let mut out = Vec::new();
    for (_, text) in all {
        for sentence in text.split(['\n', '.', ';']).map(str::trim).filter(|s| s.chars().count() >= 25) {
            if !exclude.iter().any(|e| e.contains(sentence)) {
                out.push(sentence.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn descriptions_outside_the_seed_are_our_own() {
    let (Some(seed), Some(middle), Some(newest)) = (upstream(SEED_DOCUMENT), upstream(MIDDLE), upstream(NEWEST)) else {
        return;
    };
    let mut seed_text = Vec::new();
    descriptions("#", &seed_part(&seed), false, &mut seed_text);
    let seed_text: Vec<String> = seed_text.into_iter().map(|(_, text)| text).collect();
    let mut mine = Vec::new();
    for part in ["paths", "components"] {
        descriptions(&format!("#/{part}"), &ours()[part], false, &mut mine);
    }
    for (name, doc) in [(SEED_DOCUMENT, &seed), (MIDDLE, &middle), (NEWEST, &newest)] {
        let copied: Vec<String> = sentences(doc, &seed_text)
            .into_iter()
            .filter(|sentence| mine.iter().any(|(_, text)| text.contains(sentence.as_str())))
            .collect();
        assert!(copied.is_empty(), "sentences of {name} copied into spec/: {copied:#?}");
    }
}

#[test]
fn norway_is_the_string_no_in_spec() {
    let ours = ours();
    let list = ours["components"]["schemas"]["ResidentialCountryCode"]["enum"].as_array().unwrap();
    assert!(list.contains(&Value::String("no".into())));
}
