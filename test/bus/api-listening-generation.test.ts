// §4 API, what the bus tells: listening counts live listeners, stale
// registrations are left out of every count and of dump, generation counts
// restarts; createPool's pool, and dump's write argument.
import { describe, expect, test } from "vitest";
import { expectEventsError } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§4 API ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§4 listening", () => {
    test("§4 listening(event) counts the live listeners of the event", () => {
      const bus = makeBus();
      const m = bus.loadModule("m");
      expect(bus.listening("e")).toBe(0);
      bus.register(null, "e", () => {});
      bus.register(m, "e", () => {});
      bus.register(m, "other", () => {});
      expect(bus.listening("e")).toBe(2);
      expect(bus.listening("other")).toBe(1);
      expect(bus.listening("never")).toBe(0);
    });

    test("§4 listening excludes stale listeners", () => {
      const bus = makeBus({ onStale: () => {} });
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1));
      bus.register(null, "e", () => {}, bus.permanentPool.hold(2));
      bus.register(null, "e", () => {}, "plain");
      expect(bus.listening("e")).toBe(3);
      pool.destroy();
      expect(bus.listening("e")).toBe(2);
    });
  });

  describe("§4 stale registrations are invisible", () => {
    function staleSetup() {
      const reports: unknown[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      const m = bus.loadModule("mod_s");
      const pool = bus.createPool("doomed");
      bus.register(m, "e", () => {}, pool.hold(1));
      bus.register(m, "f", () => {}, pool.hold(2));
      bus.register(m, "e", () => {});
      bus.register(null, "e", () => {}, pool.hold(3));
      pool.destroy();
      return { bus, m, reports };
    }

    test("§4 stale registrations are left out of listening", () => {
      const { bus } = staleSetup();
      expect(bus.listening("e")).toBe(1);
      expect(bus.listening("f")).toBe(0);
    });

    test("§4 stale registrations are left out of dump", () => {
      const { bus } = staleSetup();
      expect(bus.dump()).toEqual(["Registered for 'e':", "  mod_s", "No handlers registered for 'f'"]);
    });

    test("§4 stale registrations are left out of unregister's count", () => {
      const { bus, reports } = staleSetup();
      expect(bus.unregister(null, "e")).toBe(1);
      expect(bus.unregister()).toBe(0);
      bus.generate("e");
      bus.generate("f");
      expect(reports).toEqual([]); // README 1: removed silently
    });

    test("§4 stale registrations are left out of unload's count", () => {
      const { m } = staleSetup();
      expect(m.unload()).toBe(1);
    });
  });

  test("§4 generation counts the restarts the bus has seen", () => {
    const bus = makeBus();
    expect(bus.generation).toBe(0);
    bus.restart();
    expect(bus.generation).toBe(1);
    bus.restart();
    bus.restart();
    expect(bus.generation).toBe(3);
  });

  test("§4 createPool(tag) makes a live restart-scoped pool", () => {
    const bus = makeBus();
    const pool = bus.createPool("t");
    expect(pool.tag).toBe("t");
    expect(pool.destroyed).toBe(false);
    bus.restart();
    expect(pool.destroyed).toBe(true);
  });

  test("§4 dump(write) with a write that is not a function is EINVAL", () => {
    const bus = makeBus();
    bus.register(null, "e", () => {});
    for (const bad of [1, "log", {}, [], true]) expectEventsError(() => bus.dump(bad as never), "EINVAL");
  });
});
