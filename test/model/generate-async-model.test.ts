// Model-based properties of §14 (test/model/async-property.ts): random
// listener scripts that await, add, remove and start generateAsync while
// awaiting, and random producer/consumer schedules for on(), on both dispatch
// paths, against the plain models in async-model.ts.
import fc from "fast-check";
import { describe, test } from "vitest";
import * as lib from "wasm-events";
import { generateAsyncProperty, streamProperty } from "./async-property.js";

const SEED = 20_261_207;
const RUNS = Number(process.env.WASM_EVENTS_PROPERTY_RUNS ?? 300);

describe.each([true, false])("§14 generateAsync and on() behave as their models (codegen %s)", (codegen) => {
  test("generateAsync: order, serialisation, removals and additions while awaiting, re-entrancy across pending calls, errors", async () => {
    await fc.assert(generateAsyncProperty(lib, codegen), { numRuns: RUNS, seed: SEED });
  });

  test("on(): every event in order below highWaterMark, EOVERFLOW past it", async () => {
    await fc.assert(streamProperty(lib, codegen), { numRuns: RUNS, seed: SEED + 1 });
  });
});
