//! A handful of fixed draws of the names a generated crate uses itself, each in every place a
//! document can put a name; `cargo xtask names` draws more, at random.

#[test]
fn documents_that_take_the_generated_codes_own_names_compile() {
    let root = xtask::workspace_root();
    match xtask::names::run(&root, 3, true) {
        Ok(summary) => assert_eq!(summary, "3 drawn documents generated and checked"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_drawn_document_puts_each_name_in_every_place() {
    let doc: serde_json::Value = serde_json::from_str(&xtask::names::document(&["Err", "value"])).unwrap();
    assert_eq!(doc["components"]["schemas"]["Words"]["enum"], serde_json::json!(["Err", "value"]));
    for name in ["Err", "value"] {
        let schema = &doc["components"]["schemas"][name];
        assert!(schema["properties"]["Err"].is_object() && schema["properties"]["value"].is_object(), "{name}");
        assert_eq!(
            doc["components"]["schemas"]["Drawn"]["discriminator"]["mapping"][name],
            format!("#/components/schemas/{name}")
        );
    }
    assert_eq!(doc["paths"]["/drawn/0"]["post"]["operationId"], "Err");
    assert_eq!(doc["paths"]["/drawn/1"]["post"]["operationId"], "value");
    let parameters = doc["paths"]["/drawn/1"]["post"]["parameters"].as_array().unwrap();
    let names: Vec<&str> = parameters.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Err", "value"]);
}
