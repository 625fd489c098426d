// Programs the package tests drive from outside: Bun and Deno, which npm
// provides, so the tests install them (.ci/runtimes.sh, cached) and never
// skip; and Debian's Chromium, which npm cannot provide: locally a missing
// Chromium skips its tests (with how to install it printed); with CI=true
// it fails them, as .ci/run installs it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** Debian's chromium (`apt-get install -y chromium`); never a tool's own browser download. */
export const CHROMIUM = process.env.WASM_EVENTS_CHROMIUM ?? "/usr/bin/chromium";

/** Chromium's flags here: no sandbox as root, and no background connections (the network is closed). */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const INSTALL_RUNTIMES = fileURLToPath(new URL("../../.ci/runtimes.sh", import.meta.url));
let runtimes: Promise<{ bun: string; deno: string }> | undefined;

/**
 * Bun's and Deno's binaries: the npm packages `bun` and `deno`, pinned and
 * installed into a cache by .ci/runtimes.sh (the one installer, shared with
 * CI), which returns at once when the cache holds them. WASM_EVENTS_BUN and
 * WASM_EVENTS_DENO name other binaries instead (then nothing is installed).
 */
export function npmRuntimes(): Promise<{ bun: string; deno: string }> {
  const { WASM_EVENTS_BUN: bun, WASM_EVENTS_DENO: deno } = process.env;
  if (bun && deno) return Promise.resolve({ bun, deno });
  return (runtimes ??= promisify(execFile)("bash", [INSTALL_RUNTIMES], { encoding: "utf8", timeout: 600_000 }).then(({ stdout }) => {
    const [installedBun, installedDeno] = stdout.trim().split("\n");
    return { bun: bun || installedBun, deno: deno || installedDeno };
  }));
}

/**
 * Whether tests needing the program at `path`, one npm cannot install, run:
 * always with CI=true (a missing program then fails them); locally only if
 * it exists, else they skip and say how to install it.
 */
export function runsHere(what: string, path: string, install: string): boolean {
  if (IN_CI || existsSync(path)) return true;
  console.warn(`skipping the ${what} tests: ${what} not found at ${path} (${install})`);
  return false;
}
