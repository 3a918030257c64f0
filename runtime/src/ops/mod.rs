//! An API's operations as data: what each takes and answers ([`Operation`]), and one entry point
//! that calls any of them from JSON arguments ([`Api::call`]). A generated crate emits its table
//! behind its `operations` feature; command-line clients and agent servers are built on it.
//!
//! A call made here goes through the operation's typed method: the JSON arguments are decoded
//! into its typed parameters and body (so enums, formats and ranges are checked as the typed
//! client checks them), and the request sent is the one the typed call sends.

mod answer;
mod args;
pub(crate) mod schema;

pub use answer::{binary, empty, json, text, Answer, Failure, Output};
pub use args::{ArgError, Args, BODY};
pub use schema::{answer_schema, body_schema, input_schema};

use crate::client::hooks::BoxFuture;
use crate::Settings;

/// One operation of an API.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operation {
    /// The Rust method name (`list_items`); arguments and tools use it.
    pub name: &'static str,
    /// The cargo feature of the operation's tag when the crate groups operations by tag, else
    /// its first tag in kebab case, else empty.
    pub group: &'static str,
    /// HTTP method, upper case.
    pub method: &'static str,
    /// The path template as the document writes it (`/items/{id}`).
    pub path: &'static str,
    /// The first line of its documentation.
    pub summary: &'static str,
    /// Its documentation after the first line.
    pub description: &'static str,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters: path ones first, in template order.
    pub params: &'static [Param],
    /// The request body it takes, if any.
    pub body: Option<Body>,
    /// What a success answers.
    pub answer: AnswerKind,
    /// How it pages, when it is a paged list.
    pub paging: Option<Paging>,
}

impl Operation {
    /// Whether it changes nothing on the server: `GET`, `HEAD`, `OPTIONS` and `TRACE`.
    pub fn read_only(&self) -> bool {
        matches!(self.method, "GET" | "HEAD" | "OPTIONS" | "TRACE")
    }

    /// Whether sending it twice has the effect of sending it once (HTTP's idempotent methods).
    pub fn idempotent(&self) -> bool {
        self.read_only() || matches!(self.method, "PUT" | "DELETE")
    }

    /// The parameter with this Rust name.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One parameter of an [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// The Rust name (`item_id`): its key in the arguments.
    pub name: &'static str,
    /// The name on the wire.
    pub wire: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Whether it must be given.
    pub required: bool,
    /// Its value's shape.
    pub kind: Kind,
    /// The values it accepts, when it is an enum (as sent).
    pub values: &'static [&'static str],
    /// Its documentation.
    pub doc: &'static str,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The `Cookie` header.
    Cookie,
}

impl Location {
    /// `path`, `query`, `header` or `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// The shape of a parameter's or a body field's value, as text on a command line becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Text (also dates, enums and IDs shown as text).
    String,
    /// A UUID.
    Uuid,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of text values.
    List,
    /// Any JSON value, given as JSON text.
    Json,
    /// A file's contents, given as its path.
    File,
}

impl Kind {
    /// How the value is described in help texts and errors.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::String => "text",
            Kind::Uuid => "a UUID",
            Kind::Integer => "a whole number",
            Kind::Number => "a number",
            Kind::Boolean => "true or false",
            Kind::List => "a list",
            Kind::Json => "JSON",
            Kind::File => "a file path",
        }
    }
}

/// The request body of an [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    /// Whether it must be given.
    pub required: bool,
    /// How it is sent.
    pub media: Media,
    /// Its media type as the document names it.
    pub media_type: &'static str,
    /// Its top-level fields that take one plain value (text, number, boolean, file), which a
    /// command line may give one by one.
    pub fields: &'static [Field],
}

/// A top-level field of a request body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub name: &'static str,
    /// Its value's shape.
    pub kind: Kind,
    /// Whether it must be given.
    pub required: bool,
    /// The values it accepts, when it is an enum.
    pub values: &'static [&'static str],
    /// Its documentation.
    pub doc: &'static str,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Media {
    /// JSON.
    Json,
    /// `multipart/form-data`: file fields are given as paths.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Text as it is.
    Text,
    /// Bytes as they are, given as a file path.
    Bytes,
}

/// What a success answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerKind {
    /// JSON.
    Json,
    /// Text.
    Text,
    /// Bytes (an image, an archive, a recording).
    Binary,
    /// Nothing.
    Empty,
}

/// How a paged list moves through its pages (the wire names of the fields, outermost first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// How pages are numbered.
    pub style: PagingStyle,
    /// The Rust name of the parameter that moves.
    pub param: &'static str,
    /// The number of the first page (page style).
    pub first: i64,
    /// Where an answer holds its items.
    pub items: &'static [&'static str],
    /// A boolean saying whether another page follows.
    pub has_more: &'static [&'static str],
    /// The count the style stops at (pages, or items for offsets).
    pub total: &'static [&'static str],
    /// The next page's cursor.
    pub next: &'static [&'static str],
}

/// How a paged list numbers its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStyle {
    /// A page number.
    Page,
    /// The number of items to skip.
    Offset,
    /// A cursor each answer gives.
    Cursor,
}

/// The function that calls an operation of a generated client `C` from JSON arguments.
pub type Dispatch<C> = for<'a> fn(&'a C, &'static Operation, Args) -> BoxFuture<'a, Result<Answer, Failure>>;

/// An API as data: its table, its client's settings and the function that calls an operation.
pub struct Api<C: 'static> {
    /// The API's title.
    pub title: &'static str,
    /// The generated client's settings (base URL, environment variables).
    pub settings: &'static Settings,
    /// Every operation, sorted by name.
    pub operations: &'static [Operation],
    /// The normalized document (JSON), where the schemas of bodies and answers are read;
    /// `None` leaves them out.
    pub document: Option<&'static str>,
    /// Calls one operation.
    pub dispatch: Dispatch<C>,
}

impl<C: 'static> Clone for Api<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: 'static> Copy for Api<C> {}

impl<C: 'static> std::fmt::Debug for Api<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").field("title", &self.title).field("operations", &self.operations.len()).finish()
    }
}

impl<C: 'static> Api<C> {
    /// The operation with this Rust name.
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// Calls `operation` with `arguments` (its parameters by Rust name, the body as `body`),
    /// refusing an argument it does not take before anything is decoded or sent.
    pub async fn call(&self, client: &C, operation: &'static Operation, arguments: Args) -> Result<Answer, Failure> {
        arguments.check_names(operation)?;
        (self.dispatch)(client, operation, arguments).await
    }
}
