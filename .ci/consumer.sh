#!/usr/bin/env bash
# A new user's project: anchor-api beside tokio pinned to its 1.47 LTS line, serde and reqwest of
# their own; it must resolve (no exact pins in our manifests) and build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
app="$scratch/consumer"
mkdir -p "$app/src"
cat > "$app/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
anchor-api = { path = "$root/anchor-api" }
tokio = { version = "~1.47", features = ["macros", "rt-multi-thread"] }
serde = "1"
reqwest = { version = "0.12", default-features = false }

[workspace]
TOML
cat > "$app/src/main.rs" <<'RS'
#[tokio::main]
async fn main() {
    let client = anchor_api::Client::builder("sk-x").base_url("http://127.0.0.1:9").allow_http(true).build().unwrap();
    let err = client.list_sessions_history_page().page(1).await.unwrap_err();
    println!("{}", err.is_retryable());
}
RS
cd "$app"
cargo generate-lockfile -q
grep -A1 '^name = "tokio"$' Cargo.lock | grep -q 'version = "1.47.' || { echo "tokio did not resolve to 1.47.x"; exit 1; }
CARGO_TARGET_DIR="$root/target/consumer" cargo build -q
echo "consumer with tokio ~1.47 builds"
