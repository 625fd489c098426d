// No leak through retention: once every registration is removed and every
// pool destroyed, no listener function and no user data may stay reachable
// from the bus, whatever was generated before (the dispatch caches of §9
// are derived data and must not keep removed registrations alive).

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** WeakRef targets stay alive until the current job ends: let it end, then collect. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  gc();
}

type Step =
  | { op: "register"; event: number; module: number | null; data: "plain" | "handle" | "none"; once: boolean }
  | { op: "generate"; event: number }
  | { op: "unregister-event"; event: number }
  | { op: "destroy-pool" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("register" as const),
      event: fc.nat({ max: 3 }),
      module: fc.option(fc.nat({ max: 2 }), { nil: null }),
      data: fc.constantFrom("plain" as const, "handle" as const, "none" as const),
      once: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("generate" as const), event: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("unregister-event" as const), event: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ op: "destroy-pool" }) },
);

/**
 * Runs the steps and tears everything down; returns the bus (the caller keeps
 * it alive while it checks: a collected bus would free everything) and weak
 * references to every listener and value used.
 */
function runAndTearDown(steps: readonly Step[], codegen: boolean, regenerate: boolean): { bus: EventBus; refs: WeakRef<object>[] } {
  const bus = new EventBus({ codegen, onStale: () => {} });
  const modules = [bus.loadModule("m0"), bus.loadModule("m1"), bus.loadModule("m2")];
  const refs: WeakRef<object>[] = [];
  let pool = bus.createPool();
  for (const step of steps) {
    const event = `e${"event" in step ? step.event : 0}`;
    switch (step.op) {
      case "register": {
        const value = { payload: new Array(16).fill(step.event) };
        const listener = (_data: unknown, userData: unknown) => void (userData as typeof value | undefined)?.payload.length;
        refs.push(new WeakRef(value), new WeakRef(listener));
        const userData = step.data === "handle" ? pool.hold(value) : step.data === "plain" ? value : undefined;
        bus.register(step.module === null ? null : modules[step.module]!, event, listener, userData, { once: step.once });
        break;
      }
      case "generate":
        bus.generate(event, { data: step.event });
        break;
      case "unregister-event":
        bus.unregister(null, event);
        break;
      case "destroy-pool":
        pool.destroy();
        pool = bus.createPool();
        break;
    }
  }
  bus.unregister();
  pool.destroy();
  if (regenerate) for (let e = 0; e < 4; e++) bus.generate(`e${e}`);
  return { bus, refs };
}

/** How many of `refs` are still reachable, with `bus` alive throughout. */
async function stillReachable({ bus, refs }: { bus: EventBus; refs: WeakRef<object>[] }): Promise<boolean[]> {
  await collect();
  const reachable = refs.map((ref) => ref.deref() !== undefined);
  expect(bus.dump().some((line) => line.startsWith("  "))).toBe(false); // keeps the bus alive until here
  return reachable;
}

describe.each([true, false])("nothing removed stays reachable (codegen %s)", (codegen) => {
  test("after unregister() and pool.destroy(), every listener and user data value can be collected", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const reachable = await stillReachable(runAndTearDown(steps, codegen, false));
        expect(reachable.filter(Boolean)).toHaveLength(0);
      }),
      { numRuns: 25, seed: 4242 },
    );
  });

  test("a listener and its user data are collectable once unregistered (never dispatched)", async () => {
    const run = runAndTearDown([{ op: "register", event: 0, module: null, data: "handle", once: false }], codegen, false);
    expect(await stillReachable(run)).toEqual([false, false]);
  });

  test("a listener and its user data are collectable once unregistered, even after it was dispatched", async () => {
    const run = runAndTearDown([{ op: "register", event: 0, module: null, data: "plain", once: false }, { op: "generate", event: 0 }], codegen, false);
    expect(await stillReachable(run)).toEqual([false, false]);
  });

  test("...and still collectable after its event is generated again with no listeners", async () => {
    const run = runAndTearDown([{ op: "register", event: 0, module: null, data: "plain", once: false }, { op: "generate", event: 0 }], codegen, true);
    expect(await stillReachable(run)).toEqual([false, false]);
  });
});
