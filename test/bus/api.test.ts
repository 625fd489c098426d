// §4 API: register (EEXIST, modules, handles, once, signal, Registration),
// unregister filters and counts, listening, generate's calling convention,
// EventRef, module.unload, and stale registrations being invisible.
import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { callLog, expectEventsError, expectUnchanged } from "../helpers/spec-assert.js";
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

  describe("§4 generate", () => {
    test("§4 generate calls each listener with `this` undefined", () => {
      const bus = makeBus();
      const thisValues: unknown[] = [];
      bus.register(null, "e", function (this: unknown) {
        thisValues.push(this);
      });
      bus.register(bus.loadModule("m"), "e", function (this: unknown) {
        thisValues.push(this);
      });
      bus.generate("e");
      bus.event("e").generate();
      expect(thisValues).toEqual([undefined, undefined, undefined, undefined]);
    });

    test("§4 generate is synchronous", () => {
      const bus = makeBus();
      let called = false;
      bus.register(null, "e", () => {
        called = true;
      });
      bus.generate("e");
      expect(called).toBe(true);
    });

    test("§4 event data is passed by reference, never copied", () => {
      const bus = makeBus();
      const data = { n: 0, nested: { list: [1, 2] }, fn: () => 1 };
      const received: unknown[] = [];
      const m = bus.loadModule("m");
      bus.register(m, "e", (d: unknown) => {
        received.push(d);
        (d as { n: number }).n++;
      });
      bus.register(null, "e", (d: unknown) => {
        received.push(d);
        (d as { n: number }).n++;
      });
      bus.generate("e", data);
      expect(received[0]).toBe(data);
      expect(received[1]).toBe(data);
      expect(data.n).toBe(2);
    });

    test("§4 unserializable event data reaches the listener as is", () => {
      const bus = makeBus();
      const cyclic: { self?: unknown } = {};
      cyclic.self = cyclic;
      const values = [cyclic, Symbol("s"), 10n, () => {}, new Map([[1, 2]]), undefined, null];
      const received: unknown[] = [];
      bus.register(null, "e", (d) => received.push(d));
      for (const v of values) bus.generate("e", v);
      expect(received).toHaveLength(values.length);
      values.forEach((v, i) => expect(received[i]).toBe(v));
    });

    test("§4 generate without event data passes undefined", () => {
      const bus = makeBus();
      const received: unknown[] = [];
      bus.register(null, "e", (d, u) => received.push(d, u));
      bus.generate("e");
      expect(received).toEqual([undefined, undefined]);
    });

    test("§4 plain user data is passed by reference", () => {
      const bus = makeBus();
      const user = { counter: 0 };
      const received: unknown[] = [];
      bus.register(null, "e", (_d, u) => {
        received.push(u);
        (u as { counter: number }).counter++;
      }, user);
      bus.generate("e");
      bus.generate("e");
      expect(received).toEqual([user, user]);
      expect(received[0]).toBe(user);
      expect(user.counter).toBe(2);
    });

    test("§4 for a UserData handle the listener receives the held value, not the handle", () => {
      const bus = makeBus();
      const value = { config: "x" };
      const handle = bus.createPool("p").hold(value);
      const permanent = bus.permanentPool.hold([1, 2, 3]);
      const received: unknown[] = [];
      bus.register(null, "e", (_d, u) => received.push(u), handle);
      bus.register(null, "e", (_d, u) => received.push(u), permanent);
      bus.generate("e");
      expect(received[0]).toBe(value);
      expect(received[1]).toBe(permanent.value);
      expect(received).not.toContain(handle);
    });

    test("§4 a handle holding undefined passes undefined", () => {
      const bus = makeBus();
      const received: unknown[] = [];
      bus.register(null, "e", (_d, u) => received.push(u), bus.createPool().hold(undefined));
      bus.generate("e");
      expect(received).toEqual([undefined]);
    });

    test("§4 generate returns undefined", () => {
      const bus = makeBus();
      bus.register(null, "e", () => 42 as unknown as void);
      expect(bus.generate("e")).toBeUndefined();
    });
  });

  describe("§4 event(name)", () => {
    test("§4 event(name) returns an EventRef with the name", () => {
      const bus = makeBus();
      expect(bus.event("core.exit").name).toBe("core.exit");
    });

    test("§4 EventRef.generate is the same as the bus's generate for that name", () => {
      const bus = makeBus();
      const ref = bus.event("e");
      const viaBus: unknown[][] = [], viaRef: unknown[][] = [];
      let target = viaBus;
      const m = bus.loadModule("m");
      bus.register(null, "e", (d, u) => target.push(["core", d, u]), "uc");
      bus.register(m, "e", (d, u) => target.push(["m", d, u]), "um");
      const data = {};
      bus.generate("e", data);
      target = viaRef;
      ref.generate(data);
      expect(viaRef).toEqual(viaBus);
      expect(viaRef[0][1]).toBe(data);
    });

    test("§4 EventRef.listening is the same as the bus's listening for that name", () => {
      const bus = makeBus();
      const ref = bus.event("e");
      expect(ref.listening()).toBe(0);
      const reg = bus.register(null, "e", () => {});
      expect(ref.listening()).toBe(bus.listening("e"));
      expect(ref.listening()).toBe(1);
      reg.unregister();
      expect(ref.listening()).toBe(0);
    });

    test("§4 an EventRef made before registrations sees later changes", () => {
      const bus = makeBus();
      const ref = bus.event("e");
      const { calls, record } = callLog();
      ref.generate();
      bus.register(null, "e", record("one"));
      ref.generate();
      const two = bus.register(null, "e", record("two"));
      ref.generate();
      two.unregister();
      ref.generate();
      expect(calls).toEqual(["one", "one", "two", "one"]);
    });

    test("§4 EventRef.generate follows the dispatch rules (once, errors)", () => {
      const bus = makeBus();
      const ref = bus.event("e");
      let n = 0;
      bus.register(null, "e", () => n++, undefined, { once: true });
      ref.generate();
      ref.generate();
      expect(n).toBe(1);
      const boom = new Error("boom");
      bus.register(null, "e", () => {
        throw boom;
      });
      expect(() => ref.generate()).toThrow(boom);
    });

    test("§4 two EventRefs for the same name are interchangeable", () => {
      const bus = makeBus();
      const a = bus.event("e"), b = bus.event("e");
      let n = 0;
      bus.register(null, "e", () => n++);
      a.generate();
      b.generate();
      expect(n).toBe(2);
      expect(a.listening()).toBe(b.listening());
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
