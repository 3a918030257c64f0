//! The generator, this tool and the runtime are released together: one version number, and the
//! dependencies a generated crate gets are the ones this repository builds and tests with.

use std::path::Path;

fn manifest(rel: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap().parse().unwrap()
}

#[test]
fn the_three_crates_share_one_version() {
    for rel in ["Cargo.toml", "../generator/Cargo.toml", "../runtime/Cargo.toml"] {
        let m = manifest(rel);
        assert_eq!(m["package"]["version"].as_str(), Some(oapi_gen::VERSION), "{rel}");
    }
    let workspace = manifest("../Cargo.toml");
    assert_eq!(workspace["workspace"]["package"]["rust-version"].as_str(), Some(oapi_gen::RUST_VERSION));
}

#[test]
fn generated_crates_depend_on_what_the_workspace_tests() {
    let workspace = manifest("../Cargo.toml");
    let pins = workspace["workspace"]["dependencies"].as_table().unwrap();
    let lists = [oapi_gen::DIRECT_DEPENDENCIES, oapi_gen::FORMAT_DEPENDENCIES, oapi_gen::PROPTEST_DEPENDENCIES];
    for (name, line) in lists.iter().flat_map(|l| l.iter()) {
        let ours: toml::Value = format!("v = {line}").parse::<toml::Table>().unwrap()["v"].clone();
        let version = |v: &toml::Value| match v {
            toml::Value::String(s) => s.clone(),
            t => t["version"].as_str().unwrap().to_owned(),
        };
        let features = |v: &toml::Value| v.get("features").cloned();
        let default = |v: &toml::Value| v.get("default-features").cloned();
        let pin = &pins[*name];
        assert_eq!(version(&ours), version(pin), "{name}");
        assert_eq!(features(&ours), features(pin), "{name}");
        assert_eq!(default(&ours), default(pin), "{name}");
    }
}
