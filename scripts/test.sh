#!/usr/bin/env bash
# The whole test suite: formatting, lints (native and wasm32), native tests, component
# tests in headless Chromium, the release build with its size budget, and end-to-end
# tests against that build served on 127.0.0.1. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
# tools/node_modules/.bin: the pinned wasm-opt that Trunk.toml asks for.
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Each step says when it starts (seconds since the command began): where the time goes.
step() { printf '\n==== %s (at %d s)\n' "$*" "$SECONDS"; }

scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "no import cycle between the app's layers (shell → screens → routes, store, sync…)"
python3 scripts/layers.py src

step "shipped code sorts through kam_domain::order (one compiled sort, not one per call)"
if grep -rnE '\.sort(_by|_by_key|_unstable\w*|_by_cached_key)?\(' src domain/src --include=*.rs | grep -v '^domain/src/order.rs:'; then
  echo "use kam_domain::order::{sort, sort_by, sort_by_key}: each slice sort with its own closure adds ~4.5 KB of wasm" >&2
  exit 1
fi

step "clippy (domain, protocol, relay; native)"
cargo clippy -p kam-domain -p kam-protocol -p kam-relay --all-targets --locked -- -D warnings
step "clippy (app; wasm32)"
cargo clippy -p kam-app --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests (domain, protocol, relay incl. interop with JavaScript automerge-repo)"
cargo test -p kam-domain -p kam-protocol -p kam-relay --locked

step "relay fuzz run: mutated real frames, bounded to 30 s (case count printed)"
KAM_FUZZ_SECONDS=30 cargo test -p kam-relay --test fuzz --locked -- --ignored --nocapture

step "benchmarks of the workspace document (figures, large fixture and 20,000 customers)"
cargo bench -p kam-domain --bench document --locked

step "benchmark of the controlling cockpit (figures: 60 key accounts × 36 months)"
cargo bench -p kam-domain --bench controlling --locked

step "component tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p kam-app --target wasm32-unknown-unknown --locked -- --nocapture

step "release build (trunk) and bundle size"
trunk build --release --locked
# The shell alone was 170 KB gzip; with the Automerge document core (issue 3) ~820 KB;
# rollout (4) ~940; sync (8) ~1,025; customers (5) ~1,170; people and plans (6, 7) ~1,310;
# live editing (13) ~1,384 KB gzip. Measured in brotli since issue 15 (what the relay
# serves): ~987 KB; the controlling cockpit (16) took it to ~1,051 KB, and one serde
# mapping for reading and writing the model (no autosurgeon derives) plus one shared
# reactive text node for all interface texts brought it back to ~999 KB; the whitespace
# grid (16) ~1,012 KB; the history in words, time travel, comparison and field history
# (17) ~1,039 KB (after reading change messages without serde's flatten and lists as
# short codes). Issue 15's goal is 750 KB; the budget stands just above today's size so
# that growth is noticed, until trimming (mostly the Leptos view code) gets there.
# Undo/redo, name-first, minutes and follow-me (18) added ~18 KB: 1,057 KB; workshops
# with templates in two languages, agenda, strip and their minutes (18) ~33 KB more:
# 1,091 KB; one input rule with limits shown before they are hit, derived criterion
# labels and messages for every refusal (19) ~7 KB: 1,098 KB; plurals as ranges, the
# nine-step progress, the next step after creating and the profile warning (19) ~6 KB:
# 1,105 KB; dates typed in the chosen language with a calendar beside them (19) ~3 KB:
# 1,108.8 KB; the model cached for a quick start (15), read by the document's own reader
# from JSON so that the model's reading code is not doubled (a second serde reader cost
# ~30 KB) ~4 KB: 1,113 KB.
# 1,116.3 KB with grouped counts (11'092 Kunden) and the history's date-filter message.
# 1,102.6 KB with one compiled sort (kam_domain::order) instead of ~50 (−14 KB).
# 1,140 KB with Automerge built at opt-level "s" (+46 KB for a ~35 % faster load:
# Cargo.toml says why).
scripts/bundle-size.sh dist 1145000

step "release relay"
cargo build -p kam-relay --profile relay --locked

step "relay benchmark: ours vs the stock automerge-repo sync server (figures)"
KAM_BENCH_SECONDS=10 cargo bench -p kam-relay --bench sync_load --locked

step "large fixture (for the layout test and the benchmarks)"
cargo run -q --profile bench -p kam-domain --example write_fixture --locked -- target/large-fixture.automerge

step "end-to-end tests (Playwright, Chromium, release build on 127.0.0.1; layout with the large fixture)"
(cd e2e && node --test --test-concurrency=1 tests/)

step "live editing benchmark: a remote change at the large fixture, DOM nodes and time (figures)"
(cd e2e && timeout 600 node bench/live.js ../target/large-fixture.automerge)

step "speed benchmark: first visit, start, edit → durable, customer screens at four sizes in Chromium (figures)"
cargo run -q --profile bench -p kam-domain --example write_fixture --locked -- target/customers-20k.automerge 20k
cargo run -q --profile bench -p kam-domain --example write_fixture --locked -- target/customers-50k.automerge 50k
(cd e2e && timeout 900 node bench/speed.js ../target/large-fixture.automerge ../target/customers-20k.automerge ../target/customers-50k.automerge)

step "import benchmark: 50,000 customers through the UI in Chromium (figures)"
(cd e2e && node bench/import.js)
