//! Whole-model passes, run in order once every schema and operation is lowered. Each reads and
//! amends the [`Model`](crate::ir::Model) only.

pub(super) mod constants;
pub(super) mod correlate;
pub(super) mod cycles;
pub(super) mod docs;
pub(super) mod features;
pub(super) mod open_enums;
pub(super) mod shared_types;
pub(super) mod union_api;
pub(super) mod validating;
