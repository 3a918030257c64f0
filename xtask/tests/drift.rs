//! The committed generated code is what the spec produces: `cargo test` catches drift,
//! not only CI's `cargo xtask codegen --check`.

use std::path::Path;

#[test]
fn generated_code_matches_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if let Err(message) = xtask::codegen::run(&root, true) {
        panic!("{message}");
    }
}
