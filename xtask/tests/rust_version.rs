//! The published crates' `rust-version` is true: it is the highest `rust-version` their
//! dependencies (normal and build) declare at the lowest versions the manifests allow. The
//! lowest-versions run (`.ci/minimal-versions.sh`, which sets `MINIMAL_VERSIONS`) checks it is
//! exactly that; with Cargo.lock's newer versions, which may need a newer compiler (a user on the
//! declared one gets older versions from cargo's rust-version-aware resolver), it must not be
//! above what they need.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const PUBLISHED: &[&str] = &["anchor-api", "oapi-runtime"];

/// `1.85` and `1.85.0` as comparable numbers.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn published_crates_declare_the_rust_version_their_dependencies_need() {
    let root = xtask::workspace_root();
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages: BTreeMap<&str, &Value> =
        meta["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let nodes: BTreeMap<&str, &Value> =
        meta["resolve"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    for name in PUBLISHED {
        let (id, package) = packages.iter().find(|(_, p)| p["name"] == *name).expect("a workspace member");
        let declared = package["rust_version"].as_str().unwrap_or_else(|| panic!("{name} declares no rust-version"));
        // Every package reached through normal and build dependencies.
        let (mut stack, mut seen) = (vec![*id], BTreeSet::new());
        let mut needed = ("none".to_string(), (0, 0, 0));
        while let Some(at) = stack.pop() {
            if !seen.insert(at) {
                continue;
            }
            for dep in nodes[at]["deps"].as_array().unwrap() {
                let runtime_kind =
                    dep["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null() || k["kind"] == "build");
                if runtime_kind {
                    stack.push(dep["pkg"].as_str().unwrap());
                }
            }
            if at == *id {
                continue;
            }
            if let Some(rv) = packages[at]["rust_version"].as_str() {
                if version(rv) > needed.1 {
                    let (dep, at_version) = (packages[at]["name"].as_str(), packages[at]["version"].as_str());
                    needed = (
                        format!("{} {} (rust-version {rv})", dep.unwrap_or("?"), at_version.unwrap_or("?")),
                        version(rv),
                    );
                }
            }
        }
        if std::env::var_os("MINIMAL_VERSIONS").is_some() {
            assert_eq!(
                version(declared),
                needed.1,
                "{name} declares rust-version {declared}, but at the lowest versions its dependencies \
                 need exactly {}: set [workspace.package] rust-version to match",
                needed.0
            );
        } else {
            assert!(
                version(declared) <= needed.1,
                "{name} declares rust-version {declared}, above what its dependencies need ({})",
                needed.0
            );
        }
    }
}
