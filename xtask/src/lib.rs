#![warn(missing_docs)]
//! Project automation shared by the `xtask` binary and the test suite.

pub mod bench;
pub mod cli_bench;
pub mod codegen;
pub mod corpus;
pub mod count;
pub mod generate;
pub mod large;
mod measure;
pub mod names;
pub mod peers;
pub mod semver;
pub mod upstream;

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's manifest directory, read at run time
/// (`cargo run`/`cargo test` set `CARGO_MANIFEST_DIR`), so a binary built from another
/// checkout into a shared target directory still works on the tree it is run in.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir)
}
