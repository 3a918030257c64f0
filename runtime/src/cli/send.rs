//! Running a parsed command: the built-in commands, and an operation's call with its client,
//! its output and the exit status its outcome means.

use super::command::{build, field_flag, group_name, operation_name, param_flag};
use super::output::{compile, print, write_values, Filter, Format, Printing};
use super::{auth, input, App, EXIT_API, EXIT_NETWORK, EXIT_OK, EXIT_USAGE};
use crate::hooks::{BoxFuture, Hook, HookError, IncomingResponse, OutgoingRequest};
use crate::ops::{ArgError, Args, Failure, Operation, Output, PagingStyle};
use crate::{AfterResponse, ClientBuilder, Error, Place, RetryPolicy};
use clap::ArgMatches;
use serde_json::{json, Map, Value};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Runs the command `m` names.
pub(super) async fn dispatch<C>(app: &App<C>, m: &ArgMatches) -> u8
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    let Some((name, sub)) = m.subcommand() else { return EXIT_USAGE };
    match name {
        "operations" => list_operations(app, sub),
        "auth" => authenticate(app, sub),
        "completions" => {
            let shell = sub.get_one::<String>("shell").map(String::as_str).unwrap_or("bash");
            let shell = match shell {
                "zsh" => clap_complete::Shell::Zsh,
                "fish" => clap_complete::Shell::Fish,
                "elvish" => clap_complete::Shell::Elvish,
                "powershell" => clap_complete::Shell::PowerShell,
                _ => clap_complete::Shell::Bash,
            };
            clap_complete::generate(shell, &mut build(app, None), app.binary, &mut std::io::stdout());
            EXIT_OK
        }
        "manual" => match clap_mangen::Man::new(build(app, None)).render(&mut std::io::stdout()) {
            Ok(()) => EXIT_OK,
            Err(e) => super::fail(format!("cannot write the manual: {e}"), EXIT_NETWORK),
        },
        group => {
            let Some((op_name, leaf)) = sub.subcommand() else { return EXIT_USAGE };
            let found =
                app.api.operations.iter().find(|o| group_name(o.group) == group && operation_name(o) == op_name);
            match found {
                Some(op) => run_operation(app, op, leaf).await,
                None => super::fail(format!("no operation `{group} {op_name}`"), EXIT_USAGE),
            }
        }
    }
}

/// `operations [WORDS...]`: every operation, or those whose group, name, method, path or
/// summary hold all the words.
fn list_operations<C>(app: &App<C>, m: &ArgMatches) -> u8 {
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
fn written(e: std::io::Error) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        EXIT_OK
    } else {
        super::fail(format!("cannot write the output: {e}"), EXIT_NETWORK)
    }
}

/// `auth login|status|logout`.
fn authenticate<C>(app: &App<C>, m: &ArgMatches) -> u8 {
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

/// Whether a base URL's host is this machine.
fn loopback(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else { return false };
    let host = parsed.host_str().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The client the global flags describe; an error message when they cannot make one.
fn client<C>(app: &App<C>, m: &ArgMatches, hooks: Vec<Arc<dyn Hook>>) -> Result<C, String>
where
    C: From<crate::Client>,
{
    let settings = app.api.settings;
    let mut builder = ClientBuilder::<C>::from_env(settings).map_err(|e| e.to_string())?;
    if let Some((key, _)) = auth::find_key(app.binary, settings, m.get_one::<String>("api-key"))? {
        builder = builder.api_key(key);
    }
    let env_url = settings.base_url_var.and_then(|v| std::env::var(v).ok()).filter(|u| !u.is_empty());
    let url = m.get_one::<String>("base-url").cloned().or(env_url).unwrap_or_else(|| settings.base_url.to_string());
    builder = builder.base_url(url.clone()).allow_http(loopback(&url));
    if let Some(&seconds) = m.get_one::<f64>("timeout") {
        if !(seconds.is_finite() && seconds > 0.0 && seconds < 1e9) {
            return Err(format!("`--timeout`: expected a positive number of seconds, not {seconds}"));
        }
        builder = builder.timeout(Duration::from_secs_f64(seconds));
    }
    if let Some(&retries) = m.get_one::<u32>("max-retries") {
        builder = builder.retry(RetryPolicy::attempts(retries.saturating_add(1)));
    }
    for hook in hooks {
        builder = builder.hook(Shared(hook));
    }
    builder.build().map_err(|e| e.to_string())
}

/// A hook the command keeps a handle on.
struct Shared(Arc<dyn Hook>);

impl Hook for Shared {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        self.0.on_request(request)
    }
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        self.0.on_response(response)
    }
}

/// The headers whose values are credentials, by lower-case name.
fn secret_headers(settings: &crate::Settings) -> Vec<String> {
    let mut names = vec!["authorization".to_string(), "cookie".to_string()];
    for scheme in settings.schemes {
        if let Place::Header(name) = scheme.place {
            names.push(name.to_ascii_lowercase());
        }
    }
    names
}

/// Headers as a JSON object, credentials shown as `<redacted>`.
fn shown_headers(headers: &reqwest::header::HeaderMap, secret: &[String]) -> Map<String, Value> {
    headers
        .iter()
        .map(|(name, value)| {
            let hidden = value.is_sensitive() || secret.iter().any(|s| s == name.as_str());
            let shown =
                if hidden { "<redacted>".to_string() } else { String::from_utf8_lossy(value.as_bytes()).into_owned() };
            (name.as_str().to_string(), Value::String(shown))
        })
        .collect()
}

/// `--dry-run`: records the first attempt and stops it.
struct DryRun {
    secret: Vec<String>,
    seen: Mutex<Option<Value>>,
}

const DRY_RUN: &str = "dry run: not sent";

impl Hook for DryRun {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        let body = match request.body() {
            None | Some([]) => Value::Null,
            Some(bytes) => serde_json::from_slice(bytes).unwrap_or_else(|_| match std::str::from_utf8(bytes) {
                Ok(text) => Value::String(text.to_string()),
                Err(_) => Value::String(format!("<{} bytes>", bytes.len())),
            }),
        };
        let seen = json!({
            "method": request.method().as_str(),
            "url": request.url().as_str(),
            "headers": shown_headers(request.headers(), &self.secret),
            "body": body,
        });
        if let Ok(mut slot) = self.seen.lock() {
            *slot = Some(seen);
        }
        Box::pin(async { Err(HookError::new(DRY_RUN)) })
    }
}

/// `--verbose`: each attempt and its answer on standard error, credentials redacted.
struct Verbose {
    secret: Vec<String>,
}

impl Hook for Verbose {
    fn on_request<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), HookError>> {
        eprintln!("> {} {} (attempt {})", request.method(), request.url(), request.attempt());
        for (name, value) in shown_headers(request.headers(), &self.secret) {
            eprintln!("> {name}: {}", value.as_str().unwrap_or(""));
        }
        Box::pin(async { Ok(()) })
    }
    fn on_response<'a>(
        &'a self,
        response: &'a IncomingResponse<'_>,
    ) -> BoxFuture<'a, Result<AfterResponse, HookError>> {
        let id = response.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(crate::printable);
        match id {
            Some(id) => eprintln!("< {} (attempt {}, request id {id})", response.status(), response.attempt()),
            None => eprintln!("< {} (attempt {})", response.status(), response.attempt()),
        }
        Box::pin(async { Ok(AfterResponse::Keep) })
    }
}

/// Runs one operation's command.
async fn run_operation<C>(app: &App<C>, op: &'static Operation, m: &ArgMatches) -> u8
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    let args = match input::arguments(op, m) {
        Ok(args) => args,
        Err(e) => return super::fail(e, EXIT_USAGE),
    };
    let printing = Printing {
        format: Format::parse(m.get_one::<String>("output")),
        query: m.get_one::<String>("query").map(String::as_str),
        out: m.get_one::<String>("out").map(String::as_str),
    };
    let filter = match printing.query.map(compile).transpose() {
        Ok(f) => f,
        Err(e) => return super::fail(format!("`--query`: {e}"), EXIT_USAGE),
    };
    let secret = secret_headers(app.api.settings);
    let dry = m.get_flag("dry-run").then(|| Arc::new(DryRun { secret: secret.clone(), seen: Mutex::new(None) }));
    let mut hooks: Vec<Arc<dyn Hook>> = Vec::new();
    if m.get_flag("verbose") {
        hooks.push(Arc::new(Verbose { secret }));
    }
    if let Some(d) = &dry {
        hooks.push(d.clone());
    }
    let client = match client(app, m, hooks) {
        Ok(c) => c,
        Err(e) => return super::fail(e, EXIT_USAGE),
    };
    let all = m.try_get_one::<bool>("all").ok().flatten().copied().unwrap_or(false);
    let wait = m.try_get_one::<bool>("wait").ok().flatten().copied().unwrap_or(false);
    let result = if all && dry.is_none() {
        return every_page(app, &client, op, args, filter.as_ref()).await;
    } else {
        app.api.call(&client, op, args).await
    };
    let result = match (result, wait, dry.is_some()) {
        (Ok(answer), true, false) => match app.waits.iter().find(|(name, _)| *name == op.name) {
            Some((_, follow)) => with_progress(op, follow(&client, answer)).await,
            None => Ok(answer),
        },
        (other, _, _) => other,
    };
    if let Some(seen) = dry.and_then(|d| d.seen.lock().ok().and_then(|mut s| s.take())) {
        return match write_values(&[seen], Format::Json) {
            Ok(()) => EXIT_OK,
            Err(e) => super::fail(format!("cannot write the request: {e}"), EXIT_NETWORK),
        };
    }
    match result {
        Ok(answer) => match print(answer, &printing, filter.as_ref()) {
            Ok(()) => EXIT_OK,
            // A reader that stopped early (`| head`).
            Err(e) if e.is_empty() => EXIT_OK,
            Err(e) => super::fail(e, EXIT_USAGE),
        },
        Err(failure) => report(app, op, failure),
    }
}

/// Waits for `work`, with a line on standard error saying so while it runs (on a terminal).
async fn with_progress<T>(op: &Operation, work: impl std::future::Future<Output = T>) -> T {
    if !std::io::stderr().is_terminal() {
        return work.await;
    }
    let name = op.name;
    let ticker = tokio::spawn(async move {
        let started = tokio::time::Instant::now();
        loop {
            eprint!("\rwaiting for `{name}` to finish: {}s", started.elapsed().as_secs());
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let out = work.await;
    ticker.abort();
    eprint!("\r\x1b[2K");
    out
}

/// The value at a path of field names.
fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, field| v.get(field))
}

/// `--all`: every page, each item printed as a JSON line as its page arrives.
async fn every_page<C>(app: &App<C>, client: &C, op: &'static Operation, mut args: Args, filter: Option<&Filter>) -> u8
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    let Some(paging) = op.paging else { return super::fail("this operation is not a paged list", EXIT_USAGE) };
    let mut position = args.as_map().get(paging.param).and_then(Value::as_i64).unwrap_or(match paging.style {
        PagingStyle::Page => paging.first,
        _ => 0,
    });
    let (mut seen_cursors, mut previous) = (std::collections::HashSet::new(), None);
    loop {
        let answer = match app.api.call(client, op, args.clone()).await {
            Ok(a) => a,
            Err(failure) => return report(app, op, failure),
        };
        let Output::Json(page) = answer.output else { return EXIT_OK };
        let items = at(&page, paging.items).and_then(Value::as_array).cloned().unwrap_or_default();
        if !items.is_empty() && previous.as_ref() == Some(&items) {
            return super::fail(
                format!("the server answered the same items for `{}` {position} as before; stopped", paging.param),
                EXIT_API,
            );
        }
        for item in &items {
            let values = match filter.map(|f| f.run(item)).transpose() {
                Ok(v) => v.unwrap_or_else(|| vec![item.clone()]),
                Err(e) => return super::fail(e, EXIT_USAGE),
            };
            if let Err(e) = write_values(&values, Format::JsonLines) {
                return written(e);
            }
        }
        let more = at(&page, paging.has_more).and_then(Value::as_bool);
        // A count may be declared a `number`: 2.0 counts as 2.
        let total = at(&page, paging.total).and_then(Value::as_f64);
        if items.is_empty() || more == Some(false) {
            return EXIT_OK;
        }
        match paging.style {
            PagingStyle::Page => {
                position += 1;
                if total.is_some_and(|t| position as f64 > t) {
                    return EXIT_OK;
                }
                args.set(paging.param, json!(position));
            }
            PagingStyle::Offset => {
                position += items.len() as i64;
                if total.is_some_and(|t| position as f64 >= t) {
                    return EXIT_OK;
                }
                args.set(paging.param, json!(position));
            }
            PagingStyle::Cursor => match at(&page, paging.next).filter(|_| !paging.next.is_empty()) {
                Some(next) if !next.is_null() && next != "" && seen_cursors.insert(next.to_string()) => {
                    args.set(paging.param, next.clone());
                }
                _ => return EXIT_OK,
            },
        }
        previous = Some(items);
    }
}

/// The message of a refused argument, naming the flag it came from.
fn flagged(op: &Operation, e: &ArgError) -> String {
    let (head, rest) = e.field.split_once('.').unwrap_or((e.field.as_str(), ""));
    if head == crate::ops::BODY {
        let field_flag = op.body.and_then(|b| b.fields.iter().find(|f| f.name == rest)).map(|f| field_flag(op, f.name));
        return match (field_flag, rest.is_empty()) {
            (Some(flag), _) => format!("`--{flag}`: {}", e.message),
            (None, true) => format!("`--body`: {}", e.message),
            (None, false) => format!("`--body` at `{rest}`: {}", e.message),
        };
    }
    match op.param(head) {
        Some(p) if rest.is_empty() => format!("`--{}`: {}", param_flag(op, p.name), e.message),
        Some(p) => format!("`--{}` at `{rest}`: {}", param_flag(op, p.name), e.message),
        None => e.to_string(),
    }
}

/// Prints why a call failed; answers its exit status.
fn report<C>(app: &App<C>, op: &Operation, failure: Failure) -> u8 {
    match failure {
        Failure::Arguments(e) => super::fail(flagged(op, &e), EXIT_USAGE),
        Failure::Call(Error::Validation(v)) => {
            let e = ArgError::new(
                if v.path.is_empty() { "body".to_string() } else { format!("body.{}", v.path) },
                v.message,
            );
            super::fail(format!("invalid request, not sent: {}", flagged(op, &e)), EXIT_USAGE)
        }
        Failure::Call(e @ Error::MissingCredential { .. }) if app.api.settings.schemes.len() == 1 => {
            super::fail(format!("{e}; or run `{} auth login`", app.binary), EXIT_USAGE)
        }
        Failure::Call(e @ Error::MissingCredential { .. }) => super::fail(e, EXIT_USAGE),
        Failure::Call(e @ Error::Config(_)) => super::fail(e, EXIT_USAGE),
        Failure::Call(
            e @ (Error::Timeout { .. }
            | Error::Deadline { .. }
            | Error::Stalled { .. }
            | Error::Connect(_)
            | Error::Transport(_)),
        ) => super::fail(e, EXIT_NETWORK),
        Failure::Call(e) => super::fail(e, EXIT_API),
        Failure::Job(message) => super::fail(message, EXIT_API),
    }
}
