//! The model of an operation: its parameters, body, success and error responses, and how it
//! presents the key.

use super::TypeRef;

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Rust method name.
    pub name: String,
    /// Name of the call's type in the generated `calls` module (the method returns it; optional
    /// parameters are set on it before it is sent).
    pub call: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template (`/v1/items/{id}`), parsed.
    pub path: PathTemplate,
    /// Doc text.
    pub doc: Option<String>,
    /// JSON request body.
    pub body: Option<Body>,
    /// What the method returns, and on which status.
    pub success: Success,
    /// Non-success statuses with a JSON body, in [`StatusMatch`] order.
    pub errors: Vec<ErrorResponse>,
    /// Name of the enum of error bodies (`None` when no error status has a JSON body).
    pub error_type: Option<String>,
    /// The credentials it sends: alternatives in the document's order, each the names of the
    /// [`SecurityScheme`]s sent together (an empty one: it may go without). Empty: none.
    pub security: Vec<Vec<String>>,
    /// Path, query, header and cookie parameters: path ones first, in template order.
    pub params: Vec<Param>,
    /// The operation's own base URL, when its `servers` (or its path item's) differ from the
    /// document's.
    pub server: Option<String>,
    /// Whether the document marks the operation deprecated.
    pub deprecated: bool,
    /// The operation's `tags`.
    pub tags: Vec<String>,
    /// Cargo features any of which compiles the operation (empty: always compiled).
    pub gate: Vec<String>,
    /// The operation's own timeout in seconds, when it waits by design (from the settings).
    pub timeout: Option<u64>,
    /// How its responses lead to the next page, when the settings declare it paged.
    pub paging: Option<Paging>,
}

/// A paged list operation: which parameter moves through the pages, where a response holds
/// its items, and what says whether another page follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// How pages are numbered.
    pub style: PagingStyle,
    /// Index into [`Operation::params`] of the parameter the style advances.
    pub param: usize,
    /// The number of the first page (page style), when the call leaves the parameter out.
    pub first: i64,
    /// Where the success body holds the list of items.
    pub items: FieldPath,
    /// A boolean saying whether another page follows.
    pub has_more: Option<FieldPath>,
    /// The count the style stops at: the number of pages (page style) or of items (offset style).
    pub total: Option<FieldPath>,
    /// The next page's cursor (cursor style).
    pub next: Option<FieldPath>,
}

/// How a paged operation numbers its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStyle {
    /// A page number, one up per page.
    Page,
    /// The number of items to skip, up by the items of each page.
    Offset,
    /// An opaque cursor each response gives for the next page.
    Cursor,
}

/// A value inside a response body, reached through the fields of nested objects.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    /// The fields from the body down, outermost first.
    pub steps: Vec<FieldStep>,
    /// The type of the value at the end.
    pub ty: TypeRef,
}

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// How many `Option`s wrap its value (0 for a required field, 2 for a clearable one).
    pub options: u8,
}

/// A security scheme some operation sends: the client holds a credential for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// Its JSON pointer.
    pub pointer: String,
    /// Where its credential goes.
    pub place: Place,
    /// The Rust name of its setter on the generated `Credentials`.
    pub setter: String,
    /// The environment variable its credential is read from (from the settings).
    pub var: String,
    /// The document's description of it.
    pub doc: Option<String>,
}

/// Where a credential goes on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `apiKey` in this header.
    Header(String),
    /// `Authorization: Bearer <key>`: `http` bearer, OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic …`: `http` basic, the key being `user:password`.
    Basic,
    /// `apiKey` in this query parameter.
    Query(String),
    /// `apiKey` in this cookie.
    Cookie(String),
}

/// A path template, parsed once: the text as the document spells it and its pieces in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written (`/v1/items/{id}`).
    pub text: String,
    /// Literal text and placeholders, in order.
    pub pieces: Vec<PathPiece>,
}

/// One piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Text sent as it is.
    Literal(String),
    /// A `{name}` placeholder: the wire name of a path parameter.
    Placeholder(String),
}

impl PathTemplate {
    /// The placeholders' names, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            PathPiece::Placeholder(name) => Some(name.as_str()),
            PathPiece::Literal(_) => None,
        })
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// What an operation returns on success.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The status that means success: the lowest listed 2xx code, else `2XX`.
    pub status: StatusMatch,
    /// How the success body is read.
    pub body: SuccessBody,
}

/// How a success body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// `text/*` without a JSON schema: a `String`.
    Text,
    /// Any other media type (`image/png`, `application/octet-stream`, …): bytes with their
    /// content type.
    Binary,
    /// No body.
    Empty,
}

impl SuccessBody {
    /// The JSON type, when the body is JSON.
    pub fn json(&self) -> Option<&TypeRef> {
        match self {
            SuccessBody::Json(ty) => Some(ty),
            _ => None,
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` segment of the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A `name=value` pair of the `Cookie` header.
    Cookie,
}

/// How a parameter's value is spelled: OpenAPI's `style` (or `content`), as the runtime's
/// `params::Style` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple`: path and header default.
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// `form`: query and cookie default.
    Form,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
    /// The value as JSON text: `content: application/json`.
    Json,
}

/// One operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust argument name.
    pub name: String,
    /// Name on the wire (template placeholder, query key or header name).
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// The parameter's description.
    pub doc: Option<String>,
    /// Value type.
    pub ty: TypeRef,
    /// Whether it must be given (path parameters always).
    pub required: bool,
    /// `style`, or [`ParamStyle::Json`] for a JSON `content` parameter.
    pub style: ParamStyle,
    /// `explode` (default: true for `form`, false otherwise).
    pub explode: bool,
    /// `allowReserved`: a query value keeps RFC 3986's reserved characters unencoded.
    pub allow_reserved: bool,
    /// Whether the method takes anything that displays as the value (`&str`, `String`,
    /// `Uuid`) instead of `ty`: a textual path parameter, so that an ID one operation returns
    /// as a plain string passes to another that declares `format: uuid`, and back.
    pub displayed: bool,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Body type: the JSON type, the form struct, [`TypeRef::File`] for bytes or
    /// [`TypeRef::String`] for text.
    pub ty: TypeRef,
    /// Whether a body must be sent.
    pub required: bool,
    /// How it is put on the wire.
    pub encoding: Encoding,
}

/// How one property of a URL-encoded form is spelled (its `encoding` entry, else the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// Property name on the wire.
    pub wire: String,
    /// `style`.
    pub style: ParamStyle,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved`.
    pub allow_reserved: bool,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json`.
    Json,
    /// `multipart/form-data`, from a form struct (see [`Struct::form`](super::Struct::form)).
    Multipart,
    /// `application/x-www-form-urlencoded`, from a serde type: how each property is spelled, in
    /// declaration order.
    UrlEncoded(Vec<FormField>),
    /// As it is, with this declared media type (`application/octet-stream`, `text/plain`, …).
    Raw(String),
    /// `application/json` whose schema admits only `{}` (an object with no properties and no
    /// others allowed): always `{}`, so not an argument.
    EmptyObject,
}

/// Which response statuses a declared response covers. Ordered as a `match` must test them:
/// exact codes, then ranges, then `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `4XX`: every code starting with this digit.
    Range(u16),
    /// `default`: every status the operation does not list.
    Default,
}

/// A declared error status and its body type.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// Which statuses the body is declared for.
    pub status: StatusMatch,
    /// Variant name in the operation's error enum.
    pub variant: String,
    /// Body type.
    pub ty: TypeRef,
    /// Response description.
    pub doc: Option<String>,
}
