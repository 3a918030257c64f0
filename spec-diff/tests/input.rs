//! Input that cannot be compared gives an error naming what and where, never a panic.

use spec_diff::{compare, facts, read_deviations, read_document, validate, Deviation, Error};

fn shape(text: &str) -> Error {
    match read_document(text) {
        Err(error) => error,
        Ok(doc) => panic!("accepted {doc}"),
    }
}

#[test]
fn a_document_that_is_not_a_mapping_is_an_error() {
    assert_eq!(shape("- a\n- b\n").to_string(), "#: the document is not a mapping but a sequence");
    assert_eq!(shape("just text").to_string(), "#: the document is not a mapping but a string");
}

#[test]
fn parts_that_are_not_mappings_are_errors_naming_their_pointer() {
    assert_eq!(shape("paths: [a]").to_string(), "#/paths: `paths` is not a mapping but a sequence");
    assert_eq!(
        shape("paths: {/v1/items: 3}").to_string(),
        "#/paths/~1v1~1items: the path item is not a mapping but a number"
    );
    assert_eq!(
        shape("paths: {/v1/items: {get: [x]}}").to_string(),
        "#/paths/~1v1~1items/get: the operation is not a mapping but a sequence"
    );
    assert_eq!(shape("components: 1").to_string(), "#/components: `components` is not a mapping but a number");
    assert_eq!(
        shape("components: {schemas: null}").to_string(),
        "#/components/schemas: `components/schemas` is not a mapping but null"
    );
}

#[test]
fn text_that_is_not_yaml_is_an_error_with_its_place() {
    let error = shape("paths: {a: [}\n");
    assert!(matches!(&error, Error::Yaml(message) if message.contains("line 1")), "{error}");
}

#[test]
fn compare_never_panics_on_bad_shapes() {
    let good = read_document("paths: {/v1/items: {get: {}}}").expect("good");
    let bad = serde_json::json!({"paths": ["x"], "components": {"schemas": 3}});
    assert!(validate(&bad).is_err());
    let report = compare(&good, &bad, &[]);
    let pointers: Vec<&str> = report.other_changes.iter().map(|c| c.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/components", "#/paths"]);
    let report = compare(&serde_json::json!([1]), &good, &[]);
    assert_eq!(report.other_changes[0].pointer, "#");
}

#[test]
fn a_malformed_pointer_line_names_its_line() {
    let text =
        "# Deviations\n\n- pointer: `#/components/schemas/A`\n- reason: kept\n\n- pointer: `components/schemas/B`\n";
    assert_eq!(
        read_deviations(text),
        Err(Error::Deviation { line: 6, what: "`components/schemas/B` does not start with `#/`".into() })
    );
    let error = read_deviations("- pointer: #/a\n").expect_err("no backticks");
    assert!(error.to_string().starts_with("line 1: the pointer is not in backticks"), "{error}");
    let error = read_deviations("\n\n  * pointer: `#/a~2b`").expect_err("bad escape");
    assert!(error.to_string().starts_with("line 3: "), "{error}");
}

#[test]
fn pointer_lines_are_read_and_prose_lines_ignored() {
    let text = "Some prose that mentions a pointer: `#/x`.\n- pointer: `#/a/b~1c` (why)\n  * pointer:`#/d`\n- reason: see pointer\n";
    assert_eq!(
        read_deviations(text),
        Ok(vec![Deviation { pointer: "#/a/b~1c".into() }, Deviation { pointer: "#/d".into() }])
    );
}

#[test]
fn facts_drop_prose_keys_but_keep_names_and_literals() {
    let yaml: serde_yaml::Value = serde_yaml::from_str(
        "description: d\nx-a: 1\nresponses:\n  200: {description: ok, content: {application/json: {example: 1}}}\n\
         properties: {description: {type: string, description: p}, x-b: {example: e}}\ndefault: {description: kept}\n",
    )
    .expect("yaml");
    assert_eq!(
        facts(&yaml),
        serde_json::json!({
            "responses": {"200": {"content": {"application/json": {}}}},
            "properties": {"description": {"type": "string"}, "x-b": {}},
            "default": {"description": "kept"},
        })
    );
}
