// Programs the package tests drive from outside: Debian's Chromium, Bun and
// Deno. Locally a missing one skips its tests (with the reason printed); with
// CI=true it fails them, as the CI script installs all three (.ci/run,
// .ci/runtimes.sh).
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** Debian's chromium (`apt-get install -y chromium`); never a tool's own browser download. */
export const CHROMIUM = process.env.WASM_EVENTS_CHROMIUM ?? "/usr/bin/chromium";

/** Chromium's flags here: no sandbox as root, and no background connections (the network is closed). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// .ci/runtimes.sh installs the npm packages `bun` and `deno` (pinned there) into this cache.
const RUNTIMES = process.env.WASM_EVENTS_RUNTIMES ?? join(tmpdir(), "wasm-events-runtimes");
export const BUN = process.env.WASM_EVENTS_BUN ?? join(RUNTIMES, "bun", "node_modules", ".bin", "bun");
export const DENO = process.env.WASM_EVENTS_DENO ?? join(RUNTIMES, "deno", "node_modules", ".bin", "deno");

/**
 * Whether tests needing the program at `path` run: always with CI=true (a
 * missing program then fails them); locally only if it exists, else they
 * skip and say why.
 */
export function runsHere(what: string, path: string, install: string): boolean {
  if (IN_CI || existsSync(path)) return true;
  console.warn(`skipping the ${what} tests: ${what} not found at ${path} (${install})`);
  return false;
}
