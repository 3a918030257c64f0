//! A document's own names are kept: a schema may be called `Client`, `Error`, `String` or any
//! other name a generated crate uses (`names::reserved::FREE_TO_TAKE`), and an operation `new`.
//! The `reserved_names` fixture gives each such name to a schema; the golden crate compiles it
//! with warnings denied.

use generator::names::reserved::{CLIENT_METHODS, FREE_TO_TAKE};
use generator::{generate_file, Options};

fn reserved_names() -> generator::Generated {
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
