#!/usr/bin/env bash
# The generator as users get it: the runtime, the generator and the tool packaged into a local
# registry; the tool installed from there with `cargo install`; a client generated for a corpus
# document in a folder outside the workspace; that client built and tested against the packaged
# runtime. Needs ../shared beside the checkout, and `cargo package` of the three crates first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/runtime/Cargo.toml" | head -1)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 "$root/.ci/local_registry.py" "$scratch/registry" \
  "$root/target/package/oapi-runtime-$version.crate" \
  "$root/target/package/oapi-generator-$version.crate" \
  "$root/target/package/oapi-gen-$version.crate"
export CARGO_REGISTRIES_LOCAL_INDEX="file://$scratch/registry/index"
export CARGO_TARGET_DIR="$root/target/tool-from-registry"
# The packaged tool names the generator as crates.io would serve it: the patch serves it from
# the local registry instead.
cargo install --quiet oapi-gen --registry local --version "=$version" --root "$scratch/tool" \
  --config 'patch.crates-io.oapi-generator.registry="local"' \
  --config "patch.crates-io.oapi-generator.version=\"=$version\""
"$scratch/tool/bin/oapi-gen" --version

# A user's folder, nowhere near this repository.
mkdir -p "$scratch/user"
cp "$root/../shared/corpus/public/OAI__OpenAPI-Specification__petstore-expanded.yaml" "$scratch/user/petstore.yaml"
cd "$scratch/user"
"$scratch/tool/bin/oapi-gen" generate --spec petstore.yaml --out pets
# The generated crate names the runtime by version, as from crates.io; here that version comes
# from the local registry (it is not published).
grep -q "^oapi-runtime = { version = \"$version\", default-features = false }$" pets/Cargo.toml
mkdir -p pets/.cargo pets/tests
cat > pets/.cargo/config.toml <<TOML
[patch.crates-io]
oapi-runtime = { version = "=$version", registry = "local" }
TOML
cat >> pets/Cargo.toml <<TOML

[dev-dependencies]
petstore = { path = ".", features = ["mock"] }
tokio = { version = "1.47.1", features = ["macros", "rt-multi-thread"] }
serde_json = "1.0.143"
TOML
cat > pets/tests/pets.rs <<'RUST'
//! The generated client, through its own mock.
use petstore::mock::MockServer;

#[tokio::test]
async fn pets_are_listed_and_added() {
    let mock = MockServer::start().await;
    let pet: petstore::Pet = serde_json::from_value(serde_json::json!({"id": 7, "name": "Rex"})).unwrap();
    mock.find_pets().returns(&vec![pet.clone()]).await;
    mock.add_pet().returns(&pet).await;
    let client = mock.client();
    assert_eq!(client.find_pets().tags(vec!["dog".to_owned()]).limit(2).await.unwrap(), vec![pet.clone()]);
    assert_eq!(client.add_pet(&petstore::NewPet::new("Rex")).await.unwrap(), pet);
    let sent = mock.add_pet().requests().await;
    assert_eq!(sent[0].body.as_ref().map(|b| b.name.as_str()), Some("Rex"));
    assert_eq!(mock.find_pets().requests().await[0].query, [("tags".to_owned(), "dog".to_owned()), ("limit".to_owned(), "2".to_owned())]);
}
RUST
sed -i 's/^name = "pets"$/name = "petstore"/' pets/Cargo.toml
cd pets
cargo test --quiet
# The runtime it was built with is the packaged one, from the local registry.
grep -A2 '^name = "oapi-runtime"' Cargo.lock | grep -q 'source = "registry+file://'
echo "tool-from-registry: ok"
