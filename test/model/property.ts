// The model-based property: a scenario's transcript on the real bus must equal
// its transcript on the model. Shared by the vitest properties and the soak runner.

import fc from "fast-check";
import type { BusLike, Implementation, OptionsLike } from "./api.js";
import type { Scenario } from "./commands.js";
import { ModelBus, ModelEventsError } from "./model-bus.js";
import { modelPattern } from "./model-pattern.js";
import { runScenario } from "./runner.js";

export const modelImplementation: Implementation = {
  name: "model",
  create: (options) => new ModelBus(options),
  pattern: modelPattern,
  isEventsError: (error): error is ModelEventsError => error instanceof ModelEventsError,
};

/** The shape of `import * as lib from "wasm-events"` (or of a patched copy of dist/). */
export interface LibraryExports {
  EventBus: new (options?: never) => object;
  EventsError: abstract new (...args: never[]) => Error;
  pattern: (source: never) => unknown;
}

/** The real bus; `codegen: false` forces the eval-free dispatch loop instead of compiled dispatchers. */
export function libraryImplementation(lib: LibraryExports, codegen = true, name = "wasm-events"): Implementation {
  return {
    name: codegen ? name : `${name} (codegen off)`,
    create: (options: OptionsLike) => new lib.EventBus({ ...options, codegen } as never) as unknown as BusLike,
    pattern: (source) => lib.pattern(source as never),
    isEventsError: (error): error is Error & { code: string } => error instanceof lib.EventsError,
  };
}

/** How much the properties ran: sequences (scenarios) and commands, top-level and nested. */
export interface Tally {
  sequences: number;
  commands: number;
}

const CONTEXT = 6;

/** Throws a readable account of the first line where the two transcripts part. */
export function assertSameTranscript(expected: readonly string[], actual: readonly string[], actualName: string): void {
  const length = Math.max(expected.length, actual.length);
  let at = 0;
  while (at < length && expected[at] === actual[at]) at++;
  if (at === length) return;
  const from = Math.max(0, at - CONTEXT * 3);
  const window = (lines: readonly string[]) =>
    lines.slice(from, at + CONTEXT).map((line, i) => `${from + i === at ? ">>" : "  "} ${line}`).join("\n");
  throw new Error(
    `${actualName} departs from the model at transcript line ${at + 1}:\n` +
      `  model: ${expected[at] ?? "(end)"}\n  ${actualName}: ${actual[at] ?? "(end)"}\n` +
      `--- model ---\n${window(expected)}\n--- ${actualName} ---\n${window(actual)}`,
  );
}

/** Runs one scenario on the model and on `real`, and compares what was observed. */
function checkAgainstModel(real: Implementation, scenario: Scenario, tally?: Tally): void {
  const expected = runScenario(modelImplementation, scenario);
  const actual = runScenario(real, scenario);
  if (tally !== undefined) {
    tally.sequences++;
    tally.commands += actual.commands;
  }
  assertSameTranscript(expected.transcript, actual.transcript, real.name);
}

export const modelProperty = (real: Implementation, arb: fc.Arbitrary<Scenario>, tally?: Tally) =>
  fc.property(arb, (scenario) => checkAgainstModel(real, scenario, tally));
