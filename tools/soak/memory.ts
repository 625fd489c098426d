// The memory soak (`npm run soak -- --memory`): 10,000,000 register/unregister
// cycles, then 1,000,000 live registrations across 100,000 events, twice, and
// 1,000,000 pool generations reusing handle slots. Reports Wasm memory and JS
// heap before, at peak and after, and fails if memory does not come back
// within the bounds stated below. `--scale F` shrinks every count by F.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BusLike, PoolLike, UserDataLike } from "../../test/model/api.js";
import type { LibraryExports } from "../../test/model/property.js";
import type { SoakArgs } from "./args.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const MiB = 1024 * 1024;
/** JS heap may differ from the start by this much after everything is unregistered (GC noise). */
const HEAP_SLACK = 4 * MiB;
/** Interning is forever (names stay mapped to ids, each with its dispatch cache): a bound per event name. */
const HEAP_PER_INTERNED_EVENT = 1024;

interface Sample {
  label: string;
  wasm: number;
  heap: number;
}

type MemoryBus = BusLike & { readonly wasmMemoryBytes?: number };

function sample(bus: MemoryBus, label: string): Sample {
  gc();
  gc();
  return { label, wasm: bus.wasmMemoryBytes ?? Number.NaN, heap: process.memoryUsage().heapUsed };
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;

class Checks {
  failures = 0;
  check(ok: boolean, what: string): void {
    console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
    if (!ok) this.failures++;
  }
}

function report(samples: readonly Sample[]): void {
  console.log("  | phase | Wasm memory | JS heap used |");
  console.log("  |---|---:|---:|");
  for (const s of samples) console.log(`  | ${s.label} | ${mib(s.wasm)} | ${mib(s.heap)} |`);
}

const noop = () => {};

/** Register/unregister cycles in every form: by registration, by filter, once, module, handle, stale sweep. */
function cycles(bus: MemoryBus, count: number, stale: { count: number }): void {
  const module = bus.loadModule("cycler");
  const listeners = [() => {}, () => {}, () => {}, () => {}];
  const events = ["cycle-a", "cycle-b", "cycle-c"];
  const held = bus.permanentPool.hold({ kept: true });
  const refA = bus.event("cycle-a");
  const staleBefore = stale.count;
  for (let i = 0; i < count; i++) {
    const event = events[i % 3]!, listener = listeners[i & 3]!;
    switch (i & 3) {
      case 0:
        bus.register(module, event, listener).unregister();
        break;
      case 1:
        bus.register(null, event, listener, held);
        bus.unregister(null, event, listener);
        break;
      case 2:
        bus.register(module, "cycle-a", listener, i, { once: true });
        refA.generate(i); // once: removed before the call
        break;
      case 3:
        bus.register(module, event, listener, { i });
        bus.unregister(module, event);
        break;
    }
    if (i % 1000 === 999) {
      // A registration whose user data goes stale, swept by the next generate (§7).
      const pool = bus.createPool("cycle");
      bus.register(null, "cycle-stale", noop, pool.hold(i));
      pool.destroy();
      bus.generate("cycle-stale");
    }
  }
  const reports = stale.count - staleBefore;
  if (reports !== Math.floor(count / 1000)) throw new Error(`expected ${Math.floor(count / 1000)} stale reports, saw ${reports}`);
  module.unload();
}

/**
 * `live` registrations over `events` event names: 10 listeners each, from 10
 * modules, half with a pool handle. Returns the pool and weak references to a
 * sample of the user data, to show it can be collected once unregistered.
 */
function registerMany(bus: MemoryBus, events: number, live: number, round: number): { pool: PoolLike; sample: WeakRef<object>[] } {
  const sample: WeakRef<object>[] = [];
  const perEvent = Math.max(1, Math.round(live / events));
  const modules = Array.from({ length: 10 }, (_, i) => bus.loadModule(`live-${round}-${i}`));
  const listeners = Array.from({ length: perEvent }, () => () => {});
  const pool = bus.createPool(`live-${round}`);
  for (let e = 0; e < events; e++) {
    const name = `event-${e}`;
    for (let k = 0; k < perEvent; k++) {
      const value = { e, k };
      if ((e * perEvent + k) % 1000 === 0) sample.push(new WeakRef(value));
      const userData = k % 2 === 0 ? pool.hold(value) : value;
      bus.register(k % 3 === 0 ? null : modules[k % 10]!, name, listeners[k]!, userData);
    }
  }
  // Generate a tenth of the events so dispatch caches exist too.
  for (let e = 0; e < events; e += 10) bus.generate(`event-${e}`, e);
  return { pool, sample };
}

/** Unregisters everything and destroys the round's pool; returns how many sampled values are still reachable. */
async function teardown(bus: MemoryBus, round: { pool: PoolLike; sample: WeakRef<object>[] }): Promise<number> {
  bus.unregister();
  round.pool.destroy();
  // WeakRef targets are kept alive until the end of the current job: let it end first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return round.sample.filter((ref) => ref.deref() !== undefined).length;
}

/** §3: a handle whose pool was destroyed stays stale even after its slot is reused. */
function poolGenerations(bus: MemoryBus, generations: number, checks: Checks): void {
  const oldHandles: { handle: UserDataLike; value: number }[] = [];
  let leaked = 0;
  let pool: PoolLike | undefined;
  for (let g = 0; g < generations; g++) {
    pool?.destroy();
    pool = bus.createPool("generation");
    const handle = pool.hold({ g });
    if (g % 1000 === 0) oldHandles.push({ handle, value: g });
    // Every kept handle but the newest belongs to a destroyed pool whose slot is taken again now.
    if (g % 1000 === 500) {
      for (const old of oldHandles.slice(0, -1)) {
        if (!old.handle.stale) leaked++;
        try {
          old.handle.value;
          leaked++;
        } catch (error) {
          if ((error as { code?: string }).code !== "ESTALE") leaked++;
        }
      }
    }
  }
  checks.check(leaked === 0, `${generations} pool generations: no old handle saw a later value (${oldHandles.length} handles checked repeatedly)`);
}

export async function soakMemory(args: SoakArgs, lib: LibraryExports): Promise<boolean> {
  const scale = args.scale;
  const CYCLES = Math.round(10_000_000 * scale);
  const LIVE = Math.round(1_000_000 * scale);
  const EVENTS = Math.round(100_000 * scale);
  const GENERATIONS = Math.round(1_000_000 * scale);
  const stale = { count: 0 };
  const bus = new lib.EventBus({ onStale: () => void stale.count++ } as never) as unknown as MemoryBus;
  const checks = new Checks();
  console.log(`memory soak: ${CYCLES} cycles, ${LIVE} live registrations over ${EVENTS} events, ${GENERATIONS} pool generations; Node ${process.version}`);
  if (bus.wasmMemoryBytes === undefined) console.log("  note: this build exposes no wasmMemoryBytes; Wasm memory is not measured");

  // Warm up: intern the cycle events and grow the table to its working size once.
  cycles(bus, 1000, stale);
  const start = sample(bus, "start (after a 1,000-cycle warm-up)");
  let t = performance.now();
  cycles(bus, CYCLES, stale);
  const afterCycles = sample(bus, `after ${CYCLES.toLocaleString("en")} register/unregister cycles`);
  console.log(`  cycles took ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const round1 = registerMany(bus, EVENTS, LIVE, 1);
  const peak = sample(bus, `peak: ${LIVE.toLocaleString("en")} live registrations, ${EVENTS.toLocaleString("en")} events`);
  const liveCount = bus.dump().filter((line) => line.startsWith("  ")).length;
  const reachable1 = await teardown(bus, round1);
  const afterLive = sample(bus, "after unregister() of everything and pool.destroy()");
  console.log(`  live phase took ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const round2 = registerMany(bus, EVENTS, LIVE, 2);
  const peak2 = sample(bus, "peak again: the same registrations a second time");
  const reachable2 = await teardown(bus, round2);
  const afterLive2 = sample(bus, "after unregistering everything again");

  poolGenerations(bus, GENERATIONS, checks);
  const end = sample(bus, `after ${GENERATIONS.toLocaleString("en")} pool generations`);

  report([start, afterCycles, peak, afterLive, peak2, afterLive2, end]);
  checks.check(
    reachable1 + reachable2 === 0,
    `user data of unregistered registrations is collectable (${reachable1 + reachable2} of ${round1.sample.length + round2.sample.length} sampled values still reachable)`,
  );
  checks.check(liveCount === LIVE, `dump listed ${liveCount} live registrations (expected ${LIVE})`);
  checks.check(bus.dump().every((line) => !line.startsWith("  ")), "nothing is left registered");
  if (Number.isFinite(start.wasm)) {
    checks.check(afterCycles.wasm === start.wasm, `Wasm memory did not grow over ${CYCLES} cycles (freed slots and entries reused)`);
    checks.check(peak2.wasm <= peak.wasm, "the second million registrations fit in the memory the first one freed");
    checks.check(end.wasm <= peak.wasm, "pool generations reuse handle slots (Wasm memory at most the earlier peak)");
  }
  checks.check(afterCycles.heap <= start.heap + HEAP_SLACK, `JS heap after the cycles within ${mib(HEAP_SLACK)} of the start`);
  const internBound = start.heap + HEAP_SLACK + EVENTS * HEAP_PER_INTERNED_EVENT;
  checks.check(
    afterLive.heap <= internBound,
    `JS heap after unregistering within ${mib(HEAP_SLACK)} + ${HEAP_PER_INTERNED_EVENT} B per interned event name of the start (${mib(internBound)})`,
  );
  checks.check(afterLive2.heap <= afterLive.heap + HEAP_SLACK, `no growth from one round to the next (within ${mib(HEAP_SLACK)})`);
  checks.check(end.heap <= afterLive2.heap + HEAP_SLACK, `pool generations leave the JS heap within ${mib(HEAP_SLACK)}`);
  return checks.failures === 0;
}
