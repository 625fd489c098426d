// Differential property test (issue 9): random programs run on our
// EventEmitter here and on Node 24's node:events in a child process; the
// traces (call logs with this and arguments, what newListener/removeListener
// listeners receive, return values, thrown errors, listeners, rawListeners,
// listenerCount, eventNames, _eventsCount and warnings after every step)
// must be equal, on both dispatch paths.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventEmitter, setEmitterCodegen } from "wasm-events";
import { node24 } from "../helpers/node24.js";
import { program } from "./differential/arbitraries.js";
import { run } from "./differential/interpreter.mjs";

const ORACLE = fileURLToPath(new URL("./differential/oracle.mjs", import.meta.url));
const RUNS = Number(process.env.EMITTER_DIFFERENTIAL_RUNS ?? 400);

function oracleTraces(programs: unknown[]): { node: string; traces: unknown[][] } {
  const out = execFileSync(node24(), [ORACLE], { input: JSON.stringify(programs), encoding: "utf8", maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

describe.each([
  { path: "compiled dispatchers", codegen: true },
  { path: "eval-free loop", codegen: false },
])("differential against Node 24's node:events ($path)", ({ codegen }) => {
  test("random programs with re-entrant and throwing listeners leave the same trace as node:events", () => {
    // Programs are drawn first, run on Node 24 in one child process, then replayed here.
    const programs = fc.sample(program, { numRuns: RUNS, seed: codegen ? 9 : 24 });
    const { node, traces } = oracleTraces(programs);
    expect(node.startsWith("v24.")).toBe(true);
    setEmitterCodegen(codegen);
    try {
      for (let i = 0; i < programs.length; i++) {
        const ours = run(EventEmitter, programs[i]);
        if (JSON.stringify(ours) !== JSON.stringify(traces[i])) {
          expect({ program: programs[i], trace: ours }).toEqual({ program: programs[i], trace: traces[i] });
        }
      }
    } finally {
      setEmitterCodegen(true);
    }
  });
});
