// examples/job-queue: a program written against node:events, switched to
// wasm-events by changing one import. It runs the same on both: the test
// runs it as committed and with that one line pointed back at node:events.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = join(ROOT, "examples", "job-queue");
const run = (main: string) => execFileSync(process.execPath, ["--import", "tsx", main], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

test("the job queue example differs from its node:events original by one import and prints the same", () => {
  const source = readFileSync(join(EXAMPLE, "queue.ts"), "utf8");
  const original = source.replace('from "wasm-events/events"', 'from "node:events"');
  const changed = source.split("\n").filter((line, i) => line !== original.split("\n")[i]);
  expect(changed).toEqual(['import { EventEmitter, captureRejectionSymbol, once } from "wasm-events/events";']);

  const dir = mkdtempSync(join(tmpdir(), "job-queue-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(dir, "queue.ts"), original);
  copyFileSync(join(EXAMPLE, "main.ts"), join(dir, "main.ts"));
  const ours = run(join(EXAMPLE, "main.ts"));
  expect(ours).toBe(run(join(dir, "main.ts")));
  expect(ours).toContain("a 'done' listener failed: could not mail the report");
  expect(ours).toContain("failed #3 backup: disk full");
  expect(ours.trim().split("\n").at(-1)).toBe("drained: 3 done, 'done' has 2 listeners");
});
