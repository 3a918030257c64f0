#!/usr/bin/env bash
# The published crates' public APIs against their last release: for each, the newest version
# its CHANGELOG lists as released (`## [X.Y.Z] - date`), at the commit that added that heading.
# A breaking change then fails here until the version says so (and the CHANGELOG with it).
# Default features, as most users build them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  echo "semver: a shallow clone has no release commits to compare with; fetch the history (git fetch --unshallow)" >&2
  exit 1
fi

for entry in runtime:oapi-runtime generator:oapi-generator oapi-gen:oapi-gen anchor-api:anchor-api; do
  dir=${entry%%:*} package=${entry#*:}
  changelog=$dir/CHANGELOG.md
  version=$(grep -m1 -oE '^## \[[0-9]+\.[0-9]+\.[0-9]+\] - ' "$changelog" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+') || {
    echo "semver: $changelog lists no released version (a heading '## [X.Y.Z] - YYYY-MM-DD')" >&2
    exit 1
  }
  baseline=$(git log --format=%H --reverse -F -S"## [$version] - " -- "$changelog" | head -1)
  if [ -z "$baseline" ]; then
    echo "semver: no commit adds '## [$version]' to $changelog; commit the CHANGELOG first" >&2
    exit 1
  fi
  echo "semver: $package against $version (${baseline:0:7})"
  cargo semver-checks check-release --package "$package" --baseline-rev "$baseline" --default-features
done
