// §13 Patterns: pattern() and its syntax, what a pattern matches, the
// listener's arguments, dispatch order against exact registrations (§5),
// duplicates, unregister filters, listening, once, signal and module unload.
import { describe, expect, test } from "vitest";
import { pattern, type EventPattern } from "wasm-events";
import { callLog, expectEventsError, expectUnchanged } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe("§13 pattern()", () => {
  test.each(["a.*", "*.exit", "mod_ban.**", "**", "*", "a.*.c", "*.*", "core.exit", "mod_auth.authentication-code"])(
    "§13 '%s' is a pattern: a frozen object whose source is the string",
    (source) => {
      const p = pattern(source);
      expect(p.source).toBe(source);
      expect(Object.isFrozen(p)).toBe(true);
      expect(String(p)).toBe(source);
    },
  );

  test.each([
    ["", "empty"],
    [".", "segment 1 is empty"],
    ["a..b", "segment 2 is empty"],
    [".a", "segment 1 is empty"],
    ["a.", "segment 2 is empty"],
    ["**.a", "'**' may only be the last segment"],
    ["a.**.b", "'**' may only be the last segment"],
    ["mod_*", "'*' must be a whole segment"],
    ["a.*b", "'*' must be a whole segment"],
    ["a*b", "'*' must be a whole segment"],
    ["a.***", "'*' must be a whole segment"],
  ])("§8 §13 '%s' is EINVAL (%s)", (source, why) => {
    expectEventsError(() => pattern(source), "EINVAL", why);
  });

  // Each case in its own array: Bun's test.each spreads a bare array case into arguments.
  test.each([[42], [null], [undefined], [{}], [["a.*"]]])("§8 §13 a non-string source (%s) is EINVAL", (source: unknown) => {
    expectEventsError(() => pattern(source as never), "EINVAL", "a pattern is a string");
  });
});

describe.each(DISPATCH_MODES)("§13 Patterns ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  /** The names among `names` a listener of `source` receives, one generate each. */
  function matched(source: string, names: readonly string[]): string[] {
    const bus = makeBus(), seen: string[] = [];
    bus.register(null, pattern(source), (_data, _userData, eventName) => void seen.push(eventName));
    for (const name of names) bus.generate(name);
    return seen;
  }

  describe("§13 what a pattern matches", () => {
    const names = ["mod_auth", "mod_auth.login", "mod_auth.login.failed", "mod_ban.login", "x.mod_auth.login", "mod_auth.", "a..b"];

    test("§13 '*' matches exactly one whole segment", () => {
      expect(matched("mod_auth.*", names)).toEqual(["mod_auth.login", "mod_auth."]);
      expect(matched("*.login", names)).toEqual(["mod_auth.login", "mod_ban.login"]);
      expect(matched("*", names)).toEqual(["mod_auth"]);
      expect(matched("a.*.b", names)).toEqual(["a..b"]);
    });

    test("§13 '**' as the last segment matches one or more segments", () => {
      expect(matched("mod_auth.**", names)).toEqual(["mod_auth.login", "mod_auth.login.failed", "mod_auth."]);
      expect(matched("*.login.**", names)).toEqual(["mod_auth.login.failed"]);
    });

    test("§13 '**' alone matches every event", () => {
      expect(matched("**", names)).toEqual(names);
    });

    test("§13 a literal segment matches only itself", () => {
      expect(matched("mod_auth.login", names)).toEqual(["mod_auth.login"]);
      expect(matched("mod_auth.login.*", names)).toEqual(["mod_auth.login.failed"]);
    });

    test("§13 a string is always the one event it names: '*' in a name is no wildcard", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      bus.register(null, "a*b", record("a*b"));
      bus.register(null, "mod_auth.*", record("mod_auth.*"));
      bus.register(null, "**", record("**"));
      for (const name of ["aXb", "ab", "mod_auth.login", "x", "a*b", "mod_auth.*", "**"]) bus.generate(name);
      expect(calls).toEqual(["a*b", "mod_auth.*", "**"]);
      expect(bus.listening("mod_auth.login")).toBe(0);
    });

    test("§13 a pattern matches a name registered exactly by that pattern's text only as a name", () => {
      // The event named "mod_auth.*" has one segment "*" after "mod_auth": the pattern matches it as a name too.
      expect(matched("mod_auth.*", ["mod_auth.*"])).toEqual(["mod_auth.*"]);
    });
  });

  describe("§13 the listener", () => {
    test("§13 receives (eventData, userData, eventName) with this undefined", () => {
      const bus = makeBus(), got: unknown[][] = [];
      const data = { n: 1 }, userData = { u: 2 };
      bus.register(
        null,
        pattern("mod_auth.*"),
        function (this: unknown, eventData, ud, eventName) {
          got.push([this, eventData, ud, eventName]);
        },
        userData,
      );
      bus.generate("mod_auth.login", data);
      bus.generate("mod_auth.logout", data);
      expect(got).toEqual([
        [undefined, data, userData, "mod_auth.login"],
        [undefined, data, userData, "mod_auth.logout"],
      ]);
      expect(got[0][1]).toBe(data); // by reference
      expect(got[0][2]).toBe(userData);
    });

    test("§4 exact listeners still receive exactly (eventData, userData)", () => {
      const bus = makeBus(), counts: number[] = [];
      bus.register(null, pattern("e.*"), () => {});
      bus.register(null, "e.x", (...args: unknown[]) => void counts.push(args.length), "ud");
      bus.generate("e.x", 1);
      expect(counts).toEqual([2]);
    });

    test("§4 a UserData handle passes its value", () => {
      const bus = makeBus(), got: unknown[] = [];
      const handle = bus.permanentPool.hold({ limit: 3 });
      bus.register(null, pattern("e.*"), (_data, ud) => void got.push(ud), handle);
      bus.generate("e.x");
      expect(got).toEqual([{ limit: 3 }]);
    });
  });

  describe("§13 §5 dispatch order", () => {
    test("§13 exact and pattern registrations interleave by module load order", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const first = bus.loadModule("first"), second = bus.loadModule("second"), third = bus.loadModule("third");
      bus.register(null, pattern("e.*"), record("core-pattern"));
      bus.register(second, "e.x", record("second-exact"));
      bus.register(first, pattern("e.*"), record("first-pattern"));
      bus.register(third, pattern("**"), record("third-pattern"));
      bus.register(null, "e.x", record("core-exact"));
      bus.register(second, pattern("*.x"), record("second-pattern"));
      bus.generate("e.x");
      expect(calls).toEqual(["third-pattern", "second-pattern", "second-exact", "first-pattern", "core-pattern", "core-exact"]);
    });

    test("§13 a name first seen after the patterns gets them in registration order (a module's newest first, the core's oldest first)", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      bus.register(m, pattern("e.*"), record("m-1"));
      bus.register(null, pattern("*.x"), record("core-1"));
      bus.register(m, pattern("**"), record("m-2"));
      bus.register(null, pattern("e.**"), record("core-2"));
      bus.register(m, "e.x", record("m-exact")); // interns e.x: the patterns go in first, then this newest one
      bus.generate("e.x");
      bus.generate("e.y"); // first seen by generate
      expect(calls).toEqual(["m-exact", "m-2", "m-1", "core-1", "core-2", "m-2", "m-1", "core-2"]);
    });

    test("§13 a pattern registered after a name was interned takes its place as a registration of its module would", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      bus.register(m, "e.x", record("m-exact"));
      bus.register(null, "e.x", record("core-exact"));
      bus.generate("e.x");
      bus.register(m, pattern("e.*"), record("m-pattern"));
      bus.register(null, pattern("e.*"), record("core-pattern"));
      calls.length = 0;
      bus.generate("e.x");
      expect(calls).toEqual(["m-pattern", "m-exact", "core-exact", "core-pattern"]);
    });
  });

  describe("§13 duplicates", () => {
    test("§4 §13 the same listener with the same pattern twice is EEXIST, whatever the module, and changes nothing", () => {
      const bus = makeBus(), m = bus.loadModule("m");
      const listener = () => {};
      bus.register(m, pattern("e.*"), listener);
      expectUnchanged(bus, ["e.x"], () => bus.register(null, pattern("e.*"), listener), "EEXIST", "e.*", "module 'm'");
      expect(bus.listening("e.x")).toBe(1);
    });

    test("§13 exact and pattern, or two patterns, are separate registrations, each called at its place", () => {
      const bus = makeBus(), calls: string[] = [];
      const listener = (_data: unknown, tag: unknown) => void calls.push(tag as string);
      bus.register(null, "e.x", listener, "exact");
      bus.register(null, pattern("e.*"), listener, "pattern");
      bus.register(null, pattern("**"), listener, "everything");
      expect(bus.listening("e.x")).toBe(3);
      bus.generate("e.x");
      expect(calls).toEqual(["exact", "pattern", "everything"]);
    });
  });

  describe("§13 unregister and Registration", () => {
    function setUp() {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m"), n = bus.loadModule("n");
      const shared = record("shared");
      const registrations = {
        mAuth: bus.register(m, pattern("auth.*"), record("m-auth")),
        nAuth: bus.register(n, pattern("auth.*"), shared),
        nAll: bus.register(n, pattern("**"), record("n-all")),
        coreExact: bus.register(null, "auth.login", shared),
      };
      bus.generate("auth.login");
      calls.length = 0;
      return { bus, calls, m, n, shared, registrations };
    }

    test("§13 Registration.unregister() removes one registration from every event", () => {
      const { bus, calls, registrations } = setUp();
      expect(registrations.nAll.active).toBe(true);
      expect(registrations.nAll.unregister()).toBe(true);
      expect(registrations.nAll.active).toBe(false);
      expect(registrations.nAll.unregister()).toBe(false);
      bus.generate("auth.login");
      bus.generate("other");
      expect(calls).toEqual(["shared", "m-auth", "shared"]);
    });

    test("§13 a pattern filter removes the registrations of exactly that pattern (same source), counted once each", () => {
      const { bus, calls } = setUp();
      expect(bus.unregister(null, pattern("auth.**"))).toBe(0);
      expect(bus.unregister(null, pattern("auth.*"))).toBe(2);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-all", "shared"]);
    });

    test("§13 a module filter matches pattern registrations", () => {
      const { bus, calls, n } = setUp();
      expect(bus.unregister(n)).toBe(2);
      bus.generate("auth.login");
      expect(calls).toEqual(["m-auth", "shared"]);
    });

    test("§13 a listener filter matches pattern registrations", () => {
      const { bus, calls, shared } = setUp();
      expect(bus.unregister(null, null, shared)).toBe(2);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-all", "m-auth"]);
    });

    test("§13 module, pattern and listener filters together", () => {
      const { bus, calls, m, n, shared } = setUp();
      expect(bus.unregister(m, pattern("auth.*"), shared)).toBe(0);
      expect(bus.unregister(n, pattern("auth.*"), shared)).toBe(1);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-all", "m-auth", "shared"]);
    });

    test("§13 an event name filter removes that name's registrations, not the patterns matching it", () => {
      const { bus, calls } = setUp();
      expect(bus.unregister(null, "auth.login")).toBe(1);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-all", "shared", "m-auth"]);
    });

    test("§13 a module and event name filter removes that module's registrations of the name, not its patterns", () => {
      const { bus, calls, m, n } = setUp();
      bus.register(m, "auth.login", () => calls.push("m-exact"));
      bus.register(n, "auth.login", () => calls.push("n-exact"));
      expect(bus.unregister(m, "auth.login")).toBe(1);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-exact", "n-all", "shared", "m-auth", "shared"]);
    });

    test("§13 unregister() removes every registration, pattern ones counted once each", () => {
      const { bus, calls } = setUp();
      bus.generate("auth.logout"); // a second event for the patterns: still one registration each
      calls.length = 0;
      expect(bus.unregister()).toBe(4);
      bus.generate("auth.login");
      bus.generate("auth.logout");
      bus.generate("anything");
      expect(calls).toEqual([]);
    });

    test("§4 §13 module.unload() removes the module's pattern registrations, counted once each", () => {
      const { bus, calls, n } = setUp();
      bus.generate("auth.logout");
      calls.length = 0;
      expect(n.unload()).toBe(2);
      // n's '**' still hears core.module-unload, generated before the removal (§4).
      expect(calls).toEqual(["n-all"]);
      bus.generate("auth.login");
      expect(calls).toEqual(["n-all", "m-auth", "shared"]);
    });

    test("§8 a filter or event that is an object but not a pattern is EINVAL and changes nothing", () => {
      const { bus } = setUp();
      const fake = { source: "auth.*" } as unknown as EventPattern<"auth.*">;
      expectUnchanged(bus, ["auth.login"], () => bus.unregister(null, fake), "EINVAL", "event filter");
      expectUnchanged(bus, ["auth.login"], () => bus.register(null, fake, () => {}), "EINVAL", "not a pattern made by pattern()");
      expectUnchanged(bus, ["auth.login"], () => bus.register(null, pattern("auth.*"), 42 as never), "EINVAL", "auth.*");
    });
  });

  describe("§13 listening", () => {
    test("§13 listening(name) counts the pattern registrations matching it, generated or not", () => {
      const bus = makeBus();
      bus.register(null, pattern("auth.*"), () => {});
      bus.register(bus.loadModule("m"), pattern("**"), () => {});
      bus.register(null, "auth.login", () => {});
      expect(bus.listening("auth.login")).toBe(3);
      expect(bus.listening("auth.never-generated")).toBe(2);
      expect(bus.listening("other")).toBe(1);
      expect(bus.event("auth.x").listening()).toBe(2);
    });

    test("§13 listening of a name no pattern matches is 0, with patterns registered", () => {
      const bus = makeBus();
      bus.register(null, pattern("auth.*"), () => {});
      expect(bus.listening("ban.add")).toBe(0);
      expect(bus.listening("ban.add")).toBe(0);
    });
  });

  describe("§13 once and signal", () => {
    test("§4 §13 once removes the registration from every event before its listener first runs", () => {
      const bus = makeBus(), seen: string[] = [];
      bus.register(null, "e.y", () => {}); // e.y is interned: the pattern has two entries
      const registration = bus.register(
        null,
        pattern("e.*"),
        (_data, _userData, eventName) => {
          seen.push(eventName);
          expect(bus.listening("e.x")).toBe(0);
          bus.generate("e.x"); // removed already: not called again
        },
        undefined,
        { once: true },
      );
      bus.generate("e.x");
      bus.generate("e.y");
      expect(seen).toEqual(["e.x"]);
      expect(registration.active).toBe(false);
      expect(bus.listening("e.y")).toBe(1);
    });

    test("§4 §13 aborting the signal unregisters; an aborted signal registers nothing", () => {
      const bus = makeBus(), controller = new AbortController(), seen: string[] = [];
      const registration = bus.register(null, pattern("e.*"), (_d, _u, name) => void seen.push(name), undefined, {
        signal: controller.signal,
      });
      bus.generate("e.x");
      controller.abort();
      bus.generate("e.x");
      bus.generate("e.y");
      expect(seen).toEqual(["e.x"]);
      expect(registration.active).toBe(false);
      const never = bus.register(null, pattern("e.*"), () => seen.push("never"), undefined, { signal: AbortSignal.abort() });
      expect(never.active).toBe(false);
      bus.generate("e.z");
      expect(seen).toEqual(["e.x"]);
    });

    test("§13 using: a pattern registration is disposable", () => {
      const bus = makeBus();
      {
        using registration = bus.register(null, pattern("e.*"), () => {});
        expect(registration.active).toBe(true);
        expect(bus.listening("e.x")).toBe(1);
      }
      expect(bus.listening("e.x")).toBe(0);
    });
  });

  test("§8 §13 register with a bad module or option for a pattern is EINVAL and registers nothing", () => {
    const bus = makeBus();
    expectUnchanged(bus, ["e.x"], () => bus.register(undefined as never, pattern("e.*"), () => {}), "EINVAL", "e.*");
    expectUnchanged(bus, ["e.x"], () => bus.register(null, pattern("e.*"), () => {}, undefined, { once: 1 as never }), "EINVAL");
    const other = makeBus();
    const foreign = other.permanentPool.hold(1);
    expectUnchanged(bus, ["e.x"], () => bus.register(null, pattern("e.*"), () => {}, foreign), "EINVAL", "another bus");
    const pool = bus.createPool("gone");
    const stale = pool.hold(1);
    pool.destroy();
    expectUnchanged(bus, ["e.x"], () => bus.register(null, pattern("e.*"), () => {}, stale), "ESTALE", "gone");
    expect(bus.dump()).toEqual(["No events registered"]);
  });
});
