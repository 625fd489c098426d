// §6 During a dispatch, registrations removed and added: a removal (by
// unregister, unload, abort, pool destroy, once) takes effect at once, so a
// removed listener is not called later in the same dispatch; an addition
// waits for the next generate of its event (a nested one included).
import { describe, expect, test } from "vitest";
import { callLog } from "../helpers/spec-assert.js";
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
});
