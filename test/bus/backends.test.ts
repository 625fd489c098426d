// §9: "Works where WebAssembly itself is missing or refused: the same
// table, compiled at build time from the same assembly/ source to JavaScript,
// takes over automatically with the same behaviour." The `backend` option,
// the automatic fallback (sync and async), and memory growth on the JS
// backend. The rest of the suite runs on both backends (vitest.config.ts).
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { TEST_BACKEND } from "../helpers/backend.js";
import { runNodeJson } from "../helpers/spec-node.js";

/** A scenario every backend must run the same: order, removal during dispatch, restart, stale report. */
function scenario(bus: EventBus): { calls: string[]; stale: string[]; dump: string[] } {
  const calls: string[] = [];
  const stale: string[] = [];
  const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
  const pool = bus.createPool("session");
  const late = () => calls.push("a-late");
  bus.register(a, "e", late);
  bus.register(a, "e", () => {
    calls.push("a-first");
  });
  bus.register(b, "e", () => {
    calls.push("b");
    bus.unregister(a, "e", late); // §6: removed mid-dispatch, not called afterwards
  });
  bus.register(null, "e", (_data, held: { id: number }) => calls.push(`core-${held.id}`), pool.hold({ id: 7 }));
  bus.generate("e");
  bus.restart();
  bus.generate("e");
  return { calls, stale, dump: bus.dump() };
}

describe("§9 table backends", () => {
  test(`§9 this run's buses are on the ${TEST_BACKEND} backend, sync and async`, async () => {
    expect(new EventBus().backend).toBe(TEST_BACKEND);
    expect((await EventBus.create()).backend).toBe(TEST_BACKEND);
  });

  test("§9 backend: 'js' forces the JavaScript build, sync and async", async () => {
    expect(new EventBus({ backend: "js" }).backend).toBe("js");
    expect((await EventBus.create({ backend: "js" })).backend).toBe("js");
  });

  test("§9 both backends behave the same on one scenario (order, mid-dispatch removal, restart, stale report)", () => {
    const results = (["js", undefined] as const).map((backend) => {
      const stale: string[] = [];
      const bus = new EventBus({ backend, onStale: (info) => stale.push(`${info.module}:${info.pool}`) });
      return { ...scenario(bus), stale };
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual({
      calls: ["b", "a-first", "core-7", "b", "a-first"],
      stale: ["null:session"],
      dump: ["Registered for 'e':", "  mod_b", "  mod_a"],
    });
  });

  if (TEST_BACKEND === "wasm") {
    test("§9 backend: 'wasm' forces WebAssembly where the host allows it", async () => {
      expect(new EventBus({ backend: "wasm" }).backend).toBe("wasm");
      expect((await EventBus.create({ backend: "wasm" })).backend).toBe("wasm");
    });
  } else {
    test("§9 backend: 'wasm' where the host refuses it throws the host's CompileError, sync and async", async () => {
      expect(() => new EventBus({ backend: "wasm" })).toThrow(WebAssembly.CompileError);
      await expect(EventBus.create({ backend: "wasm" })).rejects.toThrow(WebAssembly.CompileError);
    });
  }

  test("§8 an unknown backend is EINVAL, sync and async, and makes no bus", async () => {
    for (const backend of ["WASM", "", 1, null]) {
      const options = { backend } as unknown as { backend: "js" };
      expect(() => new EventBus(options)).toThrow(EventsError);
      expect(() => new EventBus(options)).toThrow(/backend/);
      await expect(EventBus.create(options)).rejects.toMatchObject({ code: "EINVAL" });
    }
  });

  test("§9 JS backend: memory growth between generates; a pre-interned event still sees every later change", () => {
    const bus = new EventBus({ backend: "js" });
    const ref = bus.event("e");
    const calls: string[] = [];
    const a = () => calls.push("a");
    bus.register(null, "e", a);
    bus.register(null, "e", () => calls.push("b"));
    const start = bus.wasmMemoryBytes;
    // Each generate rebuilds e's cache on the current view; then one more
    // registration elsewhere, until one of them grows the memory.
    for (let i = 0; bus.wasmMemoryBytes === start; i++) {
      ref.generate();
      bus.register(null, `other-${i}`, () => {});
    }
    expect(bus.wasmMemoryBytes).toBeGreaterThan(start);
    // A change after the growth is only in the new memory: the cache built
    // on the old one must notice it.
    bus.unregister(null, "e", a);
    calls.length = 0;
    ref.generate();
    expect(calls).toEqual(["b"]);
    bus.register(null, "e", a);
    calls.length = 0;
    ref.generate();
    expect(calls).toEqual(["b", "a"]);
  });

  test("§9 two JS-backend buses have independent memories (wasm2js state is per instance)", () => {
    const x = new EventBus({ backend: "js" }), y = new EventBus({ backend: "js" });
    const calls: string[] = [];
    for (let i = 0; i < 2000; i++) x.register(null, `x-${i % 40}`, () => calls.push(`x${i}`));
    y.register(null, "x-0", () => calls.push("y"));
    expect(x.wasmMemoryBytes).toBeGreaterThan(y.wasmMemoryBytes);
    y.generate("x-0");
    expect(calls).toEqual(["y"]);
    calls.length = 0;
    x.generate("x-1");
    expect(calls).toHaveLength(50);
    expect(x.listening("x-0")).toBe(50);
    expect(y.listening("x-0")).toBe(1);
  });
});

describe("§9 automatic fallback in a fresh process", () => {
  const body = `
    const { EventBus } = await import("wasm-events");
    const log = [];
    const onStale = (info) => log.push("stale " + info.pool);
    const buses = [new EventBus({ onStale }), await EventBus.create({ onStale })];
    for (const bus of buses) {
      const pool = bus.createPool("p");
      bus.register(null, "e", (data, held) => log.push(data + held), pool.hold("!"));
      bus.generate("e", "hi");
      bus.restart();
      bus.generate("e", "again");
    }
    console.log(JSON.stringify({ backends: buses.map((bus) => bus.backend), log, compiles }));
  `;
  const expected = { backends: ["js", "js"], log: ["hi!", "stale p", "hi!", "stale p"] };

  test("§9 no WebAssembly at all (node --jitless): the JS backend takes over, sync and async", () => {
    const out = runNodeJson(`const compiles = typeof WebAssembly; ${body}`, ["--jitless"]);
    expect(out).toEqual({ ...expected, compiles: "undefined" });
  });

  test("§9 compilation refused with an EvalError (as WebKit does under a CSP): JS backend; Wasm is asked once", () => {
    const out = runNodeJson(`
      let compiles = 0;
      WebAssembly.Module = function () { compiles++; throw new EvalError("Refused to create a WebAssembly object"); };
      WebAssembly.compile = async () => { compiles++; throw new EvalError("Refused to create a WebAssembly object"); };
      ${body}
    `);
    // The refusal is remembered: later buses do not ask again (a browser files a CSP report per attempt).
    expect(out).toEqual({ ...expected, compiles: 1 });
  });

  test("§9 an error that is not a refusal is not hidden by the fallback", () => {
    const out = runNodeJson(`
      WebAssembly.Module = function () { throw new RangeError("out of memory"); };
      const { EventBus } = await import("wasm-events");
      let error;
      try { new EventBus(); } catch (e) { error = e.name + ": " + e.message; }
      console.log(JSON.stringify({ error, js: new EventBus({ backend: "js" }).backend }));
    `);
    expect(out).toEqual({ error: "RangeError: out of memory", js: "js" });
  });
});
