//! The operations table (feature `operations`) against the normalized document it was generated
//! from: every operation once, each parameter where the document puts it, and input schemas that
//! a strict JSON Schema 2020-12 validator compiles and that agree with the typed client's checks.

use anchor_api::operations::OPERATIONS;
use anchor_api::DOCUMENT;
use oapi_runtime::ops::{answer_schema, body_schema, input_schema, AnswerKind, Location};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn document() -> Value {
    serde_json::from_str(DOCUMENT).unwrap()
}

#[test]
fn every_operation_of_the_document_is_in_the_table_once_with_its_parameters() {
    let doc = document();
    let in_document: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let in_table: Vec<(String, String)> = OPERATIONS.iter().map(|o| (o.method.to_owned(), o.path.to_owned())).collect();
    assert_eq!(in_table.len(), 136);
    assert_eq!(in_table.iter().cloned().collect::<BTreeSet<_>>(), in_document, "each operation once");
    let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted by name, no name twice");

    for op in OPERATIONS {
        let declared =
            doc["paths"][op.path][op.method.to_lowercase()]["parameters"].as_array().cloned().unwrap_or_default();
        let declared: BTreeSet<(String, String)> = declared
            .iter()
            .map(|p| (p["in"].as_str().unwrap().to_owned(), p["name"].as_str().unwrap().to_owned()))
            .collect();
        let listed: BTreeSet<(String, String)> =
            op.params.iter().map(|p| (p.location.as_str().to_owned(), p.wire.to_owned())).collect();
        assert_eq!(listed, declared, "{}: parameters", op.name);
        assert!(op.params.iter().filter(|p| p.location == Location::Path).all(|p| p.required), "{}", op.name);
    }
}

#[test]
fn every_input_schema_compiles_and_bodies_and_answers_have_theirs() {
    let doc = document();
    for op in OPERATIONS {
        let input = input_schema(&doc, op);
        let validator = jsonschema::draft202012::new(&input).unwrap_or_else(|e| panic!("{}: {e}", op.name));
        assert!(!validator.is_valid(&json!({"no_such_argument": 1})), "{}: unknown arguments refused", op.name);
        if op.body.is_some_and(|b| b.media_type == "application/json") {
            assert!(body_schema(&doc, op).is_some(), "{}: a JSON body has a schema", op.name);
        }
        if op.answer == AnswerKind::Json {
            assert!(answer_schema(&doc, op).is_some(), "{}: a JSON answer has a schema", op.name);
        }
    }
}

#[test]
fn the_start_schema_checks_what_a_schema_can_and_leaves_the_pairing_to_the_typed_client() {
    let doc = document();
    let start = OPERATIONS.iter().find(|o| o.name == "start_browser_session").unwrap();
    let input = input_schema(&doc, start);
    assert_eq!(input["required"], json!([]), "the body is optional");
    let validator = jsonschema::draft202012::new(&input).unwrap();
    let proxy = |kind: &str, country: &str| json!({"body": {"session": {"proxy": {"active": true, "type": kind, "country_code": country}}}});
    assert!(validator.is_valid(&json!({})));
    assert!(validator.is_valid(&proxy("anchor_residential", "de")));
    assert!(!validator.is_valid(&proxy("anchor_residential", "zz")), "a country no proxy type serves");
    // Which countries each proxy type serves is a rule the schema cannot state (the normalized
    // document widens the overlapping lists to `anyOf`): the typed client checks it, so a call
    // through the table refuses the pair before sending (anchor-cli/tests/cli.rs shows it).
    assert!(validator.is_valid(&proxy("anchor_mobile", "ad")));
    assert!(!validator.is_valid(&json!({"body": {"browser": {"headless": {"active": "yes"}}}})));
}
