// Scale: 10,000 events with several listeners each stay correct (counts and
// order), and 100,000 register/unregister cycles stay correct without growing
// Wasm memory without bound (bounded through `bus.wasmMemoryBytes`).
import { describe, expect, test } from "vitest";
import type { Module, Registration } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

const PAGE = 65_536; // one Wasm page

describe.each(DISPATCH_MODES)("scale ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("10,000 events with 4 listeners each: every generate calls its 4 listeners in dispatch order", () => {
    const EVENTS = 10_000;
    const bus = makeBus();
    const mods = [bus.loadModule("m0"), bus.loadModule("m1"), bus.loadModule("m2")];
    const log: number[] = [];
    const counts = new Uint32Array(EVENTS * 4);
    // Registered in a scrambled order; the expected dispatch order is
    // m2, m1, m0, core (later-loaded modules first, the core last).
    const tags = [/* m0 */ 2, /* m2 */ 0, /* core */ 3, /* m1 */ 1];
    const owners: (Module | null)[] = [mods[0], mods[2], null, mods[1]];
    for (let e = 0; e < EVENTS; e++) {
      for (let k = 0; k < 4; k++) {
        const id = e * 4 + tags[k];
        bus.register(owners[k], `event-${e}`, () => {
          counts[id]++;
          log.push(tags[k]);
        });
      }
    }
    for (let e = 0; e < EVENTS; e++) {
      log.length = 0;
      bus.generate(`event-${e}`);
      if (log.join() !== "0,1,2,3") expect(log, `event-${e}`).toEqual([0, 1, 2, 3]);
    }
    expect(counts.every((c) => c === 1)).toBe(true);
    for (let e = 0; e < EVENTS; e += 997) expect(bus.listening(`event-${e}`)).toBe(4);
    const lines = bus.dump();
    expect(lines).toHaveLength(EVENTS * 5);
    expect(lines.slice(0, 5)).toEqual(["Registered for 'event-0':", "  m2", "  m1", "  m0", "  (core)"]);
    expect(lines.slice(-5)).toEqual([`Registered for 'event-${EVENTS - 1}':`, "  m2", "  m1", "  m0", "  (core)"]);

    // Filtered removal across all of them.
    expect(bus.unregister(mods[1])).toBe(EVENTS);
    counts.fill(0);
    for (let e = 0; e < EVENTS; e++) {
      log.length = 0;
      bus.generate(`event-${e}`);
      if (log.join() !== "0,2,3") expect(log, `event-${e}`).toEqual([0, 2, 3]);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(EVENTS * 3);
    expect(bus.unregister()).toBe(EVENTS * 3);
    expect(bus.listening("event-0")).toBe(0);
  });

  test("10,000 events through EventRefs give the same counts", () => {
    const EVENTS = 10_000;
    const bus = makeBus();
    const m = bus.loadModule("m");
    const counts = new Uint32Array(EVENTS);
    for (let e = 0; e < EVENTS; e++) {
      for (let k = 0; k < 3; k++) bus.register(k === 2 ? null : m, `ref-${e}`, () => counts[e]++);
    }
    const refs = Array.from({ length: EVENTS }, (_, e) => bus.event(`ref-${e}`));
    for (const ref of refs) ref.generate();
    for (const ref of refs) ref.generate();
    expect(counts.every((c) => c === 6)).toBe(true);
    expect(refs.every((ref) => ref.listening() === 3)).toBe(true);
  });

  test("one event with 10,000 listeners calls each once, in order", () => {
    const N = 10_000;
    const bus = makeBus();
    const m = bus.loadModule("m");
    const seen: number[] = [];
    // Module listeners run newest first, then core ones oldest first.
    for (let i = 0; i < N / 2; i++) bus.register(m, "wide", () => seen.push(i));
    for (let i = N / 2; i < N; i++) bus.register(null, "wide", () => seen.push(i));
    bus.generate("wide");
    const expected = [
      ...Array.from({ length: N / 2 }, (_, k) => N / 2 - 1 - k),
      ...Array.from({ length: N / 2 }, (_, k) => N / 2 + k),
    ];
    expect(seen).toEqual(expected);
    expect(bus.listening("wide")).toBe(N);
  });

  test("100,000 register/unregister cycles stay correct and keep Wasm memory bounded", () => {
    const CYCLES = 100_000;
    const bus = makeBus();
    const mods = [bus.loadModule("m0"), bus.loadModule("m1")];
    const baseline: string[] = [];
    // Standing listeners the churn must never disturb.
    for (let e = 0; e < 8; e++) {
      bus.register(mods[e % 2], `churn-${e}`, () => baseline.push(`m${e % 2}:${e}`));
      bus.register(null, `churn-${e}`, () => baseline.push(`core:${e}`));
    }
    const dumpBefore = bus.dump();
    const listeners = Array.from({ length: 16 }, (_, k) => () => {
      calledChurn = k;
    });
    let calledChurn = -1;
    let memoryAfterWarmUp = 0;

    for (let i = 0; i < CYCLES; i++) {
      const event = `churn-${i % 8}`;
      const listener = listeners[i % 16];
      const module = i % 3 === 2 ? null : mods[i % 2];
      const reg: Registration = bus.register(module, event, listener, i);
      // Four ways to remove, in turn.
      switch (i % 4) {
        case 0:
          expect(reg.unregister()).toBe(true);
          break;
        case 1:
          if (bus.unregister(module, event, listener) !== 1) expect.unreachable(`cycle ${i}: filtered unregister`);
          break;
        case 2:
          if (bus.unregister(null, null, listener) !== 1) expect.unreachable(`cycle ${i}: listener unregister`);
          break;
        case 3:
          reg[Symbol.dispose]();
          break;
      }
      if (reg.active) expect.unreachable(`cycle ${i}: still active`);
      if (i % 1_000 === 999) {
        // Every so often, check dispatch: only the standing listeners run.
        calledChurn = -1;
        baseline.length = 0;
        bus.generate(event);
        expect(calledChurn).toBe(-1);
        expect(baseline).toHaveLength(2);
      }
      if (i === 1_000) memoryAfterWarmUp = bus.wasmMemoryBytes;
    }
    expect(bus.dump()).toEqual(dumpBefore);
    for (let e = 0; e < 8; e++) expect(bus.listening(`churn-${e}`)).toBe(2);
    // Freed slots and entries are reused: no growth after warm-up beyond one
    // page of allocator slack, and small in absolute terms.
    expect(bus.wasmMemoryBytes).toBeLessThanOrEqual(memoryAfterWarmUp + PAGE);
    expect(bus.wasmMemoryBytes).toBeLessThanOrEqual(16 * PAGE);
  });

  test("100,000 once registrations generated away stay correct and keep memory bounded", () => {
    const bus = makeBus();
    let calls = 0;
    const listener = () => {
      calls++;
    };
    let memoryAfterWarmUp = 0;
    for (let i = 0; i < 100_000; i++) {
      bus.register(null, "once-churn", listener, undefined, { once: true });
      bus.generate("once-churn");
      if (i === 1_000) memoryAfterWarmUp = bus.wasmMemoryBytes;
    }
    expect(calls).toBe(100_000);
    expect(bus.listening("once-churn")).toBe(0);
    expect(bus.wasmMemoryBytes).toBeLessThanOrEqual(memoryAfterWarmUp + PAGE);
  });

  test("one unregister of more registrations than the table frees per call removes them all, and only them", () => {
    // The Wasm lists at most 512 freed slots per call (assembly/bus/freed.ts);
    // a larger removal goes on in further calls before unregister returns.
    const bus = makeBus();
    const m = bus.loadModule("m");
    let coreCalls = 0, moduleCalls = 0;
    for (let i = 0; i < 3_000; i++) {
      bus.register(m, `batch-${i % 7}`, () => moduleCalls++);
      bus.register(null, `batch-${i % 7}`, () => coreCalls++);
    }
    expect(bus.unregister(m)).toBe(3_000);
    for (let e = 0; e < 7; e++) bus.generate(`batch-${e}`);
    expect([moduleCalls, coreCalls]).toEqual([0, 3_000]);
    const onBatch3 = Array.from({ length: 3_000 }, (_, i) => i % 7).filter((e) => e === 3).length; // 429
    expect(bus.unregister(null, "batch-3")).toBe(onBatch3);
    expect(bus.unregister()).toBe(3_000 - onBatch3);
    expect(bus.dump().filter((line) => line.startsWith("  "))).toEqual([]);
  });

  test("user data handles of slots far apart: a slot reused without user data is never stale", () => {
    // Handles live in a side table by slot, made per range of 1,024 slots on
    // first use (assembly/bus/state.ts): slots past the first range, and a
    // slot whose earlier registration held a handle, must each read their own.
    const stale: string[] = [];
    const bus = makeBus({ onStale: (info) => stale.push(info.event) });
    const plain = Array.from({ length: 2_500 }, (_, i) => bus.register(null, `plain-${i}`, () => {}));
    const pool = bus.createPool("p");
    const held = bus.register(null, "held", () => {}, pool.hold(1)); // slot 2,500: the third range
    expect(bus.listening("held")).toBe(1); // in the table now, not only in the pending log
    plain[10].unregister();
    held.unregister();
    // The next registrations take the freed slots (2,500, then 10).
    let reused = 0;
    const again = bus.register(null, "reused", () => reused++);
    const handled = bus.register(null, "handled", () => {}, pool.hold(2));
    pool.destroy();
    bus.generate("reused");
    bus.generate("handled");
    expect(reused).toBe(1);
    expect(again.active).toBe(true);
    expect(handled.active).toBe(false);
    expect(stale).toEqual(["handled"]);
    expect(plain.filter((r) => r.active)).toHaveLength(2_499);
  });

  test("waves of 10,000 live registrations, removed and re-added 10 times, reuse the same memory", () => {
    const bus = makeBus();
    const m = bus.loadModule("m");
    const fns = Array.from({ length: 10_000 }, () => () => {});
    const sizes: number[] = [];
    for (let wave = 0; wave < 10; wave++) {
      for (let i = 0; i < fns.length; i++) bus.register(i % 2 ? m : null, `wave-${i % 100}`, fns[i]);
      expect(bus.listening("wave-0")).toBe(100);
      sizes.push(bus.wasmMemoryBytes);
      expect(wave % 2 ? bus.unregister() : bus.unregister(m) + bus.unregister(null)).toBe(fns.length);
    }
    // The first wave sets the high-water mark; the others fit in it.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(sizes[0] + PAGE);
  });

  test("100,000 handles held and destroyed across 1,000 pools reuse handle memory", () => {
    const bus = makeBus({ onStale: () => {} });
    let memoryAfterWarmUp = 0;
    let n = 0;
    const listener = () => {
      n++;
    };
    for (let round = 0; round < 1_000; round++) {
      const pool = bus.createPool(`round-${round}`);
      for (let i = 0; i < 99; i++) pool.hold(i);
      bus.register(null, "pooled", listener, pool.hold(round)); // replaces the stale one silently
      bus.generate("pooled");
      pool.destroy();
      if (round === 10) memoryAfterWarmUp = bus.wasmMemoryBytes;
    }
    expect(n).toBe(1_000);
    expect(bus.listening("pooled")).toBe(0);
    expect(bus.wasmMemoryBytes).toBeLessThanOrEqual(memoryAfterWarmUp + PAGE);
  });

  test("20,000 restarts, re-registering with fresh user data each generation, keep memory bounded", () => {
    const bus = makeBus({ onStale: () => {} });
    const m = bus.loadModule("mod_sql");
    const seen: unknown[] = [];
    const onCmd = (_d: unknown, u: unknown) => {
      seen[0] = u;
    };
    let memoryAfterWarmUp = 0;
    for (let gen = 0; gen < 20_000; gen++) {
      bus.register(m, "cmd", onCmd, bus.createPool("cfg").hold(gen));
      bus.generate("cmd");
      if (seen[0] !== gen) expect(seen[0]).toBe(gen);
      bus.restart();
      if (gen === 100) memoryAfterWarmUp = bus.wasmMemoryBytes;
    }
    expect(bus.generation).toBe(20_000);
    expect(bus.wasmMemoryBytes).toBeLessThanOrEqual(memoryAfterWarmUp + PAGE);
  });
});
