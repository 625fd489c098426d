// Errors in the host (§6, README 4 and 11): listeners that throw
// non-Error values, onError and onStale hooks that throw, listeners that throw
// during restart() and unload(). The bus finishes its work, stays consistent
// (same dump and listening as a bus where nothing threw) and says what happened.

import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";

/** Runs `fn`, returning what it threw (fails the test if it returned normally). */
function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const THROWN_VALUES: [string, unknown][] = [
  ["a string", "boom"],
  ["undefined", undefined],
  ["null", null],
  ["a number", 42],
  ["a plain object", { reason: "boom" }],
  ["a symbol", Symbol("boom")],
];

describe("listeners that throw values that are not Errors", () => {
  test.each(THROWN_VALUES)("a lone listener throwing %s: generate rethrows the very value after the others ran", (_, value) => {
    const bus = new EventBus(), calls: string[] = [];
    bus.register(null, "e", () => void calls.push("first"));
    bus.register(null, "e", () => {
      calls.push("thrower");
      throw value;
    });
    bus.register(null, "e", () => void calls.push("last"));
    const before = bus.dump();
    const thrown = thrownBy(() => bus.generate("e"));
    expect(thrown).toBe(value);
    expect(calls).toEqual(["first", "thrower", "last"]);
    expect(bus.dump()).toEqual(before);
    expect(bus.listening("e")).toBe(3);
  });

  test("several listeners throwing non-Errors: one AggregateError holding the values in dispatch order", () => {
    const bus = new EventBus();
    const values = ["text", undefined, { n: 1 }, 7];
    for (const value of values) {
      bus.register(null, "e", () => {
        throw value;
      });
    }
    const thrown = thrownBy(() => bus.generate("e"));
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors).toEqual(values);
    expect((thrown as AggregateError).errors[2]).toBe(values[2]);
    expect((thrown as AggregateError).message).toContain("'e'");
    expect(bus.listening("e")).toBe(4);
  });

  test.each(THROWN_VALUES)("with onError, %s goes to onError with the listener's info and generate returns", (_, value) => {
    const seen: unknown[][] = [];
    const bus = new EventBus({ onError: (error, info) => void seen.push([error, info.event, info.module, info.listener]) });
    const module = bus.loadModule("mod_x");
    const thrower = () => {
      throw value;
    };
    bus.register(module, "e", thrower);
    expect(() => bus.generate("e")).not.toThrow();
    expect(seen).toEqual([[value, "e", "mod_x", thrower]]);
  });

  test("a listener rethrowing the ELOOP of its nested generate: generate throws that EventsError unchanged", () => {
    const bus = new EventBus({ maxDepth: 1 });
    bus.register(null, "inner", () => {});
    bus.register(null, "outer", () => bus.generate("inner"));
    const thrown = thrownBy(() => bus.generate("outer"));
    expect(thrown).toBeInstanceOf(EventsError);
    expect((thrown as EventsError).code).toBe("ELOOP");
    expect(bus.listening("outer")).toBe(1);
  });
});

describe("onError and onStale that throw", () => {
  test("onError throwing: every listener still runs, then generate throws the hook's error", () => {
    const hookError = new Error("onError failed");
    const calls: string[] = [];
    const bus = new EventBus({
      onError: () => {
        calls.push("onError");
        throw hookError;
      },
    });
    bus.register(null, "e", () => {
      calls.push("a");
      throw "listener failed";
    });
    bus.register(null, "e", () => void calls.push("b"));
    const before = bus.dump();
    expect(thrownBy(() => bus.generate("e"))).toBe(hookError);
    expect(calls).toEqual(["a", "onError", "b"]);
    expect(bus.dump()).toEqual(before);
  });

  test("onError throwing twice in one dispatch: an AggregateError of its errors, in order (README 4)", () => {
    let n = 0;
    const bus = new EventBus({
      onError: () => {
        throw new Error(`hook ${n++}`);
      },
    });
    for (let i = 0; i < 2; i++) {
      bus.register(null, "e", () => {
        throw undefined;
      });
    }
    const thrown = thrownBy(() => bus.generate("e")) as AggregateError;
    expect(thrown).toBeInstanceOf(AggregateError);
    expect(thrown.errors.map((e: Error) => e.message)).toEqual(["hook 0", "hook 1"]);
  });

  test("onStale throwing: the stale registration is still removed and reported once, the others run", () => {
    const reports: string[] = [];
    const bus = new EventBus({
      onStale: (info) => {
        reports.push(`${info.event} ${info.module} ${info.pool}`);
        throw "onStale failed";
      },
    });
    const module = bus.loadModule("mod_tls");
    const pool = bus.createPool("session");
    const calls: string[] = [];
    bus.register(module, "e", () => void calls.push("stale"), pool.hold(1));
    bus.register(null, "e", () => void calls.push("core"));
    pool.destroy();
    expect(thrownBy(() => bus.generate("e"))).toBe("onStale failed");
    expect(reports).toEqual(["e mod_tls session"]);
    expect(calls).toEqual(["core"]);
    expect(bus.dump()).toEqual(["Registered for 'e':", "  (core)"]);
    expect(() => bus.generate("e")).not.toThrow();
    expect(reports).toHaveLength(1);
  });

  test("without onError, listener errors and onStale errors are thrown together in the order they happened", () => {
    const bus = new EventBus({
      onStale: () => {
        throw new Error("stale hook");
      },
    });
    const pool = bus.createPool();
    const a = bus.loadModule("a"), b = bus.loadModule("b");
    bus.register(a, "e", () => {}, pool.hold(1)); // runs after b's listener (loaded earlier)
    bus.register(b, "e", () => {
      throw new Error("listener");
    });
    pool.destroy();
    const thrown = thrownBy(() => bus.generate("e")) as AggregateError;
    expect(thrown.errors.map((e: Error) => e.message)).toEqual(["listener", "stale hook"]);
  });

  test("the default onStale emits a StaleUserDataWarning naming the event, module and pool", async () => {
    const bus = new EventBus();
    const module = bus.loadModule("mod_sql");
    const pool = bus.createPool("conn");
    bus.register(module, "sql.query", () => {}, pool.hold("handle"));
    pool.destroy();
    const warned = new Promise<Error>((resolve) => process.once("warning", resolve));
    bus.generate("sql.query");
    const warning = await warned;
    expect(warning.name).toBe("StaleUserDataWarning");
    expect(warning.message).toContain("sql.query");
    expect(warning.message).toContain("mod_sql");
    expect(warning.message).toContain("conn");
  });
});

describe("restart() with listeners that throw", () => {
  test("a core.restart listener throwing: pools destroyed, generation incremented, other listeners ran, then it throws", () => {
    const bus = new EventBus();
    const pool = bus.createPool("request");
    const sub = pool.createPool("sub");
    const kept = bus.permanentPool.createPool("config");
    const failure = new Error("restart listener failed");
    const calls: string[] = [];
    bus.register(null, "core.restart", () => {
      calls.push("first");
      throw failure;
    });
    bus.register(null, "core.restart", () => void calls.push("second"));
    expect(thrownBy(() => bus.restart())).toBe(failure);
    expect(calls).toEqual(["first", "second"]);
    expect([pool.destroyed, sub.destroyed, kept.destroyed]).toEqual([true, true, false]);
    expect(bus.generation).toBe(1);
    expect(bus.listening("core.restart")).toBe(2);
  });

  test("two throwing core.restart listeners: the restart completes, then one AggregateError", () => {
    const bus = new EventBus();
    const pool = bus.createPool();
    bus.register(null, "core.restart", () => {
      throw "one";
    });
    bus.register(null, "core.restart", () => {
      throw "two";
    });
    const thrown = thrownBy(() => bus.restart()) as AggregateError;
    expect(thrown.errors).toEqual(["one", "two"]);
    expect(pool.destroyed).toBe(true);
    expect(bus.generation).toBe(1);
  });

  test("with onError, a throwing core.restart listener is reported there and restart returns", () => {
    const seen: string[] = [];
    const bus = new EventBus({ onError: (error, info) => void seen.push(`${String(error)} in ${info.event}`) });
    const pool = bus.createPool();
    bus.register(null, "core.restart", () => {
      throw "oops";
    });
    expect(() => bus.restart()).not.toThrow();
    expect(seen).toEqual(["oops in core.restart"]);
    expect(pool.destroyed).toBe(true);
    expect(bus.generation).toBe(1);
  });

  test("a listener registered with user data from a restart-scoped pool is reported stale after a throwing restart", () => {
    const stale: string[] = [];
    const bus = new EventBus({ onStale: (info) => void stale.push(info.pool) });
    const pool = bus.createPool("conn");
    bus.register(null, "e", () => {}, pool.hold(1));
    bus.register(null, "core.restart", () => {
      throw new Error("x");
    });
    expect(() => bus.restart()).toThrow("x");
    expect(bus.listening("e")).toBe(0);
    bus.generate("e");
    expect(stale).toEqual(["conn"]);
  });
});

describe("unload() with a throwing core.module-unload listener", () => {
  test("the module's listeners are still removed and its name can be loaded again; then the error is thrown", () => {
    const bus = new EventBus();
    const kept = bus.loadModule("mod_kept");
    const module = bus.loadModule("mod_gone");
    const failure = new Error("unload listener failed");
    bus.register(kept, "e", () => {});
    bus.register(module, "e", () => {});
    bus.register(module, "f", () => {});
    bus.register(null, "core.module-unload", (name) => {
      if (name === "mod_gone") throw failure;
    });
    expect(thrownBy(() => module.unload())).toBe(failure);
    expect(bus.dump()).toEqual([
      "Registered for 'e':",
      "  mod_kept",
      "No handlers registered for 'f'",
      "Registered for 'core.module-unload':",
      "  (core)",
    ]);
    expect(bus.listening("f")).toBe(0);
    expect(module.unload()).toBe(0);
    expect(() => bus.register(module, "e", () => {})).toThrow(EventsError);
    expect(bus.loadModule("mod_gone").loadOrder).toBe(2);
  });

  test("the module's own core.module-unload listener throwing: it ran, it is removed, the error is thrown", () => {
    const bus = new EventBus();
    const module = bus.loadModule("mod_self");
    const calls: unknown[] = [];
    bus.register(module, "core.module-unload", (name) => {
      calls.push(name);
      throw "self";
    });
    expect(thrownBy(() => module.unload())).toBe("self");
    expect(calls).toEqual(["mod_self"]);
    expect(bus.listening("core.module-unload")).toBe(0);
  });

  test("with onError, unload returns the count of removed listeners and the error went to onError", () => {
    const seen: unknown[] = [];
    const bus = new EventBus({ onError: (error) => void seen.push(error) });
    const module = bus.loadModule("mod_a");
    bus.register(module, "e", () => {});
    bus.register(module, "core.module-unload", () => {
      throw 1;
    });
    expect(module.unload()).toBe(2);
    expect(seen).toEqual([1]);
    expect(bus.dump()).toEqual(["No handlers registered for 'e'", "No handlers registered for 'core.module-unload'"]);
  });
});
