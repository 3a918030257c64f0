#![warn(missing_docs)]
//! Project automation shared by the `xtask` binary and the test suite.

pub mod codegen;
