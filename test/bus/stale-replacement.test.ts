// §7 silent replacement: re-registering a listener whose registration is
// stale is no EEXIST and no report; the replacement is a new registration in
// dispatch order.
import { describe, expect, test } from "vitest";
import type { StaleInfo } from "wasm-events";
import { callLog, expectEventsError } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§7 Restart and stale user data ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§7 silent replacement", () => {
    function setup() {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      const pool = bus.createPool("p");
      return { bus, reports, pool };
    }

    test("§7 re-registering a listener whose registration is stale is no EEXIST and no report", () => {
      const { bus, reports, pool } = setup();
      const seen: unknown[] = [];
      const listener = (_d: unknown, u: unknown) => {
        seen.push(u);
      };
      bus.register(null, "e", listener, pool.hold("old"));
      bus.restart();
      const fresh = bus.createPool("fresh");
      expect(() => bus.register(null, "e", listener, fresh.hold("new"))).not.toThrow();
      bus.generate("e");
      expect(seen).toEqual(["new"]);
      expect(reports).toEqual([]);
      expect(bus.listening("e")).toBe(1);
    });

    test("§7 replacement works with a plain value and with no user data", () => {
      for (const userData of ["plain", undefined]) {
        const { bus, reports, pool } = setup();
        const seen: unknown[] = [];
        const listener = (_d: unknown, u: unknown) => {
          seen.push(u);
        };
        bus.register(null, "e", listener, pool.hold("old"));
        pool.destroy();
        bus.register(null, "e", listener, userData);
        bus.generate("e");
        expect(seen).toEqual([userData]);
        expect(reports).toEqual([]);
      }
    });

    test("§7 replacement works whatever the module", () => {
      const { bus, reports, pool } = setup();
      const m = bus.loadModule("m");
      let n = 0;
      const listener = () => {
        n++;
      };
      bus.register(m, "e", listener, pool.hold(1));
      pool.destroy();
      bus.register(null, "e", listener);
      expect(bus.dump()).toEqual(["Registered for 'e':", "  (core)"]);
      bus.generate("e");
      expect(n).toBe(1);
      expect(reports).toEqual([]);
    });

    test("§7 the replacement takes its place in dispatch order as a new registration (core: appended)", () => {
      const { bus, pool } = setup();
      const { calls, record } = callLog();
      const moved = record("moved");
      bus.register(null, "e", moved, pool.hold(1));
      bus.register(null, "e", record("a"));
      bus.register(null, "e", record("b"));
      pool.destroy();
      bus.register(null, "e", moved);
      bus.generate("e");
      expect(calls).toEqual(["a", "b", "moved"]);
    });

    test("§7 the replacement takes its place in dispatch order as a new registration (module: prepended)", () => {
      const { bus, pool } = setup();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      const moved = record("moved");
      bus.register(m, "e", record("a"));
      bus.register(m, "e", moved, pool.hold(1));
      bus.register(m, "e", record("b"));
      pool.destroy();
      bus.register(m, "e", moved);
      bus.generate("e");
      expect(calls).toEqual(["moved", "b", "a"]);
    });

    test("§7 a module that forgot to unregister before a restart re-registers cleanly after it", () => {
      const { bus, reports } = setup();
      const m = bus.loadModule("mod_forgetful");
      const seen: unknown[] = [];
      const onCmd = (_d: unknown, u: unknown) => {
        seen.push(u);
      };
      bus.register(m, "cmd", onCmd, bus.createPool("cfg").hold("gen 0"));
      bus.restart(); // the module forgets to unregister onCmd

      bus.register(m, "cmd", onCmd, bus.createPool("cfg").hold("gen 1"));
      bus.generate("cmd");
      expect(seen).toEqual(["gen 1"]);
      expect(reports).toEqual([]);
    });

    test("§7 the same listener with live user data is still EEXIST", () => {
      const { bus, pool } = setup();
      const listener = () => {};
      bus.register(null, "e", listener, pool.hold(1));
      expectEventsError(() => bus.register(null, "e", listener, pool.hold(2)), "EEXIST");
    });
  });
});
