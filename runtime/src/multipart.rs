//! `multipart/form-data` request bodies: a [`File`] for each `format: binary` property, a
//! text part for every other one. A [`File`] is also the body of an operation that uploads
//! bytes as they are (`application/octet-stream`, `image/png`, …). Generated form types list their parts through [`Form`]; the
//! client turns them into a fresh encoded body for each attempt, so a retry re-sends the same
//! bytes without copying them.

use super::error::ValidationError;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// A file to upload: its bytes, and the name and media type the server is told.
///
/// Without [`File::file_name`] the part is named after its form field (servers tell files
/// from plain fields by the presence of a file name); without [`File::content_type`] it is
/// sent as `application/octet-stream`.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file with these contents.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        File { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Reads the file at `path` (blocking), named after its last path component.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let mut file = File::new(std::fs::read(path)?);
        file.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(file)
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's media type (`application/zip`, `image/png`, …).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The media type set with [`File::content_type`], if any.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for File {
    /// Name, media type and size; never the contents.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        File::new(bytes)
    }
}

/// A request body sent as `multipart/form-data`. Implemented by the generated form types.
pub trait Form {
    /// The parts, in property order; an unset optional property has none.
    fn parts(&self) -> Result<Vec<Part>, ValidationError>;
}

/// One encoded part.
#[derive(Debug, Clone)]
pub struct Part {
    name: &'static str,
    value: Value,
    /// The media type the document declares for it (its `encoding` entry), if any.
    declared: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    /// An object, sent as JSON (the OpenAPI default for object properties).
    Json(String),
    File(File),
}

/// Adds the parts for a non-file property: strings, numbers and booleans as text, objects as
/// JSON, each item of an array as a part of its own, nothing for `null`. `declared` is the
/// part's media type from the document (else none for text, `application/json` for JSON).
pub fn field<T: Serialize + ?Sized>(
    parts: &mut Vec<Part>,
    name: &'static str,
    value: &T,
    declared: Option<&'static str>,
) -> Result<(), ValidationError> {
    let value = serde_json::to_value(value)
        .map_err(|e| ValidationError::new(name, format!("cannot encode the form field: {e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    };
    for item in items {
        let value = match item {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => Value::Text(s),
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Value::Text(item.to_string()),
            other => Value::Json(other.to_string()),
        };
        parts.push(Part { name, value, declared });
    }
    Ok(())
}

/// Adds a file part: its media type is the file's own, else `declared` (the document's), else
/// `application/octet-stream`.
pub fn file(
    parts: &mut Vec<Part>,
    name: &'static str,
    file: &File,
    declared: Option<&'static str>,
) -> Result<(), ValidationError> {
    if let Some(content_type) = &file.content_type {
        if HeaderValue::from_str(content_type).is_err() || !content_type.contains('/') {
            let message = format!("content type {content_type:?} is not a media type like `application/zip`");
            return Err(ValidationError::new(name, message));
        }
    }
    parts.push(Part { name, value: Value::File(file.clone()), declared });
    Ok(())
}

/// Encodes the parts for one attempt (the bytes are shared, not copied).
pub(crate) fn encode(parts: &[Part]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        let encoded = match &part.value {
            Value::Text(s) => match part.declared {
                Some(media) => reqwest::multipart::Part::text(s.clone()).headers(content_type(media)),
                None => reqwest::multipart::Part::text(s.clone()),
            },
            Value::Json(s) => reqwest::multipart::Part::text(s.clone())
                .headers(content_type(part.declared.unwrap_or("application/json"))),
            Value::File(f) => {
                let len = f.bytes.len() as u64;
                let body = reqwest::Body::from(f.bytes.clone());
                let media = f.content_type.as_deref().or(part.declared).unwrap_or("application/octet-stream");
                reqwest::multipart::Part::stream_with_length(body, len)
                    .file_name(f.file_name.clone().unwrap_or_else(|| part.name.to_owned()))
                    .headers(content_type(media))
            }
        };
        form = form.part(part.name, encoded);
    }
    form
}

/// A header map holding one `Content-Type` (checked by [`file`] before it gets here).
fn content_type(media: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(media) {
        headers.insert(CONTENT_TYPE, v);
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_become_text_json_or_nothing() {
        let mut parts = Vec::new();
        field(&mut parts, "name", "zip", None).unwrap();
        field(&mut parts, "count", &3, None).unwrap();
        field(&mut parts, "tags", &["a", "b"], None).unwrap();
        field(&mut parts, "meta", &serde_json::json!({"k": 1}), None).unwrap();
        field(&mut parts, "none", &Option::<i64>::None, None).unwrap();
        let seen: Vec<String> = parts
            .iter()
            .map(|p| match &p.value {
                Value::Text(s) => format!("{}=text:{s}", p.name),
                Value::Json(s) => format!("{}=json:{s}", p.name),
                Value::File(_) => format!("{}=file", p.name),
            })
            .collect();
        assert_eq!(seen, ["name=text:zip", "count=text:3", "tags=text:a", "tags=text:b", r#"meta=json:{"k":1}"#]);
    }

    #[test]
    fn a_bad_content_type_names_the_field() {
        let e = file(&mut Vec::new(), "file", &File::new(vec![1]).content_type("zip"), None).unwrap_err();
        assert_eq!(e.to_string(), r#"`file`: content type "zip" is not a media type like `application/zip`"#);
    }

    #[test]
    fn debug_shows_the_size_not_the_contents() {
        let f = File::new(b"secret bytes".to_vec()).file_name("a.zip");
        assert_eq!(format!("{f:?}"), r#"File { file_name: Some("a.zip"), content_type: None, len: 12 }"#);
    }
}
