//! The generator's fixture outputs, each a module with its own `Client`, compiled against the
//! `oapi-runtime` crate as any generated crate is. Nothing here is hand-written but the glue; see
//! `tests/` for their wire behaviour.
// Generated code must compile without a warning: users see them in their own builds.
#![deny(warnings)]
#![allow(missing_docs, dead_code)]

/// The runtime, as the tests name it.
pub use oapi_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
