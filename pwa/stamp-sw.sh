#!/bin/sh
# Trunk post-build hook: writes this build's id and file list into the staged sw.js.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk, which sets TRUNK_STAGING_DIR}"
root=$(pwd)
cd "$dir"
[ -f sw.js ] || { echo "stamp-sw: no sw.js in $dir" >&2; exit 1; }
files=$(find . -type f ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort)
[ -n "$files" ] || { echo "stamp-sw: nothing to precache in $dir" >&2; exit 1; }
# The worker's own code counts too: a change to it alone must also give a new cache.
build_id=$( (printf '%s\n' "$files" | while read -r f; do sha256sum "$f"; done; sha256sum sw.js) \
  | sha256sum | cut -c1-16)
list=$(printf '%s\n' "$files" | sed 's|.*|"/&"|' | paste -sd, -)
sed -i "s|__KAM_BUILD_ID__|$build_id|; s|\"__KAM_PRECACHE__\"|$list|" sw.js
if grep -q "__KAM_" sw.js; then echo "stamp-sw: placeholders left in sw.js" >&2; exit 1; fi
echo "stamp-sw: build $build_id, $(printf '%s\n' "$files" | wc -l) files to precache"
# Precompressed copies for the relay (after stamping, so sw.js's copies match it).
node "$root/pwa/precompress.mjs" .
