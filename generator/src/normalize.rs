//! The document restated so that a strict JSON Schema validator (a mock server, a test's
//! schema check) accepts exactly what the generated code sends and reads: each
//! [`Rewrite`] the lowering recorded is applied to the document as written.

use crate::error::Error;
use crate::diagnostics::{Rewrite, RewriteKind};
use serde_json::{json, Map, Value};

/// Applies `rewrites` to `raw`; `note` becomes an `x-generated` field at the top, saying where
/// the result comes from.
pub fn normalize(raw: &Value, rewrites: &[Rewrite], note: &str) -> Result<Value, Error> {
    let mut doc = raw.clone();
    // Deepest first: a rewrite can rename the keyword (`oneOf` -> `anyOf`) on the path to
    // a nested one.
    let mut ordered: Vec<&Rewrite> = rewrites.iter().collect();
    ordered.sort_by(|a, b| b.pointer.cmp(&a.pointer));
    for r in ordered {
        let at = r.pointer.strip_prefix('#').unwrap_or(&r.pointer);
        // A construct the 3.1 reading introduced (a type list read as `anyOf`) is not in the
        // document as written; it stays as written.
        if let Some(schema) = doc.pointer_mut(at).and_then(Value::as_object_mut) {
            apply(schema, &r.kind);
        }
    }
    // A 3.1 document's `nullable: true` (a 3.0 keyword) is read as 3.0 reads it; a 3.1 validator
    // would ignore it and refuse the `null` the generated code may send.
    if raw.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1")) {
        restate_nullable(&mut doc, false);
    }
    let mut top = Map::new();
    top.insert("x-generated".into(), Value::String(note.into()));
    if let Value::Object(fields) = doc {
        top.extend(fields);
    }
    Ok(Value::Object(top))
}

/// Each `nullable: true` under `value` written the 3.1 way: `null` added to a single `type` (and
/// to an `enum`), or, for a schema without one (a `$ref`, a composition), the schema as an
/// `anyOf` branch beside `{type: null}`.
fn restate_nullable(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                // Example and literal values are data, not schemas.
                if !names && crate::load::v31::is_literal(key) {
                    continue;
                }
                let child_names = !names && crate::load::v31::NAME_MAPS.contains(&key.as_str()) && child.is_object();
                restate_nullable(child, child_names);
            }
            if names || map.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            map.remove("nullable");
            // Beside a composition, a `$ref` or a `const`, `null` in the type list would still
            // be refused by them: the schema becomes a branch beside `null` instead.
            let composed = ["allOf", "oneOf", "anyOf", "$ref", "const"].iter().any(|k| map.contains_key(*k));
            match map.get("type").cloned() {
                Some(Value::String(ty)) if !composed => {
                    map.insert("type".into(), json!([ty, "null"]));
                    if let Some(Value::Array(values)) = map.get_mut("enum") {
                        if !values.contains(&Value::Null) {
                            values.push(Value::Null);
                        }
                    }
                }
                _ => {
                    let inner = std::mem::take(map);
                    map.insert("anyOf".into(), json!([Value::Object(inner), {"type": "null"}]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| restate_nullable(child, false)),
        _ => {}
    }
}

fn apply(schema: &mut Map<String, Value>, kind: &RewriteKind) {
    match kind {
        RewriteKind::CollapseEnum { values, default } => {
            schema.remove("oneOf");
            schema.insert("type".into(), json!("string"));
            schema.insert("enum".into(), json!(values));
            if let Some(d) = default {
                schema.insert("default".into(), json!(d));
            }
        }
        RewriteKind::AnyOf => {
            if let Some(branches) = schema.remove("oneOf") {
                schema.insert("anyOf".into(), branches);
            }
        }
        RewriteKind::Mapping(pairs) => {
            if let Some(d) = schema.get_mut("discriminator").and_then(Value::as_object_mut) {
                let mapping = d.entry("mapping").or_insert_with(|| json!({}));
                if let Some(m) = mapping.as_object_mut() {
                    for (tag, target) in pairs {
                        m.entry(tag.clone()).or_insert_with(|| json!(target));
                    }
                }
            }
        }
    }
}
