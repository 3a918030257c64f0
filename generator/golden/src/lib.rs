//! The generator's fixture outputs, compiled against the same runtime `anchor-api` uses.
//! Nothing here is hand-written but the glue; see `tests/` for their wire behaviour.
#![allow(missing_docs, dead_code)]

#[path = "../../../anchor-api/src/runtime/mod.rs"]
pub mod runtime;

/// The runtime's default base URL seam; fixtures carry their own.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1";

/// The runtime's seam for API conventions; fixtures have no prose rules.
pub mod service {
    pub const API_KEY_VARS: &[&str] = &["GOLDEN_API_KEY"];
    pub const BASE_URL_VAR: &str = "GOLDEN_BASE_URL";
    pub(crate) fn prose_rules(_: &dyn std::any::Any) -> Result<(), crate::runtime::ValidationError> {
        Ok(())
    }
}

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
