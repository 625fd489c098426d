// §10 dump: the exact lines, their order, and `write`.
import { describe, expect, test } from "vitest";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§10 dump ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§10 'No events registered' when no listener was ever registered", () => {
    const bus = makeBus();
    expect(bus.dump()).toEqual(["No events registered"]);
    // Names looked up, generated or pre-interned are not registrations.
    bus.generate("generated");
    bus.listening("asked");
    bus.event("interned");
    bus.loadModule("mod_a");
    bus.createPool("p");
    bus.restart();
    expect(bus.dump()).toEqual(["No events registered"]);
  });

  test("§10 an already aborted registration does not count as a registered listener", () => {
    const bus = makeBus();
    bus.register(null, "e", () => {}, undefined, { signal: AbortSignal.abort() });
    expect(bus.dump()).toEqual(["No events registered"]);
  });

  test("§10 'Registered for NAME:' then one line per live listener, two spaces and the module name or (core)", () => {
    const bus = makeBus();
    const m = bus.loadModule("mod_auth");
    bus.register(m, "core.exit", () => {});
    bus.register(null, "core.exit", () => {});
    expect(bus.dump()).toEqual(["Registered for 'core.exit':", "  mod_auth", "  (core)"]);
  });

  test("§10 listener lines are in dispatch order", () => {
    const bus = makeBus();
    const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b"), c = bus.loadModule("mod_c");
    bus.register(null, "e", () => {});
    bus.register(a, "e", () => {});
    bus.register(c, "e", () => {});
    bus.register(b, "e", () => {});
    bus.register(a, "e", () => {});
    bus.register(null, "e", () => {});
    expect(bus.dump()).toEqual(["Registered for 'e':", "  mod_c", "  mod_b", "  mod_a", "  mod_a", "  (core)", "  (core)"]);
  });

  test("§10 events appear in the order they were first registered", () => {
    const bus = makeBus();
    bus.register(null, "zeta", () => {});
    bus.register(null, "alpha", () => {});
    bus.register(null, "mid", () => {});
    bus.register(null, "zeta", () => {});
    expect(bus.dump()).toEqual([
      "Registered for 'zeta':",
      "  (core)",
      "  (core)",
      "Registered for 'alpha':",
      "  (core)",
      "Registered for 'mid':",
      "  (core)",
    ]);
  });

  test("§10 an event generated before its first registration is placed by its first registration", () => {
    const bus = makeBus();
    bus.generate("early");
    bus.listening("early");
    bus.register(null, "first", () => {});
    bus.register(null, "early", () => {});
    expect(bus.dump()).toEqual(["Registered for 'first':", "  (core)", "Registered for 'early':", "  (core)"]);
  });

  test("§10 'No handlers registered for NAME' when an event that had listeners has none now", () => {
    const bus = makeBus();
    const m = bus.loadModule("m");
    bus.register(null, "a", () => {}).unregister();
    bus.register(m, "b", () => {});
    bus.register(null, "c", () => {});
    m.unload();
    expect(bus.dump()).toEqual(["No handlers registered for 'a'", "No handlers registered for 'b'", "Registered for 'c':", "  (core)"]);
    bus.unregister();
    expect(bus.dump()).toEqual(["No handlers registered for 'a'", "No handlers registered for 'b'", "No handlers registered for 'c'"]);
  });

  test("§10 an event keeps its first-registered place after losing and regaining listeners", () => {
    const bus = makeBus();
    bus.register(null, "a", () => {}).unregister();
    bus.register(null, "b", () => {});
    bus.register(null, "a", () => {});
    expect(bus.dump()).toEqual(["Registered for 'a':", "  (core)", "Registered for 'b':", "  (core)"]);
  });

  test("§10 stale listeners are left out of dump", () => {
    const bus = makeBus({ onStale: () => {} });
    const m = bus.loadModule("mod_s");
    const pool = bus.createPool("p");
    bus.register(m, "e", () => {}, pool.hold(1));
    bus.register(null, "e", () => {});
    bus.register(null, "only-stale", () => {}, pool.hold(2));
    pool.destroy();
    expect(bus.dump()).toEqual(["Registered for 'e':", "  (core)", "No handlers registered for 'only-stale'"]);
  });

  test("§10 dump(write) passes each line to write, in order, and returns the same lines", () => {
    const bus = makeBus();
    const m = bus.loadModule("m");
    bus.register(m, "x", () => {});
    bus.register(null, "y", () => {});
    bus.register(null, "gone", () => {}).unregister();
    const written: string[] = [];
    const lines = bus.dump((line) => written.push(line));
    expect(written).toEqual(lines);
    expect(lines).toEqual(["Registered for 'x':", "  m", "Registered for 'y':", "  (core)", "No handlers registered for 'gone'"]);
  });

  test("§10 dump(write) on an empty bus writes the one line", () => {
    const bus = makeBus();
    const written: string[] = [];
    expect(bus.dump((line) => written.push(line))).toEqual(["No events registered"]);
    expect(written).toEqual(["No events registered"]);
  });

  test("§10 dump(undefined) is dump()", () => {
    const bus = makeBus();
    bus.register(null, "e", () => {});
    expect(bus.dump(undefined)).toEqual(bus.dump());
  });

  test("§10 dump returns a fresh array each call", () => {
    const bus = makeBus();
    bus.register(null, "e", () => {});
    const first = bus.dump();
    first.push("mutated");
    expect(bus.dump()).toEqual(["Registered for 'e':", "  (core)"]);
  });

  test("§10 event names are printed as given", () => {
    const bus = makeBus();
    bus.register(null, "it's odd: 'quoted' ✓", () => {});
    expect(bus.dump()[0]).toBe("Registered for 'it's odd: 'quoted' ✓':");
  });

  test("§10 a reloaded module's listeners are listed first, under its name", () => {
    const bus = makeBus();
    const a = bus.loadModule("mod_a");
    const b = bus.loadModule("mod_b");
    bus.register(b, "e", () => {});
    a.unload();
    bus.register(bus.loadModule("mod_a"), "e", () => {});
    expect(bus.dump()).toEqual(["Registered for 'e':", "  mod_a", "  mod_b"]);
  });
});
