//! Every name a generated crate already uses, in one table: lowering names the document's items
//! around them, and emitting spells the items that take them. A name added to the generated code
//! is added here, or a document could take it.

/// Names a generated crate's root already uses: its `Client` and `ClientBuilder`, the runtime
/// types it re-exports, and prelude names. No generated item takes a prelude name, so the emitted
/// code can spell `Option`, `Some`, `Result`, `String`, ... short.
pub const CRATE_ROOT: &[&str] = &[
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
    // The prelude's traits: a type of that name would shadow them wherever it is glob-imported.
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
