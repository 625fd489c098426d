// §6 During a dispatch: removals take effect at once, additions wait for
// the next generate, no listener receives its own event re-entrantly, ELOOP,
// and error isolation (onError, lone error, AggregateError, hook errors).
import { describe, expect, test } from "vitest";
import { EventsError, type EventBus, type ListenerInfo } from "wasm-events";
import { callLog, expectEventsError, thrownBy } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§6 During a dispatch ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§6 removed registrations", () => {
    test("§6 a listener removed by an earlier one is not called later in the same dispatch", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const late = record("late");
      bus.register(null, "e", () => {
        calls.push("first");
        bus.unregister(null, "e", late);
      });
      bus.register(null, "e", late);
      bus.register(null, "e", record("last"));
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["first", "last", "first", "last"]);
    });

    test("§6 a listener that removes itself is not called again", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const reg = bus.register(null, "e", () => {
        calls.push("self");
        reg.unregister();
      });
      bus.register(null, "e", record("other"));
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["self", "other", "other"]);
    });

    test("§6 listeners removed by a module unload during dispatch are not called", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const victim = bus.loadModule("victim");
      const killer = bus.loadModule("killer"); // loaded last: runs first
      bus.register(killer, "e", () => {
        calls.push("killer");
        victim.unload();
      });
      bus.register(victim, "e", record("victim"));
      bus.register(null, "e", record("core"));
      bus.generate("e");
      expect(calls).toEqual(["killer", "core"]);
    });

    test("§6 listeners removed by unregister() of everything during dispatch are not called", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      bus.register(null, "e", () => {
        calls.push("first");
        bus.unregister();
      });
      bus.register(null, "e", record("second"));
      bus.register(null, "other", record("other"));
      bus.generate("e");
      bus.generate("other");
      expect(calls).toEqual(["first"]);
    });

    test("§6 a registration aborted during dispatch is not called afterwards", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const controller = new AbortController();
      bus.register(null, "e", () => {
        calls.push("aborter");
        controller.abort();
      });
      bus.register(null, "e", record("aborted"), undefined, { signal: controller.signal });
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["aborter", "aborter"]);
    });

    test("§6 a registration whose pool is destroyed during dispatch is not called afterwards", () => {
      const reports: unknown[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info.event) });
      const { calls, record } = callLog();
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {
        calls.push("destroyer");
        pool.destroy();
      });
      bus.register(null, "e", record("stale"), pool.hold(1));
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["destroyer", "destroyer"]);
      expect(reports).toEqual(["e"]); // reported once, when the dispatch reached it
    });

    test("§6 a once registration reached by a nested generate is not called by the outer dispatch", () => {
      const bus = makeBus();
      const { calls } = callLog();
      bus.register(null, "e", () => {
        calls.push("first");
        bus.generate("e"); // reaches "once" (first is skipped: it is running)
      });
      bus.register(null, "e", () => calls.push("once"), undefined, { once: true });
      bus.generate("e");
      expect(calls).toEqual(["first", "once"]);
    });

    test("§6 a removed and re-registered listener is not called by the running dispatch", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const late = record("late");
      let moved = false;
      bus.register(null, "e", () => {
        calls.push("first");
        if (!moved && bus.unregister(null, "e", late) === 1) {
          moved = true;
          bus.register(null, "e", late);
        }
      });
      bus.register(null, "e", late);
      bus.generate("e");
      expect(calls).toEqual(["first"]);
      bus.generate("e"); // the new registration now runs, from its new place (last)
      expect(calls).toEqual(["first", "first", "late"]);
    });

    test("§6 removals during dispatch work for events with many listeners", () => {
      const bus = makeBus();
      const calls: number[] = [];
      const regs = Array.from({ length: 40 }, (_, i) =>
        bus.register(null, "e", () => {
          calls.push(i);
          // Each even listener removes the next one.
          if (i % 2 === 0) regs[i + 1].unregister();
        }),
      );
      bus.generate("e");
      expect(calls).toEqual(Array.from({ length: 20 }, (_, k) => 2 * k));
    });
  });

  // Dispatchers may be specialised by listener count (compiled up to some
  // size, a loop above it), so the rules are checked at several sizes, with
  // the interesting listener at every position.
  describe.each([1, 2, 3, 31, 32, 33, 40])("§6 rules with %i listeners, at every position", (size) => {
    function setup(extra?: Parameters<typeof makeBus>[0]) {
      const bus = makeBus(extra);
      const calls: number[] = [];
      const behaviour: ((i: number) => void)[] = [];
      const regs = Array.from({ length: size }, (_, i) =>
        bus.register(null, "e", () => {
          calls.push(i);
          behaviour[i]?.(i);
        }),
      );
      return { bus, calls, behaviour, regs };
    }
    const all = Array.from({ length: size }, (_, i) => i);

    test("§6 a listener that throws does not stop the others; the lone error is thrown as is", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        const boom = new Error(`at ${at}`);
        behaviour[at] = () => {
          throw boom;
        };
        expect(thrownBy(() => bus.generate("e"))).toBe(boom);
        expect(calls).toEqual(all);
      }
    });

    test("§6 several throwing listeners give an AggregateError in dispatch order", () => {
      const { bus, calls, behaviour } = setup();
      const errors: Error[] = [];
      for (let i = 0; i < size; i += 2) {
        const error = new Error(`at ${i}`);
        errors.push(error);
        behaviour[i] = () => {
          throw error;
        };
      }
      const err = thrownBy(() => bus.generate("e"));
      if (errors.length === 1) expect(err).toBe(errors[0]);
      else expect((err as AggregateError).errors).toEqual(errors);
      expect(calls).toEqual(all);
    });

    test("§6 a listener removing the next one: the next is not called", () => {
      for (let at = 0; at < size - 1; at++) {
        const { bus, calls, behaviour, regs } = setup();
        behaviour[at] = () => regs[at + 1].unregister();
        bus.generate("e");
        expect(calls).toEqual(all.filter((i) => i !== at + 1));
      }
    });

    test("§6 a listener that removes the next one and then throws: the next is not called, the error is thrown", () => {
      for (let at = 0; at < size - 1; at++) {
        const { bus, calls, behaviour, regs } = setup();
        const boom = new Error(`at ${at}`);
        behaviour[at] = () => {
          regs[at + 1].unregister();
          throw boom;
        };
        expect(thrownBy(() => bus.generate("e"))).toBe(boom);
        expect(calls).toEqual(all.filter((i) => i !== at + 1));
      }
    });

    test("§6 a once listener runs once, wherever it stands", () => {
      for (let at = 0; at < size; at++) {
        const bus = makeBus();
        const calls: number[] = [];
        for (let i = 0; i < size; i++) {
          bus.register(null, "e", () => calls.push(i), undefined, { once: i === at });
        }
        bus.generate("e");
        bus.generate("e");
        expect(calls).toEqual([...all, ...all.filter((i) => i !== at)]);
      }
    });

    test("§6 a nested generate from any position skips only the running listener", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        let nested = false;
        behaviour[at] = () => {
          if (nested) return;
          nested = true;
          bus.generate("e");
        };
        bus.generate("e");
        const expected = [...all.slice(0, at + 1), ...all.filter((i) => i !== at), ...all.slice(at + 1)];
        expect(calls).toEqual(expected);
      }
    });

    test("§6 a listener added from any position waits for the next generate", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        let added = false;
        behaviour[at] = () => {
          if (added) return;
          added = true;
          bus.register(null, "e", () => calls.push(-1));
        };
        bus.generate("e");
        expect(calls).toEqual(all);
        calls.length = 0;
        bus.generate("e");
        expect(calls).toEqual([...all, -1]);
      }
    });
  });

  describe("§6 added registrations", () => {
    test("§6 a listener added during dispatch is not called by that dispatch", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const added = record("added");
      bus.register(null, "e", () => {
        calls.push("adder");
        if (bus.listening("e") === 1) bus.register(null, "e", added);
      });
      bus.generate("e");
      expect(calls).toEqual(["adder"]);
      bus.generate("e");
      expect(calls).toEqual(["adder", "adder", "added"]);
    });

    test("§6 a listener added ahead of the running one (module loaded later) waits for the next generate", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const early = bus.loadModule("early");
      let added = false;
      bus.register(early, "e", () => {
        calls.push("early");
        if (!added) {
          added = true;
          bus.register(bus.loadModule("late"), "e", record("late"));
          bus.register(early, "e", record("early2"));
        }
      });
      bus.register(null, "e", record("core"));
      bus.generate("e");
      expect(calls).toEqual(["early", "core"]);
      calls.length = 0;
      bus.generate("e");
      expect(calls).toEqual(["late", "early2", "early", "core"]);
    });

    test("§6 a listener added behind the running one waits for the next generate", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      bus.register(null, "e", record("core1"));
      let added = false;
      bus.register(m, "e", () => {
        calls.push("m");
        if (!added) {
          added = true;
          bus.register(null, "e", record("core2"));
        }
      });
      bus.generate("e");
      expect(calls).toEqual(["m", "core1"]);
      calls.length = 0;
      bus.generate("e");
      expect(calls).toEqual(["m", "core1", "core2"]);
    });

    test("§6 a listener added during dispatch is called by a nested generate started after it was added", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      let added = false;
      bus.register(null, "e", () => {
        calls.push("adder");
        if (!added) {
          added = true;
          bus.register(null, "e", record("added"));
          bus.generate("e"); // nested: reaches "added", skips the running adder
        }
      });
      bus.generate("e");
      expect(calls).toEqual(["adder", "added"]);
    });

    test("§6 a listener added by another event's listener during a dispatch waits for its own next generate", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      bus.register(null, "outer", () => {
        calls.push("outer");
        bus.register(null, "inner", record("inner-added"));
        bus.generate("inner");
      });
      bus.register(null, "inner", () => {
        calls.push("inner");
      });
      bus.generate("outer");
      expect(calls).toEqual(["outer", "inner", "inner-added"]);
    });

    test("§6 an outer dispatch does not pick up a listener a nested dispatch added", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      let added = false;
      bus.register(null, "e", () => {
        calls.push("a");
        bus.generate("f");
      });
      bus.register(null, "f", () => {
        if (!added) {
          added = true;
          bus.register(null, "e", record("added-by-f"));
        }
      });
      bus.register(null, "e", record("b"));
      bus.generate("e");
      expect(calls).toEqual(["a", "b"]);
    });
  });

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
