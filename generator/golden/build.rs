//! Generates one module per fixture spec into OUT_DIR, so the crate fails to build when
//! emitted code does not compile. (The whole upstream Anchor document is `anchor-api`'s, and
//! tested there.)

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
        // A fixture's settings, if it has any, sit beside it (`<name>.toml`).
        let mut settings = generator::ApiSettings::beside(path).unwrap_or_else(|e| panic!("{e}"));
        // Every operation is compiled here: this crate has no tag features to turn on.
        settings.group_by_tag = Some(false);
        let options = generator::Options { settings, ..generator::Options::default() };
        let generated = generator::generate_file(path, &options).unwrap_or_else(|e| panic!("{e}"));
        let file = Path::new(&out).join(format!("{name}.rs"));
        std::fs::write(&file, generated.code).expect("write generated module");
        writeln!(index, "#[path = {:?}]\npub mod {name};", file.display().to_string()).expect("write to string");
    }
    std::fs::write(Path::new(&out).join("fixtures.rs"), index).expect("write index");
}
