// §9 Where things live, as far as a user can observe it: dispatch stays
// right across Wasm memory growth (views refreshed after every mutating
// call), works where code generation is
// forbidden, and a generate that finds nothing changed allocates nothing.
import { describe, expect, test } from "vitest";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { runNodeJson, runNodeScript, scavengesDuringRun } from "../helpers/spec-node.js";

describe.each(DISPATCH_MODES)("§9 Wasm memory growth ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§9 memory grown between two generates: every listener still runs, in order", () => {
    const bus = makeBus();
    const calls: number[] = [];
    const mods = Array.from({ length: 4 }, (_, i) => bus.loadModule(`m${i}`));
    for (let i = 0; i < 12; i++) bus.register(mods[i % 4], "hot", () => calls.push(i));
    bus.register(null, "hot", () => calls.push(-1));
    bus.generate("hot");
    const expected = [...calls];
    expect(expected).toHaveLength(13);

    const before = bus.wasmMemoryBytes;
    // 50,000 registrations on other events grow the table's memory.
    for (let i = 0; i < 50_000; i++) bus.register(mods[i % 4], `cold-${i % 5_000}`, () => {});
    expect(bus.wasmMemoryBytes).toBeGreaterThan(before);

    calls.length = 0;
    bus.generate("hot");
    expect(calls).toEqual(expected);
    expect(bus.listening("hot")).toBe(13);
  });

  test("§9 memory grown by a listener during a dispatch: the rest of the dispatch still runs", () => {
    const bus = makeBus();
    const calls: string[] = [];
    const before = bus.wasmMemoryBytes;
    bus.register(null, "hot", () => calls.push("before"));
    bus.register(null, "hot", () => {
      calls.push("grower");
      for (let i = 0; i < 30_000; i++) bus.register(null, `cold-${i}`, () => {});
    });
    bus.register(null, "hot", () => calls.push("after-1"));
    bus.register(null, "hot", () => calls.push("after-2"));
    bus.generate("hot");
    expect(bus.wasmMemoryBytes).toBeGreaterThan(before);
    expect(calls).toEqual(["before", "grower", "after-1", "after-2"]);
  });

  test("§9 memory grown by pool.hold during a dispatch: the rest of the dispatch still runs", () => {
    const bus = makeBus();
    const calls: string[] = [];
    const pool = bus.createPool("many");
    const before = bus.wasmMemoryBytes;
    bus.register(null, "hot", () => {
      calls.push("holder");
      for (let i = 0; i < 100_000; i++) pool.hold(i);
    });
    bus.register(null, "hot", () => calls.push("after"), bus.permanentPool.hold("ud"));
    bus.generate("hot");
    expect(bus.wasmMemoryBytes).toBeGreaterThan(before);
    expect(calls).toEqual(["holder", "after"]);
    calls.length = 0;
    bus.generate("hot");
    expect(calls).toEqual(["holder", "after"]);
  });

  test("§9 a nested generate after memory growth sees the new listeners and skips the running one", () => {
    const bus = makeBus();
    const calls: string[] = [];
    let grown = false;
    bus.register(null, "hot", () => {
      calls.push("grower");
      if (grown) return;
      grown = true;
      for (let i = 0; i < 20_000; i++) bus.register(null, `cold-${i}`, () => {});
      bus.register(null, "hot", () => calls.push("added"));
      bus.generate("hot");
    });
    bus.generate("hot");
    expect(calls).toEqual(["grower", "added"]);
  });

  test("§9 stale detection survives memory growth", () => {
    const reports: string[] = [];
    const bus = makeBus({ onStale: (info) => reports.push(info.pool) });
    const pool = bus.createPool("short");
    const calls: string[] = [];
    bus.register(null, "hot", () => calls.push("stale"), pool.hold(1));
    bus.register(null, "hot", () => calls.push("live"));
    bus.generate("hot");
    pool.destroy();
    for (let i = 0; i < 40_000; i++) bus.register(null, `cold-${i}`, () => {});
    calls.length = 0;
    bus.generate("hot");
    expect(calls).toEqual(["live"]);
    expect(reports).toEqual(["short"]);
  });
});

describe("§9 works where eval is forbidden", () => {
  test("§9 with code generation from strings disallowed, the bus falls back to the loop automatically", () => {
    const script = `
      import { EventBus } from "wasm-events";
      let evalWorks = true;
      try { new Function("return 1"); } catch { evalWorks = false; }
      const bus = new EventBus();
      const calls = [];
      const a = bus.loadModule("a"), b = bus.loadModule("b");
      bus.register(null, "e", () => calls.push("core"));
      bus.register(a, "e", () => calls.push("a"));
      bus.register(b, "e", (d, u) => calls.push("b:" + d + ":" + u), "ud");
      for (let i = 0; i < 3; i++) bus.generate("e", i);
      const ref = bus.event("e");
      ref.generate("ref");
      console.log(JSON.stringify({ evalWorks, calls, listening: ref.listening() }));
    `;
    const out = runNodeJson(script, ["--disallow-code-generation-from-strings"]);
    expect(out.evalWorks).toBe(false); // the flag really forbids it
    expect(out.calls).toEqual([
      "b:0:ud", "a", "core",
      "b:1:ud", "a", "core",
      "b:2:ud", "a", "core",
      "b:ref:ud", "a", "core",
    ]);
    expect(out.listening).toBe(3);
  });
});

describe("§9 a generate that finds nothing changed allocates nothing on the JS heap", () => {
  // Counted as young-generation GCs (scavenges) in a fresh process: a
  // million generates that allocated even 8 bytes each would fill the
  // young generation many times over. Not a timing measurement.
  test.each(DISPATCH_MODES)("§9 a million unchanged generates cause no scavenge ($mode)", (mode) => {
    const script = `
      import { EventBus } from "wasm-events";
      const bus = new EventBus(${JSON.stringify(mode.options)});
      const m = bus.loadModule("m");
      let sink = 0;
      for (let i = 0; i < 4; i++) bus.register(m, "e", (d) => { sink += d; });
      bus.register(null, "e", (d, u) => { sink += u; }, 1);
      const ref = bus.event("e");
      const run = (n) => { for (let i = 0; i < n; i++) { bus.generate("e", 1); ref.generate(2); } };
    `;
    const { out, scavenges } = scavengesDuringRun(script);
    expect(out).toContain("END");
    expect(scavenges).toBeLessThanOrEqual(1);
  });
});
