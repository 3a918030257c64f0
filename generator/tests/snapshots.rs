//! Emitted code for small fixture specs, one construct each (`tests/fixtures/*.yaml`).
//! Review changes with `cargo insta review` (or rerun with `INSTA_UPDATE=always`).

use generator::{generate_file, Generated, Options};
use std::path::Path;

fn generate(name: &str) -> Generated {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = Path::new(&dir).join("tests/fixtures").join(format!("{name}.yaml"));
    let options = Options { source: format!("tests/fixtures/{name}.yaml"), ..Options::default() };
    generate_file(&path, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// The code plus its warnings, so a changed decision shows up in review.
fn snapshot(name: &str) -> String {
    let g = generate(name);
    let warnings: Vec<String> =
        g.warnings.iter().map(|w| format!("// warning: {}: {}", w.pointer, w.message)).collect();
    format!("{}\n{}", warnings.join("\n"), g.code)
}

macro_rules! fixture {
    ($name:ident) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(snapshot(stringify!($name)));
        }
    };
}

fixture!(identical_enum_oneof);
fixture!(discriminator_without_mapping);
fixture!(inferred_tag);
fixture!(single_allof);
fixture!(inline_name_clash);
fixture!(operation_naming);
fixture!(correlated_enums);
fixture!(value_rules);
fixture!(refs_anywhere);
fixture!(null_unions);
fixture!(reserved_names);
fixture!(secrets_and_errors);
fixture!(response_enum);
fixture!(recursion_and_aliases);
fixture!(parameters);
fixture!(raw_bodies);
fixture!(multipart);
fixture!(response_statuses);
fixture!(security_schemes);
fixture!(any_of);
fixture!(nullable_and_maps);
fixture!(all_of_merge);
fixture!(enum_values);
fixture!(property_names);
fixture!(schema_names);
fixture!(annotations_and_formats);

#[test]
fn output_is_byte_identical_across_runs() {
    for name in ["inferred_tag", "correlated_enums", "secrets_and_errors"] {
        assert_eq!(generate(name).code, generate(name).code);
    }
}
