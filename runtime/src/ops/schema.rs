//! The JSON Schemas of an operation's input and answer, read from the API's normalized document
//! and made self-contained: each schema the document names (`#/components/schemas/X`) is
//! carried under `$defs` and referred to there.

use super::{Operation, BODY};
use serde_json::{json, Map, Value};

const COMPONENTS: &str = "#/components/schemas/";

/// `node`, or what its `$ref` leads to inside `document` (followed a bounded number of times).
pub(crate) fn resolve<'a>(document: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match document.pointer(pointer) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// The operation object of `op` in `document`.
fn operation<'a>(document: &'a Value, op: &Operation) -> Option<&'a Value> {
    let item = resolve(document, document.get("paths")?.get(op.path)?);
    item.get(op.method.to_ascii_lowercase())
}

/// The request body's schema as the document writes it (its references unresolved).
fn raw_body_schema<'a>(document: &'a Value, op: &Operation) -> Option<&'a Value> {
    let body = op.body?;
    let request = resolve(document, operation(document, op)?.get("requestBody")?);
    let content = request.get("content")?;
    // The media type as the table names it, else the document's entry of that kind (a JSON body
    // may be `application/json; charset=utf-8` or `application/vnd.api+json`), else its only one.
    let entries = content.as_object()?;
    let kind = match body.media {
        super::Media::Json => "json",
        super::Media::Multipart => "multipart/",
        super::Media::Form => "x-www-form-urlencoded",
        _ => body.media_type,
    };
    let media = content
        .get(body.media_type)
        .or_else(|| entries.iter().find(|(m, _)| m.contains(kind)).map(|(_, c)| c))
        .or_else(|| entries.values().next().filter(|_| entries.len() == 1))?;
    media.get("schema")
}

/// The request body's schema, self-contained.
pub fn body_schema(document: &Value, op: &Operation) -> Option<Value> {
    raw_body_schema(document, op).map(|schema| bundle(document, schema))
}

/// The schema of a success answer's JSON body, self-contained.
pub fn answer_schema(document: &Value, op: &Operation) -> Option<Value> {
    let responses = operation(document, op)?.get("responses")?.as_object()?;
    let mut statuses: Vec<&String> = responses.keys().filter(|s| s.starts_with('2')).collect();
    statuses.sort();
    let response = resolve(document, responses.get(*statuses.first()?)?);
    let content = response.get("content")?.as_object()?;
    let schema = content.iter().find(|(media, _)| media.contains("json")).and_then(|(_, c)| c.get("schema"))?;
    Some(bundle(document, schema))
}

/// The schema of one parameter, as the document declares it.
fn param_schema<'a>(document: &'a Value, op: &Operation, wire: &str, location: &str) -> Option<&'a Value> {
    let item = resolve(document, document.get("paths")?.get(op.path)?);
    let lists = [operation(document, op).and_then(|o| o.get("parameters")), item.get("parameters")];
    lists.into_iter().flatten().filter_map(Value::as_array).flatten().map(|p| resolve(document, p)).find_map(|p| {
        let matches = p.get("name").and_then(Value::as_str) == Some(wire)
            && p.get("in").and_then(Value::as_str) == Some(location);
        matches.then(|| p.get("schema")).flatten()
    })
}

/// The operation's whole input as one object schema: each parameter under its Rust name, the
/// body under `body`, self-contained (JSON Schema 2020-12).
pub fn input_schema(document: &Value, op: &Operation) -> Value {
    let (mut properties, mut required) = (Map::new(), Vec::new());
    for p in op.params {
        let mut schema = param_schema(document, op, p.wire, p.location.as_str()).cloned().unwrap_or_else(|| json!({}));
        if let (Value::Object(fields), false) = (&mut schema, p.doc.is_empty()) {
            fields.entry("description").or_insert_with(|| Value::String(p.doc.to_string()));
        }
        properties.insert(p.name.to_string(), schema);
        if p.required {
            required.push(Value::String(p.name.to_string()));
        }
    }
    if let Some(body) = op.body {
        let schema = raw_body_schema(document, op).cloned().unwrap_or_else(|| json!({}));
        properties.insert(BODY.to_string(), schema);
        if body.required {
            required.push(Value::String(BODY.to_string()));
        }
    }
    let mut input =
        json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false });
    let defs = definitions(document, &input);
    if !defs.is_empty() {
        input["$defs"] = Value::Object(defs);
    }
    rewrite_refs(&mut input);
    input
}

/// `schema` with the document's schemas it names carried under `$defs`.
fn bundle(document: &Value, schema: &Value) -> Value {
    let mut out = schema.clone();
    let defs = definitions(document, &out);
    rewrite_refs(&mut out);
    if !defs.is_empty() {
        if let Value::Object(fields) = &mut out {
            let mut defs = defs;
            // Definitions the schema carries itself stay beside the document's.
            if let Some(Value::Object(own)) = fields.remove("$defs") {
                for (name, schema) in own {
                    defs.entry(name).or_insert(schema);
                }
            }
            let mut defs = Value::Object(defs);
            rewrite_refs(&mut defs);
            fields.insert("$defs".into(), defs);
        } else {
            let mut defs = Value::Object(defs);
            rewrite_refs(&mut defs);
            out = json!({ "allOf": [out], "$defs": defs });
        }
    }
    out
}

/// Every component schema `schema` names, directly or through others, by name.
fn definitions(document: &Value, schema: &Value) -> Map<String, Value> {
    let mut defs = Map::new();
    let mut pending = Vec::new();
    collect_refs(schema, &mut pending);
    while let Some(name) = pending.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let Some(found) = document.pointer(&format!("/components/schemas/{}", escape(&name))) else { continue };
        collect_refs(found, &mut pending);
        defs.insert(name, found.clone());
    }
    defs.sort_keys();
    defs
}

fn collect_refs(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(fields) => {
            if let Some(rest) = fields.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(COMPONENTS)) {
                // `X/properties/y` points inside schema `X`: `X` is carried.
                out.push(unescape(rest.split('/').next().unwrap_or(rest)));
            }
            fields.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Points each `#/components/schemas/X` reference at `#/$defs/X`.
fn rewrite_refs(node: &mut Value) {
    match node {
        Value::Object(fields) => {
            if let Some(Value::String(r)) = fields.get_mut("$ref") {
                if let Some(name) = r.strip_prefix(COMPONENTS) {
                    *r = format!("#/$defs/{name}");
                }
            }
            fields.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// A JSON pointer segment from a name (RFC 6901).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
