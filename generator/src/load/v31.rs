//! OpenAPI 3.1 -> the 3.0 model `openapiv3` reads, where a faithful rewrite exists. Runs on the
//! JSON form of the document before parsing. A rewrite that states the same schema in 3.0 terms
//! (a type list, a `null` branch) is silent: nothing to fix, and large 3.1 documents hold
//! hundreds. One that chooses or drops something is reported with its JSON pointer: content
//! keywords read as a `format`, a missing `paths`, a `null` branch's sibling whose keyword
//! clashes with the union's own.
//!
//! - `type: [T, "null"]` -> `type: T, nullable: true`; several non-null types -> `anyOf` of
//!   one schema per type (plus `nullable`), each branch taking the keywords that apply to its
//!   type (`items` the array branch, `maxLength` the string one, `enum` values of its type).
//! - numeric `exclusiveMinimum: n` -> `minimum: n, exclusiveMinimum: true` (same for maximum).
//! - `anyOf`/`oneOf` with a `{type: null}` branch -> the other branch (or branches) with
//!   `nullable: true`.
//! - `const: v` -> `enum: [v]`.
//! - a string with `contentEncoding: base64` (or `base64url`) -> `format: byte`; with a
//!   `contentMediaType` and no encoding (raw bytes) -> `format: binary`, as OpenAPI 3.1 maps them.
//! - `examples: [a, …]` in a schema -> `example: a`.
//! - no `paths` (a webhooks-only document) -> `paths: {}`.

use crate::error::push_pointer;
use crate::diagnostics::Warning;
use serde_json::{json, Map, Value};

/// Keys whose values are maps from names to schemas or other objects, not schemas themselves:
/// their own keys are names (a property may be called `type` or `const`).
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "schemas",
    "$defs",
    "definitions",
    "paths",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "webhooks",
    "pathItems",
    "content",
    "encoding",
    "mapping",
];

/// Keywords that document a schema without constraining its values.
const ANNOTATIONS: &[&str] = &["description", "title", "example", "examples"];

/// Rewrites `doc` in place; returns what was rewritten where.
pub(crate) fn rewrite(doc: &mut Value) -> Vec<Warning> {
    let mut notes = Vec::new();
    if let Value::Object(top) = doc {
        if !top.contains_key("paths") {
            top.insert("paths".into(), json!({}));
            notes.push(note("#", "OpenAPI 3.1 document without `paths`: read as having none"));
        }
    }
    let written_nullable = count_nullable(doc, false);
    if written_nullable > 0 {
        notes.push(note(
            "#",
            &format!(
                "`nullable: true`, an OpenAPI 3.0 keyword 3.1 does not have, appears {written_nullable} times: read as 3.0 reads it (`null` allowed), and restated as a `null` type in the normalized document"
            ),
        ));
    }
    walk(doc, "#", false, &mut notes);
    notes
}

fn note(pointer: &str, message: &str) -> Warning {
    Warning { pointer: pointer.to_string(), message: message.to_string(), wire: false }
}

fn walk(value: &mut Value, ptr: &str, names: bool, notes: &mut Vec<Warning>) {
    match value {
        Value::Object(map) => {
            if !names {
                schema_keywords(map, ptr, notes);
            }
            for (key, child) in map.iter_mut() {
                let child_is_names = !names && NAME_MAPS.contains(&key.as_str()) && child.is_object();
                walk(child, &push_pointer(ptr, key), child_is_names, notes);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, &push_pointer(ptr, &i.to_string()), false, notes);
            }
        }
        _ => {}
    }
}

/// Whether a keyword holds data rather than schemas: examples, defaults, literal values and
/// extensions.
pub(crate) fn is_literal(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// How many schemas say `nullable: true` (keys of name maps are names, not keywords).
pub(crate) fn count_nullable(value: &Value, names: bool) -> usize {
    match value {
        Value::Object(map) => {
            let own = usize::from(!names && map.get("nullable") == Some(&Value::Bool(true)));
            own + map
                .iter()
                .filter(|(key, _)| names || !is_literal(key))
                .map(|(key, child)| {
                    count_nullable(child, !names && NAME_MAPS.contains(&key.as_str()) && child.is_object())
                })
                .sum::<usize>()
        }
        Value::Array(items) => items.iter().map(|child| count_nullable(child, false)).sum(),
        _ => 0,
    }
}

/// Whether a union branch admits only `null`.
fn is_null_branch(branch: &Value) -> bool {
    let is_null = |t: &Value| *t == "null" || *t == json!(["null"]);
    branch.as_object().is_some_and(|o| o.len() == 1 && o.get("type").is_some_and(is_null))
}

/// The keywords that constrain values of JSON type `ty` only.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "pattern", "minLength", "maxLength", "contentMediaType", "contentEncoding"],
        "integer" | "number" => &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
        _ => &[],
    }
}

/// One branch of a `type` list: `{type: ty}` with the keywords of `schema` that apply to `ty`,
/// and the `enum` values of that type (`format` goes to the string branch and to the numeric ones,
/// each reading it for its own type). `None` when an `enum` leaves no value of that type.
fn typed_branch(schema: &Map<String, Value>, ty: &Value) -> Option<Value> {
    let mut branch = Map::new();
    branch.insert("type".into(), ty.clone());
    let name = ty.as_str().unwrap_or_default();
    for k in keywords_of(name) {
        if let Some(v) = schema.get(*k) {
            branch.insert((*k).into(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let of_type = |v: &&Value| match name {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        };
        let values: Vec<Value> = values.iter().filter(of_type).cloned().collect();
        if values.is_empty() {
            return None;
        }
        branch.insert("enum".into(), Value::Array(values));
    }
    Some(Value::Object(branch))
}

/// The 3.1 keywords of one object, if it is a schema using them.
fn schema_keywords(map: &mut Map<String, Value>, ptr: &str, notes: &mut Vec<Warning>) {
    // `anyOf: [T, {type: null}]` (what pydantic and FastAPI write for `Optional[T]`) is `T`, nullable.
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get(key) else { continue };
        if !branches.iter().any(is_null_branch) {
            continue;
        }
        let rest: Vec<Value> = branches.iter().filter(|b| !is_null_branch(b)).cloned().collect();
        map.remove(key);
        match rest.as_slice() {
            [] => {}
            [one] if one.get("$ref").is_some() => {
                map.insert("allOf".into(), json!([one]));
            }
            [Value::Object(one)] => {
                for (k, v) in one {
                    match map.get(k) {
                        None => {
                            map.insert(k.clone(), v.clone());
                        }
                        // The union's own text documents it; a differing rule is a choice.
                        Some(own) if own != v && !ANNOTATIONS.contains(&k.as_str()) => {
                            let message = format!(
                                "OpenAPI 3.1 union with a `null` branch: the other branch's `{k}` differs from the one beside the union, which is kept"
                            );
                            notes.push(note(&push_pointer(ptr, key), &message));
                        }
                        Some(_) => {}
                    }
                }
            }
            several => {
                map.insert(key.into(), Value::Array(several.to_vec()));
            }
        }
        map.insert("nullable".into(), json!(true));
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        map.remove("type");
        match others.as_slice() {
            [] => {
                map.insert("nullable".into(), json!(true));
            }
            [one] => {
                map.insert("type".into(), one.clone());
            }
            several => {
                let mut branches: Vec<Value> = several.iter().filter_map(|t| typed_branch(map, t)).collect();
                if let [one] = branches.as_slice() {
                    // An `enum` whose values are all of one of the types: that type alone.
                    map.extend(one.as_object().cloned().unwrap_or_default());
                } else {
                    for keywords in several.iter().filter_map(Value::as_str).map(keywords_of) {
                        for k in keywords {
                            map.remove(*k);
                        }
                    }
                    map.remove("enum");
                    map.insert("anyOf".into(), Value::Array(std::mem::take(&mut branches)));
                }
            }
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
    }
    for (bound, plain) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(bound).filter(|v| v.is_number()).cloned() {
            map.insert(plain.into(), n);
            map.insert(bound.into(), json!(true));
        }
    }
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), json!([c]));
    }
    let string = map.get("type").is_none_or(|t| t == "string");
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if string && !map.contains_key("format") {
        let format = match (encoding.as_ref().and_then(Value::as_str), &media) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (None, Some(_)) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.insert("format".into(), json!(format));
            notes.push(note(ptr, &format!("OpenAPI 3.1 content keywords read as `format: {format}`")));
        }
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_schema_keywords_but_not_property_names() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {
                    "type": {"type": ["string", "null"]},
                    "const": {"const": "x"},
                    "n": {"type": "integer", "exclusiveMinimum": 0, "examples": [5, 6]},
                    "both": {"type": ["string", "integer"]},
                    "list": {"type": ["array", "string"], "items": {"type": "integer"}, "maxLength": 3, "minItems": 1},
                    "picked": {"type": ["string", "integer", "null"], "enum": ["a", 1, "b", null]},
                    "one": {"type": ["string", "integer"], "enum": ["a", "b"], "format": "uuid"},
                    "png": {"type": "string", "contentMediaType": "image/png"},
                    "b64": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
                    "text": {"type": "string", "contentEncoding": "7bit"},
                    "clash": {"maxLength": 3, "description": "own", "anyOf": [
                        {"type": "string", "maxLength": 5, "description": "other"}, {"type": "null"}
                    ]}
                }
            }}}
        });
        let notes = rewrite(&mut doc);
        let props = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(props["type"], json!({"type": "string", "nullable": true}));
        assert_eq!(props["const"], json!({"enum": ["x"]}));
        assert_eq!(props["n"], json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "example": 5}));
        assert_eq!(props["both"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(
            props["list"],
            json!({"anyOf": [{"type": "array", "items": {"type": "integer"}, "minItems": 1}, {"type": "string", "maxLength": 3}]})
        );
        assert_eq!(
            props["picked"],
            json!({"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "integer", "enum": [1]}], "nullable": true})
        );
        assert_eq!(props["one"], json!({"type": "string", "enum": ["a", "b"], "format": "uuid"}));
        assert_eq!(props["png"], json!({"type": "string", "format": "binary"}));
        assert_eq!(props["b64"], json!({"type": "string", "format": "byte"}));
        assert_eq!(props["text"], json!({"type": "string"}));
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(doc["components"]["schemas"]["A"]["type"], "object");
        // Restatements are silent; the content keywords read as formats are reported.
        let pointers: Vec<&str> = notes.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#",
                "#/components/schemas/A/properties/png",
                "#/components/schemas/A/properties/b64",
                "#/components/schemas/A/properties/clash/anyOf"
            ]
        );
        assert_eq!(props["clash"], json!({"type": "string", "maxLength": 3, "description": "own", "nullable": true}));
    }
}
