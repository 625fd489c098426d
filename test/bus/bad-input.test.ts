// Bad input for every public method: wrong types, empty names, foreign or
// unloaded modules, foreign or stale handles, bad options, destroyed pools.
// Each case checks the code (an EventsError with `.code`), that the message
// names the event, module or argument involved, and that the bus is exactly
// as it was (§8: dump and listener counts compared before and after).
import { describe, expect, test } from "vitest";
import { EventBus, EventsError, type EventBusOptions, type Module } from "wasm-events";
import { expectEventsError, expectUnchanged, snapshot, type Code } from "../helpers/spec-assert.js";

// A bus with some of everything, so "unchanged" has something to compare.
function populatedBus() {
  const bus = new EventBus({ onStale: () => {} });
  const modA = bus.loadModule("mod_a");
  const modB = bus.loadModule("mod_b");
  const gone = bus.loadModule("mod_gone");
  gone.unload();
  const pool = bus.createPool("live-pool");
  const dead = bus.createPool("dead-pool");
  const staleHandle = dead.hold("old");
  const listener = function existing() {};
  bus.register(modA, "foo", listener, pool.hold("a"));
  bus.register(modB, "foo", () => {});
  bus.register(null, "bar", () => {}, "plain");
  bus.register(modB, "baz", () => {}, dead.hold("soon stale"));
  dead.destroy();
  const other = new EventBus();
  const foreignModule = other.loadModule("mod_foreign");
  const foreignHandle = other.createPool("foreign-pool").hold(1);
  return { bus, modA, modB, gone, pool, dead, staleHandle, listener, foreignModule, foreignHandle };
}

const EVENTS = ["foo", "bar", "baz", "new.event", "core.module-unload", "core.restart"];

/** A bad value and how to describe it in a test name. */
type Bad = [label: string, value: unknown];

const NOT_STRINGS: Bad[] = [
  ["undefined", undefined],
  ["null", null],
  ["a number", 42],
  ["an object", { name: "foo" }],
  ["an array", ["foo"]],
  ["a symbol", Symbol("foo")],
  ["a boolean", true],
  ["a String object", new String("foo")],
];
const BAD_EVENT_NAMES: Bad[] = [["an empty string", ""], ...NOT_STRINGS];
const NOT_FUNCTIONS: Bad[] = [
  ["undefined", undefined],
  ["null", null],
  ["a string", "listener"],
  ["a number", 1],
  ["an object", {}],
  ["a class instance", new Map()],
];

/** Asserts `fn` fails with `code`, names what it should, and leaves the bus unchanged. */
function rejects(bus: EventBus, fn: () => unknown, code: Code, ...mentions: string[]) {
  return expectUnchanged(bus, EVENTS, fn, code, ...mentions);
}

describe("bad input: new EventBus / EventBus.create", () => {
  const badOptions: [string, unknown, string][] = [
    ["maxDepth 0", { maxDepth: 0 }, "maxDepth"],
    ["maxDepth -1", { maxDepth: -1 }, "maxDepth"],
    ["maxDepth 1.5", { maxDepth: 1.5 }, "maxDepth"],
    ["maxDepth NaN", { maxDepth: NaN }, "maxDepth"],
    ["maxDepth '3'", { maxDepth: "3" }, "maxDepth"],
    ["maxDepth null", { maxDepth: null }, "maxDepth"],
    ["onError not a function", { onError: "log" }, "onError"],
    ["onError an object", { onError: {} }, "onError"],
    ["onStale not a function", { onStale: 1 }, "onStale"],
    ["codegen not a boolean", { codegen: "yes" }, "codegen"],
    ["options a number", 5, "options"],
    ["options a string", "fast", "options"],
  ];

  test.each(badOptions)("new EventBus with %s is EINVAL naming the option", (_label, options, mention) => {
    expectEventsError(() => new EventBus(options as EventBusOptions), "EINVAL", mention);
  });

  test.each(badOptions)("EventBus.create with %s rejects with EINVAL naming the option", async (_label, options, mention) => {
    let caught: unknown;
    try {
      await EventBus.create(options as EventBusOptions);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EventsError);
    expect((caught as EventsError).code).toBe("EINVAL");
    expect((caught as EventsError).message).toContain(mention);
  });

  test("good edge options are accepted: maxDepth 1, undefined hooks", () => {
    expect(() => new EventBus({ maxDepth: 1, onError: undefined, onStale: undefined })).not.toThrow();
    expect(() => new EventBus({ maxDepth: 1_000_000 })).not.toThrow();
  });
});

describe("bad input: loadModule", () => {
  test.each([["an empty string", ""], ...NOT_STRINGS] as Bad[])("loadModule(%s) is EINVAL and loads nothing", (_label, name) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.loadModule(name as string), "EINVAL", "module name");
    expect(bus.loadModule("mod_next").loadOrder).toBe(3); // no load order used up
  });

  test("loadModule of a loaded name is EEXIST naming the module, and loads nothing", () => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.loadModule("mod_a"), "EEXIST", "mod_a");
    expect(bus.loadModule("mod_next").loadOrder).toBe(3);
  });
});

describe("bad input: register", () => {
  test.each([
    ["undefined", undefined],
    ["a module name string", "mod_a"],
    ["a number", 0],
    ["a look-alike object", { name: "mod_a", loadOrder: 0, unload: () => 0 }],
    ["true", true],
  ] as Bad[])("register with module %s is EINVAL naming the event", (_label, module) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.register(module as Module, "new.event", () => {}), "EINVAL", "new.event", "module");
  });

  test("register with a module of another bus is EINVAL naming the module", () => {
    const { bus, foreignModule } = populatedBus();
    rejects(bus, () => bus.register(foreignModule, "new.event", () => {}), "EINVAL", "new.event", "mod_foreign");
  });

  test("register with an unloaded module is EINVAL naming the module", () => {
    const { bus, gone } = populatedBus();
    rejects(bus, () => bus.register(gone, "new.event", () => {}), "EINVAL", "new.event", "mod_gone");
  });

  test.each(BAD_EVENT_NAMES)("register with event name %s is EINVAL", (_label, event) => {
    const { bus, modA } = populatedBus();
    rejects(bus, () => bus.register(modA, event as string, () => {}), "EINVAL", "event");
  });

  test.each(NOT_FUNCTIONS)("register with listener %s is EINVAL naming the event", (_label, listener) => {
    const { bus, modA } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", listener as () => void), "EINVAL", "new.event", "listener");
  });

  test("register with a handle of another bus is EINVAL naming the event", () => {
    const { bus, modA, foreignHandle } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", () => {}, foreignHandle), "EINVAL", "new.event");
  });

  test("register with a stale handle is ESTALE naming the event, module and pool", () => {
    const { bus, modA, staleHandle } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", () => {}, staleHandle), "ESTALE", "new.event", "mod_a", "dead-pool");
  });

  test("register with a stale handle is ESTALE even for a listener already registered", () => {
    const { bus, modA, listener, staleHandle } = populatedBus();
    rejects(bus, () => bus.register(modA, "foo", listener, staleHandle), "ESTALE", "foo");
  });

  test.each([
    ["once: 'yes'", { once: "yes" }, "once"],
    ["once: 1", { once: 1 }, "once"],
    ["once: null", { once: null }, "once"],
    ["signal: {}", { signal: {} }, "signal"],
    ["signal: 'abort'", { signal: "abort" }, "signal"],
    ["signal: an AbortController", { signal: new AbortController() }, "signal"],
    ["options a string", "once", "options"],
    ["options a number", 1, "options"],
  ] as [string, unknown, string][])("register with %s is EINVAL naming the option", (_label, options, mention) => {
    const { bus, modA } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", () => {}, undefined, options as never), "EINVAL", mention);
  });

  test("register with bad options and an aborted signal is still EINVAL (validation first, README 2)", () => {
    const { bus, modA } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", () => {}, undefined, { once: "yes" as never, signal: AbortSignal.abort() }), "EINVAL", "once");
  });

  test("register with a stale handle and an aborted signal is still ESTALE (validation first, README 2)", () => {
    const { bus, modA, staleHandle } = populatedBus();
    rejects(bus, () => bus.register(modA, "new.event", () => {}, staleHandle, { signal: AbortSignal.abort() }), "ESTALE");
  });

  test("a duplicate register is EEXIST naming the event and both modules, and changes nothing", () => {
    const { bus, modB, listener } = populatedBus();
    rejects(bus, () => bus.register(modB, "foo", listener), "EEXIST", "foo", "mod_a", "mod_b");
  });

  test("a failed register does not disturb dispatch afterwards", () => {
    const { bus, modA } = populatedBus();
    const calls: string[] = [];
    bus.register(modA, "bar", () => calls.push("a"));
    for (const bad of [null, "x", 1]) expectEventsError(() => bus.register(modA, "bar", bad as never), "EINVAL");
    bus.generate("bar");
    expect(calls).toEqual(["a"]);
  });
});

describe("bad input: unregister", () => {
  test("unregister with a module of another bus is EINVAL naming the module", () => {
    const { bus, foreignModule } = populatedBus();
    rejects(bus, () => bus.unregister(foreignModule), "EINVAL", "mod_foreign");
  });

  test("unregister with an unloaded module is EINVAL naming the module", () => {
    const { bus, gone } = populatedBus();
    rejects(bus, () => bus.unregister(gone, "foo"), "EINVAL", "mod_gone");
  });

  test.each([
    ["a module name string", "mod_a"],
    ["a number", 1],
    ["a look-alike object", { name: "mod_a", loadOrder: 0, unload: () => 0 }],
  ] as Bad[])("unregister with module filter %s is EINVAL", (_label, module) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.unregister(module as Module), "EINVAL", "module");
  });

  test.each([
    ["an empty string", ""],
    ["a number", 42],
    ["an object", {}],
    ["a symbol", Symbol("foo")],
    ["a String object", new String("foo")],
  ] as Bad[])("unregister with event filter %s is EINVAL", (_label, event) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.unregister(null, event as string), "EINVAL", "event");
  });

  test.each([
    ["a string", "existing"],
    ["a number", 1],
    ["an object", {}],
  ] as Bad[])("unregister with listener filter %s is EINVAL", (_label, listener) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.unregister(null, null, listener as () => void), "EINVAL", "listener");
  });

  test("a bad filter among good ones removes nothing", () => {
    const { bus, modA } = populatedBus();
    rejects(bus, () => bus.unregister(modA, "foo", "x" as never), "EINVAL");
    rejects(bus, () => bus.unregister(modA, 5 as never, null), "EINVAL");
  });
});

describe("bad input: generate, listening, event", () => {
  test.each(BAD_EVENT_NAMES)("generate(%s) is EINVAL and calls nothing", (_label, event) => {
    const { bus } = populatedBus();
    let calls = 0;
    bus.register(null, "foo", () => calls++);
    rejects(bus, () => bus.generate(event as string), "EINVAL", "event");
    expect(calls).toBe(0);
  });

  test.each(BAD_EVENT_NAMES)("listening(%s) is EINVAL", (_label, event) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.listening(event as string), "EINVAL", "event");
  });

  test.each(BAD_EVENT_NAMES)("event(%s) is EINVAL", (_label, event) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.event(event as string), "EINVAL", "event");
  });
});

describe("bad input: dump", () => {
  test.each([
    ["a number", 1],
    ["a string", "console.log"],
    ["an object", {}],
    ["an array", []],
    ["true", true],
  ] as Bad[])("dump(%s) is EINVAL naming write, and writes nothing", (_label, write) => {
    const { bus } = populatedBus();
    rejects(bus, () => bus.dump(write as never), "EINVAL", "write");
  });
});

describe("bad input: pools and handles", () => {
  test("hold on a destroyed pool is ESTALE naming the pool", () => {
    const { bus, dead } = populatedBus();
    rejects(bus, () => dead.hold(1), "ESTALE", "dead-pool");
  });

  test("createPool on a destroyed pool is ESTALE naming the pool", () => {
    const { bus, dead } = populatedBus();
    rejects(bus, () => dead.createPool("child"), "ESTALE", "dead-pool");
  });

  test("hold and createPool on a sub-pool destroyed with its parent are ESTALE", () => {
    const { bus } = populatedBus();
    const parent = bus.createPool("parent");
    const child = parent.createPool("child");
    parent.destroy();
    rejects(bus, () => child.hold(1), "ESTALE", "child");
    rejects(bus, () => child.createPool(), "ESTALE", "child");
  });

  test("hold on a pool destroyed by restart is ESTALE", () => {
    const { bus, pool } = populatedBus();
    bus.restart();
    rejects(bus, () => pool.hold(1), "ESTALE", "live-pool");
  });

  test("destroying bus.permanentPool is EINVAL and changes nothing", () => {
    const { bus } = populatedBus();
    const kept = bus.permanentPool.hold("kept");
    const sub = bus.permanentPool.createPool("perm-sub");
    rejects(bus, () => bus.permanentPool.destroy(), "EINVAL", "permanent");
    expect(bus.permanentPool.destroyed).toBe(false);
    expect(sub.destroyed).toBe(false);
    expect(kept.value).toBe("kept");
  });

  test("destroying a sub-pool of the permanent pool is allowed", () => {
    const { bus } = populatedBus();
    const sub = bus.permanentPool.createPool("perm-sub");
    expect(() => sub.destroy()).not.toThrow();
    expect(bus.permanentPool.destroyed).toBe(false);
  });

  test("reading a stale handle's value is ESTALE naming the pool, and changes nothing", () => {
    const { bus, staleHandle } = populatedBus();
    rejects(bus, () => staleHandle.value, "ESTALE", "dead-pool");
  });

  test.each([
    ["a number", 5],
    ["an object", {}],
    ["null", null],
  ] as Bad[])("createPool(%s) is EINVAL naming the tag", (_label, tag) => {
    const { bus, pool } = populatedBus();
    expectEventsError(() => bus.createPool(tag as string), "EINVAL", "tag");
    expectEventsError(() => pool.createPool(tag as string), "EINVAL", "tag");
    expectEventsError(() => bus.permanentPool.createPool(tag as string), "EINVAL", "tag");
  });
});

describe("bad input: a failed call leaves module and pool state alone", () => {
  test("after every kind of failure the bus dispatches, counts and dumps exactly as before", () => {
    const { bus, modA, modB, gone, staleHandle, foreignModule, foreignHandle, listener, dead } = populatedBus();
    const calls: string[] = [];
    bus.register(modA, "probe", () => calls.push("a"));
    bus.register(null, "probe", () => calls.push("core"));
    const before = snapshot(bus, [...EVENTS, "probe"]);
    const attempts: (() => unknown)[] = [
      () => bus.register(undefined as never, "probe", () => {}),
      () => bus.register(foreignModule, "probe", () => {}),
      () => bus.register(gone, "probe", () => {}),
      () => bus.register(modB, "", () => {}),
      () => bus.register(modB, "probe", null as never),
      () => bus.register(modB, "probe", () => {}, foreignHandle),
      () => bus.register(modB, "probe", () => {}, staleHandle),
      () => bus.register(modB, "probe", () => {}, undefined, { once: "yes" as never }),
      () => bus.register(modB, "probe", () => {}, undefined, { signal: {} as never }),
      () => bus.register(modB, "foo", listener),
      () => bus.unregister(foreignModule),
      () => bus.unregister(null, ""),
      () => bus.unregister(null, null, 1 as never),
      () => bus.generate(""),
      () => bus.listening(""),
      () => bus.event(""),
      () => bus.dump(1 as never),
      () => bus.loadModule("mod_a"),
      () => bus.loadModule(""),
      () => dead.hold(1),
      () => dead.createPool(),
      () => bus.permanentPool.destroy(),
      () => staleHandle.value,
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (err) {
        caught = err;
      }
      expect(caught, String(attempt)).toBeInstanceOf(EventsError);
    }
    expect(snapshot(bus, [...EVENTS, "probe"])).toEqual(before);
    bus.generate("probe");
    expect(calls).toEqual(["a", "core"]);
    expect(bus.loadModule("mod_c").loadOrder).toBe(3);
  });
});
