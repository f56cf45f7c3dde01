#!/usr/bin/env bash
# Builds Meta's reference PDQ hasher (C++, from a ThreatExchange checkout: its pdq/cpp folder) behind a small
# harness that hashes raw float luminance read from stdin, so that `npm run bench:media` can time Vigil's PDQ
# side by side with it and check that the hashes are the same bits. Usage: build.sh THREATEXCHANGE_DIR [OUT]
set -euo pipefail
src=${1:?usage: build.sh THREATEXCHANGE_DIR [OUT]}
out=${2:-.bench/pdq-reference-harness}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"
cpp="$src/pdq/cpp"
g++ -O2 -std=c++17 -I"$src" "$here/harness.cpp" "$cpp/hashing/pdqhashing.cpp" "$cpp/hashing/torben.cpp" \
  "$cpp/downscaling/downscaling.cpp" "$cpp/common/pdqhashtypes.cpp" "$cpp/common/pdqhamming.cpp" -o "$out"
echo "built $out"
