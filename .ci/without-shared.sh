#!/usr/bin/env bash
# A clone of the repository alone, with no ../shared beside it: the tests pass (those that need
# the corpus say why they skip) and the main command runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
# The clone and what its tests build are removed however the script ends: CI machines share a disk.
trap 'rm -rf "$scratch"' EXIT
git clone -q "$root" "$scratch/alone"
cd "$scratch/alone"
test ! -e ../shared
# Dependencies already built for the main run are reused.
export CARGO_TARGET_DIR="$root/target"
cargo xtask codegen --check
cargo test --workspace
