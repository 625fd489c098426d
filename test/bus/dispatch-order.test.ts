// §5 Dispatch order: modules loaded last run first, core listeners after
// every module; within a module the listener registered last runs first, core
// listeners in registration order. Checked by hand and against an oracle.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { EventBus, Module, Registration } from "wasm-events";
import { callLog } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§5 Dispatch order ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§5 listeners of the module loaded last run first", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const mods = ["mod_core", "mod_auth", "mod_tls"].map((n) => bus.loadModule(n));
    for (const m of mods) bus.register(m, "e", record(m.name));
    bus.generate("e");
    expect(calls).toEqual(["mod_tls", "mod_auth", "mod_core"]);
  });

  test("§5 load order decides, not registration order", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const first = bus.loadModule("first"), second = bus.loadModule("second"), third = bus.loadModule("third");
    bus.register(third, "e", record("third"));
    bus.register(first, "e", record("first"));
    bus.register(second, "e", record("second"));
    bus.generate("e");
    expect(calls).toEqual(["third", "second", "first"]);
  });

  test("§5 core listeners run after every module's listeners", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    bus.register(null, "e", record("core"));
    const a = bus.loadModule("a");
    bus.register(a, "e", record("a"));
    const b = bus.loadModule("b");
    bus.register(b, "e", record("b"));
    bus.generate("e");
    expect(calls).toEqual(["b", "a", "core"]);
  });

  test("§5 within one module the listener registered last runs first (ProFTPD prepends)", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const m = bus.loadModule("m");
    for (const n of ["one", "two", "three"]) bus.register(m, "e", record(n));
    bus.generate("e");
    expect(calls).toEqual(["three", "two", "one"]);
  });

  test("§5 core listeners run in registration order (ProFTPD appends)", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    for (const n of ["one", "two", "three"]) bus.register(null, "e", record(n));
    bus.generate("e");
    expect(calls).toEqual(["one", "two", "three"]);
  });

  test("§5 modules registering in their load order give ProFTPD's order", () => {
    // ProFTPD prepends every registration to the event's list (core listeners
    // are appended), so with modules registering as they load, the list is the
    // registrations reversed, with the core's at the end.
    const bus = makeBus();
    const { calls, record } = callLog();
    const registered: string[] = [];
    for (const name of ["mod_core", "mod_xfer", "mod_auth_unix", "mod_ls"]) {
      const m = bus.loadModule(name);
      for (const k of [1, 2]) {
        bus.register(m, "e", record(`${name}#${k}`));
        registered.push(`${name}#${k}`);
      }
    }
    bus.register(null, "e", record("core#1"));
    bus.register(null, "e", record("core#2"));
    bus.generate("e");
    expect(calls).toEqual([...registered.reverse(), "core#1", "core#2"]);
  });

  test("§5 a re-registered listener takes a new place in the order", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const m = bus.loadModule("m");
    const moved = record("moved");
    bus.register(m, "e", moved);
    bus.register(m, "e", record("other"));
    bus.unregister(m, "e", moved);
    bus.register(m, "e", moved);
    const coreMoved = record("coreMoved");
    bus.register(null, "e", coreMoved);
    bus.register(null, "e", record("coreOther"));
    bus.unregister(null, "e", coreMoved);
    bus.register(null, "e", coreMoved);
    bus.generate("e");
    expect(calls).toEqual(["moved", "other", "coreOther", "coreMoved"]);
  });

  test("§5 the order is per event", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const a = bus.loadModule("a"), b = bus.loadModule("b");
    bus.register(a, "x", record("a.x"));
    bus.register(b, "y", record("b.y"));
    bus.register(a, "y", record("a.y"));
    bus.register(b, "x", record("b.x"));
    bus.generate("x");
    bus.generate("y");
    expect(calls).toEqual(["b.x", "a.x", "b.y", "a.y"]);
  });

  test("§5 unregistering from the middle keeps the others' order", () => {
    const bus = makeBus();
    const { calls, record } = callLog();
    const regs = ["a", "b", "c", "d", "e"].map((n) => bus.register(null, "ev", record(n)));
    regs[1].unregister();
    regs[3].unregister();
    bus.generate("ev");
    expect(calls).toEqual(["a", "c", "e"]);
  });

  // Oracle: rank modules by load order (latest first), each module's
  // registrations newest first, then the core's oldest first.
  type Op =
    | { kind: "register"; who: number; event: number }
    | { kind: "unregister"; pick: number }
    | { kind: "reload"; who: number };

  const opArb = (modules: number): fc.Arbitrary<Op> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("register" as const), who: fc.integer({ min: -1, max: modules - 1 }), event: fc.integer({ min: 0, max: 2 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("unregister" as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("reload" as const), who: fc.integer({ min: 0, max: modules - 1 }) }) },
    );

  test("§5 dispatch order matches the ProFTPD ordering oracle for random registration sequences", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { maxLength: 60 }))), ([moduleCount, ops]) => {
        const bus: EventBus = makeBus();
        const calls: string[] = [];
        const modules: Module[] = [];
        for (let i = 0; i < moduleCount; i++) modules.push(bus.loadModule(`m${i}`));
        interface Live { id: string; who: number; event: number; seq: number; reg: Registration }
        let live: Live[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === "register") {
            const id = `r${seq}`;
            const reg = bus.register(op.who < 0 ? null : modules[op.who], `ev${op.event}`, () => {
              calls.push(id);
            });
            live.push({ id, who: op.who, event: op.event, seq: seq++, reg });
          } else if (op.kind === "unregister") {
            if (live.length === 0) continue;
            const victim = live[op.pick % live.length];
            expect(victim.reg.unregister()).toBe(true);
            live = live.filter((l) => l !== victim);
          } else {
            const removed = live.filter((l) => l.who === op.who).length;
            expect(modules[op.who].unload()).toBe(removed);
            live = live.filter((l) => l.who !== op.who);
            modules[op.who] = bus.loadModule(`m${op.who}`);
          }
        }
        for (let event = 0; event < 3; event++) {
          const mine = live.filter((l) => l.event === event);
          const rank = (l: Live) => (l.who < 0 ? -1 : modules[l.who].loadOrder);
          const expected = [...mine]
            .sort((x, y) => {
              if (rank(x) !== rank(y)) return rank(y) - rank(x);
              return x.who < 0 ? x.seq - y.seq : y.seq - x.seq;
            })
            .map((l) => l.id);
          calls.length = 0;
          bus.generate(`ev${event}`);
          expect(calls).toEqual(expected);
          expect(bus.listening(`ev${event}`)).toBe(expected.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
