//! `compare` on small pairs of documents under `tests/fixtures/<case>/` (`ours.yaml`,
//! `theirs.yaml`, and a `DEVIATIONS.md` where the case has deviations).

use std::path::PathBuf;

use serde_json::json;
use spec_diff::{compare, read_deviations, read_document, Change, Changed, Deviation, Report};

fn fixture(case: &str, file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(case).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The report on a case's pair, with the given deviations.
fn report_with(case: &str, deviations: &[Deviation]) -> Report {
    let load = |file| read_document(&fixture(case, file)).unwrap_or_else(|e| panic!("{case}/{file}: {e}"));
    compare(&load("ours.yaml"), &load("theirs.yaml"), deviations)
}

fn report(case: &str) -> Report {
    report_with(case, &[])
}

fn deviation(pointer: &str) -> Deviation {
    Deviation { pointer: pointer.into() }
}

#[test]
fn an_added_and_a_removed_operation_are_listed_and_printed_exactly() {
    let report = report("operations");
    assert_eq!(report.operations_added, ["POST /v1/items"]);
    assert_eq!(report.operations_removed, ["DELETE /v1/items/{id}"]);
    assert!(!report.is_empty());
    let printed = report.to_string();
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        [
            "operations added (1):",
            "  + POST /v1/items",
            "operations removed (1):",
            "  - DELETE /v1/items/{id}",
            "operations changed (1):",
            "  ~ GET /v1/items/{id}",
            "    #/paths/~1v1~1items~1{id}/get/responses/404: (absent) -> {}",
            "other changes (1):",
            "  #/info/version: \"1.0\" -> \"1.1\"",
            "summary: operations 1 added, 1 removed, 1 changed; schemas 0 added, 0 removed, 0 changed; \
             1 other changes; 0 explained; 0 stale; 0 unworded",
        ]
    );
    // The printout is the same every time.
    assert_eq!(printed, report_with("operations", &[]).to_string());
}

#[test]
fn a_changed_enum_is_a_schema_change_with_old_and_new() {
    let report = report("enum");
    assert_eq!(
        report.schemas_changed,
        [
            Changed {
                name: "Color".into(),
                changes: vec![Change {
                    pointer: "#/components/schemas/Color/enum".into(),
                    old: Some(json!(["red", "green"])),
                    new: Some(json!(["red", "green", "blue"])),
                }],
            },
            Changed {
                name: "Size".into(),
                changes: vec![Change {
                    pointer: "#/components/schemas/Size/enum/1".into(),
                    old: Some(json!("m")),
                    new: Some(json!("l")),
                }],
            },
        ]
    );
    assert!(report.schemas_added.is_empty() && report.schemas_removed.is_empty());
    assert!(report.to_string().contains(
        "schemas changed (2):\n  ~ Color\n    #/components/schemas/Color/enum: [\"red\",\"green\"] -> [\"red\",\"green\",\"blue\"]\n"
    ));
    assert!(!report.is_empty());
}

#[test]
fn a_reordered_parameter_list_is_no_change() {
    let report = report("reordered");
    assert_eq!(report, Report::default(), "{report}");
    assert!(report.is_empty());
}

#[test]
fn a_parameter_is_matched_by_in_and_name_and_reported_at_our_index() {
    let ours = read_document(&fixture("reordered", "ours.yaml")).expect("ours");
    let mut theirs = read_document(&fixture("reordered", "theirs.yaml")).expect("theirs");
    // Upstream's `limit` (its index 2, ours 2 as well) and `page` (upstream 3, ours 1).
    theirs["paths"]["/v1/items/{id}"]["get"]["parameters"][3]["schema"]["minimum"] = json!(1);
    theirs["paths"]["/v1/items/{id}"]["get"]["parameters"][4] = json!({"in": "query", "name": "id"});
    let report = compare(&ours, &theirs, &[]);
    let changes = &report.operations_changed[0].changes;
    let at = "#/paths/~1v1~1items~1{id}/get/parameters";
    assert_eq!(
        changes,
        &[
            Change {
                pointer: format!("{at}/0"),
                old: Some(json!({"in": "path", "name": "id", "required": true, "schema": {"type": "string"}})),
                new: None
            },
            Change { pointer: format!("{at}/1/schema/minimum"), old: None, new: Some(json!(1)) },
            Change { pointer: format!("{at}/4"), old: None, new: Some(json!({"in": "query", "name": "id"})) },
        ]
    );
}

#[test]
fn prose_alone_is_no_change() {
    let report = report("prose");
    assert_eq!(report, Report::default(), "{report}");
    assert!(report.is_empty());
}

#[test]
fn names_that_look_like_prose_are_facts() {
    let ours = read_document(&fixture("prose", "ours.yaml")).expect("ours");
    let mut theirs = read_document(&fixture("prose", "theirs.yaml")).expect("theirs");
    // A property called `description` and a header called `x-request-id` are names.
    let properties = theirs["components"]["schemas"]["Item"]["properties"].as_object_mut().expect("properties");
    properties.remove("description");
    let headers = theirs["paths"]["/v1/items"]["get"]["responses"]["200"]["headers"].as_object_mut().expect("headers");
    headers.remove("x-request-id");
    let report = compare(&ours, &theirs, &[]);
    assert_eq!(report.schemas_changed[0].changes[0].pointer, "#/components/schemas/Item/properties/description");
    assert_eq!(
        report.operations_changed[0].changes[0].pointer,
        "#/paths/~1v1~1items/get/responses/200/headers/x-request-id"
    );
}

#[test]
fn a_difference_under_a_deviation_is_explained_not_changed() {
    let deviations = read_deviations(&fixture("deviation", "DEVIATIONS.md")).expect("DEVIATIONS.md");
    let report = report_with("deviation", &deviations);
    assert!(report.is_empty(), "{report}");
    assert!(report.schemas_changed.is_empty() && report.schemas_removed.is_empty());
    let explained: Vec<&str> = report.explained.iter().map(|c| c.pointer.as_str()).collect();
    assert_eq!(explained, ["#/components/schemas/Item/properties/kind/enum", "#/components/schemas/Missing"]);
    assert!(report.stale.is_empty());
    assert!(report.to_string().contains(
        "explained by DEVIATIONS (2):\n  #/components/schemas/Item/properties/kind/enum: [\"small\",\"large\"] -> [\"any\"]\n"
    ));
    // Without the deviations the same differences are changes.
    let bare = report_with("deviation", &[]);
    assert_eq!(bare.schemas_removed, ["Missing"]);
    assert_eq!(bare.schemas_changed[0].name, "Item");
    assert!(!bare.is_empty());
}

#[test]
fn a_deviation_only_covers_its_own_place_and_below() {
    // `.../kin` is not `.../kind` and the difference is not above `.../kind/enum/0`.
    let report = report_with(
        "deviation",
        &[deviation("#/components/schemas/Item/properties/kin"), deviation("#/components/schemas/Missing/type")],
    );
    assert_eq!(report.schemas_changed[0].name, "Item");
    assert_eq!(report.schemas_removed, ["Missing"]);
    assert_eq!(report.stale.len(), 2);
}

#[test]
fn a_deviation_matching_no_difference_is_stale() {
    let mut deviations = read_deviations(&fixture("deviation", "DEVIATIONS.md")).expect("DEVIATIONS.md");
    deviations.push(deviation("#/components/schemas/Item/properties/name"));
    let report = report_with("deviation", &deviations);
    assert_eq!(report.stale, [deviation("#/components/schemas/Item/properties/name")]);
    assert_eq!(report.explained.len(), 2);
    assert!(!report.is_empty(), "a stale deviation is something to bring in");
    assert!(report.to_string().contains("stale deviations (1):\n  #/components/schemas/Item/properties/name\n"));
}

#[test]
fn upstream_descriptions_we_have_not_worded_are_listed_where_both_have_the_place() {
    let report = report("unworded");
    assert_eq!(
        report.unworded,
        [
            "#/components/schemas/Item/properties/name/description",
            "#/paths/~1v1~1items/get/description",
            // Our `page` is our parameter 0 (upstream's 1); our `limit` has its own words.
            "#/paths/~1v1~1items/get/parameters/0/description",
            // A blank description is none.
            "#/paths/~1v1~1items/get/responses/200/description",
        ]
    );
    // `post` is only upstream: it is an added operation, not an unworded place.
    assert_eq!(report.operations_added, ["POST /v1/items"]);
    // Unworded descriptions are prose: with the new operation explained, nothing is to bring in.
    let explained = report_with("unworded", &[deviation("#/paths/~1v1~1items/post")]);
    assert!(explained.is_empty(), "{explained}");
    assert_eq!(explained.unworded.len(), 4);
    assert!(explained.to_string().contains("descriptions with no wording of ours yet (4):\n"));
}

#[test]
fn long_values_are_shortened_and_keys_escaped() {
    let ours = read_document("paths: {}\ncomponents: {schemas: {a/b~c: {type: string}}}").expect("ours");
    let long: Vec<String> = (0..40).map(|i| format!("value{i}")).collect();
    let theirs = read_document(&format!(
        "paths: {{}}\ncomponents: {{schemas: {{a/b~c: {{type: string, enum: [{}]}}}}}}",
        long.join(", ")
    ))
    .expect("theirs");
    let printed = compare(&ours, &theirs, &[]).to_string();
    let line = printed.lines().find(|l| l.contains("/enum")).expect("an enum line");
    assert!(line.starts_with("    #/components/schemas/a~1b~0c/enum: (absent) -> [\"value0\",\"value1\""), "{line}");
    assert!(line.ends_with('…'), "{line}");
    assert_eq!(line.split(" -> ").nth(1).map(|v| v.chars().count()), Some(100));
}

#[test]
fn scheme_and_parameter_names_that_look_like_extensions_are_facts() {
    let doc = |scheme: &str, header: &str| {
        read_document(&format!(
            "paths:\n  /a:\n    get:\n      security: [{{{scheme}: []}}]\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    {scheme}: {{type: apiKey, in: header, name: {header}}}\n  parameters:\n    x-request-id: {{name: X-Request-Id, in: header}}\n"
        ))
        .unwrap()
    };
    // A scheme named like an extension (`x-api-key`) is a name: its header changing is a change.
    let report = compare(&doc("x-api-key", "X-Key"), &doc("x-api-key", "X-Other"), &[]);
    assert_eq!(
        report.other_changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [r#"#/components/securitySchemes/x-api-key/name: "X-Key" -> "X-Other""#]
    );
    // So is the scheme an operation requires.
    let report = compare(&doc("x-api-key", "X-Key"), &doc("x-token", "X-Key"), &[]);
    assert_eq!(report.operations_changed.len(), 1, "{report}");
}
