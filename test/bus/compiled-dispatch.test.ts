// §6 on the compiled dispatchers. A snapshot gets a compiled dispatcher only
// after it has served COMPILE_AFTER_USES (16) generates, so the spec files'
// "codegen dispatcher" mode mostly exercises the loop. Here each bus is
// primed past that point first, and a counting stand-in for the global
// Function constructor shows a dispatcher really was compiled before the
// rule is checked.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { runNodeJson } from "../helpers/spec-node.js";

const PRIMING_GENERATES = 40;
let compilations = 0;
/** The body of each function compiled since the test began (the last argument). */
let sources: string[] = [];
const RealFunction = globalThis.Function;

beforeEach(() => {
  compilations = 0;
  sources = [];
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      compilations++;
      sources.push(String(args[args.length - 1]));
      return Reflect.construct(target, args);
    },
  });
});
afterEach(() => {
  globalThis.Function = RealFunction;
});

/** n listeners on "e" that log their index once `armed`; the bus primed so "e" runs compiled. */
function primedBus(n: number, onArmedCall: (index: number, bus: EventBus) => void = () => {}) {
  const bus = new EventBus({ onStale: () => {} });
  const calls: number[] = [];
  let armed = false;
  const listeners = Array.from({ length: n }, (_, index) => () => {
    if (!armed) return;
    calls.push(index);
    onArmedCall(index, bus);
  });
  for (const listener of listeners) bus.register(null, "e", listener);
  const before = compilations;
  for (let i = 0; i < PRIMING_GENERATES; i++) bus.generate("e");
  return { bus, calls, listeners, arm: () => (armed = true), compiled: compilations > before };
}

describe.each([2, 3, 5, 20, 100])("§6 with a compiled dispatcher of %i listeners", (n) => {
  test("§6 a listener removed by an earlier one is not called later in the same dispatch", () => {
    const last = n - 1;
    const setup = primedBus(n, (index, bus) => {
      if (index === 0) bus.unregister(null, "e", setup.listeners[last]);
    });
    expect(setup.compiled).toBe(true);
    setup.arm();
    setup.bus.generate("e");
    expect(setup.calls).toEqual(Array.from({ length: last }, (_, i) => i));
    setup.calls.length = 0;
    setup.bus.generate("e");
    expect(setup.calls).toEqual(Array.from({ length: last }, (_, i) => i));
  });

  test("§6 a listener added during the dispatch waits for the next generate", () => {
    const late: string[] = [];
    const lateListener = () => void late.push("late");
    const setup = primedBus(n, (index, bus) => {
      if (index === 0 && bus.listening("e") === n) bus.register(null, "e", lateListener);
    });
    expect(setup.compiled).toBe(true);
    setup.arm();
    setup.bus.generate("e");
    expect(setup.calls).toHaveLength(n);
    expect(late).toEqual([]);
    setup.bus.generate("e");
    expect(late).toEqual(["late"]);
  });

  test("§7 a listener whose pool an earlier one destroyed is not called, and is reported once", () => {
    const reports: string[] = [];
    const bus = new EventBus({ onStale: (info) => void reports.push(info.pool) });
    const pool = bus.createPool("doomed");
    const calls: string[] = [];
    let armed = false;
    for (let i = 0; i < n - 1; i++) bus.register(null, "e", () => void (armed && i === 0 && pool.destroy()));
    bus.register(null, "e", (_data: unknown, value: string) => void calls.push(value), pool.hold("held"));
    const before = compilations;
    for (let i = 0; i < PRIMING_GENERATES; i++) bus.generate("e");
    expect(compilations).toBeGreaterThan(before);
    calls.length = 0;
    armed = true;
    bus.generate("e");
    expect(calls).toEqual([]);
    expect(reports).toEqual(["doomed"]);
    bus.generate("e");
    expect(reports).toEqual(["doomed"]);
  });

  test("§6 a nested generate skips the listener that is running and reaches the others", () => {
    const setup = primedBus(n, (index, bus) => {
      if (index === 0 && setup.calls.length === 1) bus.generate("e");
    });
    expect(setup.compiled).toBe(true);
    setup.arm();
    setup.bus.generate("e");
    const rest = Array.from({ length: n - 1 }, (_, i) => i + 1);
    expect(setup.calls).toEqual([0, ...rest, ...rest]);
  });
});

// Compiled dispatchers store no cursor per listener: a nested generate of the
// same event reads which listener runs from the stack (src/bus/compiled-dispatcher.ts).
// These check that reading on the shapes where it could go wrong, and that
// hosts whose stacks cannot tell get dispatchers that store the cursor.
describe("§6 which listener a compiled dispatcher is calling", () => {
  test.each([2, 7, 40])("§6 a nested generate from listener k of %i skips k, for every k", (n) => {
    for (let k = 0; k < n; k++) {
      let nested = false;
      const setup = primedBus(n, (index, bus) => {
        if (index === k && !nested) {
          nested = true;
          bus.generate("e");
        }
      });
      expect(setup.compiled).toBe(true);
      setup.arm();
      setup.bus.generate("e");
      const all = Array.from({ length: n }, (_, i) => i);
      const inner = all.filter((i) => i !== k);
      expect(setup.calls).toEqual([...all.slice(0, k + 1), ...inner, ...all.slice(k + 1)]);
    }
  });

  test("§6 a nested generate from an onError hook skips no listener, and a later listener's nested generate skips that listener", () => {
    const calls: string[] = [];
    let hookDone = false, inHook = false, laterDone = false;
    const bus = new EventBus({
      onError: () => {
        if (hookDone) return;
        hookDone = true;
        inHook = true;
        bus.generate("e"); // from the hook: every listener of "e" runs, the thrower too
        inHook = false;
      },
    });
    let armed = false;
    bus.register(null, "e", () => void (armed && calls.push("a")));
    bus.register(null, "e", () => {
      if (!armed) return;
      calls.push("thrower");
      if (!hookDone) throw new Error("x");
    });
    bus.register(null, "e", () => {
      if (!armed) return;
      calls.push("later");
      if (!inHook && !laterDone) {
        laterDone = true;
        bus.generate("e"); // after the hook, from the outer dispatch: skips "later" only
      }
    });
    for (let i = 0; i < PRIMING_GENERATES; i++) bus.generate("e");
    armed = true;
    bus.generate("e");
    expect(calls).toEqual(["a", "thrower", "a", "thrower", "later", "later", "a", "thrower"]);
  });

  test("§6 a nested generate through another event's dispatch still finds the running listener", () => {
    const calls: string[] = [];
    let armed = false, nested = false;
    const bus = new EventBus();
    for (const name of ["x0", "x1", "x2"]) {
      bus.register(null, "x", () => {
        if (!armed) return;
        calls.push(name);
        if (name === "x1" && !nested) {
          nested = true;
          bus.generate("y");
        }
      });
    }
    bus.register(null, "y", () => void bus.generate("x"));
    bus.register(null, "y", () => {});
    for (let i = 0; i < PRIMING_GENERATES; i++) {
      bus.generate("x");
      bus.generate("y");
    }
    armed = true;
    bus.generate("x");
    expect(calls).toEqual(["x0", "x1", "x0", "x2", "x2"]);
  });

  // V8 (Node here; Chromium, Deno) tells which line a frame is at: there the
  // probe must find the stack usable, or every compiled dispatcher silently
  // goes back to a cursor store per listener and only a benchmark would notice.
  test("§6 on V8 (Node) compiled dispatchers leave the cursor to the stack: no cursor store per listener", () => {
    const setup = primedBus(5);
    expect(setup.compiled).toBe(true);
    const dispatchers = sources.filter((body) => /^\/\/ dispatcher \d+\n/.test(body) && body.includes("f4(d, u4)"));
    expect(dispatchers).toHaveLength(1);
    expect(dispatchers[0]).toContain("state.cursor = -2;");
    expect(dispatchers[0]).not.toMatch(/state\.cursor = \d+; r = f\d+/);
  });

  test("§6 where the stack cannot tell (no Error.captureStackTrace), compiled dispatchers store the cursor and skip right", () => {
    const out = runNodeJson(`
      delete Error.captureStackTrace;
      const { EventBus } = await import("wasm-events");
      const bus = new EventBus();
      const calls = [];
      let armed = false, nested = false;
      for (let i = 0; i < 5; i++) bus.register(null, "e", () => {
        if (!armed) return;
        calls.push(i);
        if (i === 3 && !nested) { nested = true; bus.generate("e"); }
      });
      for (let i = 0; i < 40; i++) bus.generate("e");
      armed = true;
      bus.generate("e");
      console.log(JSON.stringify({ calls }));
    `);
    expect(out.calls).toEqual([0, 1, 2, 3, 0, 1, 2, 4, 4]);
  });
});
