//! An MCP (Model Context Protocol) server over an API's operations table (feature `mcp`), so
//! that AI agents call the API as the command-line client does: every call through the typed
//! method, checked the same way, the key never in a result.
//!
//! By default it offers three tools, which keep an agent's context small: `search_operations`,
//! `describe_operation` and `call_operation`. [`Options::per_operation`] offers one tool per
//! operation instead. [`Options`] also narrows what is exposed (read-only operations, groups,
//! allowed and denied names) and bounds each answer.

mod answers;
mod tools;

use crate::ops::{Api, Operation};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, InitializeResult, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;
use std::path::PathBuf;

/// The default bound on one answer, in bytes of text.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 100_000;

/// What the server exposes, and how.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// One tool per operation instead of the three search, describe and call tools.
    pub per_operation: bool,
    /// Only operations that change nothing (`GET` and the like).
    pub read_only: bool,
    /// Only operations of these groups (empty: all).
    pub groups: Vec<String>,
    /// Only these operations, by Rust name (empty: all).
    pub allow: Vec<String>,
    /// Never these operations, by Rust name.
    pub deny: Vec<String>,
    /// An answer's text beyond this many bytes is cut, with a note saying how to ask for less.
    pub max_answer_bytes: usize,
    /// Where binary answers other than images are saved (none: such answers are refused).
    pub files: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            per_operation: false,
            read_only: false,
            groups: Vec::new(),
            allow: Vec::new(),
            deny: Vec::new(),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            files: None,
        }
    }
}

impl Options {
    /// Whether `op` is offered to the agent.
    pub fn exposes(&self, op: &Operation) -> bool {
        (!self.read_only || op.read_only())
            && (self.groups.is_empty() || self.groups.iter().any(|g| g == op.group))
            && (self.allow.is_empty() || self.allow.iter().any(|a| a == op.name))
            && !self.deny.iter().any(|d| d == op.name)
    }
}

/// The server: a client of the API, its table and what is exposed.
pub struct Server<C: 'static> {
    api: Api<C>,
    client: C,
    document: Value,
    options: Options,
    name: String,
    version: String,
    /// Credentials to show as `<redacted>` wherever an answer would carry them.
    secrets: Vec<String>,
}

impl<C: Send + Sync + 'static> Server<C> {
    /// A server calling `api` with `client`, announced as `name` at `version`.
    pub fn new(api: Api<C>, client: C, options: Options, name: impl Into<String>, version: impl Into<String>) -> Self {
        let document = api.document.and_then(|text| serde_json::from_str(text).ok()).unwrap_or(Value::Null);
        Server { api, client, document, options, name: name.into(), version: version.into(), secrets: Vec::new() }
    }

    /// Shows these credentials as `<redacted>` in every tool result: an API may answer with an
    /// address that carries the key (a connection URL), and an agent's context is no place for it.
    pub fn redacting(mut self, secrets: impl IntoIterator<Item = String>) -> Self {
        // A value of a few characters would blank out ordinary text.
        self.secrets = secrets.into_iter().filter(|s| s.trim().len() >= 4).collect();
        self
    }

    /// The operations offered.
    fn exposed(&self) -> impl Iterator<Item = &'static Operation> + '_ {
        self.api.operations.iter().filter(|op| self.options.exposes(op))
    }

    /// Serves MCP over standard input and output until the client closes it.
    pub async fn serve_stdio(self) -> Result<(), String> {
        let running =
            self.serve(rmcp::transport::stdio()).await.map_err(|e| format!("cannot start the MCP server: {e}"))?;
        running.waiting().await.map(drop).map_err(|e| format!("the MCP server stopped: {e}"))
    }
}

impl<C: Send + Sync + 'static> ServerHandler for Server<C> {
    fn get_info(&self) -> ServerConfig {
        let mode = if self.options.per_operation {
            "Each operation is a tool of its own, taking its parameters by name and the request body as `body`."
        } else {
            "Find an operation with `search_operations`, read what it takes with `describe_operation`, then run it with `call_operation`."
        };
        InitializeResult::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(self.name.clone(), self.version.clone()))
            .with_instructions(format!("Calls the {} API. {mode}", self.api.title))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        let result: CallToolResult = self.run_tool(&request.name, arguments).await;
        Ok(result.into())
    }
}
