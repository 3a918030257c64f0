//! The JSON arguments of one call, decoded piece by piece into the operation's typed parameters
//! and body, each error naming the argument (and the path inside it) and what was expected.

use super::{Failure, Operation};
use crate::multipart::File;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// The name of the request body among the arguments.
pub const BODY: &str = "body";

/// An argument that cannot be used: which one (`item_id`, `body.owner.name`), and what
/// is wrong with it. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    /// The argument, and the path inside it (`body.items[0].name`).
    pub field: String,
    /// What is wrong, and what would be accepted.
    pub message: String,
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ArgError {}

impl ArgError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ArgError { field: field.into(), message: message.into() }
    }
}

/// The arguments of one call: the parameters by their Rust names, the request body as `body`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    values: Map<String, Value>,
    /// Whether file arguments (paths to read and send) are refused.
    no_files: bool,
}

impl From<Map<String, Value>> for Args {
    fn from(values: Map<String, Value>) -> Self {
        Args { values, no_files: false }
    }
}

impl Args {
    /// Arguments from a JSON value, which must be an object (`null` is no arguments).
    pub fn from_value(value: Value) -> Result<Self, ArgError> {
        match value {
            Value::Object(values) => Ok(Args { values, no_files: false }),
            Value::Null => Ok(Args::default()),
            other => Err(ArgError::new("", format!("the arguments must be a JSON object, not {}", json_kind(&other)))),
        }
    }

    /// These arguments with file arguments refused: for callers that must not have the
    /// machine's files read and sent (an agent choosing paths).
    pub fn without_files(mut self) -> Self {
        self.no_files = true;
        self
    }

    /// The arguments as one JSON object.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.values
    }

    /// Sets an argument.
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.values.insert(name.into(), value);
    }

    /// Refuses an argument `operation` does not take.
    pub(super) fn check_names(&self, operation: &Operation) -> Result<(), Failure> {
        for name in self.values.keys() {
            let known = operation.param(name).is_some() || (name == BODY && operation.body.is_some());
            if !known {
                let mut takes: Vec<&str> = operation.params.iter().map(|p| p.name).collect();
                if operation.body.is_some() {
                    takes.push(BODY);
                }
                let takes = if takes.is_empty() { "none".to_string() } else { takes.join(", ") };
                return Err(ArgError::new(
                    name.clone(),
                    format!("`{}` takes no such argument (it takes: {takes})", operation.name),
                )
                .into());
            }
        }
        Ok(())
    }

    /// A required argument, decoded.
    pub fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, Failure> {
        self.optional(name)?.ok_or_else(|| ArgError::new(name, "is required").into())
    }

    /// An optional argument, decoded; absent or `null` is `None`.
    pub fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, Failure> {
        match self.values.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => decode(name, value).map(Some),
        }
    }

    /// The request body, decoded; required. A field the body's type does not keep (a misspelt
    /// name) is refused, since it would not be sent.
    pub fn body<T: DeserializeOwned + Serialize>(&mut self) -> Result<T, Failure> {
        self.optional_body()?.ok_or_else(|| ArgError::new(BODY, "is required").into())
    }

    /// The request body, decoded, when given; unknown fields refused as by [`Args::body`].
    pub fn optional_body<T: DeserializeOwned + Serialize>(&mut self) -> Result<Option<T>, Failure> {
        let given = match self.values.get(BODY) {
            None | Some(Value::Null) => return Ok(None),
            Some(value) => value.clone(),
        };
        let body: T = self.required(BODY)?;
        let kept = serde_json::to_value(&body).unwrap_or(Value::Null);
        match lost(&given, &kept, BODY) {
            Some(path) => Err(ArgError::new(path, "is not a field the body takes, so it would not be sent").into()),
            None => Ok(Some(body)),
        }
    }

    /// A file argument: its value is the path of the file to send (`path;type=MEDIA` sets its
    /// media type).
    pub fn file(&mut self, name: &str) -> Result<Option<File>, Failure> {
        match self.optional::<String>(name)? {
            None => Ok(None),
            Some(path) => self.read_file(name, &path).map(Some),
        }
    }

    /// A field of a form body (`multipart/form-data`), decoded; absent or `null` is `None`.
    pub fn form_field<T: DeserializeOwned>(&mut self, field: &str) -> Result<Option<T>, Failure> {
        let place = format!("{BODY}.{field}");
        match self.form()?.remove(field) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => decode(&place, value).map(Some),
        }
    }

    /// A file field of a form body: its value is the path of the file to send.
    pub fn form_file(&mut self, field: &str) -> Result<Option<File>, Failure> {
        let place = format!("{BODY}.{field}");
        match self.form_field::<String>(field)? {
            None => Ok(None),
            Some(path) => self.read_file(&place, &path).map(Some),
        }
    }

    /// A field of a form body holding files: a path, or a list of paths.
    pub fn form_files(&mut self, field: &str) -> Result<Option<Vec<File>>, Failure> {
        let place = format!("{BODY}.{field}");
        let paths = match self.form()?.remove(field) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(path)) => vec![path],
            Some(value) => decode::<Vec<String>>(&place, value)?,
        };
        paths
            .iter()
            .enumerate()
            .map(|(i, path)| self.read_file(&format!("{place}[{i}]"), path))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// A required field of a form body holding files.
    pub fn required_form_files(&mut self, field: &str) -> Result<Vec<File>, Failure> {
        self.form_files(field)?.ok_or_else(|| ArgError::new(format!("{BODY}.{field}"), "is required").into())
    }

    /// Refuses the fields of a form body that were not taken: they would not be sent.
    pub fn form_done(&mut self) -> Result<(), Failure> {
        match self.form()?.keys().next() {
            Some(left) => {
                Err(ArgError::new(format!("{BODY}.{left}"), "is not a field the form takes, so it would not be sent")
                    .into())
            }
            None => Ok(()),
        }
    }

    /// Whether the argument `name` is given (present and not `null`).
    pub fn given(&self, name: &str) -> bool {
        self.values.get(name).is_some_and(|v| !v.is_null())
    }

    /// A required field of a form body.
    pub fn required_form_field<T: DeserializeOwned>(&mut self, field: &str) -> Result<T, Failure> {
        self.form_field(field)?.ok_or_else(|| ArgError::new(format!("{BODY}.{field}"), "is required").into())
    }

    /// A required file field of a form body.
    pub fn required_form_file(&mut self, field: &str) -> Result<File, Failure> {
        self.form_file(field)?.ok_or_else(|| ArgError::new(format!("{BODY}.{field}"), "is required").into())
    }

    /// The form body's fields (an empty form when no body is given).
    fn form(&mut self) -> Result<&mut Map<String, Value>, Failure> {
        let body = self.values.entry(BODY).or_insert(Value::Null);
        if body.is_null() {
            *body = Value::Object(Map::new());
        }
        match body {
            Value::Object(fields) => Ok(fields),
            other => {
                Err(ArgError::new(BODY, format!("expected an object of form fields, not {}", json_kind(other))).into())
            }
        }
    }
}

/// The path of the first object key `given` has (with a value other than `null`) that `kept`
/// lacks: what decoding into the body's type dropped.
fn lost(given: &Value, kept: &Value, at: &str) -> Option<String> {
    match (given, kept) {
        (Value::Object(g), Value::Object(k)) => {
            g.iter().filter(|(_, v)| !v.is_null()).find_map(|(key, v)| match k.get(key) {
                None => Some(format!("{at}.{key}")),
                Some(kv) => lost(v, kv, &format!("{at}.{key}")),
            })
        }
        (Value::Array(g), Value::Array(k)) => {
            g.iter().zip(k).enumerate().find_map(|(i, (gv, kv))| lost(gv, kv, &format!("{at}[{i}]")))
        }
        _ => None,
    }
}

impl Args {
    /// Reads a file to send, the error naming the argument and the path (refused when these
    /// arguments read no files). `path;type=MEDIA` (as curl writes it) also sets the part's
    /// media type.
    fn read_file(&self, place: &str, spec: &str) -> Result<File, Failure> {
        if self.no_files {
            return Err(
                ArgError::new(place, "files are not read here: this caller may not send the machine's files").into()
            );
        }
        read_file(place, spec)
    }
}

fn read_file(place: &str, spec: &str) -> Result<File, Failure> {
    let (path, media) = match spec.rsplit_once(";type=") {
        Some((path, media)) if !media.is_empty() => (path, Some(media)),
        _ => (spec, None),
    };
    let file =
        File::from_path(path).map_err(|e| ArgError::new(place, format!("cannot read the file {path:?}: {e}")))?;
    Ok(match media {
        Some(media) => file.content_type(media),
        None => file,
    })
}

/// `value` decoded as `T`, an error naming `name` and the path inside it.
fn decode<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        let field = match inner.as_str() {
            "." => name.to_string(),
            // A list at the top: `ids[0]`, not `ids.[0]`.
            index if index.starts_with('[') => format!("{name}{index}"),
            _ => format!("{name}.{inner}"),
        };
        ArgError::new(field, e.into_inner().to_string()).into()
    })
}

/// What kind of JSON value this is, for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize, Serialize)]
    struct Owner {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        age: Option<u8>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize, Serialize)]
    struct Item {
        owner: Owner,
        tags: Vec<Owner>,
    }

    fn args(value: Value) -> Args {
        Args::from_value(value).unwrap()
    }

    fn refused<T: std::fmt::Debug>(r: Result<T, Failure>) -> ArgError {
        match r {
            Err(Failure::Arguments(e)) => e,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_value_that_does_not_decode_is_named_by_its_path() {
        let mut a = args(json!({"body": {"owner": {"name": "n", "age": 300}, "tags": []}}));
        let e = refused(a.body::<Item>());
        assert_eq!(e.field, "body.owner.age");
        assert!(e.message.starts_with("invalid value: integer `300`, expected u8"), "{}", e.message);
        assert_eq!(refused(args(json!({})).required::<u8>("limit")), ArgError::new("limit", "is required"));
        assert_eq!(args(json!({"limit": null})).optional::<u8>("limit").unwrap(), None);
    }

    #[test]
    fn a_field_the_type_drops_is_refused_and_null_is_not_a_field() {
        let typo = json!({"body": {"owner": {"name": "n", "agee": 3}, "tags": [{"name": "t"}, {"name": "u", "x": 1}]}});
        let e = refused(args(typo).body::<Item>());
        assert_eq!(e, ArgError::new("body.owner.agee", "is not a field the body takes, so it would not be sent"));
        let in_list = json!({"body": {"owner": {"name": "n"}, "tags": [{"name": "t"}, {"name": "u", "x": 1}]}});
        assert_eq!(refused(args(in_list).body::<Item>()).field, "body.tags[1].x");
        let nulls = json!({"body": {"owner": {"name": "n", "age": null}, "tags": []}});
        assert!(args(nulls).body::<Item>().is_ok());
    }

    #[test]
    fn a_file_is_read_from_its_path_with_an_optional_media_type() {
        let path = std::env::temp_dir().join(format!("ops-args-{}.zip", std::process::id()));
        std::fs::write(&path, b"PK").unwrap();
        let spec = format!("{};type=application/zip", path.display());
        let file = args(json!({"archive": spec})).file("archive").unwrap().unwrap();
        let plain = args(json!({"archive": path})).file("archive").unwrap().unwrap();
        assert_eq!(file, plain.clone().content_type("application/zip"));
        std::fs::remove_file(&path).unwrap();
        let e = refused(args(json!({"archive": path})).file("archive"));
        assert_eq!(e.field, "archive");
        assert!(
            e.message.starts_with(&format!("cannot read the file {:?}: ", path.display().to_string())),
            "{}",
            e.message
        );
    }
}
