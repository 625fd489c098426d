// §6 During a dispatch, nested generates: no listener receives its own
// event re-entrantly (by listener function, through other events, after
// its position moved), and ELOOP at maxDepth.
import { describe, expect, test } from "vitest";
import { EventsError, type EventBus } from "wasm-events";
import { callLog, expectEventsError } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§6 During a dispatch ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§6 re-entrancy", () => {
    test("§6 a nested generate of X reaches the other listeners of X and skips the running one", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      let depth = 0;
      bus.register(null, "x", () => {
        calls.push(`a${depth}`);
        depth++;
        bus.generate("x");
        depth--;
      });
      bus.register(null, "x", () => calls.push(`b${depth}`));
      bus.register(null, "x", record("c"));
      bus.generate("x");
      // a runs once; the nested generate calls b and c; then the outer dispatch calls b and c.
      expect(calls).toEqual(["a0", "b1", "c", "b0", "c"]);
    });

    test("§6 a nested generate skips every listener still running for X", () => {
      const bus = makeBus();
      const calls: string[] = [];
      bus.register(null, "x", () => {
        calls.push("a");
        bus.generate("x");
      });
      bus.register(null, "x", () => {
        calls.push("b");
        bus.generate("x");
      });
      bus.register(null, "x", () => {
        calls.push("c");
      });
      bus.generate("x");
      // outer: a → nested1 (skips a): b → nested2 (skips a, b): c; back in nested1: c;
      // back in outer: b → nested3 (skips b; a has returned): a → nested4 (skips a, b): c;
      // back in nested3: c; back in outer: c.
      expect(calls).toEqual(["a", "b", "c", "c", "b", "a", "c", "c", "c"]);
    });

    test("§6 a listener never receives an event while it is already running for that event", () => {
      const bus = makeBus({ maxDepth: 64 });
      const running = new Set<string>();
      const violations: string[] = [];
      let budget = 200;
      for (const name of ["a", "b", "c", "d"]) {
        bus.register(null, "x", () => {
          if (running.has(name)) violations.push(name);
          running.add(name);
          if (budget-- > 0) bus.generate("x");
          running.delete(name);
        });
      }
      bus.generate("x");
      expect(violations).toEqual([]);
    });

    test("§6 a listener running for X still receives a nested generate of another event Y", () => {
      const bus = makeBus();
      const calls: string[] = [];
      const both = (d: unknown) => {
        calls.push(String(d));
        if (d === "x") bus.generate("y", "y");
      };
      bus.register(null, "x", both);
      bus.register(null, "y", both);
      bus.generate("x", "x");
      expect(calls).toEqual(["x", "y"]);
    });

    test("§6 re-entrancy is by listener function: re-registered while running, it is still skipped (README 7)", () => {
      const bus = makeBus();
      const calls: string[] = [];
      let round = 0;
      const listener = () => {
        calls.push(`l${round}`);
        if (round++ === 0) {
          bus.unregister(null, "x", listener);
          bus.register(null, "x", listener);
          bus.generate("x"); // still running for x: skipped
        }
      };
      bus.register(null, "x", listener);
      bus.generate("x");
      expect(calls).toEqual(["l0"]);
      bus.generate("x");
      expect(calls).toEqual(["l0", "l1"]);
    });

    test("§6 a listener running for X is skipped by X generated indirectly (X → Y → X)", () => {
      const bus = makeBus();
      const calls: string[] = [];
      let n = 0;
      bus.register(null, "x", () => {
        calls.push("a");
        if (n++ === 0) bus.generate("y");
      });
      bus.register(null, "y", () => {
        calls.push("y");
        bus.generate("x");
      });
      bus.register(null, "x", () => calls.push("b"));
      bus.generate("x");
      // Inner x (from y) skips a, which is still running for x; the outer dispatch then calls b.
      expect(calls).toEqual(["a", "y", "b", "b"]);
    });

    test("§6 the running listener is still skipped after an insertion ahead of it moved it", () => {
      const bus = makeBus();
      const calls: string[] = [];
      const first = bus.loadModule("first");
      let nested = false;
      bus.register(first, "x", () => {
        calls.push("running");
        if (nested) return;
        nested = true;
        // A module loaded later runs earlier: its listener goes in front of this one.
        bus.register(bus.loadModule("later"), "x", () => calls.push("inserted"));
        bus.generate("x");
      });
      bus.generate("x");
      expect(calls).toEqual(["running", "inserted"]);
    });

    test("§6 the running listener is still skipped after a removal ahead of it moved it", () => {
      const bus = makeBus();
      const calls: string[] = [];
      let nested = false;
      const ahead = bus.register(null, "x", () => calls.push("ahead"));
      bus.register(null, "x", () => {
        calls.push("running");
        if (nested) return;
        nested = true;
        ahead.unregister();
        bus.generate("x");
      });
      bus.register(null, "x", () => calls.push("behind"));
      bus.generate("x");
      expect(calls).toEqual(["ahead", "running", "behind", "behind"]);
    });

    test("§6 nested frames of X three deep each skip every listener running in an enclosing frame", () => {
      const bus = makeBus();
      const running = new Set<number>();
      const violations: number[] = [];
      const calls: number[] = [];
      for (let i = 0; i < 4; i++) {
        bus.register(null, "x", () => {
          if (running.has(i)) violations.push(i);
          running.add(i);
          calls.push(i);
          // Listener i nests only from a frame i levels deep: a staircase.
          if (running.size === i + 1 && i < 3) bus.generate("x");
          running.delete(i);
        });
      }
      bus.generate("x");
      expect(violations).toEqual([]);
      expect(calls.slice(0, 4)).toEqual([0, 1, 2, 3]);
    });

    test("§6 a listener that threw is no longer running: a nested X from onError reaches it again", () => {
      const calls: string[] = [];
      let nested = false;
      const bus = makeBus({
        onError: () => {
          if (nested) return;
          nested = true;
          bus.generate("x"); // the thrower has returned (by throwing): it may run again
        },
      });
      bus.register(null, "x", () => {
        calls.push("thrower");
        throw new Error("x");
      });
      bus.register(null, "x", () => calls.push("other"));
      bus.generate("x");
      expect(calls).toEqual(["thrower", "thrower", "other", "other"]);
    });

    test("§6 with maxDepth 1 a listener generating its own event is ELOOP (README 3: it counts, having a live listener)", () => {
      const errors: unknown[] = [];
      const bus = makeBus({ maxDepth: 1, onError: (e) => errors.push(e) });
      let n = 0;
      bus.register(null, "x", () => {
        n++;
        bus.generate("x");
      });
      bus.generate("x");
      expect(n).toBe(1);
      expect((errors[0] as EventsError).code).toBe("ELOOP");
    });

    test("§6 after a listener returns, a nested generate from a later listener reaches it", () => {
      const bus = makeBus();
      const calls: string[] = [];
      let nested = false;
      bus.register(null, "x", () => calls.push("a"));
      bus.register(null, "x", () => {
        calls.push("b");
        if (!nested) {
          nested = true;
          bus.generate("x");
        }
      });
      bus.generate("x");
      expect(calls).toEqual(["a", "b", "a"]);
    });
  });

  describe("§6 ELOOP", () => {
    // A chain of distinct events: the listener of level-i generates level-(i+1).
    function chain(bus: EventBus, length: number, reached: number[]) {
      for (let i = 1; i <= length; i++) {
        bus.register(null, `level-${i}`, () => {
          reached.push(i);
          if (i < length) bus.generate(`level-${i + 1}`);
        });
      }
    }

    test("§6 the default maxDepth is 64: depth 64 runs, depth 65 throws ELOOP", () => {
      const okBus = makeBus();
      const okReached: number[] = [];
      chain(okBus, 64, okReached);
      expect(() => okBus.generate("level-1")).not.toThrow();
      expect(okReached).toHaveLength(64);

      const errors: unknown[] = [];
      const bus = makeBus({ onError: (e) => errors.push(e) });
      const reached: number[] = [];
      chain(bus, 65, reached);
      bus.generate("level-1");
      expect(reached).toHaveLength(64); // level 65's listener never ran
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(EventsError);
      expect((errors[0] as EventsError).code).toBe("ELOOP");
      expect((errors[0] as EventsError).message).toContain("level-65");
    });

    test("§6 without onError the ELOOP error comes out of the outermost generate", () => {
      const bus = makeBus();
      const reached: number[] = [];
      chain(bus, 100, reached);
      expectEventsError(() => bus.generate("level-1"), "ELOOP", "level-65");
      expect(reached).toHaveLength(64);
    });

    test("§6 a custom maxDepth: depth maxDepth runs, one more throws ELOOP before calling any listener", () => {
      for (const maxDepth of [1, 2, 3, 10]) {
        const bus = makeBus({ maxDepth });
        const reached: number[] = [];
        chain(bus, maxDepth, reached);
        bus.generate("level-1");
        expect(reached).toHaveLength(maxDepth);

        const deep = makeBus({ maxDepth });
        const deepReached: number[] = [];
        chain(deep, maxDepth + 1, deepReached);
        // A second listener on the too-deep event must not run either.
        deep.register(null, `level-${maxDepth + 1}`, () => deepReached.push(-1));
        expectEventsError(() => deep.generate("level-1"), "ELOOP");
        expect(deepReached).toHaveLength(maxDepth);
        expect(deepReached).not.toContain(-1);
      }
    });

    test("§6 maxDepth 1: a nested generate that reaches a listener is ELOOP", () => {
      const errors: unknown[] = [];
      const bus = makeBus({ maxDepth: 1, onError: (e) => errors.push(e) });
      let innerCalls = 0;
      bus.register(null, "outer", () => bus.generate("inner"));
      bus.register(null, "inner", () => innerCalls++);
      bus.generate("outer");
      expect(innerCalls).toBe(0);
      expect((errors[0] as EventsError).code).toBe("ELOOP");
      bus.generate("inner"); // at depth 1 it is fine
      expect(innerCalls).toBe(1);
    });

    test("§6 a generate with no listeners never throws ELOOP", () => {
      const bus = makeBus({ maxDepth: 1 });
      let ran = false;
      bus.register(null, "outer", () => {
        bus.generate("nobody"); // depth would be 2, but nothing listens
        bus.generate("nobody.either", { data: 1 });
        ran = true;
      });
      expect(() => bus.generate("outer")).not.toThrow();
      expect(ran).toBe(true);
    });

    test("§6 a generate with no listeners at the bottom of a full-depth chain does not throw", () => {
      const bus = makeBus();
      const reached: number[] = [];
      chain(bus, 64, reached);
      bus.register(null, "level-64", () => bus.generate("silence")); // depth 65, no listener
      expect(() => bus.generate("level-1")).not.toThrow();
    });

    test("§6 a generate whose event only has stale listeners does not count towards depth (README 3)", () => {
      const stale: string[] = [];
      const bus = makeBus({ maxDepth: 1, onStale: (info) => stale.push(info.event) });
      const pool = bus.createPool("p");
      bus.register(null, "inner", () => {}, pool.hold(1));
      pool.destroy();
      bus.register(null, "outer", () => bus.generate("inner"));
      expect(() => bus.generate("outer")).not.toThrow();
      expect(stale).toEqual(["inner"]);
    });

    test("§6 the depth unwinds: after ELOOP the bus dispatches normally", () => {
      const bus = makeBus({ maxDepth: 3 });
      const reached: number[] = [];
      chain(bus, 5, reached);
      expectEventsError(() => bus.generate("level-1"), "ELOOP");
      reached.length = 0;
      bus.generate("level-3"); // depths 1..3: fine
      expect(reached).toEqual([3, 4, 5]);
      reached.length = 0;
      expectEventsError(() => bus.generate("level-1"), "ELOOP");
      expect(reached).toEqual([1, 2, 3]);
    });

    test("§6 depth unwinds when listeners throw", () => {
      const bus = makeBus({ maxDepth: 2 });
      bus.register(null, "thrower", () => {
        throw new Error("inner failure");
      });
      bus.register(null, "outer", () => bus.generate("thrower"));
      for (let i = 0; i < 10; i++) expect(() => bus.generate("outer")).toThrow("inner failure");
      let ok = 0;
      bus.register(null, "leaf", () => ok++);
      bus.register(null, "mid", () => bus.generate("leaf"));
      bus.generate("mid");
      expect(ok).toBe(1);
    });
  });
});
