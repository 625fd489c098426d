// Runs a short ES module script in a fresh Node process from the package
// root, so it imports "wasm-events" (the built package) with nothing
// compiled or cached yet, under whatever Node flags a test needs.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_BACKEND } from "./backend.js";

const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The "js" run refuses the table's Wasm in children too. Node children get it
// through NODE_OPTIONS (vitest.config.ts); Bun ignores NODE_OPTIONS, so under
// Bun (.ci/bun-suite.sh) the refusal is preloaded explicitly.
const BACKEND_FLAGS =
  TEST_BACKEND === "js" && process.versions.bun !== undefined
    ? ["--preload", fileURLToPath(new URL("./refuse-wasm.mjs", import.meta.url))]
    : [];

/** Runs `source` as an ES module with `flags`; returns its stdout. Throws if it exits non-zero. */
export function runNodeScript(source: string, flags: readonly string[] = []): string {
  return execFileSync(process.execPath, [...BACKEND_FLAGS, ...flags, "--input-type=module", "-e", source], {
    cwd: PACKAGE_ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Same, for a script that prints one JSON value on its last line. */
export function runNodeJson(source: string, flags: readonly string[] = []): Record<string, unknown> {
  const lines = runNodeScript(source, flags).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

/**
 * Runs `setup` (a script that defines `run(n)` and a `sink` it prints) in a
 * fresh process with --expose-gc --trace-gc: `run(200000)` to warm up, a
 * full GC, then `run(1000000)`. Returns the output and how many
 * young-generation GCs (scavenges) happened during the measured run: §9's
 * "allocates nothing" counted, not timed.
 */
export function scavengesDuringRun(setup: string): { out: string; scavenges: number } {
  const script = `${setup}
      run(200000); // warm up: compile, optimize
      globalThis.gc();
      console.log("START");
      run(1000000);
      console.log("END " + sink);`;
  const out = runNodeScript(script, ["--expose-gc", "--trace-gc"]);
  const measured = out.slice(out.indexOf("START"), out.indexOf("END"));
  return { out, scavenges: measured.split("\n").filter((line) => line.includes("Scavenge")).length };
}
