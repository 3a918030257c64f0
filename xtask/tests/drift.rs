//! The committed generated code is what the spec produces: `cargo test` catches drift,
//! not only CI's `cargo xtask codegen --check`.

#[test]
fn generated_code_matches_spec() {
    let root = xtask::workspace_root();
    if let Err(message) = xtask::codegen::run(&root, true) {
        panic!("{message}");
    }
}
