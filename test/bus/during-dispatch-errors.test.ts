// §6 During a dispatch, error isolation: a throwing listener does not stop
// the others; onError, the lone error, AggregateError, errors of the hooks
// (onError, onStale, core.restart, core.module-unload) and of nested generates.
import { describe, expect, test } from "vitest";
import { type ListenerInfo } from "wasm-events";
import { callLog, thrownBy } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§6 During a dispatch ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§6 errors", () => {
    test("§6 a listener that throws does not stop the others", () => {
      const bus = makeBus({ onError: () => {} });
      const { calls, record } = callLog();
      bus.register(null, "e", record("before"));
      bus.register(null, "e", () => {
        throw new Error("x");
      });
      bus.register(null, "e", record("after"));
      bus.generate("e");
      expect(calls).toEqual(["before", "after"]);
    });

    test("§6 with onError the error goes there with the listener's info and generate returns normally", () => {
      const seen: [unknown, ListenerInfo][] = [];
      const bus = makeBus({ onError: (error, info) => seen.push([error, info]) });
      const m = bus.loadModule("mod_x");
      const boom = new Error("boom");
      const coreBoom = "core string";
      const failing = () => {
        throw boom;
      };
      const coreFailing = () => {
        throw coreBoom;
      };
      bus.register(m, "e", failing);
      bus.register(null, "e", coreFailing);
      expect(() => bus.generate("e")).not.toThrow();
      expect(seen).toHaveLength(2);
      expect(seen[0][0]).toBe(boom);
      expect(seen[0][1]).toMatchObject({ event: "e", module: "mod_x" });
      expect(seen[0][1].listener).toBe(failing);
      expect(seen[1][0]).toBe(coreBoom);
      expect(seen[1][1]).toMatchObject({ event: "e", module: null });
      expect(seen[1][1].listener).toBe(coreFailing);
    });

    test("§6 without onError a lone error is thrown as is, after every listener has run", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const boom = new TypeError("lone");
      bus.register(null, "e", () => {
        throw boom;
      });
      bus.register(null, "e", record("after"));
      expect(thrownBy(() => bus.generate("e"))).toBe(boom);
      expect(calls).toEqual(["after"]);
    });

    test("§6 without onError a thrown non-Error value is thrown as is", () => {
      const bus = makeBus();
      const value = { not: "an error" };
      bus.register(null, "e", () => {
        throw value;
      });
      expect(thrownBy(() => bus.generate("e"))).toBe(value);
    });

    test("§6 without onError several errors are thrown as an AggregateError, in order", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      const e1 = new Error("module"), e2 = new Error("core 1"), e3 = "core 2";
      bus.register(null, "e", () => {
        throw e2;
      });
      bus.register(null, "e", record("between"));
      bus.register(null, "e", () => {
        throw e3;
      });
      bus.register(m, "e", () => {
        throw e1;
      });
      const err = thrownBy(() => bus.generate("e"));
      expect(err).toBeInstanceOf(AggregateError);
      expect((err as AggregateError).errors).toEqual([e1, e2, e3]);
      expect((err as AggregateError).errors[0]).toBe(e1);
      expect(calls).toEqual(["between"]);
    });

    test("§6 the bus keeps working after a generate threw", () => {
      const bus = makeBus();
      let n = 0;
      let fail = true;
      bus.register(null, "e", () => {
        n++;
        if (fail) throw new Error("once");
      });
      expect(() => bus.generate("e")).toThrow("once");
      fail = false;
      bus.generate("e");
      expect(n).toBe(2);
    });

    test("§6 if onError throws, generate throws that error once the dispatch has finished", () => {
      const hookError = new Error("onError failed");
      const bus = makeBus({
        onError: () => {
          throw hookError;
        },
      });
      const { calls, record } = callLog();
      bus.register(null, "e", () => {
        throw new Error("listener");
      });
      bus.register(null, "e", record("after"));
      expect(thrownBy(() => bus.generate("e"))).toBe(hookError);
      expect(calls).toEqual(["after"]);
    });

    test("§6 if onError throws several times, generate throws an AggregateError of them in order (README 4)", () => {
      let k = 0;
      const hookErrors: Error[] = [];
      const bus = makeBus({
        onError: () => {
          const e = new Error(`hook ${k++}`);
          hookErrors.push(e);
          throw e;
        },
      });
      for (let i = 0; i < 3; i++)
        bus.register(null, "e", () => {
          throw new Error(`listener ${i}`);
        });
      const err = thrownBy(() => bus.generate("e"));
      expect(err).toBeInstanceOf(AggregateError);
      expect((err as AggregateError).errors).toEqual(hookErrors);
    });

    test("§6 if onStale throws, generate throws that error once the dispatch has finished", () => {
      const hookError = new Error("onStale failed");
      const bus = makeBus({
        onStale: () => {
          throw hookError;
        },
      });
      const { calls, record } = callLog();
      const pool = bus.createPool("p");
      bus.register(null, "e", record("before"));
      bus.register(null, "e", record("stale"), pool.hold(1));
      bus.register(null, "e", record("after"));
      pool.destroy();
      expect(thrownBy(() => bus.generate("e"))).toBe(hookError);
      expect(calls).toEqual(["before", "after"]);
      // Reported (and removed) once, even though the hook threw.
      expect(() => bus.generate("e")).not.toThrow();
    });

    test("§6 a listener error and an onStale error without onError come out together, in order (README 4)", () => {
      const staleError = new Error("stale hook");
      const listenerError = new Error("listener");
      const bus = makeBus({
        onStale: () => {
          throw staleError;
        },
      });
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1));
      bus.register(null, "e", () => {
        throw listenerError;
      });
      pool.destroy();
      const err = thrownBy(() => bus.generate("e"));
      expect(err).toBeInstanceOf(AggregateError);
      expect((err as AggregateError).errors).toEqual([staleError, listenerError]);
    });

    test("§6 restart() finishes its work, then throws a core.restart listener's error", () => {
      const bus = makeBus();
      const boom = new Error("restart listener");
      const pool = bus.createPool("p");
      const { calls, record } = callLog();
      bus.register(null, "core.restart", () => {
        throw boom;
      });
      bus.register(null, "core.restart", record("after"));
      expect(thrownBy(() => bus.restart())).toBe(boom);
      expect(calls).toEqual(["after"]);
      expect(pool.destroyed).toBe(true);
      expect(bus.generation).toBe(1);
    });

    test("§6 unload() finishes its work, then throws a core.module-unload listener's error", () => {
      const bus = makeBus();
      const boom = new Error("unload listener");
      const m = bus.loadModule("m");
      bus.register(m, "e", () => {});
      bus.register(null, "core.module-unload", () => {
        throw boom;
      });
      expect(thrownBy(() => m.unload())).toBe(boom);
      expect(bus.listening("e")).toBe(0);
      expect(m.unload()).toBe(0);
      expect(() => bus.loadModule("m")).not.toThrow(); // the name is free again
    });

    test("§6 an error thrown by a nested generate reaches the listener that called it", () => {
      const bus = makeBus();
      const inner = new Error("inner");
      let caught: unknown;
      bus.register(null, "outer", () => {
        try {
          bus.generate("inner");
        } catch (err) {
          caught = err;
        }
      });
      bus.register(null, "inner", () => {
        throw inner;
      });
      expect(() => bus.generate("outer")).not.toThrow();
      expect(caught).toBe(inner);
    });
  });
});
