//! `cargo xtask names [CASES]`: small documents whose enum values, properties, schemas,
//! operations and parameters take the names a generated crate uses itself
//! (`generator::names::reserved::INTERNAL` and `FREE_TO_TAKE`), each generated and checked with
//! `cargo check --features proptest`. Draws are random here and fixed in the test suite; a
//! failing draw is shrunk to a smaller one before it is reported.

use generator::names::reserved::{FREE_TO_TAKE, INTERNAL};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::path::Path;
use std::process::Command;

/// A document where every drawn name is an enum value, a property of every schema, a schema, an
/// operation and a query parameter. Each schema is a branch of a union told apart by `kind`.
pub fn document(names: &[&str]) -> String {
    let words: Vec<Value> = names.iter().map(|n| json!(n)).collect();
    let mut schemas = Map::new();
    schemas.insert("Words".into(), json!({"type": "string", "enum": words}));
    let mut mapping = Map::new();
    let mut branches = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut properties = Map::new();
        properties.insert("kind".into(), json!({"type": "string", "enum": [name]}));
        for (j, property) in names.iter().enumerate() {
            // Every field state in turn: required, optional, nullable (clearable), an enum.
            let schema = match (i + j) % 3 {
                0 => json!({"type": "integer", "minimum": 0}),
                1 => json!({"type": "string", "nullable": true}),
                _ => json!({"$ref": "#/components/schemas/Words"}),
            };
            properties.insert(property.to_string(), schema);
        }
        let required = vec![json!("kind"), json!(names[i])];
        schemas.insert(name.to_string(), json!({"type": "object", "required": required, "properties": properties}));
        let target = format!("#/components/schemas/{name}");
        mapping.insert(name.to_string(), json!(target));
        branches.push(json!({"$ref": target}));
    }
    schemas.insert(
        "Drawn".into(),
        json!({"oneOf": branches, "discriminator": {"propertyName": "kind", "mapping": mapping}}),
    );
    let mut paths = Map::new();
    for (i, name) in names.iter().enumerate() {
        let parameters: Vec<Value> = names
            .iter()
            .map(|p| json!({"name": p, "in": "query", "schema": {"$ref": "#/components/schemas/Words"}}))
            .collect();
        paths.insert(
            format!("/drawn/{i}"),
            json!({"post": {
                "operationId": name,
                "parameters": parameters,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
                "responses": {"200": {"description": "the union", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Drawn"}}}}},
            }}),
        );
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Drawn Names", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Every name the draws take from, without repeats.
fn pool() -> Vec<&'static str> {
    let mut pool: Vec<&str> = INTERNAL.iter().chain(FREE_TO_TAKE).copied().collect();
    pool.sort_unstable();
    pool.dedup();
    pool
}

/// Checks `cases` draws of one to six names; `fixed` draws the same ones on every run.
pub fn run(root: &Path, cases: u32, fixed: bool) -> Result<String, String> {
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 32, ..Config::default() };
    let mut runner = match fixed {
        true => TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha)),
        false => TestRunner::new(config),
    };
    let scratch = root.join("target/drawn-names");
    // Shared with `cargo xtask corpus`, so the dependencies build once.
    let target = root.join("target/corpus-target");
    let checked = std::cell::Cell::new(0);
    let strategy = proptest::sample::subsequence(pool(), 1..=6);
    runner
        .run(&strategy, |names| {
            checked.set(checked.get() + 1);
            check(root, &scratch, &target, &names).map_err(TestCaseError::fail)
        })
        .map_err(|e| e.to_string())?;
    Ok(format!("{} drawn documents generated and checked", checked.get()))
}

/// Generates the document of `names` and checks its crate; the error names the draw.
fn check(root: &Path, scratch: &Path, target: &Path, names: &[&str]) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let spec = scratch.join("drawn.json");
    std::fs::write(&spec, document(names)).map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    let krate = crate::generate::run(root, &spec, &scratch.join("crate"), Some("drawn"))
        .map_err(|e| format!("names {names:?}: generation failed: {e}"))?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--message-format=short", "--features", "proptest"])
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&krate.dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo check failed");
    Err(format!("names {names:?}: the crate does not compile: {first}"))
}
