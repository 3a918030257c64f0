#!/usr/bin/env bash
# The manifests' lower bounds are true: with every direct dependency at the lowest version they
# allow, the workspace builds and its tests pass. Direct ones only (`direct-minimal-versions`):
# with `minimal-versions`, crates deeper down fail on lower bounds of their own that are false
# (fluent-uri 0.4.1, under jsonschema, accepts ref-cast 1.0.0 but uses `RefCastCustom`, which that
# version lacks), which says nothing about ours.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
# The clone and what its tests build are removed however the script ends: CI machines share a disk.
trap 'rm -rf "$scratch"' EXIT
git clone -q "$root" "$scratch/minimal"
cd "$scratch/minimal"
RUSTC_BOOTSTRAP=1 cargo update -Z direct-minimal-versions
export CARGO_TARGET_DIR="$root/target/minimal-versions"
# xtask/tests/rust_version.rs checks the declared rust-version against these versions.
export MINIMAL_VERSIONS=1
cargo test --workspace
