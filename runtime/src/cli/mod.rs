//! A command-line client for any generated API, built when it starts from the API's operations
//! table ([`crate::ops`]): `<binary> <group> <operation> [flags]` for every operation, each flag
//! typed from the document, the body from `--body` and per-field flags, the answer as JSON (or
//! YAML, JSON lines, raw), filtered with jq; keys from the environment, a flag or a key file.
//!
//! Everything goes through the operation's typed method, so a command checks and sends what the
//! typed client does. Exit status: 0 success; 1 the API answered an error; 2 usage or bad input
//! (nothing sent); 3 network, timeout or TLS.

mod auth;
mod builtins;
mod command;
mod examples;
mod hooks;
mod input;
mod output;
mod pages;
mod send;

use crate::hooks::BoxFuture;
use crate::ops::{Answer, Api, Failure};
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit status of a success.
pub const EXIT_OK: u8 = 0;
/// Exit status when the API answered an error.
pub const EXIT_API: u8 = 1;
/// Exit status of a usage error or refused input: nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit status of a network failure, a timeout or a TLS error.
pub const EXIT_NETWORK: u8 = 3;

/// What `--wait` does after an operation answered: follows the job it started to its end, and
/// answers its final state.
pub type WaitFn<C> = for<'a> fn(&'a C, Answer) -> BoxFuture<'a, Result<Answer, Failure>>;

/// A command-line client for the API of generated client `C`.
pub struct App<C: 'static> {
    api: Api<C>,
    binary: &'static str,
    about: String,
    version: &'static str,
    waits: Vec<(&'static str, WaitFn<C>)>,
}

impl<C> App<C>
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    /// A client for `api`, run as `binary` (also the name of its folder under the user's
    /// configuration directory, where `auth login` keeps the key).
    pub fn new(api: Api<C>, binary: &'static str) -> Self {
        let about = format!(
            "Calls the {} API from the shell: every operation, checked as the typed client checks it.",
            api.title
        );
        App { api, binary, about, version: "", waits: Vec::new() }
    }

    /// The text `--help` starts with.
    pub fn about(mut self, about: impl Into<String>) -> Self {
        self.about = about.into();
        self
    }

    /// The version `--version` prints.
    pub fn version(mut self, version: &'static str) -> Self {
        self.version = version;
        self
    }

    /// Offers `--wait` on `operation`: after it answers, `wait` follows the job it started.
    pub fn wait(mut self, operation: &'static str, wait: WaitFn<C>) -> Self {
        self.waits.push((operation, wait));
        self
    }

    /// Runs with the process's arguments, standard streams and environment.
    pub fn run(self) -> ExitCode {
        ExitCode::from(self.run_with(std::env::args_os()))
    }

    /// Runs with these arguments (the first is the program's name); answers the exit status.
    pub fn run_with(self, args: impl IntoIterator<Item = OsString>) -> u8 {
        let args: Vec<OsString> = args.into_iter().collect();
        // The document is read only for help, where examples are shown: a call starts faster.
        let helping = args.iter().skip(1).any(|a| a == "--help" || a == "-h" || a == "help");
        let document = self.api.document.filter(|_| helping).and_then(|text| serde_json::from_str(text).ok());
        let command = command::build(&self, document.as_ref());
        let matches = match command.try_get_matches_from(args) {
            Ok(m) => m,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            }
        };
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: cannot start the async runtime: {e}");
                return EXIT_NETWORK;
            }
        };
        runtime.block_on(send::dispatch(&self, &matches))
    }
}

/// Prints an error line on standard error.
fn fail(message: impl std::fmt::Display, status: u8) -> u8 {
    eprintln!("error: {message}");
    status
}
