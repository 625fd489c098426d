// §3-§7 and §10 together: random sequences of operations on a bus and on
// a plain-JavaScript reference model (simple-model.ts) give the same
// calls, stale reports, return values, errors, counts and dump lines. This is
// where bugs in the Wasm table's insert, removal, slot reuse and stale sweep
// would show up as a mismatch.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventsError, type Module, type Pool, type Registration, type UserData } from "wasm-events";
import { Model, type ModelCall, type ModelHandle, type ModelPool, type ModelRegistration, type ModelStaleReport } from "./simple-model.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

const MODULE_NAMES = ["m0", "m1", "m2", "m3"];
const EVENTS = ["e0", "e1", "e2"];
const LISTENERS = 6;

type Op =
  | { op: "load"; name: number }
  | { op: "unload"; name: number }
  | { op: "register"; who: number; event: number; fn: number; ud: number; pick: number; once: boolean }
  | { op: "unregister"; module: number; event: number; fn: number }
  | { op: "regUnregister"; pick: number }
  | { op: "createPool"; parent: number }
  | { op: "destroyPool"; pick: number }
  | { op: "restart" }
  | { op: "generate"; event: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("load" as const), name: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("unload" as const), name: fc.nat(3) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant("register" as const),
      who: fc.integer({ min: -1, max: 3 }),
      event: fc.nat(2),
      fn: fc.nat(LISTENERS - 1),
      ud: fc.nat(3), // 0 none, 1 plain, 2 fresh handle, 3 an old handle
      pick: fc.nat(),
      once: fc.boolean(),
    }),
  },
  // module: 0 any, 1 core-or-any (null), 2.. a module; event/fn: 0 any.
  { weight: 2, arbitrary: fc.record({ op: fc.constant("unregister" as const), module: fc.nat(5), event: fc.nat(3), fn: fc.nat(LISTENERS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("regUnregister" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("createPool" as const), parent: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("destroyPool" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("restart" as const) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("generate" as const), event: fc.nat(2) }) },
);

/** Runs `fn` and returns the EventsError code it threw, or undefined. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof EventsError) return err.code;
    throw err;
  }
}

describe.each(DISPATCH_MODES)("§3-§7, §10 the bus matches a reference model ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§4-§7 random operation sequences give the model's calls, reports, counts, errors and dump", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
        const calls: ModelCall[] = [];
        const reports: ModelStaleReport[] = [];
        const bus = makeBus({ onStale: (info) => reports.push({ event: info.event, module: info.module, pool: info.pool }) });
        const model = new Model();
        const expectedCalls: ModelCall[] = [];
        const expectedReports: ModelStaleReport[] = [];
        const fns = Array.from({ length: LISTENERS }, (_, fn) => (data: unknown, userData: unknown) => {
          calls.push({ fn, data, userData });
        });
        const modules = new Map<string, Module>();
        // Pools: index 0 is the permanent pool.
        const pools: [Pool, ModelPool][] = [[bus.permanentPool, model.permanentPool]];
        const handles: [UserData<unknown>, ModelHandle][] = [];
        const regs: [Registration, ModelRegistration][] = [];
        let nextPoolId = 1, nextValue = 0, generateCount = 0;
        // Two restart-scoped pools from the start, so stale handles are common.
        for (const parent of [null, 1]) {
          const tag = `pool-${nextPoolId}`;
          const pool = parent === null ? bus.createPool(tag) : pools[parent][0].createPool(tag);
          pools.push([pool, model.createPool(parent === null ? null : pools[parent][1], nextPoolId++, tag)]);
        }

        for (const op of ops) {
          switch (op.op) {
            case "load": {
              const name = MODULE_NAMES[op.name];
              if (model.modules.has(name)) {
                expect(codeOf(() => bus.loadModule(name))).toBe("EEXIST");
              } else {
                const m = bus.loadModule(name);
                expect(m.loadOrder).toBe(model.loadModule(name));
                modules.set(name, m);
              }
              break;
            }
            case "unload": {
              const name = MODULE_NAMES[op.name];
              const m = modules.get(name);
              if (m === undefined) break;
              const expected = model.modules.has(name) ? model.unload(name) : 0;
              expect(m.unload()).toBe(expected);
              break;
            }
            case "register": {
              const moduleName = op.who < 0 ? null : MODULE_NAMES[op.who];
              if (moduleName !== null && !model.modules.has(moduleName)) break; // covered by bad-input tests
              const module = moduleName === null ? null : modules.get(moduleName)!;
              const event = EVENTS[op.event];
              let userData: unknown, modelHandle: ModelHandle | undefined, value: unknown;
              if (op.ud === 1) {
                userData = value = { plain: nextValue++ };
              } else if (op.ud === 2) {
                const [pool, modelPool] = pools[op.pick % pools.length];
                if (modelPool.destroyed) {
                  expect(codeOf(() => pool.hold(0))).toBe("ESTALE");
                  break;
                }
                value = { held: nextValue++ };
                userData = pool.hold(value);
                modelHandle = { pool: modelPool, value };
                handles.push([userData as UserData<unknown>, modelHandle]);
              } else if (op.ud === 3 && handles.length > 0) {
                const [handle, mh] = handles[op.pick % handles.length];
                if (mh.pool.destroyed) {
                  expect(codeOf(() => bus.register(module, event, fns[op.fn], handle))).toBe("ESTALE");
                  break;
                }
                userData = handle;
                modelHandle = mh;
                value = mh.value;
              }
              if (model.duplicateOf(event, op.fn)) {
                expect(codeOf(() => bus.register(module, event, fns[op.fn], userData, { once: op.once }))).toBe("EEXIST");
                break;
              }
              const reg = bus.register(module, event, fns[op.fn], userData, { once: op.once });
              regs.push([reg, model.register(moduleName, event, op.fn, modelHandle, value, op.once)]);
              break;
            }
            case "unregister": {
              const moduleFilter = op.module === 0 ? undefined : op.module === 1 ? null : MODULE_NAMES[op.module - 2];
              if (typeof moduleFilter === "string" && !model.modules.has(moduleFilter)) break;
              const event = op.event === 0 ? undefined : EVENTS[op.event - 1];
              const fn = op.fn === 0 ? undefined : op.fn - 1;
              const expected = model.removeWhere(
                (r) =>
                  (typeof moduleFilter !== "string" || r.module === moduleFilter) &&
                  (event === undefined || r.event === event) &&
                  (fn === undefined || r.fn === fn),
              );
              const module = typeof moduleFilter === "string" ? modules.get(moduleFilter)! : moduleFilter;
              expect(bus.unregister(module, event, fn === undefined ? undefined : fns[fn])).toBe(expected);
              break;
            }
            case "regUnregister": {
              if (regs.length === 0) break;
              const [reg, mr] = regs[op.pick % regs.length];
              const wasLive = model.isLive(mr);
              expect(reg.active).toBe(wasLive);
              mr.removed = true;
              expect(reg.unregister()).toBe(wasLive);
              break;
            }
            case "createPool": {
              const parentIndex = op.parent % (pools.length + 1);
              if (parentIndex === pools.length) {
                const tag = `pool-${nextPoolId}`;
                pools.push([bus.createPool(tag), model.createPool(null, nextPoolId++, tag)]);
              } else {
                const [parent, modelParent] = pools[parentIndex];
                const tag = `sub-${nextPoolId}`;
                if (modelParent.destroyed) {
                  expect(codeOf(() => parent.createPool(tag))).toBe("ESTALE");
                } else {
                  pools.push([parent.createPool(tag), model.createPool(modelParent, nextPoolId++, tag)]);
                }
              }
              break;
            }
            case "destroyPool": {
              const [pool, modelPool] = pools[op.pick % pools.length];
              if (modelPool === model.permanentPool) {
                expect(codeOf(() => pool.destroy())).toBe("EINVAL");
              } else {
                pool.destroy();
                model.destroyPool(modelPool);
              }
              break;
            }
            case "restart": {
              bus.restart();
              model.restart();
              expect(bus.generation).toBe(model.generation);
              break;
            }
            case "generate": {
              const event = EVENTS[op.event];
              const data = { generate: generateCount++ };
              model.generate(event, data, expectedCalls, expectedReports);
              bus.generate(event, data);
              expect(calls).toEqual(expectedCalls);
              expect(reports).toEqual(expectedReports);
              break;
            }
          }
          for (const event of EVENTS) expect(bus.listening(event), event).toBe(model.listening(event));
          for (const [handle, mh] of handles) expect(handle.stale).toBe(mh.pool.destroyed);
          for (const [pool, mp] of pools) expect(pool.destroyed).toBe(mp.destroyed);
        }
        expect(bus.dump()).toEqual(model.dump());
        // Every live registration is called exactly once more, in order, by one last generate of each event.
        for (const event of EVENTS) {
          model.generate(event, "final", expectedCalls, expectedReports);
          bus.generate(event, "final");
        }
        expect(calls).toEqual(expectedCalls);
        expect(reports).toEqual(expectedReports);
      }),
      { numRuns: 500 },
    );
  });
});
