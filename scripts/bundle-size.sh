#!/usr/bin/env bash
# Prints the release bundle's size (wasm + js, gzip -9) and fails above the budget.
# Usage: scripts/bundle-size.sh [dist-dir] [budget-bytes]
set -euo pipefail
dist=${1:-dist}
budget=${2:-700000}
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
[ ${#files[@]} -gt 0 ] || { echo "bundle-size: no .wasm/.js in $dist (run trunk build --release)" >&2; exit 1; }
total_raw=0; total_gz=0
for f in "${files[@]}"; do
  [ "$(basename "$f")" = sw.js ] && continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf '  %-48s %9d bytes  %8d gzip\n' "$(basename "$f")" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf 'bundle: %d bytes raw, %d bytes gzip (%d KB); budget %d KB\n' \
  "$total_raw" "$total_gz" $((total_gz / 1000)) $((budget / 1000))
if [ "$total_gz" -gt "$budget" ]; then
  echo "bundle-size: over budget" >&2
  exit 1
fi
