// §4 API, removing: unregister's filters and counts, and module.unload
// (core.module-unload first, then the module's listeners removed).
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { callLog, expectUnchanged } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§4 API ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§4 unregister", () => {
    function populate(bus: EventBus) {
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
      const shared = () => {};
      bus.register(a, "foo", shared);
      bus.register(a, "foo", () => {});
      bus.register(a, "bar", () => {});
      bus.register(b, "foo", () => {});
      bus.register(b, "bar", shared);
      bus.register(null, "foo", () => {});
      bus.register(null, "baz", shared);
      return { a, b, shared };
    }
    const count = (bus: EventBus) => ["foo", "bar", "baz"].map((e) => bus.listening(e));

    test("§4 unregister() with no arguments removes everything and returns how many", () => {
      const bus = makeBus();
      populate(bus);
      expect(bus.unregister()).toBe(7);
      expect(count(bus)).toEqual([0, 0, 0]);
      expect(bus.unregister()).toBe(0);
    });

    test("§4 unregister(m) removes all of m's listeners", () => {
      const bus = makeBus();
      const { a } = populate(bus);
      expect(bus.unregister(a)).toBe(3);
      expect(count(bus)).toEqual([2, 1, 1]);
    });

    test("§4 unregister(null, event) removes all listeners of the event, of every module and the core", () => {
      const bus = makeBus();
      populate(bus);
      expect(bus.unregister(null, "foo")).toBe(4);
      expect(count(bus)).toEqual([0, 2, 1]);
    });

    test("§4 unregister(null, null, listener) removes the listener from every event", () => {
      const bus = makeBus();
      const { shared } = populate(bus);
      expect(bus.unregister(null, null, shared)).toBe(3);
      expect(count(bus)).toEqual([3, 1, 0]);
    });

    test("§4 unregister(m, event, listener) removes what matches all filters", () => {
      const bus = makeBus();
      const { a, b, shared } = populate(bus);
      expect(bus.unregister(b, "foo", shared)).toBe(0);
      expect(bus.unregister(a, "bar", shared)).toBe(0);
      expect(bus.unregister(a, "foo", shared)).toBe(1);
      expect(count(bus)).toEqual([3, 2, 1]);
      expect(bus.unregister(b, "bar")).toBe(1);
      expect(bus.unregister(a, null, null)).toBe(2);
      expect(count(bus)).toEqual([2, 0, 1]);
    });

    test("§4 undefined filters match anything, as null does", () => {
      const bus = makeBus();
      const { shared } = populate(bus);
      expect(bus.unregister(undefined, undefined, shared)).toBe(3);
      expect(bus.unregister(undefined, "foo")).toBe(3);
      expect(bus.unregister(undefined, undefined, undefined)).toBe(1);
    });

    test("§4 unregister returns 0 and does not throw when nothing matched (ProFTPD's ENOENT)", () => {
      const bus = makeBus();
      expect(bus.unregister(null, "never.registered")).toBe(0);
      const { a } = populate(bus);
      const before = bus.dump();
      expect(bus.unregister(null, "nothing")).toBe(0);
      expect(bus.unregister(null, "foo", () => {})).toBe(0);
      expect(bus.unregister(a, "baz")).toBe(0);
      expect(bus.unregister(bus.loadModule("mod_empty"))).toBe(0);
      expect(bus.dump()).toEqual(before);
    });

    test("§4 a module filter that is not a loaded Module of this bus is EINVAL", () => {
      const bus = makeBus(), other = makeBus();
      populate(bus);
      const gone = bus.loadModule("mod_gone");
      gone.unload();
      const events = ["foo", "bar", "baz"];
      expectUnchanged(bus, events, () => bus.unregister(other.loadModule("mod_a")), "EINVAL");
      expectUnchanged(bus, events, () => bus.unregister(gone), "EINVAL");
      expectUnchanged(bus, events, () => bus.unregister({ name: "mod_a", loadOrder: 0, unload: () => 0 }), "EINVAL");
    });

    test("§4 removed listeners are not called by later generates", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      const gone = record("gone");
      bus.register(m, "e", gone);
      bus.register(null, "e", record("kept"));
      bus.unregister(m, "e", gone);
      bus.generate("e");
      expect(calls).toEqual(["kept"]);
    });
  });

  describe("§4 module.unload", () => {
    test("§4 unload() generates core.module-unload with the module's name, then removes its listeners and returns how many", () => {
      const bus = makeBus();
      const m = bus.loadModule("mod_x");
      const log: unknown[] = [];
      bus.register(null, "core.module-unload", (name) => log.push(["unload", name, bus.listening("a")]));
      bus.register(m, "a", () => {});
      bus.register(m, "b", () => {});
      bus.register(null, "a", () => {});
      expect(m.unload()).toBe(2);
      // While core.module-unload runs, the module's listeners are still there.
      expect(log).toEqual([["unload", "mod_x", 2]]);
      expect(bus.listening("a")).toBe(1);
      expect(bus.listening("b")).toBe(0);
    });

    test("§4 unload(): the module's own core.module-unload listener runs, then is removed (README 6)", () => {
      const bus = makeBus();
      const m = bus.loadModule("mod_x");
      const log: unknown[] = [];
      bus.register(m, "core.module-unload", (name) => log.push(name));
      expect(m.unload()).toBe(1);
      expect(log).toEqual(["mod_x"]);
      expect(bus.listening("core.module-unload")).toBe(0);
    });

    test("§4 unload() of a module without listeners returns 0 and still generates core.module-unload", () => {
      const bus = makeBus();
      const log: unknown[] = [];
      bus.register(null, "core.module-unload", (name) => log.push(name));
      expect(bus.loadModule("mod_empty").unload()).toBe(0);
      expect(log).toEqual(["mod_empty"]);
    });

    test("§4 after unload() the module's listeners are not called", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      bus.register(m, "e", record("m"));
      bus.register(null, "e", record("core"));
      m.unload();
      bus.generate("e");
      expect(calls).toEqual(["core"]);
    });
  });
});
