#!/usr/bin/env bash
# Runs the test suite on other Node releases than the machine's own (Node 20
# runs it in .ci/run): each from the npm registry (.ci/node-bin.sh).
# Usage: .ci/node-versions.sh [MAJOR...]   (default: 22 24 26)
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24 26)

failed=()
for major in "${majors[@]}"; do
  node_bin="$(bash .ci/node-bin.sh "$major")"
  echo "== Node $("$node_bin" --version): npx vitest run"
  # npx and vitest's workers start whichever node comes first on PATH: this one.
  if ! PATH="$(dirname "$node_bin"):$PATH" npx vitest run; then
    failed+=("$major")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "== the suite failed on Node ${failed[*]}"
  exit 1
fi
echo "== the suite passed on Node ${majors[*]}"
