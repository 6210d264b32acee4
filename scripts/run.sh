#!/usr/bin/env bash
# Builds the app (release) and the relay, then serves both on http://127.0.0.1:${PORT:-3030}.
# Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
# tools/node_modules/.bin: the pinned wasm-opt that Trunk.toml asks for.
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

scripts/setup.sh
trunk build --release --locked
cargo build -p kam-relay --profile relay --locked
port=${PORT:-3030}
echo
echo "KAM workspace: open http://127.0.0.1:$port in your browser (Ctrl-C stops)."
# Documents synced through the relay stay in ./kam-relay-data. Set KAM_RELAY_TOKEN to keep
# one token across runs; without it the relay makes one and prints it.
exec target/relay/kam-relay --listen "127.0.0.1:$port" --static-dir dist \
  --data-dir "${KAM_RELAY_DATA_DIR:-$PWD/kam-relay-data}"
