//! Emitted code for small fixture specs, one construct each (`tests/fixtures/*.yaml`).
//! Review changes with `cargo insta review` (or rerun with `INSTA_UPDATE=always`).

use oapi_generator::{generate_file, Generated, Options, Spelling};
use std::path::Path;

fn generate(name: &str) -> Generated {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = Path::new(&dir).join("tests/fixtures").join(format!("{name}.yaml"));
    // A fixture's settings, if it has any, sit beside it (`<name>.toml`).
    let settings = oapi_generator::settings::ApiSettings::beside(&path).unwrap_or_else(|e| panic!("{e}"));
    let spelling = Spelling { source: format!("tests/fixtures/{name}.yaml"), ..Spelling::default() };
    let options = Options { settings, spelling };
    generate_file(&path, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// The code plus its warnings, so a changed decision shows up in review.
fn snapshot(name: &str) -> String {
    let g = generate(name);
    let warnings: Vec<String> =
        g.warnings.iter().map(|w| format!("// warning: {}: {}", w.pointer, w.message)).collect();
    format!("{}\n{}", warnings.join("\n"), g.code)
}

/// Every fixture under `tests/fixtures`, found by listing the folder: a new fixture gets its
/// snapshot without being named here.
fn fixtures() -> Vec<String> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let mut names: Vec<String> = std::fs::read_dir(Path::new(&dir).join("tests/fixtures"))
        .expect("the fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let names = fixtures();
    assert!(names.len() >= 26, "found only {names:?}");
    for name in names {
        insta::assert_snapshot!(name.clone(), snapshot(&name));
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    for name in ["inferred_tag", "correlated_enums", "secrets_and_errors"] {
        assert_eq!(generate(name).code, generate(name).code);
    }
}
