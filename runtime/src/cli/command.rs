//! The command tree, made from the operations table: a subcommand per group, one per operation
//! under it, a typed flag per parameter and per plain body field.

use super::App;
use crate::ops::{Kind, Operation};
use clap::builder::{PossibleValuesParser, ValueParser};
use clap::{Arg, ArgAction, Command, ValueHint};
use std::collections::BTreeMap;

/// Subcommands of the binary itself; a group with one of these names is listed as `<name>-api`.
pub(super) const BUILT_IN: &[&str] = &["operations", "auth", "completions", "manual", "mcp", "help"];

/// Flags every command takes; a parameter or body field with one of these names is renamed.
const GLOBAL: &[&str] = &[
    "api-key",
    "base-url",
    "timeout",
    "max-retries",
    "output",
    "query",
    "out",
    "dry-run",
    "verbose",
    "help",
    "version",
];

/// Flags of operations themselves.
const OWN: &[&str] = &["body", "all", "wait"];

/// A Rust or wire name as a flag or command: lower case, words joined by `-`.
pub(super) fn kebab(name: &str) -> String {
    name.chars().map(|c| if c == '_' || c == ' ' || c == '.' { '-' } else { c.to_ascii_lowercase() }).collect()
}

/// The group's subcommand name.
pub(super) fn group_name(group: &str) -> String {
    if BUILT_IN.contains(&group) {
        format!("{group}-api")
    } else {
        group.to_string()
    }
}

/// The operation's subcommand name: its Rust name in kebab case.
pub(super) fn operation_name(op: &Operation) -> String {
    kebab(op.name)
}

/// Every flag of `op`'s command, parameters first, then body fields, each unique: a name in
/// kebab case, else prefixed with its location (`query-timeout`, `body-name`) when a flag every
/// command takes, or an earlier one, has it, else numbered (`-2`, `-3`).
fn flags(op: &Operation) -> (Vec<String>, Vec<String>) {
    let mut taken: Vec<String> = GLOBAL.iter().chain(OWN).map(|f| f.to_string()).collect();
    let mut claim = |name: &str, prefix: &str| {
        let plain = kebab(name);
        let prefixed = format!("{prefix}-{plain}");
        let mut flag = if taken.contains(&plain) { prefixed.clone() } else { plain };
        let mut n = 2;
        while taken.contains(&flag) {
            flag = format!("{prefixed}-{n}");
            n += 1;
        }
        taken.push(flag.clone());
        flag
    };
    let params = op.params.iter().map(|p| claim(p.name, p.location.as_str())).collect();
    let fields = op.body.map(|b| b.fields.iter().map(|f| claim(f.name, "body")).collect()).unwrap_or_default();
    (params, fields)
}

/// The flag of parameter `name` (see [`flags`]).
pub(super) fn param_flag(op: &Operation, name: &str) -> String {
    let at = op.params.iter().position(|p| p.name == name);
    at.and_then(|i| flags(op).0.into_iter().nth(i)).unwrap_or_else(|| kebab(name))
}

/// The flag of body field `field` (see [`flags`]).
pub(super) fn field_flag(op: &Operation, field: &str) -> String {
    let at = op.body.and_then(|b| b.fields.iter().position(|f| f.name == field));
    at.and_then(|i| flags(op).1.into_iter().nth(i)).unwrap_or_else(|| kebab(field))
}

/// The whole command tree; with the document, each operation's help shows its example.
pub(super) fn build<C>(app: &App<C>, document: Option<&serde_json::Value>) -> Command {
    let mut root = Command::new(app.binary)
        .about(app.about.clone())
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(globals())
        .after_help("Exit status: 0 success; 1 the API answered an error; 2 usage or bad input (nothing sent); 3 network, timeout or TLS.");
    if !app.version.is_empty() {
        root = root.version(app.version);
    }
    let mut groups: BTreeMap<&str, Vec<&'static Operation>> = BTreeMap::new();
    for op in app.api.operations {
        groups.entry(op.group).or_default().push(op);
    }
    for (group, ops) in groups {
        let about = format!("{} operation{}", ops.len(), if ops.len() == 1 { "" } else { "s" });
        let mut command =
            Command::new(group_name(group)).about(about).subcommand_required(true).arg_required_else_help(true);
        for op in ops {
            let wait = app.waits.iter().any(|(name, _)| *name == op.name);
            let example = document.and_then(|d| super::examples::example(d, app.binary, op));
            command = command.subcommand(operation(op, wait, example));
        }
        root = root.subcommand(command);
    }
    root.subcommand(
        Command::new("operations")
            .about("Lists every operation, or those matching all the words given")
            .arg(Arg::new("words").num_args(0..).value_name("WORDS")),
    )
    .subcommand(
        Command::new("auth")
            .about("Stores, shows or removes the API key")
            .subcommand_required(true)
            .subcommand(Command::new("login").about("Reads the key from standard input or a prompt that does not echo, and stores it in a file only you can read"))
            .subcommand(Command::new("status").about("Says where the key comes from, without showing it"))
            .subcommand(Command::new("logout").about("Removes the stored key")),
    )
    .subcommand(
        Command::new("completions").about("Prints a shell completion script").arg(
            Arg::new("shell").required(true).value_parser(PossibleValuesParser::new(["bash", "zsh", "fish", "elvish", "powershell"])),
        ),
    )
    .subcommand(Command::new("manual").about("Prints the manual page (roff)"))
    .subcommands(mcp())
}

/// `mcp`, with the `mcp` feature: an MCP server for AI agents over standard input and output.
fn mcp() -> Option<Command> {
    if !cfg!(feature = "mcp") {
        return None;
    }
    let names = |id: &'static str, help: &'static str| {
        Arg::new(id).long(id).value_name("NAMES").value_delimiter(',').action(ArgAction::Append).help(help)
    };
    Some(
        Command::new("mcp")
            .about("Serves the API to AI agents over MCP on standard input and output")
            .arg(
                Arg::new("tools")
                    .long("tools")
                    .value_parser(PossibleValuesParser::new(["default", "per-operation"]))
                    .default_value("default")
                    .help("default: search, describe and call tools; per-operation: a tool per operation"),
            )
            .arg(
                Arg::new("read-only")
                    .long("read-only")
                    .action(ArgAction::SetTrue)
                    .help("Offer only operations that change nothing"),
            )
            .arg(names("groups", "Offer only operations of these groups"))
            .arg(names("operations", "Offer only these operations (Rust names, as `operations` lists them)"))
            .arg(names("allow", "Offer only these operations (as --operations)"))
            .arg(names("deny", "Never offer these operations"))
            .arg(
                Arg::new("max-answer-bytes")
                    .long("max-answer-bytes")
                    .value_name("BYTES")
                    .value_parser(clap::value_parser!(usize))
                    .help("Cut an answer's text beyond this many bytes (default 100000)"),
            )
            .arg(
                Arg::new("files")
                    .long("files")
                    .value_name("DIR")
                    .value_hint(ValueHint::DirPath)
                    .help("Save binary answers other than images here (without it they are refused)"),
            ),
    )
}

fn globals() -> Vec<Arg> {
    let flag = |name: &'static str, help: &'static str| Arg::new(name).long(name).help(help).global(true);
    vec![
        flag("api-key", "The API key (default: the environment, then the key `auth login` stored)").value_name("KEY"),
        flag("base-url", "The server to call (http:// only on a loopback host)").value_name("URL"),
        flag("timeout", "Seconds a request may take").value_name("SECONDS").value_parser(clap::value_parser!(f64)),
        flag("max-retries", "How many times a failed request may be sent again")
            .value_name("N")
            .value_parser(clap::value_parser!(u32)),
        flag("output", "How the answer is printed (default: json)")
            .value_name("FORMAT")
            .value_parser(PossibleValuesParser::new(["json", "jsonl", "yaml", "raw"])),
        flag("query", "A jq filter applied to a JSON answer").value_name("FILTER"),
        flag("out", "Write the answer's bytes to this file").value_name("FILE").value_hint(ValueHint::FilePath),
        flag("dry-run", "Print the request as JSON instead of sending it").action(ArgAction::SetTrue),
        flag("verbose", "Log each attempt on standard error (the key never shown)").action(ArgAction::SetTrue),
    ]
}

/// First line of a text.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// One operation's subcommand.
fn operation(op: &'static Operation, wait: bool, example: Option<String>) -> Command {
    let mut long = op.summary.to_string();
    if !op.description.is_empty() {
        long = format!("{long}\n\n{}", op.description);
    }
    long = format!("{long}\n\n{} {}", op.method, op.path).trim().to_string();
    if op.deprecated {
        long.push_str("\n\nDeprecated.");
    }
    let mut command = Command::new(operation_name(op)).about(op.summary.to_string()).long_about(long);
    if let Some(line) = example {
        command = command.after_long_help(format!("Example (from the document):\n  {line}"));
    }
    for p in op.params {
        let text = if p.doc.is_empty() {
            format!("The `{}` {} parameter", p.wire, p.location.as_str())
        } else {
            p.doc.to_string()
        };
        let arg = Arg::new(format!("p:{}", p.name))
            .long(param_flag(op, p.name))
            .help(first_line(&text).to_string())
            .long_help(text)
            .required(p.required)
            .value_name(p.name.to_uppercase());
        command = command.arg(typed(arg, p.kind, p.values));
    }
    if let Some(body) = op.body {
        let about = match body.media {
            crate::ops::Media::Json | crate::ops::Media::Form => "The request body: JSON, @FILE or - (standard input)",
            crate::ops::Media::Multipart => "The form fields as a JSON object (files as paths), @FILE or -",
            crate::ops::Media::Text => "The request body: text, @FILE or - (standard input)",
            crate::ops::Media::Bytes => "The request body: @FILE or - (standard input)",
        };
        command = command.arg(Arg::new("body").long("body").value_name("BODY").help(about).allow_hyphen_values(true));
        for field in body.fields {
            let text = if field.doc.is_empty() {
                format!("Sets the body's `{}` field", field.name)
            } else {
                field.doc.to_string()
            };
            let arg = Arg::new(format!("f:{}", field.name))
                .long(field_flag(op, field.name))
                .help(first_line(&text).to_string())
                .long_help(text)
                .value_name(field.name.to_uppercase());
            command = command.arg(typed(arg, field.kind, field.values));
        }
    }
    if op.paging.is_some() {
        command = command.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Fetch every page and print each item as a JSON line"),
        );
    }
    if wait {
        command = command.arg(
            Arg::new("wait")
                .long("wait")
                .action(ArgAction::SetTrue)
                .help("Wait until the job this starts is over, and print its end state"),
        );
    }
    command
}

/// `arg` with the checks and completions of its kind.
fn typed(arg: Arg, kind: Kind, values: &'static [&'static str]) -> Arg {
    if !values.is_empty() {
        return arg.value_parser(PossibleValuesParser::new(values.iter().copied()));
    }
    match kind {
        Kind::Integer => arg.value_parser(ValueParser::new(integer)),
        Kind::Number => arg.value_parser(ValueParser::new(number)),
        Kind::Boolean => arg.value_parser(PossibleValuesParser::new(["true", "false"])),
        Kind::Uuid => arg.value_parser(ValueParser::new(uuid)),
        Kind::List => arg.action(ArgAction::Append).value_delimiter(','),
        Kind::File => arg.value_hint(ValueHint::FilePath),
        _ => arg,
    }
}

fn integer(text: &str) -> Result<String, String> {
    text.parse::<i64>().map(|_| text.to_string()).map_err(|_| format!("expected a whole number, not {text:?}"))
}

fn number(text: &str) -> Result<String, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(text.to_string()),
        _ => Err(format!("expected a number, not {text:?}")),
    }
}

fn uuid(text: &str) -> Result<String, String> {
    uuid::Uuid::parse_str(text)
        .map(|_| text.to_string())
        .map_err(|_| format!("expected a UUID (8-4-4-4-12 hexadecimal digits), not {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{AnswerKind, Body, Field, Location, Media, Param};

    const fn param(name: &'static str, location: Location) -> Param {
        Param { name, wire: name, location, required: false, kind: Kind::String, values: &[], doc: "" }
    }

    const fn field(name: &'static str) -> Field {
        Field { name, kind: Kind::String, required: false, values: &[], doc: "" }
    }

    static OP: Operation = Operation {
        name: "list_items",
        group: "items",
        method: "POST",
        path: "/items",
        summary: "",
        description: "",
        deprecated: false,
        params: &[
            param("timeout", Location::Query),
            param("item_id", Location::Path),
            param("query_timeout", Location::Query),
        ],
        body: Some(Body {
            required: false,
            media: Media::Json,
            media_type: "application/json",
            fields: &[field("item_id"), field("a.b"), field("a_b"), field("body-a-b")],
        }),
        answer: AnswerKind::Json,
        paging: None,
    };

    #[test]
    fn every_flag_of_a_command_is_its_own() {
        let (params, fields) = flags(&OP);
        assert_eq!(params, ["query-timeout", "item-id", "query-query-timeout"]);
        assert_eq!(fields, ["body-item-id", "a-b", "body-a-b", "body-body-a-b"]);
        assert_eq!(param_flag(&OP, "query_timeout"), "query-query-timeout");
        assert_eq!(field_flag(&OP, "a_b"), "body-a-b");
        // clap agrees: the command builds with every flag distinct.
        operation(&OP, false, None).debug_assert();
    }
}
