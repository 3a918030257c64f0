//! `$ref`s between neighbouring kinds of components (a response pointing at a request body, and
//! the reverse) are read as the kind the place needs, with a warning naming both pointers; a
//! `$ref` to a missing entry stays a located error. Path templates a request cannot be built
//! from are refused where they are written.

use oapi_generator::{generate_file, generate_str, Options};

#[test]
fn a_response_pointing_at_a_request_body_is_read_as_a_response_with_a_warning() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/neighbour_refs.yaml");
    let generated = generate_file(std::path::Path::new(path), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<(&str, &str)> =
        generated.warnings.iter().map(|w| (w.pointer.as_str(), w.message.as_str())).collect();
    assert!(
        warnings.contains(&(
            "#/paths/~1incidents/post/responses/201",
            "$ref \"#/components/requestBodies/Incident\" points at #/components/requestBodies/Incident, an entry of components.requestBodies where one of components.responses belongs; its content is the same, so it is read as one",
        )),
        "{warnings:#?}"
    );
    assert!(
        warnings.contains(&(
            "#/paths/~1incidents/post/requestBody",
            "$ref \"#/components/responses/Incident\" points at #/components/responses/Incident, an entry of components.responses where one of components.requestBodies belongs; its content is the same, so it is read as one",
        )),
        "{warnings:#?}"
    );
    // The operation takes (a response says nothing of `required`, so as an optional body) and
    // returns the schema both entries name.
    assert!(
        generated.code.contains("pub fn body(mut self, value: &'a super::types::Incident) -> Self"),
        "{}",
        generated.code
    );
    let output = &generated.code[generated.code.find("type Output = ").expect("the call's output")..];
    assert!(
        output
            .split_whitespace()
            .collect::<String>()
            .starts_with("typeOutput=::std::result::Result<super::types::Incident,"),
        "{output}"
    );
}

#[test]
fn a_neighbouring_ref_to_a_missing_entry_is_a_located_error() {
    let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/requestBodies/Gone'}\n";
    let e = generate_str(doc, &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#/paths/~1a/get/responses/200");
    assert_eq!(e.message, "$ref \"#/components/requestBodies/Gone\" points at no entry in components.requestBodies");
    let doc = doc.replace("requestBodies/Gone", "schemas/Gone");
    let e = generate_str(&doc, &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#/paths/~1a/get/responses/200");
    assert_eq!(
        e.message,
        "unsupported $ref \"#/components/schemas/Gone\": expected a local `#/components/responses/<name>` reference"
    );
}

#[test]
fn a_path_template_left_open_or_with_an_empty_placeholder_is_refused_where_it_is_written() {
    let doc = |path: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  '{path}':\n    get:\n      responses: {{'204': {{description: none}}}}\n")
    };
    let e = generate_str(&doc("/a/{id"), &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#/paths/~1a~1{id");
    assert_eq!(e.message, "the path template \"/a/{id\" opens a `{` it never closes");
    let e = generate_str(&doc("/a/{}/b"), &Options::default()).unwrap_err();
    assert_eq!(e.pointer, "#/paths/~1a~1{}~1b");
    assert_eq!(e.message, "the path template \"/a/{}/b\" has a placeholder without a name; expected `{name}`");
}
