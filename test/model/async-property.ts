// The model-based properties of §14: generateAsync against ModelAsyncBus
// (listeners that await, add, remove and start generateAsync while awaiting),
// and on()'s buffer against modelStream. Shared by the vitest test and the
// mutation check (tools/soak/mutants.ts).

import fc from "fast-check";
import type { LibraryExports } from "./property.js";
import { assertSameTranscript } from "./property.js";
import {
  ModelAsyncBus, RunawayError, modelStream, runAsyncScenario, type Action, type AsyncBusLike, type AsyncEvent, type AsyncScenario,
  type AsyncTarget, type StreamStep,
} from "./async-model.js";

const LISTENERS = 4;
const eventArb: fc.Arbitrary<AsyncEvent> = fc.constantFrom("x", "y");
/** Registrations by name, and now and then by the pattern `*` (§13), which matches both events. */
const targetArb: fc.Arbitrary<AsyncTarget> = fc.constantFrom("x", "x", "y", "y", "*");
const listenerArb = fc.integer({ min: 0, max: LISTENERS - 1 });
const moduleArb = fc.integer({ min: -1, max: 1 });

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), listener: listenerArb, module: moduleArb, event: targetArb }),
  fc.record({ kind: fc.constant("remove" as const), listener: listenerArb, event: targetArb }),
  fc.record({ kind: fc.constant("start" as const), event: eventArb }),
);

const asyncScenarioArb: fc.Arbitrary<AsyncScenario> = fc.record({
  scripts: fc.array(
    fc.record({
      before: fc.array(actionArb, { maxLength: 2 }),
      awaits: fc.boolean(),
      after: fc.array(actionArb, { maxLength: 2 }),
      fails: fc.boolean(),
    }),
    { minLength: LISTENERS, maxLength: LISTENERS },
  ),
  initial: fc.array(fc.record({ listener: listenerArb, module: moduleArb, event: targetArb }), { minLength: 1, maxLength: 6 }),
  steps: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("start" as const), event: eventArb }),
      fc.record({ kind: fc.constant("open" as const), pick: fc.nat({ max: 7 }) }),
    ),
    { minLength: 1, maxLength: 10 },
  ),
});

type RealBus = AsyncBusLike & { on(event: string, options: { highWaterMark: number }): AsyncIterator<unknown>; generate(event: string, data: unknown): void };

const makeBus = (lib: LibraryExports, codegen: boolean) => new lib.EventBus({ codegen } as never) as unknown as RealBus;

/** generateAsync on the real bus shows the model's transcript. */
export const generateAsyncProperty = (lib: LibraryExports, codegen: boolean) =>
  fc.asyncProperty(asyncScenarioArb, async (scenario) => {
    // The model running away is the generator's fault, not the bus's: say so (raise MAX_LISTENER_CALLS).
    const expected = await runAsyncScenario(new ModelAsyncBus(), scenario).catch((error: unknown) => {
      throw error instanceof RunawayError ? new Error(`the model itself: ${error.message}; raise MAX_LISTENER_CALLS`) : error;
    });
    const actual = await runAsyncScenario(makeBus(lib, codegen), scenario, () => lib.pattern("*" as never));
    assertSameTranscript(expected, actual, "generateAsync");
  });

const streamStepArb: fc.Arbitrary<StreamStep> = fc.record({
  kind: fc.constantFrom("generate" as const, "take" as const),
  count: fc.integer({ min: 1, max: 6 }),
});

const quiesce = () => new Promise<false>((resolve) => setImmediate(() => resolve(false)));

/** What the real iterator shows for `steps` (a take stops at the first next() that is not ready). */
async function runStream(bus: RealBus, highWaterMark: number, steps: StreamStep[]): Promise<string[]> {
  const events = bus.on("s", { highWaterMark });
  const seen: string[] = [];
  let next = 0;
  for (const step of steps) {
    if (step.kind === "generate") {
      for (let i = 0; i < step.count; i++) bus.generate("s", next++);
    } else {
      for (let i = 0; i < step.count; i++) {
        const taken = events.next().then(
          (result) => void seen.push(result.done === true ? "done" : String(result.value)),
          (error: { code?: string }) => void seen.push(error.code ?? String(error)),
        ).then(() => true);
        if (!(await Promise.race([taken, quiesce()]))) break; // it waits; it records the event it receives
      }
    }
    await quiesce();
  }
  await events.return?.();
  await quiesce();
  return seen;
}

/** on() yields what the model says: nothing lost below highWaterMark, EOVERFLOW past it. */
export const streamProperty = (lib: LibraryExports, codegen: boolean) =>
  fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(streamStepArb, { minLength: 1, maxLength: 10 }), async (highWaterMark, steps) => {
    assertSameTranscript(modelStream(highWaterMark, steps), await runStream(makeBus(lib, codegen), highWaterMark, steps), "on()");
  });
