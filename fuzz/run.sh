#!/usr/bin/env bash
# Fuzzes load -> lower -> emit. Usage: bash fuzz/run.sh [SECONDS] (default 600).
# Seeds the (git-ignored) corpus with the generator's fixture specs and the small public
# documents under ../shared/corpus, then runs libFuzzer with the OpenAPI dictionary.
# cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets the stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
mkdir -p corpus/generate
cp ../generator/tests/fixtures/*.yaml corpus/generate/
shared=../../shared/corpus
if [ -d "$shared" ]; then
  find "$shared" -type f \( -name '*.yaml' -o -name '*.json' \) -size -40k -exec cp {} corpus/generate/ \;
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz run generate corpus/generate -- \
  -dict=openapi.dict -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
