//! The documentation page wraps properties in single-element `allOf`s; upstream writes plain
//! `$ref`s. Both spellings must generate the same code.

use serde_yaml::{Mapping, Value};

fn wrap(schema: &mut Value) {
    let inner = std::mem::take(schema);
    let mut wrapper = Mapping::new();
    wrapper.insert("allOf".into(), Value::Sequence(vec![inner]));
    *schema = Value::Mapping(wrapper);
}

#[test]
fn single_element_all_of_wrappers_change_nothing() {
    let path = xtask::workspace_root().join("spec/anchor.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut doc: Value = serde_yaml::from_str(&text).unwrap();
    let schemas = &mut doc["components"]["schemas"];
    for (schema, property) in [
        ("SessionCreateRequestSchema", "session"),
        ("SessionCreateRequestSchema", "browser"),
        ("SessionCreateRequestSchema", "integrations"),
        ("SessionCreateResponseSchema", "data"),
        ("ErrorResponse", "error"),
    ] {
        wrap(&mut schemas[schema]["properties"][property]);
    }
    let options = generator::Options::default();
    let plain = generator::generate_str(&text, &options).unwrap();
    let wrapped = generator::generate_str(&serde_yaml::to_string(&doc).unwrap(), &options).unwrap();
    assert_eq!(plain.types, wrapped.types);
    let (plain, wrapped): (Vec<&str>, Vec<&str>) = (plain.code.lines().collect(), wrapped.code.lines().collect());
    for (a, b) in plain.iter().zip(&wrapped) {
        assert_eq!(a, b);
    }
    assert_eq!(plain.len(), wrapped.len());
}
