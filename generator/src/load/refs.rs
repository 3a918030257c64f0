//! `$ref`s to a schema anywhere in the document, brought to the one form the model reads.
//!
//! `openapiv3` (and the lowering) follow `#/components/schemas/<name>` only. A schema reached by
//! any other pointer (a `$defs` entry, a branch or property of a component, a shared parameter's
//! schema) is copied into `components.schemas` under a name taken from what it points at, and
//! every reference to it, and its own place, now refer to the copy: one type wherever it is
//! used. References to the other component kinds
//! (`#/components/parameters/<name>`, ...) are left as they are; a pointer that leads nowhere is
//! left for the lowering to report with its location.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

const SCHEMAS: &str = "#/components/schemas/";

/// JSON pointer segments of a `#/...` reference, unescaped (`~1` is `/`, `~0` is `~`, and the
/// URI fragment's percent escapes such as `%24` for `$`).
fn segments(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix("#/")?;
    Some(fragment.split('/').map(|s| percent_decode(s).replace("~1", "/").replace("~0", "~")).collect())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether the reference points into a schema other than as `#/components/schemas/<name>`:
/// below a component schema, at a parameter's or header's `schema`, or into `$defs`.
fn is_indirect_schema(reference: &str) -> bool {
    let Some(segs) = segments(reference) else { return false };
    let into_schema = |s: &String| {
        ["schema", "$defs", "definitions", "properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties"]
            .contains(&s.as_str())
    };
    match segs.as_slice() {
        [components, _, _] if components == "components" => false,
        [components, schemas, ..] if components == "components" && schemas == "schemas" => true,
        _ => segs.iter().any(into_schema),
    }
}

/// A type name for the schema at `segs`: the `$defs` entry's or the parameter's own name, else
/// the path below the component joined (`Tag/allOf/0` -> `TagAllOf0`).
fn name_for(segs: &[String]) -> String {
    let upper = |s: &str| heck::ToUpperCamelCase::to_upper_camel_case(s);
    if let Some(i) = segs.iter().rposition(|s| s == "$defs" || s == "definitions") {
        if let Some(name) = segs.get(i + 1) {
            return upper(name);
        }
    }
    if segs.last().is_some_and(|s| s == "schema") && segs.len() >= 2 {
        return upper(&segs[segs.len() - 2]);
    }
    let below = if segs.first().is_some_and(|s| s == "components") { &segs[2.min(segs.len())..] } else { segs };
    upper(&below.join(" "))
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn rewrite_refs(value: &mut Value, map: &BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(r)) = object.get_mut("$ref") {
                if let Some(to) = map.get(r.as_str()) {
                    *r = to.clone();
                }
            }
            object.values_mut().for_each(|v| rewrite_refs(v, map));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, map)),
        _ => {}
    }
}

/// Copies every schema reached by an indirect reference into `components.schemas` and points
/// the references at the copies; returns (reference, new component name) for each.
pub(crate) fn hoist(doc: &mut Value) -> Vec<(String, String)> {
    let mut done: BTreeMap<String, String> = BTreeMap::new();
    // Copies can hold indirect references of their own: repeat until nothing is left to do.
    loop {
        let mut refs = Vec::new();
        collect_refs(doc, &mut refs);
        refs.sort();
        refs.dedup();
        refs.retain(|r| is_indirect_schema(r) && !done.contains_key(r));
        let mut added = BTreeMap::new();
        for reference in refs {
            let Some(segs) = segments(&reference) else { continue };
            let pointer: String =
                segs.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect();
            let Some(target) = doc.pointer(&pointer).cloned() else { continue };
            if !target.is_object() {
                continue;
            }
            let schemas = doc
                .as_object_mut()
                .map(|d| d.entry("components").or_insert_with(|| Value::Object(Map::new())))
                .and_then(Value::as_object_mut)
                .map(|c| c.entry("schemas").or_insert_with(|| Value::Object(Map::new())));
            let Some(Value::Object(schemas)) = schemas else { continue };
            let base = name_for(&segs);
            let base = if base.is_empty() { "Schema".to_owned() } else { base };
            let mut name = base.clone();
            let mut n = 2;
            while schemas.contains_key(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            schemas.insert(name.clone(), target);
            let to = format!("{SCHEMAS}{}", name.replace('~', "~0").replace('/', "~1"));
            // The schema's own place refers to the copy too, so that it is one type wherever used.
            if let Some(place) = doc.pointer_mut(&pointer) {
                *place = serde_json::json!({ "$ref": to });
            }
            added.insert(reference.clone(), to);
            done.insert(reference, name);
        }
        if added.is_empty() {
            break;
        }
        rewrite_refs(doc, &added);
    }
    done.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn indirect_schema_references_become_components_named_after_their_target() {
        let mut doc = json!({
            "components": {
                "schemas": {
                    "Tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]},
                    "Holder": {
                        "$defs": {"postal-address": {"type": "string"}},
                        "properties": {
                            "a": {"$ref": "#/components/schemas/Holder/%24defs/postal-address"},
                            "b": {"$ref": "#/components/schemas/Tag/allOf/0"},
                            "c": {"$ref": "#/components/parameters/direction/schema"},
                            "d": {"$ref": "#/components/schemas/Tag"}
                        }
                    }
                },
                "parameters": {"direction": {"name": "direction", "in": "query", "schema": {"enum": ["asc", "desc"]}}}
            }
        });
        let hoisted = hoist(&mut doc);
        assert_eq!(
            hoisted,
            [
                ("#/components/parameters/direction/schema".to_string(), "Direction".to_string()),
                ("#/components/schemas/Holder/%24defs/postal-address".into(), "PostalAddress".into()),
                ("#/components/schemas/Tag/allOf/0".into(), "TagAllOf0".into()),
            ]
        );
        let props = &doc["components"]["schemas"]["Holder"]["properties"];
        assert_eq!(props["a"]["$ref"], "#/components/schemas/PostalAddress");
        assert_eq!(props["b"]["$ref"], "#/components/schemas/TagAllOf0");
        assert_eq!(props["c"]["$ref"], "#/components/schemas/Direction");
        assert_eq!(props["d"]["$ref"], "#/components/schemas/Tag", "direct references stay");
        assert_eq!(doc["components"]["schemas"]["Direction"], json!({"enum": ["asc", "desc"]}));
        let to_direction = json!({"$ref": "#/components/schemas/Direction"});
        assert_eq!(doc["components"]["parameters"]["direction"]["schema"], to_direction, "its place refers to it");
    }

    #[test]
    fn a_pointer_to_nothing_is_left_for_the_lowering_to_report() {
        let mut doc = json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/B/properties/x"}}}});
        assert!(hoist(&mut doc).is_empty());
        assert_eq!(doc["components"]["schemas"]["A"]["$ref"], "#/components/schemas/B/properties/x");
    }
}
