// Differential property test (issues 9 and 16): random programs run on our
// EventEmitter here and on Node 26's node:events in a child process; the
// traces (call logs with this and arguments, what newListener/removeListener
// listeners receive, return values, thrown errors, listeners, rawListeners,
// listenerCount, eventNames, the `_events` view, _eventsCount and warnings
// after every step) must be equal, on both dispatch paths (and, through the
// vitest projects, on both table backends).
//
// EMITTER_DIFFERENTIAL_RUNS (programs per dispatch path) and
// EMITTER_DIFFERENTIAL_SEED run it longer or elsewhere: `EMITTER_DIFFERENTIAL_RUNS=20000
// npx vitest run test/emitter/differential.test.ts`.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventEmitter, setEmitterCodegen } from "wasm-events";
import { node26 } from "../helpers/node26.js";
import { program } from "./differential/arbitraries.js";
import { run } from "./differential/interpreter.mjs";

const ORACLE = fileURLToPath(new URL("./differential/oracle.mjs", import.meta.url));
const RUNS = Number(process.env.EMITTER_DIFFERENTIAL_RUNS ?? 2000);
const SEED = process.env.EMITTER_DIFFERENTIAL_SEED === undefined ? undefined : Number(process.env.EMITTER_DIFFERENTIAL_SEED);
/** Programs per oracle process: their traces come back as one JSON text. */
const BATCH = 500;

function oracleTraces(programs: unknown[]): { node: string; traces: unknown[][] } {
  const out = execFileSync(node26(), [ORACLE], { input: JSON.stringify(programs), encoding: "utf8", maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

describe.each([
  { path: "compiled dispatchers", codegen: true, seed: SEED ?? 9 },
  { path: "eval-free loop", codegen: false, seed: SEED ?? 26 },
])("differential against Node 26's node:events ($path)", ({ codegen, seed }) => {
  // Long runs (EMITTER_DIFFERENTIAL_RUNS) get time in proportion: about 3 ms a program on a loaded 2-core machine.
  test("random programs with re-entrant and throwing listeners of every kind leave the same trace as node:events", { timeout: Math.max(60_000, RUNS * 10) }, () => {
    // Programs are drawn first, run on Node 26 in a child process a batch at a time, then replayed here.
    const programs = fc.sample(program, { numRuns: RUNS, seed });
    setEmitterCodegen(codegen);
    try {
      for (let start = 0; start < programs.length; start += BATCH) {
        const batch = programs.slice(start, start + BATCH);
        const { node, traces } = oracleTraces(batch);
        expect(node.startsWith("v26.")).toBe(true);
        for (let i = 0; i < batch.length; i++) {
          const ours = run(EventEmitter, batch[i]);
          if (JSON.stringify(ours) !== JSON.stringify(traces[i])) {
            expect({ seed, index: start + i, program: batch[i], trace: ours }).toEqual({
              seed, index: start + i, program: batch[i], trace: traces[i],
            });
          }
        }
      }
    } finally {
      setEmitterCodegen(true);
    }
  });
});
