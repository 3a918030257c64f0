//! An operation's example command line, built from the examples its document gives: the
//! request body's (its media type's `example` or first `examples` value, the schema's
//! `example`, or an object of its top-level properties' examples) and the parameters'.

use super::command::{param_flag, BUILT_IN};
use crate::ops::schema::resolve;
use crate::ops::Operation;
use serde_json::{Map, Value};

/// A schema's example: its own, or an object of its properties' examples.
fn schema_example(document: &Value, schema: &Value) -> Option<Value> {
    let schema = resolve(document, schema);
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    let properties = schema.get("properties")?.as_object()?;
    let fields: Map<String, Value> = properties
        .iter()
        .filter_map(|(name, p)| resolve(document, p).get("example").map(|e| (name.clone(), e.clone())))
        .collect();
    (!fields.is_empty()).then_some(Value::Object(fields))
}

/// The body example of `op`.
fn body_example(document: &Value, operation: &Value, op: &Operation) -> Option<Value> {
    let body = op.body?;
    let content = resolve(document, operation.get("requestBody")?).get("content")?;
    let media = content.get(body.media_type).or_else(|| content.as_object()?.values().next())?;
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    let first = media.get("examples").and_then(Value::as_object).and_then(|e| e.values().next());
    if let Some(value) = first.map(|e| resolve(document, e)).and_then(|e| e.get("value")) {
        return Some(value.clone());
    }
    schema_example(document, media.get("schema")?)
}

/// Text as one shell word.
fn quoted(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@=,".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The example command line of `op`, when its document gives an example for it.
pub(super) fn example(document: &Value, binary: &str, op: &Operation) -> Option<String> {
    let item = resolve(document, document.get("paths")?.get(op.path)?);
    let operation = item.get(op.method.to_ascii_lowercase())?;
    let lists = [operation.get("parameters"), item.get("parameters")];
    let declared: Vec<&Value> =
        lists.into_iter().flatten().filter_map(Value::as_array).flatten().map(|p| resolve(document, p)).collect();
    let mut from_document = false;
    let group = if BUILT_IN.contains(&op.group) { format!("{}-api", op.group) } else { op.group.to_string() };
    let mut line = format!("{binary} {group} {}", super::command::operation_name(op));
    for p in op.params {
        let found = declared.iter().find(|d| {
            d.get("name").and_then(Value::as_str) == Some(p.wire)
                && d.get("in").and_then(Value::as_str) == Some(p.location.as_str())
        });
        let example = found.and_then(|d| {
            d.get("example").cloned().or_else(|| d.get("schema").and_then(|s| schema_example(document, s)))
        });
        let value = match (example, p.required) {
            (Some(e), _) => {
                from_document = true;
                match e {
                    Value::String(s) => s,
                    other => other.to_string(),
                }
            }
            (None, true) => format!("<{}>", p.name.to_uppercase()),
            (None, false) => continue,
        };
        line += &format!(" --{} {}", param_flag(op, p.name), quoted(&value));
    }
    if let Some(body) = body_example(document, operation, op) {
        from_document = true;
        line += &format!(" --body {}", quoted(&body.to_string()));
    }
    from_document.then_some(line)
}
