//! The generator's fixture outputs, compiled against the same runtime `anchor-api` uses.
//! Nothing here is hand-written but the glue; see `tests/` for their wire behaviour.
#![allow(missing_docs, dead_code)]

#[path = "../../../anchor-api/src/runtime/mod.rs"]
pub mod runtime;

/// The runtime's default base URL seam; fixtures carry their own.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1";

/// How raw calls present the key; fixtures declare their own per operation.
pub(crate) const DEFAULT_AUTH: runtime::Auth = runtime::Auth::None;

/// The runtime's seam for API conventions; fixtures have no prose rules.
pub mod service {
    pub const LONG_CALLS: &[(&str, &str, std::time::Duration)] = &[];
    pub const API_KEY_VARS: &[&str] = &["GOLDEN_API_KEY"];
    pub const BASE_URL_VAR: &str = "GOLDEN_BASE_URL";
    /// Generic over the error type: each runtime instance has its own `ValidationError`.
    pub(crate) fn prose_rules<E>(_: &dyn std::any::Any) -> Result<(), E> {
        Ok(())
    }
}

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
