//! The normalized document: each ambiguity the generated code resolves is restated so that a
//! strict JSON Schema validator accepts what the generated code sends. Each test shows the raw
//! document rejecting a value and the normalized one accepting it.

use oapi_generator::{generate_file, Options};
use serde_json::{json, Value};
use std::path::Path;

/// (raw document, normalized document) of a fixture, as JSON.
fn documents(name: &str) -> (Value, Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.yaml"));
    let raw: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let g = generate_file(&path, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    (serde_json::to_value(raw).unwrap(), serde_json::from_str(&g.normalized).unwrap())
}

/// Whether `instance` is valid against component `schema` of `doc` (a strict 2020-12 validator).
fn accepts(doc: &Value, schema: &str, instance: &Value) -> bool {
    let mut root = json!({ "$ref": format!("#/components/schemas/{schema}") });
    root["components"] = doc["components"].clone();
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{e}")).is_valid(instance)
}

#[test]
fn identical_enum_one_of_becomes_one_enum() {
    let (raw, normalized) = documents("identical_enum_oneof");
    let value = json!({ "speed": "express" });
    assert!(!accepts(&raw, "Shipping", &value), "every branch matches, so `oneOf` rejects");
    assert!(accepts(&normalized, "Shipping", &value));
    assert!(!accepts(&normalized, "Shipping", &json!({ "speed": "teleport" })));
    let speed = &normalized["components"]["schemas"]["Shipping"]["properties"]["speed"];
    assert_eq!(speed["enum"], json!(["standard", "express"]));
    assert_eq!(speed["description"], "Shipping speed.");
    assert!(speed.get("oneOf").is_none());
}

#[test]
fn overlapping_enums_become_any_of() {
    let (raw, normalized) = documents("correlated_enums");
    let value = json!({ "carrier": "air", "port": "lhr" });
    assert!(!accepts(&raw, "Delivery", &value), "`lhr` is in both lists");
    assert!(accepts(&normalized, "Delivery", &value));
    assert!(!accepts(&normalized, "Delivery", &json!({ "port": "atlantis" })));
    let port = &normalized["components"]["schemas"]["Delivery"]["properties"]["port"];
    assert_eq!(port["anyOf"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_tag_value_branches_share_maps_to_none_of_them_and_one_of_becomes_any_of() {
    let (raw, normalized) = documents("discriminator_without_mapping");
    let value = json!({ "kind": "change", "name": "a", "to": "b" });
    assert!(!accepts(&raw, "Change", &value), "both branches match, so `oneOf` rejects");
    assert!(accepts(&normalized, "Change", &value));
    assert!(!accepts(&normalized, "Change", &json!({ "kind": "change" })));
    let change = &normalized["components"]["schemas"]["Change"];
    assert_eq!(change["anyOf"].as_array().map(Vec::len), Some(2));
    assert!(change.get("oneOf").is_none());
    assert_eq!(change["discriminator"], json!({ "propertyName": "kind" }));
}

#[test]
fn implied_discriminator_tags_become_an_explicit_mapping() {
    let (_, normalized) = documents("discriminator_without_mapping");
    assert_eq!(
        normalized["components"]["schemas"]["Factor"]["discriminator"],
        json!({ "propertyName": "kind", "mapping": {
            "2FA": "#/components/schemas/TwoStepFactor",
            "EmailFactor": "#/components/schemas/EmailFactor",
        }})
    );
}

#[test]
fn documents_without_ambiguity_are_unchanged_but_for_the_note() {
    let (raw, mut normalized) = documents("inferred_tag");
    let note = normalized.as_object_mut().unwrap().shift_remove("x-generated");
    assert_eq!(note, Some(json!("cargo xtask codegen from the OpenAPI document. Do not edit by hand.")));
    assert_eq!(normalized, raw, "inferred tags are exclusive already; nothing to restate");
}

#[test]
fn nested_compositions_are_restated_inside_out() {
    // The outer `oneOf` becomes `anyOf`; the inner one must be found under its old path first.
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Holder:
      type: object
      properties:
        value:
          oneOf:
            - type: string
            - $ref: '#/components/schemas/Pet'
            - oneOf:
                - {type: string, enum: [a, b]}
                - {type: string, enum: [b, a]}
"#;
    let g = oapi_generator::generate_str(spec, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_str(&g.normalized).unwrap();
    let value = &doc["components"]["schemas"]["Holder"]["properties"]["value"];
    assert!(value.get("oneOf").is_none(), "{value}");
    assert_eq!(value["anyOf"][2], json!({ "type": "string", "enum": ["a", "b"] }));
}

#[test]
fn nullable_in_a_3_1_document_becomes_a_null_type() {
    let (raw, normalized) = documents("nullable_in_3_1");
    let nulls = json!({ "text": null, "mood": null, "author": null, "editor": null });
    assert!(!accepts(&raw, "Note", &nulls), "3.1 has no `nullable`: a strict validator refuses null");
    assert!(accepts(&normalized, "Note", &nulls));
    let note = json!({ "text": "hi", "mood": "calm", "author": { "name": "ann" } });
    assert!(accepts(&normalized, "Note", &note));
    assert!(!accepts(&normalized, "Note", &json!({ "mood": "asleep" })), "the enum still holds");
    let properties = &normalized["components"]["schemas"]["Note"]["properties"];
    assert_eq!(properties["text"], json!({ "type": ["string", "null"] }));
    assert_eq!(properties["mood"]["enum"], json!(["calm", "busy", null]));
    // Beside a composition, `null` in the type list would not be enough: a branch beside `null`.
    assert_eq!(properties["editor"]["anyOf"][1], json!({ "type": "null" }));
    // An example is data: its `nullable` key stays.
    let example = &normalized["components"]["schemas"]["Note"]["example"]["layout"];
    assert_eq!(example, &json!({ "type": "string", "nullable": true }));
}
