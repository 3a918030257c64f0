//! The commands of the program itself: `operations` (list and search) and `auth`.

use super::command::{group_name, operation_name};
use super::output::{write_values, Format};
use super::{auth, App, EXIT_NETWORK, EXIT_OK, EXIT_USAGE};
use clap::ArgMatches;
use serde_json::{json, Value};

/// `operations [WORDS...]`: every operation, or those whose group, name, method, path or
/// summary hold all the words.
pub(super) fn list_operations<C>(app: &App<C>, m: &ArgMatches) -> u8 {
    let words: Vec<String> =
        m.get_many::<String>("words").map(|w| w.map(|w| w.to_lowercase()).collect()).unwrap_or_default();
    let rows: Vec<Value> = app
        .api
        .operations
        .iter()
        .filter(|op| {
            let text =
                format!("{} {} {} {} {} {}", op.group, operation_name(op), op.name, op.method, op.path, op.summary)
                    .to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .map(|op| {
            json!({
                "group": group_name(op.group), "operation": operation_name(op), "name": op.name,
                "method": op.method, "path": op.path, "summary": op.summary,
            })
        })
        .collect();
    let result = match m.get_one::<String>("output").map(String::as_str) {
        Some("jsonl") => write_values(&[Value::Array(rows)], Format::JsonLines),
        Some("json") => write_values(&[Value::Array(rows)], Format::Json),
        Some("yaml") => write_values(&[Value::Array(rows)], Format::Yaml),
        _ => {
            let text = |r: &Value, key: &str| r[key].as_str().unwrap_or("").to_string();
            let command = |r: &Value| format!("{} {}", text(r, "group"), text(r, "operation"));
            let widest = |f: &dyn Fn(&Value) -> String| rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0);
            let (w1, w2) = (widest(&command), widest(&|r| text(r, "path")));
            let lines: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let line = format!(
                        "{:<w1$}  {:<7} {:<w2$}  {}",
                        command(r),
                        text(r, "method"),
                        text(r, "path"),
                        text(r, "summary")
                    );
                    Value::String(line.trim_end().to_string())
                })
                .collect();
            write_values(&lines, Format::Raw)
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => written(e),
    }
}

/// The exit status after standard output failed: a reader that stopped early (`| head`) is no
/// error.
pub(super) fn written(e: std::io::Error) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        EXIT_OK
    } else {
        super::fail(format!("cannot write the output: {e}"), EXIT_NETWORK)
    }
}

/// `auth login|status|logout`.
pub(super) fn authenticate<C>(app: &App<C>, m: &ArgMatches) -> u8 {
    let result = match m.subcommand_name() {
        Some("login") => auth::login(app.binary),
        Some("logout") => auth::logout(app.binary),
        _ => match auth::find_key(app.binary, app.api.settings, m.get_one::<String>("api-key")) {
            Ok(Some((_, source))) => Ok(format!("a key is set, from {source}")),
            Ok(None) => {
                let vars = app.api.settings.key_vars.join(" or ");
                println!("no key: set {vars}, pass --api-key, or run `{} auth login`", app.binary);
                return EXIT_USAGE;
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(message) => {
            println!("{message}");
            EXIT_OK
        }
        Err(e) => super::fail(e, EXIT_USAGE),
    }
}
