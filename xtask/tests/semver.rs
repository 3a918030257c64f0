//! Calls survive the document's growth: three versions of one small API (`tests/semver/`),
//! generated as crates. Adding optional parameters (the first of an operation included) and
//! optional fields breaks no caller; removing or retyping a field does. Checked two ways: by
//! `cargo semver-checks` on the generated crates, and by the source-level reading
//! `cargo xtask codegen` prints (`xtask::semver`), which must agree with it.

use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::semver::{impact, Level};

/// Generates one version as a crate named `growth`, versioned 1.0.0 so that semver-checks judges
/// the change itself (`--release-type`), not the version numbers.
fn generate(root: &Path, scratch: &Path, version: &str) -> PathBuf {
    let spec = root.join(format!("xtask/tests/semver/{version}.yaml"));
    let out = scratch.join(version);
    let krate = xtask::generate::run(root, &spec, &out, Some("growth")).expect("generate");
    let manifest = krate.dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replacen("version = \"0.1.0\"", "version = \"1.0.0\"", 1);
    std::fs::write(&manifest, text).unwrap();
    krate.dir
}

fn source(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("src/generated.rs")).unwrap()
}

#[test]
fn additions_are_minor_and_removed_or_retyped_fields_are_major() {
    let root = xtask::workspace_root();
    let scratch = root.join("target/semver-fixtures");
    let _ = std::fs::remove_dir_all(&scratch);
    let [v1, v2, v3] = ["v1", "v2", "v3"].map(|v| generate(&root, &scratch, v));

    // The reading `cargo xtask codegen` prints.
    let grown = impact(&source(&v1), &source(&v2)).unwrap();
    assert_eq!(grown.level, Level::Minor, "{grown}");
    for added in ["fn calls::GetItem<'a>::expand", "fn calls::ListItems<'a>::limit", "fn calls::ListItems<'a>::x_trace"]
    {
        assert!(grown.added.contains(&format!("added {added}")), "{added} missing from\n{grown}");
    }
    assert!(grown.added.contains(&"added field NewItem.color".to_string()), "{grown}");
    let broken = impact(&source(&v2), &source(&v3)).unwrap();
    assert_eq!(broken.level, Level::Major, "{broken}");
    assert!(broken.breaking.contains(&"removed field Item.color".to_string()), "{broken}");
    assert!(broken.breaking.contains(&"changed field NewItem.name: `String` -> `i64`".to_string()), "{broken}");

    // The reference: cargo-semver-checks on the crates themselves.
    let installed =
        Command::new(env!("CARGO")).args(["semver-checks", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "cargo-semver-checks is missing; .ci/run installs it (`cargo install --locked cargo-semver-checks`)"
        );
        eprintln!("skipped the cargo-semver-checks half: it is not installed (CI installs it)");
        return;
    }
    let check = |baseline: &Path, current: &Path| {
        let out = Command::new(env!("CARGO"))
            .args(["semver-checks", "check-release", "--release-type", "minor", "--manifest-path"])
            .arg(current.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(baseline)
            // Shared with `cargo xtask corpus`, so the dependencies build once.
            .env("CARGO_TARGET_DIR", root.join("target/corpus-target"))
            .output()
            .expect("run cargo semver-checks");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    };
    let (ok, text) = check(&v1, &v2);
    assert!(ok, "v1 -> v2 should be a minor release:\n{text}");
    let (ok, text) = check(&v2, &v3);
    assert!(!ok, "v2 -> v3 should need a major release:\n{text}");
    assert!(text.contains("struct_pub_field_missing") && text.contains("color"), "{text}");
}
