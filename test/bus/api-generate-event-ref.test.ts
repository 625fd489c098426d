// §4 API, generate's calling convention (synchronous, `this` undefined,
// data and user data by reference, handles resolved) and event(name)'s
// EventRef, the same calls bound to one name.
import { describe, expect, test } from "vitest";
import { callLog } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§4 API ($mode)", (mode) => {
  const makeBus = busMaker(mode);

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
});
