//! Every name a generated crate already uses, in one table: lowering names the document's items
//! around them, and emitting spells the items that take them. A name added to the generated code
//! is added here, or a document could take it.

/// Names a document may give its types and operations although a generated crate uses them
/// too: its `Client` and `ClientBuilder`, the runtime types a crate root re-exports, and the
/// prelude's. The document's types live in a `types` module that spells every std name in full,
/// and its re-export gives way to the client's own names, so none of these is renamed. The
/// `names` fixture uses each as a schema name, and the crate it generates must compile.
// Read by the tests and `cargo xtask names` (through `internals`); nothing here needs it.
#[cfg(feature = "internals")]
pub const FREE_TO_TAKE: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "ApiError",
    "ValidationError",
    "Validate",
    "RetryPolicy",
    "Binary",
    "Download",
    "File",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
];

/// The methods the generated `Client` defines besides the operations (and those of the traits
/// it implements); operations are named around them.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "builder_without_key",
    "from_env",
    "base_url",
    "with_timeout",
    "with_retry",
    "call",
    "runtime",
    "clone",
    "fmt",
    "from",
];

/// The methods a generated `Credentials` (an API with several security schemes) has besides
/// one setter per scheme; a setter that would take one is called `<name>_credential`.
pub const CREDENTIALS_METHODS: &[&str] = &["new", "default", "clone", "clone_from", "fmt", "from", "into"];

/// Members a call type has besides its parameters: its own field and methods, its traits'
/// methods, and the method that sets an optional body. Parameters are named around them.
pub const CALL_MEMBERS: &[&str] = &[
    "client",
    "extra",
    "body",
    "send",
    "download",
    "header",
    "with_response",
    "pages",
    "items",
    "into_future",
    "clone",
    "clone_from",
    "fmt",
    "self",
];

/// The methods a generated `mock::MockServer` has besides one per operation; an operation that
/// takes one of these names gets `<name>_endpoint` there.
pub const MOCK_SERVER_METHODS: &[&str] = &["start", "client"];

/// Associated items that code derived for a union (`proptest_derive::Arbitrary`) reaches as
/// `Self::<name>`, which a variant of that name would make ambiguous: a union's variant that
/// would take one is called `<name>Variant`.
pub const NOT_VARIANTS: &[&str] = &["Parameters", "Strategy"];

/// Names the generated code uses inside its own impls and bodies: associated types and
/// constants, trait and helper methods, generic parameters and locals. A document may give any
/// of them to an enum value, a property, a schema, an operation or a parameter, so the generated
/// code never reaches one where a document's name could answer: associated items are spelled
/// `<Self as Trait>::Item`, a union's own methods and constants are not variant-shaped, locals
/// sit in bodies where the document's names are reached through `self`. The `internal_names`
/// fixture uses each in every one of those places, and a property test draws them into small
/// documents.
// Read by the tests and `cargo xtask names` (through `internals`); nothing here needs it.
#[cfg(feature = "internals")]
pub const INTERNAL: &[&str] = &[
    // Associated types and constants.
    "Err",
    "Error",
    "Ok",
    "Output",
    "IntoFuture",
    "Parameters",
    "Strategy",
    "Target",
    "Item",
    "Value",
    "VALUES",
    "ALL",
    "NAME",
    // Trait and helper methods.
    "fmt",
    "from_str",
    "as_str",
    "validate",
    "deserialize",
    "serialize",
    "hash",
    "eq",
    "from",
    "from_map",
    "parts",
    "is_listed_for",
    "arbitrary_with",
    "into_future",
    "send",
    // Generic parameters.
    "D",
    "S",
    "H",
    "A",
    // Locals of generated bodies.
    "value",
    "text",
    "index",
    "path",
    "query",
    "headers",
    "response",
    "received",
    "download",
    "selector",
    "other",
    "deserializer",
    "serializer",
    "state",
    "file",
    "f",
];

/// Feature names the generated crate's manifest already has, or that it adds beside the tags.
pub const FEATURES: &[&str] = &["default", "rustls", "native-tls", "proptest", "all-tags"];
