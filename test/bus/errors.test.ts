// §8 Errors: EventsError and its codes, one test per row of the table,
// messages that name the event, module and argument, and no half-changed bus.
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { expectEventsError, expectUnchanged, snapshot } from "../helpers/spec-assert.js";

describe("§8 EventsError", () => {
  test("§8 EventsError extends Error and carries a code", () => {
    const err = new EventsError("EEXIST", "message");
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(EventsError);
    expect(err.code).toBe("EEXIST");
    expect(err.message).toBe("message");
    expect(err.name).toBe("EventsError");
    expect(err.stack).toBeTypeOf("string");
  });

  test("§8 errors thrown by the bus are EventsError instances with the code in .code", () => {
    const bus = new EventBus();
    const err = expectEventsError(() => bus.generate(""), "EINVAL");
    expect(err.name).toBe("EventsError");
    expect(Object.getPrototypeOf(err)).toBe(EventsError.prototype);
  });
});

describe("§8 EINVAL: bad argument", () => {
  test("§8 EINVAL for a bad event name, naming the argument", () => {
    const bus = new EventBus();
    const err = expectEventsError(() => bus.register(null, "", () => {}), "EINVAL");
    expect(err.message).toMatch(/event/);
  });

  test("§8 EINVAL for a bad listener, naming the event", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.register(null, "core.exit", "not a function" as never), "EINVAL", "core.exit", "listener");
  });

  test("§8 EINVAL for a bad module, naming the event", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.register(undefined as never, "core.exit", () => {}), "EINVAL", "core.exit", "module");
  });

  test("§8 EINVAL for a module of another bus, naming the module", () => {
    const bus = new EventBus(), other = new EventBus();
    const foreign = other.loadModule("mod_foreign");
    expectEventsError(() => bus.register(foreign, "core.exit", () => {}), "EINVAL", "core.exit", "mod_foreign");
    expectEventsError(() => bus.unregister(foreign), "EINVAL", "mod_foreign");
  });

  test("§8 EINVAL for an unloaded module, naming the module", () => {
    const bus = new EventBus();
    const gone = bus.loadModule("mod_gone");
    gone.unload();
    expectEventsError(() => bus.register(gone, "core.exit", () => {}), "EINVAL", "core.exit", "mod_gone");
    expectEventsError(() => bus.unregister(gone), "EINVAL", "mod_gone");
  });

  test("§8 EINVAL for a handle of another bus, naming the event", () => {
    const bus = new EventBus(), other = new EventBus();
    expectEventsError(() => bus.register(null, "core.exit", () => {}, other.permanentPool.hold(1)), "EINVAL", "core.exit");
  });

  test("§8 EINVAL for a bad option, naming the option", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.register(null, "e", () => {}, undefined, { once: "yes" as never }), "EINVAL", "once");
    expectEventsError(() => bus.register(null, "e", () => {}, undefined, { signal: {} as never }), "EINVAL", "signal");
    expectEventsError(() => new EventBus({ maxDepth: 0 }), "EINVAL", "maxDepth");
  });

  test("§8 EINVAL for destroying the permanent pool", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.permanentPool.destroy(), "EINVAL");
  });

  test("§8 EINVAL for a dump write that is not a function, naming write", () => {
    const bus = new EventBus();
    expectEventsError(() => bus.dump(42 as never), "EINVAL", "write");
  });
});

describe("§8 EEXIST", () => {
  test("§8 EEXIST for a duplicate listener, naming the event and the modules", () => {
    const bus = new EventBus();
    const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
    const listener = function onExit() {};
    bus.register(a, "core.exit", listener);
    expectEventsError(() => bus.register(b, "core.exit", listener), "EEXIST", "core.exit", "mod_a", "mod_b");
  });

  test("§8 EEXIST for a module name already loaded, naming the module", () => {
    const bus = new EventBus();
    bus.loadModule("mod_tls");
    expectEventsError(() => bus.loadModule("mod_tls"), "EEXIST", "mod_tls");
  });
});

describe("§8 ESTALE", () => {
  test("§8 ESTALE for reading a stale UserData.value, naming the pool", () => {
    const bus = new EventBus();
    const pool = bus.createPool("session-42");
    const handle = pool.hold("x");
    pool.destroy();
    expectEventsError(() => handle.value, "ESTALE", "session-42");
  });

  test("§8 ESTALE for registering with a stale handle, naming the event and pool", () => {
    const bus = new EventBus();
    const pool = bus.createPool("session-42");
    const handle = pool.hold("x");
    bus.restart();
    expectEventsError(() => bus.register(null, "core.exit", () => {}, handle), "ESTALE", "core.exit", "session-42");
  });

  test("§8 ESTALE for using a destroyed pool, naming the pool", () => {
    const bus = new EventBus();
    const pool = bus.createPool("old-pool");
    pool.destroy();
    expectEventsError(() => pool.hold(1), "ESTALE", "old-pool");
    expectEventsError(() => pool.createPool("child"), "ESTALE", "old-pool");
  });
});

describe("§8 ELOOP", () => {
  test("§8 ELOOP for a nested generate deeper than maxDepth, naming the event", () => {
    const bus = new EventBus({ maxDepth: 2 });
    bus.register(null, "one", () => bus.generate("two"));
    bus.register(null, "two", () => bus.generate("three"));
    bus.register(null, "three", () => {});
    expectEventsError(() => bus.generate("one"), "ELOOP", "three");
  });
});

describe("§8 no call leaves the bus half-changed", () => {
  function busWithContent() {
    const bus = new EventBus();
    const m = bus.loadModule("mod_a");
    const listener = () => {};
    bus.register(m, "foo", listener);
    bus.register(null, "bar", () => {});
    return { bus, m, listener };
  }

  test("§8 a register that fails EEXIST changes nothing", () => {
    const { bus, m, listener } = busWithContent();
    expectUnchanged(bus, ["foo", "bar"], () => bus.register(m, "foo", listener), "EEXIST");
  });

  test("§8 a register that fails EINVAL on a new event name leaves no trace in dump", () => {
    const { bus } = busWithContent();
    expectUnchanged(bus, ["foo", "bar", "new.event"], () => bus.register(null, "new.event", 5 as never), "EINVAL");
    expectUnchanged(bus, ["new.event"], () => bus.register(null, "new.event", () => {}, undefined, { once: 1 as never }), "EINVAL");
    expect(bus.dump().join("\n")).not.toContain("new.event");
  });

  test("§8 a register that fails ESTALE changes nothing", () => {
    const { bus } = busWithContent();
    const pool = bus.createPool("p");
    const handle = pool.hold(1);
    pool.destroy();
    expectUnchanged(bus, ["foo", "bar", "baz"], () => bus.register(null, "baz", () => {}, handle), "ESTALE");
    expect(bus.dump().join("\n")).not.toContain("baz");
  });

  test("§8 a loadModule that fails EEXIST does not use up a load order", () => {
    const bus = new EventBus();
    bus.loadModule("mod_a");
    expectEventsError(() => bus.loadModule("mod_a"), "EEXIST");
    expectEventsError(() => bus.loadModule(""), "EINVAL");
    expect(bus.loadModule("mod_b").loadOrder).toBe(1);
  });

  test("§8 an unregister that fails EINVAL removes nothing", () => {
    const { bus } = busWithContent();
    const other = new EventBus().loadModule("mod_a");
    expectUnchanged(bus, ["foo", "bar"], () => bus.unregister(other), "EINVAL");
    expectUnchanged(bus, ["foo", "bar"], () => bus.unregister(null, "", null), "EINVAL");
    expectUnchanged(bus, ["foo", "bar"], () => bus.unregister(null, null, "listener" as never), "EINVAL");
  });

  test("§8 a failed call leaves the dispatch order and calls as they were", () => {
    const { bus, m, listener } = busWithContent();
    const calls: string[] = [];
    bus.register(m, "foo", () => calls.push("second"));
    const before = snapshot(bus, ["foo"]);
    expectEventsError(() => bus.register(null, "foo", listener), "EEXIST");
    expect(snapshot(bus, ["foo"])).toEqual(before);
    bus.generate("foo");
    expect(calls).toEqual(["second"]);
  });

  test("§8 a generate that fails ELOOP leaves the table as it was", () => {
    const bus = new EventBus({ maxDepth: 1 });
    bus.register(null, "outer", () => bus.generate("inner"));
    bus.register(null, "inner", () => {});
    const before = snapshot(bus, ["outer", "inner"]);
    expect(() => bus.generate("outer")).toThrow(EventsError);
    expect(snapshot(bus, ["outer", "inner"])).toEqual(before);
  });
});
