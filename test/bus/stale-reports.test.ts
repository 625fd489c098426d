// §7 stale user data: a listener whose pool was destroyed is never called
// again, reported once through onStale at its place in dispatch order and
// removed by the report; the default report is a process warning; nested
// generates, hooks and a restart mid-dispatch.
import { afterEach, describe, expect, test, vi } from "vitest";
import type { EventBus, StaleInfo } from "wasm-events";
import { callLog } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { runNodeJson } from "../helpers/spec-node.js";

describe.each(DISPATCH_MODES)("§7 Restart and stale user data ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe("§7 stale listeners", () => {
    function staleBus() {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      return { bus, reports };
    }

    test("§7 a listener whose user data is stale is never called again", () => {
      const { bus } = staleBus();
      let n = 0;
      bus.register(null, "e", () => n++, bus.createPool("p").hold(1));
      bus.generate("e");
      bus.restart();
      for (let i = 0; i < 3; i++) bus.generate("e");
      expect(n).toBe(1);
    });

    test("§7 the first generate reaching a stale listener reports it once through onStale with event, module, listener and pool", () => {
      const { bus, reports } = staleBus();
      const m = bus.loadModule("mod_auth");
      const listener = () => {};
      bus.register(m, "auth", listener, bus.createPool("session").hold({}));
      bus.restart();
      expect(reports).toEqual([]); // not reported before a generate reaches it
      bus.generate("auth");
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ event: "auth", module: "mod_auth", pool: "session" });
      expect(reports[0].listener).toBe(listener);
      bus.generate("auth");
      bus.generate("auth");
      expect(reports).toHaveLength(1);
    });

    test("§7 a stale core listener is reported with module null", () => {
      const { bus, reports } = staleBus();
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1));
      pool.destroy();
      bus.generate("e");
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ event: "e", module: null, pool: "p" });
    });

    test("§7 the stale report happens at the listener's place in dispatch order", () => {
      const log: string[] = [];
      const bus = makeBus({ onStale: (info) => log.push(`stale:${info.module}`) });
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b"), c = bus.loadModule("mod_c");
      const pool = bus.createPool("p");
      bus.register(a, "e", () => log.push("mod_a"));
      bus.register(b, "e", () => log.push("mod_b"), pool.hold(1));
      bus.register(c, "e", () => log.push("mod_c"));
      bus.register(null, "e", () => log.push("core"));
      pool.destroy();
      bus.generate("e");
      expect(log).toEqual(["mod_c", "stale:mod_b", "mod_a", "core"]);
    });

    test("§7 the stale registration is removed by its report", () => {
      const { bus, reports } = staleBus();
      const listener = () => {};
      const pool = bus.createPool("p");
      const reg = bus.register(null, "e", listener, pool.hold(1));
      pool.destroy();
      bus.generate("e");
      expect(reg.active).toBe(false);
      expect(reg.unregister()).toBe(false);
      expect(bus.unregister(null, "e", listener)).toBe(0);
      expect(reports).toHaveLength(1);
    });

    test("§7 Registration.unregister() of a stale registration returns false and removes it without a report (README 9)", () => {
      const { bus, reports } = staleBus();
      const pool = bus.createPool("p");
      const reg = bus.register(null, "e", () => {}, pool.hold(1));
      pool.destroy();
      expect(reg.unregister()).toBe(false);
      bus.generate("e");
      expect(reports).toEqual([]);
      expect(bus.dump()).toEqual(["No handlers registered for 'e'"]);
    });

    test("§7 a report reaches onStale for each stale listener, each once", () => {
      const { bus, reports } = staleBus();
      const pool = bus.createPool("p");
      const m = bus.loadModule("m");
      bus.register(m, "e", () => {}, pool.hold(1));
      bus.register(null, "e", () => {}, pool.hold(2));
      bus.register(null, "f", () => {}, pool.hold(3));
      bus.restart();
      bus.generate("e");
      bus.generate("e");
      expect(reports.map((r) => `${r.event}/${r.module}`)).toEqual(["e/m", "e/null"]);
      bus.generate("f");
      bus.generate("f");
      expect(reports.map((r) => `${r.event}/${r.module}`)).toEqual(["e/m", "e/null", "f/null"]);
    });

    test("§7 the default onStale is a process warning naming the event, module and pool", () => {
      const warnings: Error[] = [];
      const spy = vi.spyOn(process, "emitWarning").mockImplementation(((warning: string | Error) => {
        warnings.push(typeof warning === "string" ? new Error(warning) : warning);
      }) as typeof process.emitWarning);
      const bus = makeBus();
      const m = bus.loadModule("mod_quotatab");
      const pool = bus.createPool("quota-session");
      bus.register(m, "mod_auth.authentication-code", () => {}, pool.hold(1));
      bus.restart();
      bus.generate("mod_auth.authentication-code");
      bus.generate("mod_auth.authentication-code");
      expect(spy).toHaveBeenCalledTimes(1);
      const text = JSON.stringify(spy.mock.calls[0]);
      expect(text).toContain("mod_auth.authentication-code");
      expect(text).toContain("mod_quotatab");
      expect(text).toContain("quota-session");
      expect(warnings).toHaveLength(1);
    });

    test("§7 the default warning has type StaleUserDataWarning (README 10)", async () => {
      const bus = makeBus();
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1));
      pool.destroy();
      const warning = new Promise<Error>((resolve) => process.once("warning", resolve));
      bus.generate("e");
      const w = await warning;
      expect(w.name).toBe("StaleUserDataWarning");
      expect(w.message).toContain("'e'");
    });

    test("§7 the default onStale does nothing where there is no process (README 10)", () => {
      const out = runNodeJson(`
        import { EventBus } from "wasm-events";
        const bus = new EventBus(${JSON.stringify(mode.options)});
        const pool = bus.createPool("p");
        let calls = 0;
        bus.register(null, "e", () => calls++, pool.hold(1));
        bus.register(null, "e", () => calls++);
        pool.destroy();
        const saved = globalThis.process;
        let threw = false;
        globalThis.process = undefined;
        try { bus.generate("e"); } catch { threw = true; } finally { globalThis.process = saved; }
        bus.generate("e");
        console.log(JSON.stringify({ threw, calls, listening: bus.listening("e") }));
      `);
      expect(out).toEqual({ threw: false, calls: 2, listening: 1 });
    });

    test("§7 a nested generate that skips a running stale listener neither reports nor removes it", () => {
      const { bus, reports } = staleBus();
      const pool = bus.createPool("p");
      const { calls, record } = callLog();
      let nestedListening = -1;
      const selfDestroying = () => {
        calls.push("self");
        pool.destroy(); // this listener's user data is now stale...
        nestedListening = bus.listening("e");
        bus.generate("e"); // ...and the nested generate skips it because it is running
        expect(reports).toEqual([]);
      };
      const reg = bus.register(null, "e", selfDestroying, pool.hold(1));
      bus.register(null, "e", record("other"));
      bus.generate("e");
      expect(calls).toEqual(["self", "other", "other"]);
      expect(nestedListening).toBe(1); // listening never counts it
      expect(reports).toEqual([]);
      expect(reg.active).toBe(false);
      // The next generate reaches it: one report, and it is gone.
      bus.generate("e");
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ event: "e", module: null, pool: "p" });
      expect(reports[0].listener).toBe(selfDestroying);
      bus.generate("e");
      expect(reports).toHaveLength(1);
    });

    test("§7 a stale listener reported by a nested generate is not reported again by the outer dispatch", () => {
      // The stale listener is not running, so the nested generate reports and
      // removes it; the outer dispatch then finds it gone.
      const { bus, reports } = staleBus();
      const pool = bus.createPool("p");
      const { calls, record } = callLog();
      let once = false;
      bus.register(null, "e", () => {
        calls.push("first");
        if (!once) {
          once = true;
          pool.destroy();
          bus.generate("e");
        }
      });
      bus.register(null, "e", record("stale"), pool.hold(1));
      bus.generate("e");
      expect(calls).toEqual(["first"]);
      expect(reports).toHaveLength(1);
    });

    test("§7 listening never counts a stale listener, before or after its report", () => {
      const { bus } = staleBus();
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1));
      bus.register(null, "e", () => {});
      expect(bus.listening("e")).toBe(2);
      pool.destroy();
      expect(bus.listening("e")).toBe(1);
      expect(bus.event("e").listening()).toBe(1);
      bus.generate("e");
      expect(bus.listening("e")).toBe(1);
    });

    test("§7 a handle from a sub-pool goes stale when the parent is destroyed", () => {
      const { bus, reports } = staleBus();
      const parent = bus.createPool("parent");
      const child = parent.createPool("child");
      let n = 0;
      bus.register(null, "e", () => n++, child.hold(1));
      parent.destroy();
      bus.generate("e");
      expect(n).toBe(0);
      expect(reports[0]?.pool).toBe("child");
    });

    test("§7 a listener with a permanent-pool handle is never stale", () => {
      const { bus, reports } = staleBus();
      let n = 0;
      bus.register(null, "e", () => n++, bus.permanentPool.hold(1));
      bus.restart();
      bus.generate("e");
      expect(n).toBe(1);
      expect(reports).toEqual([]);
    });
  });

  describe("§7 stale listeners and hooks", () => {
    test("§7 an onStale hook that generates the same event does not get a second report", () => {
      const reports: string[] = [];
      const calls: string[] = [];
      let bus!: EventBus;
      bus = makeBus({
        onStale: (info) => {
          reports.push(info.event);
          bus.generate("e"); // nested: the stale registration is already gone
        },
      });
      const pool = bus.createPool("p");
      bus.register(null, "e", () => calls.push("stale"), pool.hold(1));
      bus.register(null, "e", () => calls.push("live"));
      pool.destroy();
      bus.generate("e");
      expect(reports).toEqual(["e"]);
      expect(calls).toEqual(["live", "live"]);
    });

    test("§7 restart() called by a listener mid-dispatch: later listeners with user data from a destroyed pool are reported, not called", () => {
      const reports: string[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info.pool) });
      const calls: string[] = [];
      bus.register(null, "e", () => {
        calls.push("restarter");
        bus.restart();
      });
      bus.register(null, "e", () => calls.push("scoped"), bus.createPool("scoped").hold(1));
      bus.register(null, "e", () => calls.push("permanent"), bus.permanentPool.hold(1));
      bus.generate("e");
      expect(calls).toEqual(["restarter", "permanent"]);
      expect(reports).toEqual(["scoped"]);
    });

    test("§7 a stale registration replaced mid-dispatch ahead of its place is neither called nor reported by that dispatch", () => {
      const reports: string[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info.event) });
      const calls: string[] = [];
      const pool = bus.createPool("p");
      const target = (_d: unknown, u: unknown) => {
        calls.push(`target:${String(u)}`);
      };
      let replaced = false;
      bus.register(null, "e", () => {
        calls.push("replacer");
        if (!replaced) {
          replaced = true;
          bus.register(null, "e", target, "fresh"); // silently replaces the stale one
        }
      });
      bus.register(null, "e", target, pool.hold("old"));
      pool.destroy();
      bus.generate("e");
      expect(calls).toEqual(["replacer"]);
      bus.generate("e");
      expect(calls).toEqual(["replacer", "replacer", "target:fresh"]);
      expect(reports).toEqual([]);
    });
  });
});
