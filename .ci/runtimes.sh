#!/usr/bin/env bash
# Installs Bun and Deno from the npm registry (the packages `bun` and `deno`,
# pinned here) into a cache directory, reused after. The package tests
# (test/package/consumers, and the suite under Bun in .ci/run) find them there.
# Usage: .ci/runtimes.sh        Prints the two binaries' paths.
set -euo pipefail

BUN_VERSION=1.4.4
DENO_VERSION=2.9.6
cache="${WASM_EVENTS_RUNTIMES:-${TMPDIR:-/tmp}/wasm-events-runtimes}"

install() { # name version
  local dir="$cache/$1" bin="$cache/$1/node_modules/.bin/$1"
  if [[ ! -x "$bin" ]] || ! "$bin" --version 2>/dev/null | grep -q "$2"; then
    echo "== installing $1@$2 into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "$1@$2" >/dev/null
  fi
  echo "$bin"
}

install bun "$BUN_VERSION"
install deno "$DENO_VERSION"
