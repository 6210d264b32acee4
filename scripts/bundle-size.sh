#!/usr/bin/env bash
# Prints the release bundle's size (wasm + js) raw, gzip and brotli (the .br copies the
# build writes and the relay serves) and fails when the brotli total is over the budget.
# Usage: scripts/bundle-size.sh [dist-dir] [brotli-budget-bytes]
set -euo pipefail
dist=${1:-dist}
budget=${2:-750000}
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
[ ${#files[@]} -gt 0 ] || { echo "bundle-size: no .wasm/.js in $dist (run trunk build --release)" >&2; exit 1; }
total_raw=0; total_gz=0; total_br=0
for f in "${files[@]}"; do
  [ "$(basename "$f")" = sw.js ] && continue
  [ -f "$f.br" ] || { echo "bundle-size: no $f.br (pwa/precompress.mjs writes it)" >&2; exit 1; }
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(stat -c %s "$f.br")
  printf '  %-48s %9d bytes  %8d gzip  %8d brotli\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf 'bundle: %d bytes raw, %d gzip, %d brotli (%d KB); budget %d KB brotli\n' \
  "$total_raw" "$total_gz" "$total_br" $((total_br / 1000)) $((budget / 1000))
if [ "$total_br" -gt "$budget" ]; then
  echo "bundle-size: over budget" >&2
  exit 1
fi
