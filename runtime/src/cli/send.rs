//! Running a parsed command: the built-in commands, and an operation's call with its client,
//! its output and the exit status its outcome means.

use super::builtins::{authenticate, list_operations};
use super::command::{build, field_flag, group_name, operation_name, param_flag};
use super::hooks::{secret_headers, DryRun, Shared, Verbose};
use super::output::{compile, print, write_values, Format, Printing};
use super::pages::every_page;
use super::{auth, input, App, EXIT_API, EXIT_NETWORK, EXIT_OK, EXIT_USAGE};
use crate::hooks::Hook;
use crate::ops::{ArgError, Failure, Operation};
use crate::{ClientBuilder, Error, RetryPolicy};
use clap::ArgMatches;
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
        #[cfg(feature = "mcp")]
        "mcp" => serve_mcp(app, sub).await,
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

/// Whether a base URL's host is this machine.
fn loopback(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else { return false };
    let host = parsed.host_str().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The client the global flags describe; an error message when they cannot make one.
/// `mcp`: an MCP server on standard input and output, its key read as every command reads it.
#[cfg(feature = "mcp")]
async fn serve_mcp<C>(app: &App<C>, m: &ArgMatches) -> u8
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    let list = |id: &str| -> Vec<String> { m.get_many::<String>(id).map(|v| v.cloned().collect()).unwrap_or_default() };
    let options = crate::mcp::Options {
        per_operation: m.get_one::<String>("tools").is_some_and(|t| t == "per-operation"),
        read_only: m.get_flag("read-only"),
        groups: list("groups"),
        allow: [list("operations"), list("allow")].concat(),
        deny: list("deny"),
        files: m.get_one::<String>("files").map(std::path::PathBuf::from),
        max_answer_bytes: m
            .get_one::<usize>("max-answer-bytes")
            .copied()
            .unwrap_or(crate::mcp::DEFAULT_MAX_ANSWER_BYTES),
    };
    let client = match client(app, m, Vec::new()) {
        Ok(c) => c,
        Err(e) => return super::fail(e, EXIT_USAGE),
    };
    // Every credential this process can send, to be kept out of what agents read.
    let mut secrets: Vec<String> = app.api.settings.schemes.iter().filter_map(|s| std::env::var(s.var).ok()).collect();
    secrets.extend(app.api.settings.key_vars.iter().filter_map(|v| std::env::var(v).ok()));
    if let Ok(Some((key, _))) = auth::find_key(app.binary, app.api.settings, m.get_one::<String>("api-key")) {
        secrets.push(key);
    }
    let version = if app.version.is_empty() { "0.0.0" } else { app.version };
    let server = crate::mcp::Server::new(app.api, client, options, app.binary, version).redacting(secrets);
    match server.serve_stdio().await {
        Ok(()) => EXIT_OK,
        Err(e) => super::fail(e, EXIT_NETWORK),
    }
}

fn client<C>(app: &App<C>, m: &ArgMatches, hooks: Vec<Arc<dyn Hook>>) -> Result<C, String>
where
    C: From<crate::Client>,
{
    let settings = app.api.settings;
    let key = auth::find_key(app.binary, settings, m.get_one::<String>("api-key"))?;
    // The environment gives every scheme's credential; when it lacks a key the API requires, the
    // flag's or the key file's still makes a client.
    let mut builder = match (ClientBuilder::<C>::from_env(settings), &key) {
        (Ok(builder), _) => builder,
        (Err(_), Some(_)) => ClientBuilder::new(settings, crate::Credentials::new(settings)),
        (Err(e), None) => return Err(format!("{e}; or pass --api-key, or run `{} auth login`", app.binary)),
    };
    if let Some((key, _)) = key {
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
    // Bytes never go onto a terminal: said before anything is sent.
    let binary = op.answer == crate::ops::AnswerKind::Binary;
    if binary && printing.out.is_none() && !m.get_flag("dry-run") && std::io::stdout().is_terminal() {
        return super::fail(
            "the answer is bytes, not shown on a terminal: write it with --out FILE, or pipe it",
            EXIT_USAGE,
        );
    }
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
pub(super) fn report<C>(app: &App<C>, op: &Operation, failure: Failure) -> u8 {
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
