// The EventEmitter's side of the mutation check: the differential property
// (test/emitter/differential.test.ts) on a copy of the library. Programs of
// every EventEmitter method, re-entrant listeners included, run on the copy's
// EventEmitter on both dispatch paths; their traces must equal node:events'
// on Node 26 (the oracle, in a child process, as in the test). The oracle's
// traces are computed once per seed and run count and shared by every copy.

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { node26 } from "../../test/helpers/node26.js";
import { program } from "../../test/emitter/differential/arbitraries.js";
import { run } from "../../test/emitter/differential/interpreter.mjs";

/** What the property needs of a copy of the library. */
export interface EmitterExports {
  EventEmitter: new () => object;
  setEmitterCodegen(enabled: boolean): void;
}

const ORACLE = fileURLToPath(new URL("../../test/emitter/differential/oracle.mjs", import.meta.url));
/** Programs per oracle process: their traces come back as one JSON text. */
const BATCH = 500;

const oracles = new Map<string, { programs: unknown[]; traces: string[] }>();

/** `runs` programs drawn from `seed`, and their traces on Node 26's node:events (as JSON). */
function oracleRuns(runs: number, seed: number): { programs: unknown[]; traces: string[] } {
  const key = `${runs}:${seed}`;
  let cached = oracles.get(key);
  if (cached === undefined) {
    const programs = fc.sample(program, { numRuns: runs, seed });
    const traces: string[] = [];
    for (let start = 0; start < programs.length; start += BATCH) {
      const out = execFileSync(node26(), [ORACLE], {
        input: JSON.stringify(programs.slice(start, start + BATCH)), encoding: "utf8", maxBuffer: 1 << 30,
      });
      for (const trace of (JSON.parse(out) as { traces: unknown[] }).traces) traces.push(JSON.stringify(trace));
    }
    oracles.set(key, (cached = { programs, traces }));
  }
  return cached;
}

/** The first program whose trace differs from node:events', on either dispatch path, or undefined. */
export function emitterDifference(lib: EmitterExports, runs: number, seed: number): string | undefined {
  const { programs, traces } = oracleRuns(runs, seed);
  for (const codegen of [true, false]) {
    lib.setEmitterCodegen(codegen);
    try {
      for (let i = 0; i < programs.length; i++) {
        let ours: string;
        try {
          ours = JSON.stringify(run(lib.EventEmitter, programs[i]));
        } catch (error) {
          ours = `threw ${String(error)}`;
        }
        if (ours !== traces[i]) {
          const steps = (programs[i] as { steps: unknown[] }).steps.length;
          return `by the emitter differential (codegen ${codegen ? "on" : "off"}) at program ${i + 1} of ${programs.length} (${steps} steps)`;
        }
      }
    } finally {
      lib.setEmitterCodegen(true);
    }
  }
  return undefined;
}
