// §7 restart(): core.restart first (its listeners in dispatch order, before
// any pool is destroyed), then every restart-scoped pool that existed is
// destroyed and generation moves; the permanent pool and plain user data
// survive.
import { describe, expect, test } from "vitest";
import type { Pool, StaleInfo } from "wasm-events";
import { callLog } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§7 Restart and stale user data ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§7 restart", () => {
    test("§7 restart() first generates core.restart with no event data", () => {
      const bus = makeBus();
      const seen: unknown[][] = [];
      bus.register(null, "core.restart", (...args: unknown[]) => seen.push(args));
      bus.restart();
      expect(seen).toHaveLength(1);
      expect(seen[0][0]).toBeUndefined();
    });

    test("§7 core.restart listeners run before pools are destroyed and before generation moves", () => {
      const bus = makeBus();
      const pool = bus.createPool("old");
      const handle = pool.hold("still here");
      const seen: unknown[] = [];
      bus.register(null, "core.restart", () => {
        seen.push(pool.destroyed, handle.stale, handle.value, bus.generation);
      });
      bus.restart();
      expect(seen).toEqual([false, false, "still here", 0]);
      expect(pool.destroyed).toBe(true);
      expect(bus.generation).toBe(1);
    });

    test("§7 core.restart listeners run in dispatch order", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
      bus.register(null, "core.restart", record("core"));
      bus.register(a, "core.restart", record("mod_a"));
      bus.register(b, "core.restart", record("mod_b"));
      bus.restart();
      expect(calls).toEqual(["mod_b", "mod_a", "core"]);
    });

    test("§7 restart() destroys every restart-scoped pool that existed, with its sub-pools", () => {
      const bus = makeBus();
      const pools = [bus.createPool("a"), bus.createPool("b"), bus.createPool()];
      const sub = pools[0].createPool("a.sub");
      const handles = [...pools, sub].map((p) => p.hold(p.tag));
      bus.restart();
      expect([...pools, sub].map((p) => p.destroyed)).toEqual([true, true, true, true]);
      expect(handles.map((h) => h.stale)).toEqual([true, true, true, true]);
    });

    test("§7 pools created by core.restart listeners live on", () => {
      const bus = makeBus();
      const made: Pool[] = [];
      const held: unknown[] = [];
      bus.register(null, "core.restart", () => {
        const pool = bus.createPool(`gen-${bus.generation + 1}`);
        made.push(pool, pool.createPool("sub"));
        held.push(pool.hold("fresh"));
      });
      bus.restart();
      expect(made.map((p) => p.destroyed)).toEqual([false, false]);
      expect((held[0] as { value: unknown }).value).toBe("fresh");
      // They end at the restart after.
      bus.restart();
      expect(made.slice(0, 2).map((p) => p.destroyed)).toEqual([true, true]);
      expect(made.slice(2).map((p) => p.destroyed)).toEqual([false, false]);
    });

    test("§7 a listener can re-register with fresh data from core.restart (the ProFTPD way)", () => {
      const bus = makeBus();
      const m = bus.loadModule("mod_sql");
      const seen: unknown[] = [];
      const onCmd = (_d: unknown, u: unknown) => {
        seen.push(u);
      };
      let pool = bus.createPool("config");
      bus.register(m, "cmd", onCmd, pool.hold("config #0"));
      bus.register(m, "core.restart", () => {
        bus.unregister(m, "cmd", onCmd);
        pool = bus.createPool("config");
        bus.register(m, "cmd", onCmd, pool.hold(`config #${bus.generation + 1}`));
      });
      bus.generate("cmd");
      bus.restart();
      bus.generate("cmd");
      bus.restart();
      bus.generate("cmd");
      expect(seen).toEqual(["config #0", "config #1", "config #2"]);
    });

    test("§7 bus.permanentPool and its sub-pools are untouched by restart", () => {
      const bus = makeBus();
      const sub = bus.permanentPool.createPool("perm.sub");
      const handles = [bus.permanentPool.hold("p"), sub.hold("s")];
      let n = 0;
      bus.register(null, "e", () => n++, handles[0]);
      bus.register(null, "e", () => n++, handles[1]);
      for (let i = 0; i < 3; i++) bus.restart();
      expect(bus.permanentPool.destroyed).toBe(false);
      expect(sub.destroyed).toBe(false);
      expect(handles.map((h) => h.value)).toEqual(["p", "s"]);
      bus.generate("e");
      expect(n).toBe(2);
    });

    test("§7 restart() increments bus.generation", () => {
      const bus = makeBus();
      for (let i = 1; i <= 5; i++) {
        bus.restart();
        expect(bus.generation).toBe(i);
      }
    });

    test("§7 a restart with nothing registered and no pools is fine", () => {
      const bus = makeBus();
      expect(() => bus.restart()).not.toThrow();
      expect(bus.dump()).toEqual(["No events registered"]);
    });

    test("§7 a pool destroyed before restart is not destroyed again", () => {
      const bus = makeBus();
      const pool = bus.createPool("gone");
      pool.destroy();
      expect(() => bus.restart()).not.toThrow();
      expect(pool.destroyed).toBe(true);
    });

    test("§7 listeners registered with a plain value or no user data survive restarts", () => {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      const seen: unknown[] = [];
      bus.register(null, "e", (_d, u) => seen.push(u), { plain: true });
      bus.register(null, "e", (_d, u) => seen.push(u));
      bus.restart();
      bus.restart();
      bus.generate("e");
      expect(seen).toEqual([{ plain: true }, undefined]);
      expect(reports).toEqual([]);
      expect(bus.listening("e")).toBe(2);
    });
  });
});
