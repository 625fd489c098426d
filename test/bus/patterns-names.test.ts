// §13 Names only patterns match do not pile up: a unique name per request
// (`user.<n>.login`) keeps the bus's memory bounded (such names are held in
// a bounded cache, evicted oldest first, and matched again when seen again),
// a name being dispatched is never evicted, and names no pattern matches are
// not interned. The heap test collects garbage (--expose-gc set at run time,
// as test/model/retention.test.ts does).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { pattern } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { scavengesDuringRun } from "../helpers/spec-node.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** More names than the cache holds (a few thousand), so eviction must happen. */
const MANY = 12_000;

describe.each(DISPATCH_MODES)("§13 names only patterns match ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§13 unique names matched by a pattern are all dispatched, and the table stops growing", () => {
    const bus = makeBus();
    let calls = 0, last = "";
    bus.register(null, pattern("user.*.login"), (_data, _userData, eventName) => {
      calls++;
      last = eventName;
    });
    for (let n = 0; n < MANY; n++) bus.generate(`user.${n}.login`);
    const bytes = bus.wasmMemoryBytes;
    for (let n = MANY; n < 3 * MANY; n++) bus.generate(`user.${n}.login`);
    expect(calls).toBe(3 * MANY);
    expect(last).toBe(`user.${3 * MANY - 1}.login`);
    expect(bus.wasmMemoryBytes).toBe(bytes);
    // An evicted name is matched again when seen again.
    bus.generate("user.0.login");
    expect(last).toBe("user.0.login");
    expect(bus.listening("user.1.login")).toBe(1);
    expect(bus.dump()).toEqual(["Registered for pattern 'user.*.login':", "  (core)"]);
  });

  test("§13 names no pattern matches are not interned: generating them keeps the table as it is", () => {
    const bus = makeBus();
    bus.register(null, pattern("user.*.login"), () => {});
    bus.generate("warm.up");
    const bytes = bus.wasmMemoryBytes;
    for (let n = 0; n < MANY; n++) bus.generate(`user.${n}.logout`);
    for (let n = 0; n < MANY; n++) bus.generate(`user.${n}.logout`);
    expect(bus.wasmMemoryBytes).toBe(bytes);
    expect(bus.listening("user.1.logout")).toBe(0);
  });

  test("§13 a pattern registered later matches a name remembered as unmatched", () => {
    const bus = makeBus(), seen: string[] = [];
    bus.register(null, pattern("a.*"), () => {});
    bus.generate("b.x"); // unmatched, remembered
    bus.register(null, pattern("b.*"), (_d, _u, name) => void seen.push(name));
    bus.generate("b.x");
    expect(seen).toEqual(["b.x"]);
  });

  test("§13 a name is never evicted while it is being dispatched", () => {
    const bus = makeBus(), calls: string[] = [];
    const m = bus.loadModule("m");
    bus.register(m, pattern("user.*.login"), (_data, _userData, eventName) => {
      if (eventName !== "user.first.login") return;
      calls.push("first");
      for (let n = 0; n < MANY; n++) bus.generate(`user.${n}.login`); // the cache overflows many times over
      calls.push(`listening ${bus.listening("user.first.login")}`);
    });
    bus.register(null, pattern("user.**"), (_data, _userData, eventName) => {
      if (eventName === "user.first.login") calls.push("second");
    });
    bus.generate("user.first.login");
    expect(calls).toEqual(["first", "listening 2", "second"]);
  });

  test("§13 ...nor while a generateAsync of it awaits a listener", async () => {
    const bus = makeBus(), calls: string[] = [];
    const m = bus.loadModule("m");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    bus.register(m, pattern("job.*"), async (_data, _userData, eventName) => {
      if (eventName !== "job.first") return;
      calls.push("first");
      await gate;
    });
    bus.register(null, pattern("job.*"), (_data, _userData, eventName) => {
      if (eventName === "job.first") calls.push("second");
    });
    const done = bus.generateAsync("job.first");
    for (let n = 0; n < MANY; n++) bus.generate(`job.${n}`);
    release();
    await done;
    expect(calls).toEqual(["first", "second"]);
  });

  test("§13 a name registered for exactly, or given an EventRef, stays (only pattern-only names are evicted)", () => {
    const bus = makeBus(), seen: string[] = [];
    bus.register(null, pattern("user.*.login"), (_d, _u, name) => void seen.push(name));
    bus.generate("user.ref.login"); // first a pattern-only name...
    const ref = bus.event("user.ref.login"); // ...then kept
    bus.register(null, "user.exact.login", () => seen.push("exact"));
    for (let n = 0; n < MANY; n++) bus.generate(`user.${n}.login`);
    seen.length = 0;
    ref.generate();
    bus.generate("user.exact.login");
    expect(seen).toEqual(["user.ref.login", "user.exact.login", "exact"]);
    expect(ref.listening()).toBe(1);
  });
});

describe("§13 bounded memory under a unique name per request", () => {
  /** Heap bytes in use after collecting garbage. */
  function heapAfterGc(): number {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  }

  test.each(DISPATCH_MODES)("§13 a million unique names user.<n>.login keep the heap and the table bounded ($mode)", (mode) => {
    const bus = busMaker(mode)();
    let calls = 0;
    bus.register(bus.loadModule("mod_audit"), pattern("user.*.login"), () => void calls++);
    bus.register(null, "user.known.login", () => {}); // an exact name among them
    const generateRange = (from: number, to: number) => {
      for (let n = from; n < to; n++) bus.generate(`user.${n}.login`);
    };
    generateRange(0, 100_000); // past the cache's bound: it evicts from here on
    const heapBefore = heapAfterGc(), tableBefore = bus.wasmMemoryBytes;
    generateRange(100_000, 1_000_000);
    const heapAfter = heapAfterGc();
    expect(calls).toBe(1_000_000);
    expect(bus.wasmMemoryBytes).toBe(tableBefore);
    // 900,000 more names: unbounded interning would hold well over 100 MB
    // (an event state, a list, a slot and a closure each); bounded, the heap
    // moves by noise only.
    expect(heapAfter - heapBefore).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);
});

describe("§9 §13 with patterns, a generate that finds nothing changed allocates nothing on the JS heap", () => {
  // As test/bus/where-things-live.test.ts counts it: young-generation GCs in
  // a fresh process over a million generates. Here of an event whose
  // listeners are pattern and exact ones (the pattern ones get the event
  // name), and of a name no pattern matches (remembered, not interned).
  test.each(DISPATCH_MODES)("§9 §13 a million unchanged generates cause no scavenge ($mode)", (mode) => {
    const script = `
      import { EventBus, pattern } from "wasm-events";
      const bus = new EventBus(${JSON.stringify(mode.options)});
      const m = bus.loadModule("m");
      let sink = 0;
      bus.register(m, pattern("user.*.login"), (d, u, name) => { sink += d + name.length; });
      bus.register(null, pattern("user.**"), (d) => { sink += d; }, 1);
      bus.register(m, "user.7.login", (d) => { sink += d; });
      for (let i = 0; i < 1000; i++) bus.register(null, pattern("other" + i + ".*"), () => {});
      const run = (n) => {
        for (let i = 0; i < n; i++) { bus.generate("user.7.login", 1); bus.generate("user.8.login", 2); bus.generate("nobody.listens", 3); }
      };
    `;
    const { out, scavenges } = scavengesDuringRun(script);
    expect(out).toContain("END");
    expect(scavenges).toBeLessThanOrEqual(1);
  });
});
