//! A document's own names are kept: a schema may be called `Client`, `Error`, `String` or any
//! other name a generated crate uses (`names::reserved::FREE_TO_TAKE`), and an operation `new`.
//! The `reserved_names` fixture gives each such name to a schema; the golden crate compiles it
//! with warnings denied.

use oapi_generator::names::reserved::{CLIENT_METHODS, FREE_TO_TAKE};
use oapi_generator::{generate_file, Options};

fn reserved_names() -> oapi_generator::Generated {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reserved_names.yaml");
    generate_file(std::path::Path::new(path), &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_name_a_generated_crate_uses_can_be_a_schema_name_and_keeps_it() {
    let code = reserved_names().code;
    let types = &code[code.find("pub mod types {").expect("a types module")..];
    for name in FREE_TO_TAKE {
        let defined =
            [format!("    pub struct {name} "), format!("    pub enum {name} "), format!("    pub type {name} =")]
                .iter()
                .any(|d| types.contains(d.as_str()));
        assert!(defined, "no type `{name}` in the types module");
        for numbered in [format!(" {name}2 "), format!(" {name}2<"), format!("::{name}2")] {
            assert!(!code.contains(&numbered), "`{name}` was numbered");
        }
    }
}

#[test]
fn an_operation_named_like_a_client_method_says_what_it_is_and_is_not_numbered() {
    let generated = reserved_names();
    for method in ["new", "builder", "from_env", "with_timeout", "with_retry", "call", "runtime", "base_url", "clone"] {
        assert!(CLIENT_METHODS.contains(&method));
        assert!(generated.code.contains(&format!("pub fn {method}_operation(")), "{method}");
        assert!(!generated.code.contains(&format!("pub fn {method}_2(")), "{method}");
    }
    let warning = generated.warnings.iter().find(|w| w.pointer == "#/paths/~1new/get").expect("a warning for `new`");
    assert_eq!(warning.message, "`new` is a method of the client itself; the operation is named `new_operation`");
}

/// The `internal_names` fixture as YAML, and its generated code.
fn internal_names() -> (serde_yaml::Value, oapi_generator::Generated) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/internal_names.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    (
        doc,
        oapi_generator::generate_file(std::path::Path::new(path), &Options::default())
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

#[test]
fn the_internal_names_fixture_puts_every_internal_name_in_every_place() {
    use oapi_generator::names::reserved::INTERNAL;
    let (doc, _) = internal_names();
    let texts = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_sequence().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_owned)).collect()
    };
    let values = texts(&doc["components"]["schemas"]["Words"]["enum"]);
    let properties = doc["components"]["schemas"]["Fields"]["properties"].as_mapping().expect("properties");
    let ids: Vec<String> = doc["paths"]
        .as_mapping()
        .expect("paths")
        .values()
        .filter_map(|item| item["get"]["operationId"].as_str().map(str::to_owned))
        .collect();
    let parameters: Vec<String> = doc["paths"]["/all/{value}"]["post"]["parameters"]
        .as_sequence()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    for name in INTERNAL {
        assert!(values.iter().any(|v| v == name), "`{name}` is no enum value");
        assert!(properties.contains_key(*name), "`{name}` is no property");
        assert!(ids.iter().any(|v| v == name), "`{name}` is no operation");
        assert!(parameters.iter().any(|v| v == name), "`{name}` is no parameter");
    }
    // Every capitalised name is a schema and a branch of the union.
    let schemas = doc["components"]["schemas"].as_mapping().expect("schemas");
    // `VALUES`, `ALL` and `NAME` are constants, not type-like: properties and values suffice.
    let type_like = |n: &&&str| {
        n.starts_with(|c: char| c.is_ascii_uppercase()) && (n.len() == 1 || !n.chars().all(|c| c.is_ascii_uppercase()))
    };
    for name in INTERNAL.iter().filter(type_like) {
        assert!(schemas.contains_key(*name), "`{name}` is no schema");
    }
}

#[test]
fn associated_items_are_reached_through_their_trait_and_variants_keep_out_of_derived_names() {
    let (_, generated) = internal_names();
    let code = &generated.code;
    assert!(!code.contains("-> Self::Strategy"), "an enum value `Strategy` would make `Self::Strategy` ambiguous");
    assert!(!code.contains("Self::Err>"), "an enum value `Err` would make `Self::Err` ambiguous");
    assert!(code.contains("<Self as ::proptest::arbitrary::Arbitrary>::Strategy"));
    // The union derives `Arbitrary`, whose code says `Self::Parameters` and `Self::Strategy`.
    let mixed = &code[code.find("pub enum Mixed {").expect("the union")..];
    let mixed = &mixed[..mixed.find("\n    }").expect("its end")];
    for variant in ["ParametersVariant(", "StrategyVariant(", "Err(", "Value("] {
        assert!(mixed.contains(variant), "{variant} in {mixed}");
    }
    assert!(!mixed.contains(" Parameters(") && !mixed.contains(" Strategy("), "{mixed}");
}
