#!/usr/bin/env bash
# Runs one fuzz target. Usage: bash fuzz/run.sh [TARGET] [SECONDS] (default: generate, 600).
#   generate: load -> lower -> emit on any text, seeded with the generator's fixture specs and
#             the small public documents under ../shared/corpus, with the OpenAPI dictionary;
#   decode:   response decoding on any status, headers and body, seeded with a few responses.
# The corpora are git-ignored. cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets the
# stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-generate}"
seconds="${2:-600}"
mkdir -p "corpus/$target"
flags=()
case "$target" in
  generate)
    cp ../generator/tests/fixtures/*.yaml corpus/generate/
    shared=../../shared/corpus
    if [ -d "$shared" ]; then
      find "$shared" -type f \( -name '*.yaml' -o -name '*.json' \) -size -40k -exec cp {} corpus/generate/ \;
    fi
    flags=(-dict=openapi.dict -max_len=65536)
    ;;
  decode)
    # Input layout (see fuzz_targets/decode.rs): 2 status bytes (little endian, mod 500, + 100),
    # header lines, an empty line, the body. 0x64 0x00 is 200; 0x2c 0x01 is 400.
    printf '\x64\x00content-type: application/json\n\n[{"id":"s-1","cdp_url":"wss://x"}]' > corpus/decode/ok
    printf '\x2c\x01x-request-id: r-1\n\n{"error":{"code":400,"message":"bad"}}' > corpus/decode/bad
    printf '\x49\x01retry-after: 120\n\n' > corpus/decode/limited
    printf '\x64\x00\n\n{"id":"1"}<html>' > corpus/decode/trailing
    flags=(-max_len=16384)
    ;;
  *)
    echo "unknown target $target (expected generate or decode)" >&2
    exit 2
    ;;
esac
export RUSTC_BOOTSTRAP=1
cargo fuzz run "$target" "corpus/$target" -- \
  "${flags[@]}" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
