//! Printing an answer: JSON (indented on a terminal, one line when piped), JSON lines, YAML or
//! raw text, after an optional jq filter; bytes to a file or a pipe, never onto a terminal.

use crate::ops::{Answer, Output};
use jaq_core::load::{Arena, File, Loader};
use jaq_core::{data, unwrap_valr, Compiler, Ctx, Vars};
use serde_json::Value;
use std::io::{IsTerminal, Write};

/// How values are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    JsonLines,
    Yaml,
    Raw,
}

impl Format {
    pub(super) fn parse(text: Option<&String>) -> Format {
        match text.map(String::as_str) {
            Some("jsonl") => Format::JsonLines,
            Some("yaml") => Format::Yaml,
            Some("raw") => Format::Raw,
            _ => Format::Json,
        }
    }
}

/// What the user asked of the output.
pub(super) struct Printing<'a> {
    pub(super) format: Format,
    pub(super) query: Option<&'a str>,
    pub(super) out: Option<&'a str>,
}

/// A compiled jq filter.
pub(super) struct Filter(jaq_core::Filter<data::JustLut<jaq_json::Val>>);

/// Compiles a jq filter, or says where it is wrong.
pub(super) fn compile(code: &str) -> Result<Filter, String> {
    let program = File { code, path: () };
    let loader = Loader::new(jaq_core::defs().chain(jaq_std::defs()).chain(jaq_json::defs()));
    let arena = Arena::default();
    let modules = loader.load(&arena, program).map_err(|errors| {
        let mut messages = Vec::new();
        for (_, error) in errors {
            match error {
                jaq_core::load::Error::Io(list) => messages.extend(list.into_iter().map(|(_, m)| m)),
                jaq_core::load::Error::Lex(list) => messages.extend(
                    list.into_iter()
                        .map(|(_, rest)| format!("cannot read it at character {}", code.len() - rest.len() + 1)),
                ),
                jaq_core::load::Error::Parse(list) => messages.extend(list.into_iter().map(|(expect, rest)| {
                    format!("expected {} at character {}", expect.as_str(), code.len() - rest.len() + 1)
                })),
            }
        }
        format!("the jq filter {code:?} does not parse: {}", messages.join("; "))
    })?;
    let funs = jaq_core::funs().chain(jaq_std::funs()).chain(jaq_json::funs());
    let filter = Compiler::default().with_funs(funs).compile(modules).map_err(|errors| {
        let names: Vec<String> = errors
            .into_iter()
            .flat_map(|(_, list)| list)
            .map(|(name, undefined)| match undefined {
                jaq_core::compile::Undefined::Filter(arity) => format!("`{name}/{arity}`"),
                _ => format!("`{name}`"),
            })
            .collect();
        format!("the jq filter {code:?} names what jq does not define: {}", names.join(", "))
    })?;
    Ok(Filter(filter))
}

impl Filter {
    /// The values the filter makes of `input`.
    pub(super) fn run(&self, input: &Value) -> Result<Vec<Value>, String> {
        let text = input.to_string();
        let input =
            jaq_json::read::parse_single(text.as_bytes()).map_err(|e| format!("cannot read the answer for jq: {e}"))?;
        let ctx = Ctx::<data::JustLut<jaq_json::Val>>::new(&self.0.lut, Vars::new([]));
        let mut out = Vec::new();
        for value in self.0.id.run((ctx, input)).map(unwrap_valr) {
            let value = value.map_err(|e| format!("the jq filter failed: {e}"))?;
            out.push(
                serde_json::from_str(&value.to_string())
                    .map_err(|e| format!("the jq filter made a value that is not JSON: {e}"))?,
            );
        }
        Ok(out)
    }
}

/// Writes `values` to standard output in `format`.
pub(super) fn write_values(values: &[Value], format: Format) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    for value in values {
        match format {
            Format::Json if terminal => writeln!(out, "{}", serde_json::to_string_pretty(value)?)?,
            Format::Json => writeln!(out, "{value}")?,
            Format::JsonLines => match value {
                Value::Array(items) => items.iter().try_for_each(|item| writeln!(out, "{item}"))?,
                other => writeln!(out, "{other}")?,
            },
            Format::Yaml => {
                let text = serde_yaml::to_string(value).map_err(std::io::Error::other)?;
                write!(out, "{text}")?;
            }
            Format::Raw => match value {
                Value::String(text) => writeln!(out, "{text}")?,
                other => writeln!(out, "{other}")?,
            },
        }
    }
    out.flush()
}

/// Prints an answer as asked; an error message when it cannot be.
pub(super) fn print(answer: Answer, printing: &Printing<'_>, filter: Option<&Filter>) -> Result<(), String> {
    // A reader that stopped early (`| head`) is no error: the empty message says so.
    let write_error = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            String::new()
        } else {
            format!("cannot write the answer: {e}")
        }
    };
    match answer.output {
        Output::Json(value) => {
            let values = match filter {
                Some(f) => f.run(&value)?,
                None => vec![value],
            };
            if let Some(path) = printing.out {
                let mut text = String::new();
                for v in &values {
                    text.push_str(&serde_json::to_string_pretty(v).map_err(|e| e.to_string())?);
                    text.push('\n');
                }
                return std::fs::write(path, text).map_err(|e| format!("cannot write {path:?}: {e}"));
            }
            write_values(&values, printing.format).map_err(write_error)
        }
        Output::Text(text) => match printing.out {
            Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {path:?}: {e}")),
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes())
                    .and_then(|()| if text.ends_with('\n') { Ok(()) } else { writeln!(out) })
                    .map_err(write_error)
            }
        },
        Output::Binary { content_type, bytes } => {
            if let Some(path) = printing.out {
                return std::fs::write(path, &bytes).map_err(|e| format!("cannot write {path:?}: {e}"));
            }
            let stdout = std::io::stdout();
            if stdout.is_terminal() {
                let kind = content_type.unwrap_or_else(|| "bytes".into());
                return Err(format!(
                    "the answer is {} bytes of {kind}, not shown on a terminal: write it with --out FILE, or pipe it",
                    bytes.len()
                ));
            }
            stdout.lock().write_all(&bytes).map_err(write_error)
        }
        Output::Empty => Ok(()),
    }
}
