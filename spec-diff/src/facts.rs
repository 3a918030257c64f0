//! Reading a document, and the facts of a document: everything but its prose.

use serde_json::{Map, Number, Value};

use crate::Error;

/// What the keys of a mapping are, which decides whether a key can be prose.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Context {
    /// Keys are keywords of the format (`type`, `description`, ...).
    Keywords,
    /// Keys are names chosen by the document (property names, media types, status codes): never
    /// prose, even when a name is `description` or starts with `x-`.
    Names,
    /// A literal value (`enum`, `const`, `default`): every key in it is data.
    Literal,
    /// A list whose items' keys are names: security requirements, keyed by scheme name.
    NamedItems,
}

/// Keywords whose value is a mapping from names to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "headers",
    "content",
    "encoding",
    "responses",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "callbacks",
    "links",
    "webhooks",
    "pathItems",
    "mapping",
    "variables",
];

/// Keywords whose value is data, taken as it is.
const LITERALS: &[&str] = &["enum", "const", "default"];

/// Keys whose value is prose: `description`, `example`, `examples` and extensions (`x-*`).
pub(crate) fn is_prose(key: &str) -> bool {
    matches!(key, "description" | "example" | "examples") || key.starts_with("x-")
}

/// The context of the value under `key` in a mapping read in `parent` context.
pub(crate) fn child_context(parent: Context, key: &str) -> Context {
    match parent {
        Context::Literal => Context::Literal,
        Context::Names | Context::NamedItems => Context::Keywords,
        Context::Keywords if key == "security" => Context::NamedItems,
        Context::Keywords if NAME_MAPS.contains(&key) => Context::Names,
        Context::Keywords if LITERALS.contains(&key) => Context::Literal,
        Context::Keywords => Context::Keywords,
    }
}

/// The context of the items of a sequence read in `parent` context.
pub(crate) fn item_context(parent: Context) -> Context {
    match parent {
        Context::Names => Context::Keywords,
        Context::NamedItems => Context::Names,
        other => other,
    }
}

/// `value` as JSON, prose included. Mapping keys that are not strings (such as the unquoted
/// status code `200:`) become their text; YAML tags are dropped, keeping the tagged value.
pub fn to_json(value: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Number(n) => number(n),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(map) => Value::Object(map.iter().map(|(k, v)| (key_text(k), to_json(v))).collect()),
        Yaml::Tagged(tagged) => to_json(&tagged.value),
    }
}

fn number(n: &serde_yaml::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::from(i)
    } else if let Some(u) = n.as_u64() {
        Value::from(u)
    } else {
        // `.nan` and `.inf` have no JSON number: they are kept as their YAML text.
        n.as_f64().and_then(Number::from_f64).map(Value::Number).unwrap_or_else(|| Value::String(n.to_string()))
    }
}

fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Tagged(tagged) => key_text(&tagged.value),
        other => match to_json(other) {
            Value::String(s) => s,
            json => json.to_string(),
        },
    }
}

/// The facts of a parsed YAML document: [`to_json`] with the prose removed (see
/// [`strip_prose`]).
pub fn facts(value: &serde_yaml::Value) -> Value {
    strip_prose(&to_json(value))
}

/// `value` without prose: the keys `description`, `example`, `examples` and `x-*` are removed
/// wherever they are keywords. Keys of a name map (`properties`, `patternProperties`, `$defs`,
/// `headers`, `content`, `encoding`, `responses`, ...) are names, never prose, and literal values
/// (`enum`, `const`, `default`) are kept whole.
pub fn strip_prose(value: &Value) -> Value {
    strip(value, Context::Keywords)
}

fn strip(value: &Value, context: Context) -> Value {
    match value {
        _ if context == Context::Literal => value.clone(),
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| context == Context::Names || !is_prose(key))
                .map(|(key, v)| (key.clone(), strip(v, child_context(context, key))))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| strip(v, item_context(context))).collect()),
        other => other.clone(),
    }
}

/// The HTTP methods that name an operation in a path item.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Parses an OpenAPI document (YAML or JSON text) into JSON, prose included, and checks the
/// shape [`compare`](crate::compare) relies on (see [`validate`]).
pub fn read_document(text: &str) -> Result<Value, Error> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Yaml(e.to_string()))?;
    let json = to_json(&yaml);
    validate(&json)?;
    Ok(json)
}

/// Checks that `doc` is a mapping, that `paths` (when present) is a mapping of path items that
/// are mappings, with operations that are mappings, and that `components` and
/// `components/schemas` (when present) are mappings. The error names the JSON pointer.
pub fn validate(doc: &Value) -> Result<(), Error> {
    let shape = |pointer: String, what: &str, found: &Value| Error::Shape {
        pointer,
        what: format!("{what} is not a mapping but {}", kind(found)),
    };
    let Value::Object(top) = doc else { return Err(shape("#".into(), "the document", doc)) };
    if let Some(paths) = top.get("paths") {
        let Value::Object(paths) = paths else { return Err(shape("#/paths".into(), "`paths`", paths)) };
        for (path, item) in paths {
            let here = format!("#/paths/{}", escape(path));
            let Value::Object(item) = item else { return Err(shape(here, "the path item", item)) };
            for (method, operation) in item.iter().filter(|(key, _)| METHODS.contains(&key.as_str())) {
                if !operation.is_object() {
                    return Err(shape(format!("{here}/{method}"), "the operation", operation));
                }
            }
        }
    }
    if let Some(components) = top.get("components") {
        let Value::Object(components) = components else {
            return Err(shape("#/components".into(), "`components`", components));
        };
        if let Some(schemas) = components.get("schemas").filter(|s| !s.is_object()) {
            return Err(shape("#/components/schemas".into(), "`components/schemas`", schemas));
        }
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

/// One JSON pointer segment: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// An empty mapping, for documents without `paths` or `components/schemas`.
pub(crate) fn empty() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}
