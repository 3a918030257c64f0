//! The flags of an operation's command turned into its JSON arguments.

use super::command::{field_flag, param_flag};
use crate::ops::{Args, Kind, Media, Operation, BODY};
use clap::ArgMatches;
use serde_json::{Map, Value};
use std::io::Read;

/// A flag whose value cannot be used.
#[derive(Debug)]
pub(super) struct InputError {
    pub(super) flag: String,
    pub(super) message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`--{}`: {}", self.flag, self.message)
    }
}

fn bad(flag: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError { flag: flag.into(), message: message.into() }
}

/// The arguments the flags of `op`'s command give.
pub(super) fn arguments(op: &Operation, m: &ArgMatches) -> Result<Args, InputError> {
    let mut args = Args::default();
    for p in op.params {
        let (id, flag) = (format!("p:{}", p.name), param_flag(op, p.name));
        if p.kind == Kind::List {
            if let Some(values) = m.get_many::<String>(&id) {
                args.set(p.name, Value::Array(values.map(|v| Value::String(v.clone())).collect()));
            }
        } else if let Some(text) = m.get_one::<String>(&id) {
            args.set(p.name, value(&flag, text, p.kind)?);
        }
    }
    if let Some(body) = op.body {
        let mut given = match m.get_one::<String>(BODY) {
            Some(text) => Some(read_body(text, body.media)?),
            None => None,
        };
        for field in body.fields {
            let Some(text) = m.get_one::<String>(&format!("f:{}", field.name)) else { continue };
            let flag = field_flag(op, field.name);
            let v = value(&flag, text, field.kind)?;
            match given.get_or_insert_with(|| Value::Object(Map::new())) {
                Value::Object(fields) => {
                    fields.insert(field.name.to_string(), v);
                }
                _ => return Err(bad(flag, "cannot be merged into a `--body` that is not a JSON object")),
            }
        }
        if let Some(v) = given {
            args.set(BODY, v);
        }
    }
    Ok(args)
}

/// A flag's text as the JSON value its kind takes.
fn value(flag: &str, text: &str, kind: Kind) -> Result<Value, InputError> {
    Ok(match kind {
        Kind::Integer => Value::Number(
            text.parse::<i64>().map_err(|_| bad(flag, format!("expected a whole number, not {text:?}")))?.into(),
        ),
        Kind::Number => match serde_json::from_str::<Value>(text) {
            Ok(n @ Value::Number(_)) => n,
            _ => return Err(bad(flag, format!("expected a number, not {text:?}"))),
        },
        Kind::Boolean => Value::Bool(text == "true"),
        Kind::Json => serde_json::from_str(text).map_err(|e| bad(flag, format!("expected JSON: {e}")))?,
        Kind::File => Value::String(text.strip_prefix('@').unwrap_or(text).to_string()),
        _ => Value::String(text.to_string()),
    })
}

/// `--body`: JSON (or text), `@FILE` or `-` (standard input).
fn read_body(text: &str, media: Media) -> Result<Value, InputError> {
    if media == Media::Bytes {
        return match text {
            "-" => Ok(Value::String("/dev/stdin".into())),
            _ => match text.strip_prefix('@') {
                Some(path) => Ok(Value::String(path.to_string())),
                None => Err(bad(BODY, "give the bytes to send as @FILE, or - for standard input")),
            },
        };
    }
    let contents = if text == "-" {
        let mut buffer = String::new();
        std::io::stdin()
            .read_to_string(&mut buffer)
            .map_err(|e| bad(BODY, format!("cannot read standard input: {e}")))?;
        buffer
    } else if let Some(path) = text.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| bad(BODY, format!("cannot read {path:?}: {e}")))?
    } else {
        text.to_string()
    };
    if media == Media::Text {
        return Ok(Value::String(contents));
    }
    serde_json::from_str(&contents).map_err(|e| bad(BODY, format!("expected JSON: {e}")))
}
