// §2 Package: how a bus is made (sync and async) and that buses are
// independent of each other.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { callLog } from "../helpers/spec-assert.js";
import { runNodeJson } from "../helpers/spec-node.js";
import { TEST_BACKEND } from "../helpers/backend.js";

/**
 * Runs `body` in a fresh Node process (so no Wasm module is compiled yet)
 * with compilations of the table's module counted, synchronous
 * (WebAssembly.Module) and asynchronous (WebAssembly.compile); returns its
 * JSON. Only modules exporting applyPending count: Node compiles Wasm of
 * its own (undici's llhttp) on first use of fetch globals.
 */
function inFreshProcess(body: string): Record<string, unknown> {
  const source = `
    const counts = { syncCompiles: 0, asyncCompiles: 0 };
    const SyncModule = WebAssembly.Module, compile = WebAssembly.compile;
    const isTable = (m) => SyncModule.exports(m).some((e) => e.name === "applyPending");
    WebAssembly.Module = new Proxy(SyncModule, {
      construct(target, args, newTarget) {
        const m = Reflect.construct(target, args, newTarget);
        if (isTable(m)) counts.syncCompiles++;
        return m;
      },
    });
    WebAssembly.compile = (...args) => compile(...args).then((m) => { if (isTable(m)) counts.asyncCompiles++; return m; });
    const { EventBus } = await import("wasm-events");
    ${body}
  `;
  return runNodeJson(source);
}

describe("§2 Package", () => {
  test("§2 the package exports EventBus and EventsError by name", () => {
    expect(typeof EventBus).toBe("function");
    expect(typeof EventsError).toBe("function");
    expect(new EventsError("EINVAL", "x")).toBeInstanceOf(Error);
  });

  test("§2 package.json: ES module 'wasm-events' with declarations, Node >= 20.19, no runtime dependency beyond the loader", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      name: string; type: string; engines: { node: string }; dependencies?: Record<string, string>;
      sideEffects: boolean; exports: Record<string, Record<string, Record<string, string>> | string>;
    };
    expect(pkg.name).toBe("wasm-events");
    expect(pkg.type).toBe("module");
    expect(pkg.engines.node).toBe(">=20.19");
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(["@assemblyscript/loader"]);
    // Every entry (scripts/package-entries.mjs ENTRIES) has the same shape:
    // import and require conditions, `types` first in each, files that exist.
    for (const [subpath, conditions] of Object.entries(pkg.exports)) {
      if (subpath === "./package.json") continue;
      expect(Object.keys(conditions), subpath).toEqual(["import", "require"]);
      for (const [kind, target] of Object.entries(conditions as Record<string, Record<string, string>>)) {
        expect(Object.keys(target), `${subpath} ${kind}`).toEqual(["types", "default"]);
        expect(target.types).toMatch(kind === "import" ? /\.d\.ts$/ : /\.d\.cts$/);
        expect(target.default).toMatch(kind === "import" ? /\.js$/ : /\.cjs$/);
        for (const file of Object.values(target)) expect(existsSync(new URL(`../../${file}`, import.meta.url)), file).toBe(true);
      }
    }
  });

  test("§2 the exports map and scripts/entries.json name the same entries", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      exports: Record<string, { import: { default: string } } | string>;
    };
    const entries = JSON.parse(readFileSync(new URL("../../scripts/entries.json", import.meta.url), "utf8")) as unknown;
    const fromExports = Object.entries(pkg.exports)
      .filter(([subpath]) => subpath !== "./package.json")
      .map(([subpath, c]) => ({ subpath, name: (c as { import: { default: string } }).import.default.replace(/^\.\/dist\/(.*)\.js$/, "$1") }));
    expect(fromExports).toEqual((entries as { subpath: string; name: string }[]).map(({ subpath, name }) => ({ subpath, name })));
  });

  test("§2 every subpath also resolves under TypeScript's node10 resolution (typesVersions), as attw checks", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      exports: Record<string, { import: { types: string } } | string>;
      typesVersions: Record<string, Record<string, string[]>>;
    };
    const subpaths = Object.entries(pkg.exports).filter(([subpath]) => subpath !== "." && subpath !== "./package.json");
    expect(Object.keys(pkg.typesVersions["*"]).sort()).toEqual(subpaths.map(([subpath]) => subpath.slice(2)).sort());
    for (const [subpath, c] of subpaths) {
      expect(pkg.typesVersions["*"][subpath.slice(2)]).toEqual([(c as { import: { types: string } }).import.types]);
    }
  });

  test("§2 require('wasm-events') is the same module as import: one EventBus class, one EventsError", () => {
    const out = runNodeJson(`
      import { createRequire } from "node:module";
      const required = createRequire(process.cwd() + "/")("wasm-events");
      const imported = await import("wasm-events");
      console.log(JSON.stringify({
        same: required.EventBus === imported.EventBus && required.EventsError === imported.EventsError,
        names: Object.keys(required).filter((k) => k !== "__esModule" && k !== "module.exports").sort(),
      }));
    `);
    expect(out).toEqual({ same: true, names: ["EventBus", "EventEmitter", "EventsError", "emitterTableStats", "pattern", "setEmitterCodegen"] });
  });

  test("§2 new EventBus() is synchronous and ready to use", () => {
    const bus = new EventBus();
    const { calls, record } = callLog();
    bus.register(null, "ready", record("core"));
    bus.generate("ready");
    expect(calls).toEqual(["core"]);
  });

  test("§2 new EventBus() without options and with an empty options object", () => {
    for (const bus of [new EventBus(), new EventBus({})]) {
      expect(bus.generation).toBe(0);
      expect(bus.dump()).toEqual(["No events registered"]);
    }
  });

  test("§2 EventBus.create() returns a promise of a ready bus", async () => {
    const pending = EventBus.create();
    expect(pending).toBeInstanceOf(Promise);
    const bus = await pending;
    expect(bus).toBeInstanceOf(EventBus);
    const { calls, record } = callLog();
    bus.register(bus.loadModule("mod_a"), "ready", record("mod_a"));
    bus.generate("ready");
    expect(calls).toEqual(["mod_a"]);
  });

  test("§2 EventBus.create(options) applies the options", async () => {
    const seen: unknown[] = [];
    const bus = await EventBus.create({ maxDepth: 1, onError: (error) => seen.push(error) });
    const boom = new Error("boom");
    bus.register(null, "e", () => {
      throw boom;
    });
    expect(() => bus.generate("e")).not.toThrow();
    expect(seen).toEqual([boom]);
    // maxDepth 1: a nested generate that reaches a listener is ELOOP.
    bus.register(null, "outer", () => bus.generate("inner"));
    bus.register(null, "inner", () => {});
    bus.generate("outer");
    expect(seen).toHaveLength(2);
    expect((seen[1] as EventsError).code).toBe("ELOOP");
  });

  test("§2 several concurrent EventBus.create() calls all resolve to working buses", async () => {
    const buses = await Promise.all([EventBus.create(), EventBus.create(), EventBus.create()]);
    buses.forEach((bus, i) => {
      let got: unknown;
      bus.register(null, "e", (data) => {
        got = data;
      });
      bus.generate("e", i);
      expect(got).toBe(i);
    });
  });

  test("§2 sync and async buses can be mixed in one process", async () => {
    const a = new EventBus();
    const b = await EventBus.create();
    const c = new EventBus();
    for (const bus of [a, b, c]) {
      let n = 0;
      bus.register(null, "e", () => n++);
      bus.generate("e");
      expect(n).toBe(1);
    }
  });

  test("§2 the Wasm module is compiled once per process and shared by every bus (sync first)", () => {
    const out = inFreshProcess(`
      const buses = [new EventBus(), new EventBus(), await EventBus.create(), new EventBus()];
      let ok = 0;
      for (const bus of buses) { bus.register(null, "e", () => ok++); bus.generate("e"); }
      console.log(JSON.stringify({ ...counts, ok, backends: [...new Set(buses.map((bus) => bus.backend))] }));
    `);
    // Where the host refuses the table's Wasm (the "js" run), nothing compiles and every bus is on JS.
    if (TEST_BACKEND === "wasm") expect(out).toEqual({ syncCompiles: 1, asyncCompiles: 0, ok: 4, backends: ["wasm"] });
    else expect(out).toEqual({ syncCompiles: 0, asyncCompiles: 0, ok: 4, backends: ["js"] });
  });

  test("§2 EventBus.create() compiles asynchronously, and later buses reuse that module", () => {
    const out = inFreshProcess(`
      const [a, b] = await Promise.all([EventBus.create(), EventBus.create()]);
      const c = new EventBus();
      let ok = 0;
      for (const bus of [a, b, c]) { bus.register(null, "e", () => ok++); bus.generate("e"); }
      console.log(JSON.stringify({ ...counts, ok, backends: [...new Set([a, b, c].map((bus) => bus.backend))] }));
    `);
    if (TEST_BACKEND === "wasm") expect(out).toEqual({ syncCompiles: 0, asyncCompiles: 1, ok: 3, backends: ["wasm"] });
    else expect(out).toEqual({ syncCompiles: 0, asyncCompiles: 0, ok: 3, backends: ["js"] });
  });

  describe("§2 buses are fully independent of each other", () => {
    test("§2 a listener on one bus is not called by a generate on another", () => {
      const a = new EventBus(), b = new EventBus();
      const { calls, record } = callLog();
      a.register(null, "e", record("a"));
      b.generate("e");
      expect(calls).toEqual([]);
      expect(a.listening("e")).toBe(1);
      expect(b.listening("e")).toBe(0);
      expect(b.dump()).toEqual(["No events registered"]);
    });

    test("§2 the same listener can be registered for the same event on two buses", () => {
      const a = new EventBus(), b = new EventBus();
      let n = 0;
      const listener = () => {
        n++;
      };
      a.register(null, "e", listener);
      expect(() => b.register(null, "e", listener)).not.toThrow();
      a.generate("e");
      b.generate("e");
      expect(n).toBe(2);
    });

    test("§2 module names and load orders are per bus", () => {
      const a = new EventBus(), b = new EventBus();
      a.loadModule("mod_x");
      const ay = a.loadModule("mod_y");
      const by = b.loadModule("mod_y");
      expect(ay.loadOrder).toBe(1);
      expect(by.loadOrder).toBe(0);
      expect(() => b.loadModule("mod_x")).not.toThrow();
    });

    test("§2 unregister() on one bus leaves the other's listeners alone", () => {
      const a = new EventBus(), b = new EventBus();
      a.register(null, "e", () => {});
      b.register(null, "e", () => {});
      expect(a.unregister()).toBe(1);
      expect(b.listening("e")).toBe(1);
    });

    test("§2 restart() of one bus leaves the other's pools and generation alone", () => {
      const a = new EventBus(), b = new EventBus();
      const poolB = b.createPool("b-pool");
      const held = poolB.hold({ v: 1 });
      let restarts = 0;
      b.register(null, "core.restart", () => restarts++);
      a.restart();
      expect(a.generation).toBe(1);
      expect(b.generation).toBe(0);
      expect(poolB.destroyed).toBe(false);
      expect(held.stale).toBe(false);
      expect(held.value).toEqual({ v: 1 });
      expect(restarts).toBe(0);
    });

    test("§2 error hooks and maxDepth are per bus", () => {
      const seenA: unknown[] = [];
      const a = new EventBus({ onError: (e) => seenA.push(e) });
      const b = new EventBus();
      const boom = new Error("b");
      b.register(null, "e", () => {
        throw boom;
      });
      expect(() => b.generate("e")).toThrow(boom);
      expect(seenA).toEqual([]);
    });

    test("§2 a nested generate on another bus does not count towards this bus's depth", () => {
      const a = new EventBus({ maxDepth: 1 }), b = new EventBus({ maxDepth: 1 });
      const { calls, record } = callLog();
      a.register(null, "e", () => b.generate("e"));
      b.register(null, "e", record("b"));
      a.generate("e");
      expect(calls).toEqual(["b"]);
    });

    test("§2 many buses in one process each work on their own", () => {
      const buses = Array.from({ length: 50 }, () => new EventBus());
      const counts = buses.map(() => 0);
      buses.forEach((bus, i) => bus.register(null, "tick", () => counts[i]++));
      buses.forEach((bus, i) => {
        for (let k = 0; k <= i % 3; k++) bus.generate("tick");
      });
      expect(counts).toEqual(buses.map((_, i) => (i % 3) + 1));
    });
  });
});
