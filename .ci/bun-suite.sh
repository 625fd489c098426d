#!/usr/bin/env bash
# Runs the test suite under Bun (`bun test` runs vitest-style files as they
# are), on both table backends: as the host allows (WebAssembly), then with
# the table's Wasm refused (test/helpers/refuse-wasm.mjs preloaded,
# WASM_EVENTS_TEST_BACKEND=js), as `npm test` does under Node.
# Left out, each for a reason of the harness, not of the library (all of them
# run under Node in `npm test`):
#   bench/smoke, model/retention,        need Node's --expose-gc (global gc)
#   bus/patterns-names                   (and V8's --trace-gc in a Node child)
#   bus/compiled-dispatch                counts compilations by replacing
#                                        globalThis.Function, which Bun's
#                                        `new Function` does not go through
#   bus/default-stale-report             vi.stubGlobal("process", ...)
#   bus/backends                         starts Node children with Node flags
#   ftpd/*, package/consumers/*          drive Node programs (tsx, tsc, npm)
#   emitter/differential, emitter/events-14-gc
#                                        a Node 26 binary as the oracle; --expose-gc
#   emitter/events-09, -12               take the host's node:events as the
#                                        oracle (key orders, named exports):
#                                        under Bun that is Bun's, not Node 26's
#   emitter/events-06                    reads process 'unhandledRejection',
#                                        which bun test reports itself
#   emitter/events-07                    runs a child with globalThis.process
#                                        deleted, which Bun's runtime needs
# Usage: .ci/bun-suite.sh   (needs `npm run build` and .ci/runtimes.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."

{ read -r bun; read -r _deno; } < <(bash .ci/runtimes.sh)
files=()
for file in test/bus/*.test.ts test/model/*.test.ts test/package/*.test.ts test/bench/*.test.ts test/emitter/*.test.ts test/bridge/*.test.ts; do
  case "$file" in
    test/bench/smoke.test.ts|test/model/retention.test.ts|test/bus/patterns-names.test.ts|test/bus/compiled-dispatch.test.ts|\
    test/bus/default-stale-report.test.ts|test/bus/backends.test.ts) ;;
    test/emitter/differential.test.ts|test/emitter/events-14-gc.test.ts) ;;
    test/emitter/events-06-*|test/emitter/events-07-*|test/emitter/events-09-*|test/emitter/events-12-*) ;;
    *) files+=("./$file") ;;
  esac
done

echo "== Bun $("$bun" --version): bun test, wasm backend (${#files[@]} files)"
# The model-based properties run 300 sequences each here (1500 under Node):
# Bun takes 10x as long over them, which would double CI for no new coverage.
export WASM_EVENTS_PROPERTY_RUNS=300
WASM_EVENTS_TEST_BACKEND=wasm "$bun" test --timeout 120000 "${files[@]}"
echo "== Bun $("$bun" --version): bun test, js backend (the table's Wasm refused)"
WASM_EVENTS_TEST_BACKEND=js "$bun" test --timeout 120000 --preload ./test/helpers/refuse-wasm.mjs "${files[@]}"
