//! The tools: three that search, describe and call any exposed operation, or one per operation;
//! and running a tool call.

use super::Server;
use crate::ops::{answer_schema, input_schema, Args, Operation};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool, ToolAnnotations};
use serde_json::{json, Value};

/// How many operations a search answers at most.
const SEARCH_LIMIT: usize = 20;

fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(fields) => fields,
        _ => JsonObject::new(),
    }
}

/// A tool result marked as an error, with its message.
pub(super) fn refused(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

impl<C: Send + Sync + 'static> Server<C> {
    /// The tools offered.
    pub(super) fn tools(&self) -> Vec<Tool> {
        if self.options.per_operation {
            return self.exposed().map(|op| self.operation_tool(op)).collect();
        }
        let names: Vec<&str> = self.exposed().map(|op| op.name).collect();
        let mut groups: Vec<&str> = self.exposed().map(|op| op.group).collect();
        groups.dedup();
        let all_read_only = self.exposed().all(Operation::read_only);
        let search = Tool::new(
            "search_operations",
            "Finds the API's operations whose name, group, path or documentation hold the words asked for; answers each with its one-line summary.",
            object(json!({
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "Words to look for, such as `upload file`."},
                    "group": {"type": "string", "enum": groups, "description": "Only operations of this group."},
                },
                "required": ["query"],
                "additionalProperties": false,
            })),
        )
        .annotate(ToolAnnotations::with_title("Search operations").read_only(true).idempotent(true));
        let describe = Tool::new(
            "describe_operation",
            "Describes one operation: its documentation, its input as one JSON Schema (parameters by name, the request body as `body`) and its answer's schema.",
            object(json!({
                "type": "object",
                "properties": {"name": {"type": "string", "enum": names, "description": "The operation's name, as search_operations gives it."}},
                "required": ["name"],
                "additionalProperties": false,
            })),
        )
        .annotate(ToolAnnotations::with_title("Describe an operation").read_only(true).idempotent(true));
        let call = Tool::new(
            "call_operation",
            "Calls one operation with its arguments (as describe_operation's input schema says) and answers what the API answered.",
            object(json!({
                "type": "object",
                "properties": {
                    "name": {"type": "string", "enum": names, "description": "The operation's name."},
                    "arguments": {"type": "object", "description": "The operation's parameters by name, and the request body as `body`."},
                },
                "required": ["name"],
                "additionalProperties": false,
            })),
        )
        .annotate(ToolAnnotations::with_title("Call an operation").read_only(all_read_only).destructive(!all_read_only));
        vec![search, describe, call]
    }

    /// One operation as a tool of its own.
    fn operation_tool(&self, op: &'static Operation) -> Tool {
        let schema = if self.document.is_null() {
            json!({"type": "object", "description": "The parameters by name, and the request body as `body`."})
        } else {
            input_schema(&self.document, op)
        };
        let mut text = format!("{}\n\n{} {}", op.summary, op.method, op.path);
        if !op.description.is_empty() {
            text = format!("{}\n\n{}\n\n{} {}", op.summary, op.description, op.method, op.path);
        }
        let destructive = op.method == "DELETE";
        let annotations = ToolAnnotations::with_title(op.summary)
            .read_only(op.read_only())
            .destructive(destructive)
            .idempotent(op.idempotent());
        Tool::new(op.name, text, object(schema)).with_title(op.summary).annotate(annotations)
    }

    /// Runs the tool `name` with `arguments`; every refusal is a result marked as an error.
    pub(super) async fn run_tool(&self, name: &str, arguments: Value) -> CallToolResult {
        if self.options.per_operation {
            return match self.exposed().find(|op| op.name == name) {
                Some(op) => self.call(op, arguments).await,
                None => refused(format!("no tool `{name}`")),
            };
        }
        let text = |field: &str| arguments.get(field).and_then(Value::as_str).map(str::to_owned);
        match name {
            "search_operations" => match text("query") {
                Some(query) => self.search(&query, text("group").as_deref()),
                None => refused("`query`: expected the words to look for"),
            },
            "describe_operation" => match text("name").map(|n| self.find(&n)) {
                Some(Ok(op)) => self.describe(op),
                Some(Err(message)) => refused(message),
                None => refused("`name`: expected an operation's name, as search_operations gives it"),
            },
            "call_operation" => match text("name").map(|n| self.find(&n)) {
                Some(Ok(op)) => self.call(op, arguments.get("arguments").cloned().unwrap_or(Value::Null)).await,
                Some(Err(message)) => refused(message),
                None => refused("`name`: expected an operation's name, as search_operations gives it"),
            },
            other => refused(format!("no tool `{other}`")),
        }
    }

    /// The exposed operation called `name`, or why it cannot be used.
    fn find(&self, name: &str) -> Result<&'static Operation, String> {
        match self.api.operation(name) {
            Some(op) if self.options.exposes(op) => Ok(op),
            Some(_) => {
                Err(format!("`name`: the operation `{name}` is not offered by this server (its options leave it out)"))
            }
            None => Err(format!("`name`: no operation `{name}`; search_operations finds them")),
        }
    }

    /// Exposed operations holding the most of the query's words.
    fn search(&self, query: &str, group: Option<&str>) -> CallToolResult {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut found: Vec<(usize, &Operation)> = self
            .exposed()
            .filter(|op| group.is_none_or(|g| g == op.group))
            .filter_map(|op| {
                let text =
                    format!("{} {} {} {} {} {}", op.name, op.group, op.method, op.path, op.summary, op.description)
                        .to_lowercase()
                        .replace('_', " ");
                let hits = words.iter().filter(|w| text.contains(w.as_str())).count();
                (hits > 0 || words.is_empty()).then_some((hits, op))
            })
            .collect();
        // Operations holding every word, when some do; else those holding the most.
        if found.iter().any(|(hits, _)| *hits == words.len()) {
            found.retain(|(hits, _)| *hits == words.len());
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(b.1.name)));
        let rows: Vec<Value> = found
            .iter()
            .take(SEARCH_LIMIT)
            .map(|(_, op)| json!({"name": op.name, "group": op.group, "method": op.method, "path": op.path, "summary": op.summary}))
            .collect();
        CallToolResult::success(vec![ContentBlock::text(Value::Array(rows).to_string())])
    }

    /// One operation's documentation and schemas.
    fn describe(&self, op: &'static Operation) -> CallToolResult {
        let mut described = json!({
            "name": op.name, "group": op.group, "method": op.method, "path": op.path,
            "summary": op.summary, "description": op.description, "deprecated": op.deprecated,
            "changes_nothing": op.read_only(),
        });
        if !self.document.is_null() {
            described["input_schema"] = input_schema(&self.document, op);
            if let Some(answer) = answer_schema(&self.document, op) {
                described["answer_schema"] = answer;
            }
        }
        if let Some(paging) = op.paging {
            described["paged_by"] = json!(paging.param);
        }
        CallToolResult::success(vec![ContentBlock::text(described.to_string())])
    }

    /// Calls `op` with the agent's arguments, checked as the typed client checks them.
    async fn call(&self, op: &'static Operation, arguments: Value) -> CallToolResult {
        // An agent chooses the arguments: no path it names is read and sent.
        let args = match Args::from_value(arguments) {
            Ok(args) => args.without_files(),
            Err(e) => return refused(format!("invalid arguments, nothing sent: {e}")),
        };
        let result = match self.api.call(&self.client, op, args).await {
            Ok(answer) => super::answers::result(op, answer, &self.options),
            Err(failure) => super::answers::failed(failure),
        };
        super::answers::redacted(result, &self.secrets)
    }
}
