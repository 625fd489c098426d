// Model-based testing: random command sequences run against the reference model
// (test/model/) and the real bus must show identical transcripts. Each property
// runs on both dispatch paths (compiled dispatchers and the eval-free loop).

import fc from "fast-check";
import { afterAll, describe, test } from "vitest";
import * as lib from "wasm-events";
import { compiledReentrancyScenarioArb, modelScenarioArb, reentrancyScenarioArb } from "./arbitraries.js";
import { libraryImplementation, modelProperty, type Tally } from "./property.js";

const tally: Tally = { sequences: 0, commands: 0 };
// A fixed seed keeps `npm test` reproducible; `npm run soak` explores other seeds.
const SEED = 20_240_611;
// Under Bun (.ci/bun-suite.sh) the same properties run 10x slower (the
// harness, not the library: a model step is plain JS), so CI runs fewer
// there; Node runs all of them in `npm test`.
const RUNS = Number(process.env.WASM_EVENTS_PROPERTY_RUNS ?? 1500);

afterAll(() => {
  console.log(`model-based properties: ${tally.sequences} sequences, ${tally.commands} commands (seed ${SEED})`);
});

describe.each([true, false])("the bus behaves as the reference model of the contract (codegen %s)", (codegen) => {
  const real = libraryImplementation(lib, codegen);

  test("random command sequences: same calls, results, errors and state", () => {
    fc.assert(modelProperty(real, modelScenarioArb, tally), { numRuns: RUNS, seed: SEED });
  });

  test("re-entrancy: listeners that generate, unregister, unload, restart and destroy pools while running", () => {
    fc.assert(modelProperty(real, reentrancyScenarioArb, tally), { numRuns: RUNS, seed: SEED + 1 });
  });

  test("re-entrancy on compiled dispatchers: errors, hooks and nested generates after the compile threshold", () => {
    fc.assert(modelProperty(real, compiledReentrancyScenarioArb, tally), { numRuns: Math.ceil(RUNS / 3), seed: SEED + 2 });
  });
});
