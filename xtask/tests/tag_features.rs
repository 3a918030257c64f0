//! Operations grouped by tag behind cargo features (`generator/tests/fixtures/tag_features.yaml`
//! with its `.toml`): the generated manifest declares a feature per tag, all on by default, and
//! a program with one tag's feature compiles that tag's operations and not another's.

use std::path::Path;
use std::process::{Command, Output};

/// `cargo check` of a program using the generated crate with `features`, calling `body`.
fn check_app(root: &Path, app: &Path, krate: &Path, features: &str, body: &str) -> Output {
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ntagged = {{ path = {:?}, default-features = false, features = [{features}] }}\n\n[workspace]\n",
            krate.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        app.join("src/main.rs"),
        format!(
            "#[allow(dead_code, unused_must_use)]\nfn calls(client: &tagged::Client) {{\n{body}\n}}\nfn main() {{}}\n"
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    Command::new(env!("CARGO"))
        .args(["check", "-q", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        // Shared with `cargo xtask corpus` and the two-clients test, so the dependencies build once.
        .env("CARGO_TARGET_DIR", root.join("target/corpus-target"))
        .output()
        .expect("run cargo")
}

#[test]
fn a_program_compiles_the_operations_of_the_tags_it_turns_on() {
    let root = xtask::workspace_root();
    let scratch = root.join("target/tag-features");
    let _ = std::fs::remove_dir_all(&scratch);
    let spec = root.join("generator/tests/fixtures/tag_features.yaml");
    let krate = xtask::generate::run(&root, &spec, &scratch.join("tagged"), Some("tagged")).expect("generate");
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap();
    for line in [
        r#"default = ["rustls", "all-tags"]"#,
        r#"all-tags = ["pets", "store-front"]"#,
        "pets = []",
        "store-front = []",
    ] {
        assert!(manifest.contains(line), "{line} missing from\n{manifest}");
    }
    let readme = std::fs::read_to_string(krate.dir.join("README.md")).unwrap();
    assert!(readme.contains("features = [\"rustls\", \"pets\"]"), "{readme}");

    let app = scratch.join("app");
    // With `pets` only: its operation, the one tagged with both, and the untagged one compile.
    let pets_only = r#""rustls", "pets""#;
    let ok = "client.list_pets(); client.adopt(&tagged::Adoption::new(tagged::Pet::new(\"Rex\"))); client.health();";
    let out = check_app(&root, &app, &krate.dir, pets_only, ok);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Another tag's operation, and a type only it uses, are not there.
    let out =
        check_app(&root, &app, &krate.dir, pets_only, "client.get_store(\"s1\"); let _: Option<tagged::Store> = None;");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no method named `get_store`"), "{stderr}");
    assert!(stderr.contains("cannot find type `Store` in crate `tagged`"), "{stderr}");
    // Its feature brings them.
    let both = r#""rustls", "pets", "store-front""#;
    let out =
        check_app(&root, &app, &krate.dir, both, "client.get_store(\"s1\"); let _: Option<tagged::Store> = None;");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
