// §13 with every other rule: §6 during a dispatch (added waits, removed is
// never called again, re-entrancy by function), §7 stale user data, §10
// dump, §14 generateAsync, and bad patterns changing nothing (§8).
import { describe, expect, test } from "vitest";
import { pattern, type StaleInfo } from "wasm-events";
import { callLog, expectUnchanged } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§13 with the other rules ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§6 during a dispatch", () => {
    test("§6 §13 a pattern registered during a dispatch of a matching event is not called by it, but by the next", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const late = record("late");
      let added = false;
      bus.register(null, "e.x", () => {
        calls.push("exact");
        if (!added) bus.register(null, pattern("e.*"), late);
        added = true;
      });
      bus.register(null, "e.x", record("after"));
      bus.generate("e.x");
      expect(calls).toEqual(["exact", "after"]);
      bus.generate("e.x");
      expect(calls).toEqual(["exact", "after", "exact", "after", "late"]);
    });

    test("§6 §13 ...a nested generate that starts after the registration calls it", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      let depth = 0;
      bus.register(null, "e.x", () => {
        calls.push(`exact@${depth}`);
        if (depth === 0) {
          bus.register(null, pattern("e.*"), record(`pattern`));
          depth++;
          bus.generate("e.y"); // a name the new pattern matches, first seen now
          bus.generate("e.x"); // nested in e.x: skips the running exact listener, calls the pattern
          depth--;
        }
      });
      bus.generate("e.x");
      expect(calls).toEqual(["exact@0", "pattern", "pattern"]);
    });

    test("§6 §13 a pattern registration removed during a dispatch is not called afterwards, in that dispatch or any other", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      const registration = bus.register(null, pattern("e.*"), record("pattern"));
      bus.register(m, "e.x", () => {
        calls.push("remover");
        registration.unregister();
      });
      bus.generate("e.y"); // e.y interned: the pattern has entries in two lists
      bus.generate("e.x");
      bus.generate("e.y");
      expect(calls).toEqual(["pattern", "remover"]);
    });

    test("§6 §13 removed by a pattern filter, a module unload or once during a dispatch: not called afterwards", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const victim = bus.loadModule("victim"), killer = bus.loadModule("killer");
      bus.register(victim, pattern("e.*"), record("victim"));
      bus.register(null, pattern("*.x"), record("core"));
      bus.register(killer, "e.x", () => {
        calls.push("killer");
        bus.unregister(null, pattern("*.x"));
        victim.unload();
      });
      bus.generate("e.x");
      bus.generate("e.x");
      expect(calls).toEqual(["killer", "killer"]);
    });

    test("§6 §13 a listener registered for X exactly and by pattern runs once per registration, at its places, never re-entrantly", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m"), n = bus.loadModule("n");
      let nested = 0;
      const both = (_data: unknown, tag: unknown) => {
        calls.push(`both:${String(tag)}`);
        if (nested < 2) {
          nested++;
          bus.generate("e.x"); // reaches the others, skips `both` at both its places
        }
      };
      bus.register(n, "e.x", both, "exact");
      bus.register(m, "e.x", record("m"));
      bus.register(null, pattern("e.*"), both, "pattern");
      bus.generate("e.x");
      expect(calls).toEqual([
        "both:exact", "m", // the nested generate from the exact place: both skipped
        "m", "both:pattern", "m", // back in the outer one: m, then the pattern place, whose nested generate skips both again
      ]);
    });

    test("§6 §13 re-entrancy by function holds once the event's dispatcher is compiled (past its compile threshold)", () => {
      const bus = makeBus();
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      let nest = false;
      const both = (_data: unknown, tag: unknown) => {
        calls.push(String(tag));
        if (nest) {
          nest = false;
          bus.generate("e.x");
        }
      };
      bus.register(m, pattern("e.*"), both, "pattern");
      bus.register(m, "e.x", record("other"));
      bus.register(null, "e.x", both, "exact");
      for (let i = 0; i < 40; i++) bus.generate("e.x"); // a compiled dispatcher where code generation is allowed
      calls.length = 0;
      nest = true;
      bus.generate("e.x");
      // The nested generate from the pattern place skips `both` at both places.
      expect(calls).toEqual(["other", "pattern", "other", "exact"]);
    });

    test("§6 §13 the re-entrancy guard keys on the listener function, across two patterns", () => {
      const bus = makeBus(), seen: string[] = [];
      const listener = (_data: unknown, _userData: unknown, eventName: string) => {
        seen.push(eventName);
        if (seen.length < 5) bus.generate("a.b");
      };
      bus.register(null, pattern("a.*"), listener);
      bus.register(null, pattern("*.b"), listener);
      bus.generate("a.b");
      expect(seen).toEqual(["a.b", "a.b"]); // each place once, the nested generates skip it
    });

    test("§6 §13 ELOOP counts pattern-matched generates like any other", () => {
      const bus = makeBus({ maxDepth: 3 });
      const errors: unknown[] = [];
      let depth = 0;
      bus.register(null, pattern("level.*"), () => {
        depth++;
        try {
          bus.generate(`level.${depth}`);
        } catch (error) {
          errors.push((error as { code?: string }).code);
        }
      });
      bus.generate("level.0");
      expect(depth).toBe(3);
      expect(errors).toEqual(["ELOOP"]);
    });

    test("§6 §13 a pattern listener's error goes to onError with its info; the others run", () => {
      const infos: unknown[] = [];
      const bus = makeBus({ onError: (error, info) => infos.push([(error as Error).message, info.event, info.module, info.listener]) });
      const { calls, record } = callLog();
      const failing = () => {
        throw new Error("boom");
      };
      bus.register(null, pattern("e.*"), failing);
      bus.register(null, "e.x", record("after"));
      bus.generate("e.x");
      expect(calls).toEqual(["after"]);
      expect(infos).toEqual([["boom", "e.x", null, failing]]);
    });
  });

  describe("§7 stale user data", () => {
    test("§7 §13 a pattern registration with stale user data is reported once, at its place, then removed from every event", () => {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      const { calls, record } = callLog();
      const m = bus.loadModule("m");
      const listener = () => calls.push("stale one");
      const registration = bus.register(m, pattern("e.*"), listener, bus.createPool("session").hold(1));
      bus.register(null, "e.x", record("core"));
      bus.register(null, "e.y", record("core-y"));
      expect(bus.listening("e.x")).toBe(2);
      bus.restart();
      expect(registration.active).toBe(false);
      expect(bus.listening("e.x")).toBe(1);
      expect(bus.dump()).toEqual([
        "No handlers registered for pattern 'e.*'",
        "Registered for 'e.x':",
        "  (core)",
        "Registered for 'e.y':",
        "  (core)",
      ]);
      bus.generate("e.x");
      bus.generate("e.y");
      bus.generate("e.z");
      expect(calls).toEqual(["core", "core-y"]);
      expect(reports).toEqual([{ event: "e.x", module: "m", listener, pool: "session" }]);
      expect(bus.unregister(m)).toBe(0);
    });

    test("§7 §13 registering the same listener with the same pattern again replaces a stale registration silently", () => {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      const seen: unknown[] = [];
      const listener = (_data: unknown, userData: unknown) => void seen.push(userData);
      bus.register(null, pattern("e.*"), listener, bus.createPool().hold("old"));
      bus.restart();
      const registration = bus.register(null, pattern("e.*"), listener, bus.createPool().hold("new"));
      expect(registration.active).toBe(true);
      bus.generate("e.x");
      expect(seen).toEqual(["new"]);
      expect(reports).toEqual([]);
      expect(bus.listening("e.x")).toBe(1);
    });

    test("§7 §13 a name first seen after the pool went stale still gets the report, once", () => {
      const reports: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => reports.push(info) });
      bus.register(null, pattern("e.*"), () => {}, bus.createPool("p").hold(1));
      bus.restart();
      bus.generate("e.first");
      bus.generate("e.second");
      expect(reports.map((report) => report.event)).toEqual(["e.first"]);
    });
  });

  describe("§10 dump", () => {
    test("§10 §13 a pattern's registrations are listed under the pattern, in dispatch order, in the order first registered", () => {
      const bus = makeBus();
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
      bus.register(a, "core.exit", () => {});
      bus.register(null, pattern("mod_auth.*"), () => {});
      bus.register(a, pattern("mod_auth.*"), () => {});
      bus.register(b, pattern("mod_auth.*"), () => {});
      bus.register(null, pattern("mod_auth.*"), () => {});
      bus.register(b, pattern("**"), () => {});
      bus.register(null, "mod_auth.login", () => {});
      bus.generate("mod_auth.login");
      bus.generate("mod_auth.logout");
      expect(bus.dump()).toEqual([
        "Registered for 'core.exit':",
        "  mod_a",
        "Registered for pattern 'mod_auth.*':",
        "  mod_b",
        "  mod_a",
        "  (core)",
        "  (core)",
        "Registered for pattern '**':",
        "  mod_b",
        "Registered for 'mod_auth.login':",
        "  (core)",
      ]);
      bus.unregister(null, pattern("mod_auth.*"));
      bus.unregister(null, "mod_auth.login");
      expect(bus.dump()).toEqual([
        "Registered for 'core.exit':",
        "  mod_a",
        "No handlers registered for pattern 'mod_auth.*'",
        "Registered for pattern '**':",
        "  mod_b",
        "No handlers registered for 'mod_auth.login'",
      ]);
    });

    test("§10 §13 the newest registration of a module comes first under its pattern", () => {
      const bus = makeBus();
      const m = bus.loadModule("m"), n = bus.loadModule("n");
      bus.register(n, pattern("x.*"), () => {});
      bus.register(m, pattern("x.*"), () => {});
      bus.register(n, pattern("x.*"), () => {});
      expect(bus.dump()).toEqual(["Registered for pattern 'x.*':", "  n", "  n", "  m"]);
    });
  });

  describe("§8 bad patterns change nothing", () => {
    test.each(["", "a..b", "a.**.b", "mod_*", "*x"])("§8 §13 pattern('%s') is EINVAL and the bus is unchanged", (source) => {
      const bus = makeBus();
      bus.register(null, pattern("a.*"), () => {});
      expectUnchanged(bus, ["a.b", "mod_x"], () => bus.register(null, pattern(source), () => {}), "EINVAL", "pattern");
    });
  });

  describe("§14 generateAsync", () => {
    test("§14 §13 generateAsync reaches pattern listeners in dispatch order, awaiting each", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const m = bus.loadModule("m");
      bus.register(null, pattern("job.*"), async (_data, _userData, eventName) => {
        await Promise.resolve();
        calls.push(`core:${eventName}`);
      });
      bus.register(m, pattern("job.**"), async (_data, _userData, eventName) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        calls.push(`m:${eventName}`);
      });
      await bus.generateAsync("job.done");
      expect(calls).toEqual(["m:job.done", "core:job.done"]);
    });
  });
});
