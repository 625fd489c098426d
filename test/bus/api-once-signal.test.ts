// §4 API, register's options: once (removed before its listener runs, found
// by its listener) and signal (an abort unregisters; an already aborted
// signal registers nothing; an abort never removes a newer registration).
import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { callLog, expectEventsError } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§4 API ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§4 once", () => {
    test("§4 once: the listener runs on the first generate only", () => {
      const bus = makeBus();
      let n = 0;
      const reg = bus.register(null, "e", () => n++, undefined, { once: true });
      bus.generate("e");
      bus.generate("e");
      expect(n).toBe(1);
      expect(reg.active).toBe(false);
      expect(bus.listening("e")).toBe(0);
    });

    test("§4 once: the registration is removed before its listener runs", () => {
      const bus = makeBus();
      const seen: [boolean, number, string[]][] = [];
      const reg = bus.register(
        null,
        "e",
        () => {
          seen.push([reg.active, bus.listening("e"), bus.dump()]);
        },
        undefined,
        { once: true },
      );
      bus.generate("e");
      expect(seen).toEqual([[false, 0, ["No handlers registered for 'e'"]]]);
    });

    test("§4 once: removed before it runs, even when the listener generates the event again", () => {
      const bus = makeBus();
      let n = 0;
      bus.register(
        null,
        "e",
        () => {
          n++;
          bus.generate("e");
          bus.generate("e");
        },
        undefined,
        { once: true },
      );
      bus.generate("e");
      bus.generate("e");
      expect(n).toBe(1);
    });

    test("§4 once: the listener can register itself again from inside", () => {
      const bus = makeBus();
      let n = 0;
      const listener = () => {
        n++;
        if (n < 3) bus.register(null, "e", listener, undefined, { once: true });
      };
      bus.register(null, "e", listener, undefined, { once: true });
      for (let i = 0; i < 5; i++) bus.generate("e");
      expect(n).toBe(3);
      expect(bus.listening("e")).toBe(0);
    });

    test("§4 once: other listeners of the event keep running", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      bus.register(null, "e", record("once"), undefined, { once: true });
      bus.register(null, "e", record("always"));
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["once", "always", "always"]);
    });

    test("§4 once: false behaves as a normal registration", () => {
      const bus = makeBus();
      let n = 0;
      bus.register(null, "e", () => n++, undefined, { once: false });
      bus.generate("e");
      bus.generate("e");
      expect(n).toBe(2);
    });

    test("§4 once: the listener is called with `this` undefined and its data by reference", () => {
      const bus = makeBus();
      const seen: unknown[] = [];
      const data = {}, user = {};
      bus.register(null, "e", function (this: unknown, d: unknown, u: unknown) {
        seen.push(this, d, u);
      }, user, { once: true });
      bus.generate("e", data);
      expect(seen).toHaveLength(3);
      expect(seen[0]).toBeUndefined();
      expect(seen[1]).toBe(data);
      expect(seen[2]).toBe(user);
    });

    test("§4 once: the registration is found by its listener (unregister filter, EEXIST)", () => {
      const bus = makeBus();
      const listener = () => {};
      bus.register(null, "e", listener, undefined, { once: true });
      expectEventsError(() => bus.register(null, "e", listener), "EEXIST");
      expect(bus.unregister(null, null, listener)).toBe(1);
      expect(bus.listening("e")).toBe(0);
    });

    test("§4 once: onError receives the listener as registered", () => {
      const infos: unknown[] = [];
      const bus = makeBus({ onError: (_e, info) => infos.push(info.listener) });
      const listener = () => {
        throw new Error("x");
      };
      bus.register(null, "e", listener, undefined, { once: true });
      bus.generate("e");
      expect(infos).toEqual([listener]);
    });

    test("§4 once: a listener that throws is still removed", () => {
      const bus = makeBus({ onError: () => {} });
      let n = 0;
      bus.register(
        null,
        "e",
        () => {
          n++;
          throw new Error("x");
        },
        undefined,
        { once: true },
      );
      bus.generate("e");
      bus.generate("e");
      expect(n).toBe(1);
    });
  });

  describe("§4 signal", () => {
    test("§4 signal: aborting it unregisters", () => {
      const bus = makeBus();
      const controller = new AbortController();
      let n = 0;
      const reg = bus.register(null, "e", () => n++, undefined, { signal: controller.signal });
      bus.generate("e");
      controller.abort();
      expect(reg.active).toBe(false);
      expect(bus.listening("e")).toBe(0);
      bus.generate("e");
      expect(n).toBe(1);
    });

    test("§4 signal: one signal can end several registrations", () => {
      const bus = makeBus();
      const controller = new AbortController();
      const signal = controller.signal;
      bus.register(null, "a", () => {}, undefined, { signal });
      bus.register(bus.loadModule("m"), "b", () => {}, undefined, { signal });
      bus.register(null, "b", () => {});
      controller.abort();
      expect(bus.listening("a")).toBe(0);
      expect(bus.listening("b")).toBe(1);
    });

    test("§4 signal: an already aborted signal registers nothing and returns an inactive registration", () => {
      const bus = makeBus();
      let n = 0;
      const before = bus.dump();
      const reg = bus.register(null, "e", () => n++, undefined, { signal: AbortSignal.abort() });
      expect(reg.active).toBe(false);
      expect(reg.unregister()).toBe(false);
      expect(bus.listening("e")).toBe(0);
      expect(bus.dump()).toEqual(before);
      bus.generate("e");
      expect(n).toBe(0);
    });

    test("§4 signal: an already aborted signal skips the duplicate check (README 2)", () => {
      const bus = makeBus();
      const listener = () => {};
      bus.register(null, "e", listener);
      const reg = bus.register(null, "e", listener, undefined, { signal: AbortSignal.abort() });
      expect(reg.active).toBe(false);
      expect(bus.listening("e")).toBe(1);
    });

    test("§4 signal: aborting after the registration was removed does not remove a newer one", () => {
      const bus = makeBus();
      const controller = new AbortController();
      const listener = () => {};
      bus.register(null, "e", listener, undefined, { signal: controller.signal }).unregister();
      const fresh = bus.register(null, "e", listener);
      controller.abort();
      expect(fresh.active).toBe(true);
      expect(bus.listening("e")).toBe(1);
    });

    test("§4 signal: aborting after a once listener ran is harmless", () => {
      const bus = makeBus();
      const controller = new AbortController();
      let n = 0;
      bus.register(null, "e", () => n++, undefined, { once: true, signal: controller.signal });
      bus.generate("e");
      expect(() => controller.abort()).not.toThrow();
      expect(n).toBe(1);
    });

    test("§4 signal: aborting after a stale registration was silently replaced leaves the replacement", () => {
      const bus = makeBus({ onStale: () => {} });
      const controller = new AbortController();
      const pool = bus.createPool("p");
      const listener = () => {};
      bus.register(null, "e", listener, pool.hold(1), { signal: controller.signal });
      pool.destroy();
      const fresh = bus.register(null, "e", listener);
      controller.abort();
      expect(fresh.active).toBe(true);
      expect(bus.listening("e")).toBe(1);
    });

    test("§4 signal: a registration removed any other way stops listening to its signal", () => {
      const bus = makeBus({ onStale: () => {} });
      const controller = new AbortController();
      const signal = controller.signal;
      const m = bus.loadModule("m");
      const watching = () => getEventListeners(signal, "abort").length;
      // Removed by Registration.unregister, a filter, once, unload, a stale report, a silent replacement.
      bus.register(null, "a", () => {}, undefined, { signal }).unregister();
      bus.register(null, "b", () => {}, undefined, { signal });
      bus.unregister(null, "b");
      bus.register(null, "c", () => {}, undefined, { signal, once: true });
      bus.generate("c");
      bus.register(m, "d", () => {}, undefined, { signal });
      m.unload();
      const pool = bus.createPool("p");
      bus.register(null, "e", () => {}, pool.hold(1), { signal });
      const replaced = () => {};
      bus.register(null, "f", replaced, pool.hold(2), { signal });
      pool.destroy();
      bus.generate("e");
      bus.register(null, "f", replaced);
      expect(watching()).toBe(0);
      // Many cycles do not pile up listeners on a long-lived signal either.
      for (let i = 0; i < 1_000; i++) bus.register(null, "g", () => {}, undefined, { signal }).unregister();
      expect(watching()).toBe(0);
      const live = bus.register(null, "h", () => {}, undefined, { signal });
      expect(watching()).toBe(1);
      controller.abort();
      expect(live.active).toBe(false);
    });

    test("§4 signal: a registration with a signal works until the abort", () => {
      const bus = makeBus();
      const controller = new AbortController();
      const { calls, record } = callLog();
      bus.register(null, "e", record("sig"), undefined, { signal: controller.signal });
      bus.generate("e");
      bus.generate("e");
      expect(calls).toEqual(["sig", "sig"]);
    });
  });
});
