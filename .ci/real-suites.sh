#!/usr/bin/env bash
# Real libraries' own test suites (ws, avvio) with `events` redirected to
# wasm-events, against the same suites on Node's events, on each Node release
# given (from the npm registry, .ci/node-bin.sh). test/real-suites/run.ts
# says what fails the check; the suites are fetched at run time into a cache
# (ws's source from Debian's archive, avvio from npm), never committed.
# Usage: .ci/real-suites.sh [MAJOR...]   (default: 24 26; needs `npm run build`)
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(24 26)

failed=()
for major in "${majors[@]}"; do
  node_bin="$(bash .ci/node-bin.sh "$major")"
  if ! "$node_bin" --import tsx test/real-suites/run.ts; then
    failed+=("$major")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "== the real suites failed on Node ${failed[*]}"
  exit 1
fi
echo "== the real suites held on Node ${majors[*]}"
