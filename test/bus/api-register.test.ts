// §4 API, register: the Registration it returns (active, unregister, dispose,
// `using`), EEXIST whatever the module or user data, the module and
// user-data handle checks.
import { describe, expect, test } from "vitest";
import { expectEventsError, expectUnchanged } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§4 API ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§4 register", () => {
    test("§4 register returns an active Registration", () => {
      const bus = makeBus();
      const reg = bus.register(null, "e", () => {});
      expect(reg.active).toBe(true);
      expect(typeof reg.unregister).toBe("function");
      expect(typeof reg[Symbol.dispose]).toBe("function");
    });

    test("§4 the same listener twice for the same event is EEXIST (core, then core)", () => {
      const bus = makeBus();
      const listener = () => {};
      bus.register(null, "foo", listener);
      expectUnchanged(bus, ["foo"], () => bus.register(null, "foo", listener), "EEXIST", "foo");
    });

    test("§4 the same listener twice for the same event is EEXIST whatever the module", () => {
      const bus = makeBus();
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
      const listener = () => {};
      bus.register(a, "foo", listener);
      expectUnchanged(bus, ["foo"], () => bus.register(b, "foo", listener), "EEXIST", "foo");
      expectUnchanged(bus, ["foo"], () => bus.register(null, "foo", listener), "EEXIST", "foo");
      expectUnchanged(bus, ["foo"], () => bus.register(a, "foo", listener), "EEXIST", "mod_a");
    });

    test("§4 EEXIST also holds with different user data", () => {
      const bus = makeBus();
      const listener = () => {};
      bus.register(null, "foo", listener, 1);
      expectEventsError(() => bus.register(null, "foo", listener, 2), "EEXIST");
      expectEventsError(() => bus.register(null, "foo", listener, bus.permanentPool.hold(3)), "EEXIST");
    });

    test("§4 the same listener for different events is fine", () => {
      const bus = makeBus();
      const seen: unknown[] = [];
      const listener = (d: unknown) => {
        seen.push(d);
      };
      bus.register(null, "a", listener);
      bus.register(null, "b", listener);
      bus.register(bus.loadModule("m"), "c", listener);
      bus.generate("a", 1);
      bus.generate("b", 2);
      bus.generate("c", 3);
      expect(seen).toEqual([1, 2, 3]);
    });

    test("§4 a listener can be registered again after it was unregistered", () => {
      const bus = makeBus();
      const listener = () => {};
      bus.register(null, "e", listener).unregister();
      expect(() => bus.register(null, "e", listener)).not.toThrow();
      expect(bus.listening("e")).toBe(1);
    });

    test("§4 the module must be a loaded Module of this bus, or null", () => {
      const bus = makeBus(), other = makeBus();
      const foreign = other.loadModule("mod_foreign");
      const unloaded = bus.loadModule("mod_gone");
      unloaded.unload();
      expectUnchanged(bus, ["e"], () => bus.register(foreign, "e", () => {}), "EINVAL");
      expectUnchanged(bus, ["e"], () => bus.register(unloaded, "e", () => {}), "EINVAL");
      expectUnchanged(bus, ["e"], () => bus.register(undefined as never, "e", () => {}), "EINVAL");
      expectUnchanged(bus, ["e"], () => bus.register({ name: "fake", loadOrder: 0, unload: () => 0 }, "e", () => {}), "EINVAL");
    });

    test("§4 a user-data handle from another bus is EINVAL", () => {
      const bus = makeBus(), other = makeBus();
      const handle = other.createPool("theirs").hold(1);
      expectUnchanged(bus, ["e"], () => bus.register(null, "e", () => {}, handle), "EINVAL", "e");
    });

    test("§4 registering with a stale handle is ESTALE", () => {
      const bus = makeBus();
      const pool = bus.createPool("short");
      const handle = pool.hold(1);
      pool.destroy();
      expectUnchanged(bus, ["e"], () => bus.register(null, "e", () => {}, handle), "ESTALE", "e");
    });

    test("§4 active is false once the registration is removed", () => {
      const bus = makeBus();
      const m = bus.loadModule("m");
      const viaMethod = bus.register(null, "a", () => {});
      const viaFilter = bus.register(null, "b", () => {});
      const viaUnload = bus.register(m, "c", () => {});
      viaMethod.unregister();
      bus.unregister(null, "b");
      m.unload();
      expect([viaMethod.active, viaFilter.active, viaUnload.active]).toEqual([false, false, false]);
    });

    test("§4 active is false as soon as its user data goes stale", () => {
      const bus = makeBus();
      const pool = bus.createPool("p");
      const reg = bus.register(null, "e", () => {}, pool.hold(1));
      pool.destroy();
      expect(reg.active).toBe(false);
    });

    test("§4 Registration.unregister() returns true once, then false", () => {
      const bus = makeBus();
      const reg = bus.register(null, "e", () => {});
      expect(reg.unregister()).toBe(true);
      expect(reg.unregister()).toBe(false);
      expect(bus.listening("e")).toBe(0);
    });

    test("§4 Registration.unregister() of an old registration does not remove a newer one of the same listener", () => {
      const bus = makeBus();
      const listener = () => {};
      const old = bus.register(null, "e", listener);
      old.unregister();
      const fresh = bus.register(null, "e", listener);
      expect(old.unregister()).toBe(false);
      expect(fresh.active).toBe(true);
      expect(bus.listening("e")).toBe(1);
    });

    test("§4 Registration[Symbol.dispose]() unregisters", () => {
      const bus = makeBus();
      let n = 0;
      const reg = bus.register(null, "e", () => n++);
      reg[Symbol.dispose]();
      expect(reg.active).toBe(false);
      bus.generate("e");
      expect(n).toBe(0);
      expect(() => reg[Symbol.dispose]()).not.toThrow(); // twice is harmless
    });

    test("§4 a `using` block unregisters at its end", () => {
      const bus = makeBus();
      let n = 0;
      {
        using reg = bus.register(null, "e", () => n++);
        bus.generate("e");
        expect(reg.active).toBe(true);
      }
      bus.generate("e");
      expect(n).toBe(1);
      expect(bus.listening("e")).toBe(0);
    });
  });
});
