//! Every name a generated crate already uses, in one table: lowering names the document's items
//! around them, and emitting spells the items that take them. A name added to the generated code
//! is added here, or a document could take it.

/// Names a document may give its types and operations although a generated crate uses them
/// too: its `Client` and `ClientBuilder`, the runtime types a crate root re-exports, and the
/// prelude's. The document's types live in a `types` module that spells every std name in full,
/// and its re-export gives way to the client's own names, so none of these is renamed. The
/// `names` fixture uses each as a schema name, and the crate it generates must compile.
pub const FREE_TO_TAKE: &[&str] = &[
    "Client",
    "ClientBuilder",
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

/// Members a call type has besides its parameters: its own field and methods, its traits'
/// methods, and the method that sets an optional body. Parameters are named around them.
pub const CALL_MEMBERS: &[&str] =
    &["client", "body", "send", "download", "into_future", "clone", "clone_from", "fmt", "self"];

/// Feature names the generated crate's manifest already has, or that it adds beside the tags.
pub const FEATURES: &[&str] = &["default", "rustls", "native-tls", "proptest", "all-tags"];
