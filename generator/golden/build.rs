//! Generates one module per fixture spec into OUT_DIR, so the crate fails to build when
//! emitted code does not compile; plus `upstream_anchor`, from the whole upstream Anchor
//! document in `../shared`, for its loopback tests.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let fixtures = Path::new(&manifest_dir).join("../tests/fixtures");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    println!("cargo:rerun-if-changed=../src");
    let mut entries: Vec<_> =
        std::fs::read_dir(&fixtures).expect("fixtures folder").flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut index = String::new();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 fixture name");
        let generated =
            generator::generate_file(path, &generator::Options::default()).unwrap_or_else(|e| panic!("{e}"));
        let file = Path::new(&out).join(format!("{name}.rs"));
        std::fs::write(&file, generated.code).expect("write generated module");
        writeln!(index, "#[path = {:?}]\npub mod {name};", file.display().to_string()).expect("write to string");
    }
    // The whole upstream Anchor document, read where CI keeps it (never copied in).
    let upstream = Path::new(&manifest_dir).join("../../../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml");
    println!("cargo:rerun-if-changed={}", upstream.display());
    // Its own runtime instance: every module's methods go on its runtime's `Client`, and the
    // upstream names would clash with the fixtures'.
    let options = generator::Options { runtime: "crate::upstream_runtime".into(), ..Default::default() };
    let generated = generator::generate_file(&upstream, &options)
        .unwrap_or_else(|e| panic!("{e} (the golden crate needs ../shared beside the project checkout)"));
    let file = Path::new(&out).join("upstream_anchor.rs");
    std::fs::write(&file, generated.code).expect("write generated module");
    writeln!(index, "#[path = {:?}]\npub mod upstream_anchor;", file.display().to_string()).expect("write to string");
    std::fs::write(Path::new(&out).join("fixtures.rs"), index).expect("write index");
}
