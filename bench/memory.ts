// Memory per listener: JS heap and memory outside it (`external`, where Wasm
// linear memory and ArrayBuffers are counted), after full collections.
// An instance's fixed cost (an empty emitter, a Wasm instance) is measured
// on its own and taken out, so the per-listener figure is the slope.
import { checkGenerate } from "./check.js";
import type { Contender, Prepared } from "./contender.js";
import type { MemoryWorkload } from "./scenario.js";

/** Bytes per listener. */
interface PerListener {
  /** JS heap (`heapUsed`). */
  readonly heap: number;
  /** Outside the JS heap (`external`): Wasm memory for wasm-events. */
  readonly external: number;
  readonly total: number;
}

export interface MemoryMeasure {
  /** Bytes of one empty instance (heap + external). */
  readonly fixed: number;
  /** Right after registering the table. */
  readonly registered: PerListener;
  /** After one generate of every event (compiled dispatchers and caches included). */
  readonly generated: PerListener;
  /** Wasm memory per listener as the emitter itself reports it (wasm-events' `bus.wasmMemoryBytes`), after registering. */
  readonly wasmReported?: number;
}

interface Snapshot {
  readonly heap: number;
  readonly external: number;
}

/**
 * Does `process.memoryUsage().external` count WebAssembly linear memory? Node
 * 20 and 24 do; Node 26 does not (a 64 KiB-page memory leaves it unchanged),
 * so there the Wasm bytes an instance reports are added to `external` by
 * hand, or wasm-events would look as if its table cost nothing. Probed once
 * with a Memory of 32 pages (2 MiB).
 */
let externalCountsWasm: boolean | undefined;
function probeExternalCountsWasm(gc: () => void): boolean {
  if (externalCountsWasm !== undefined) return externalCountsWasm;
  gc();
  const before = process.memoryUsage().external;
  const probe = new WebAssembly.Memory({ initial: 32 });
  const grew = process.memoryUsage().external - before;
  externalCountsWasm = grew >= probe.buffer.byteLength / 2;
  return externalCountsWasm;
}

/** Wasm bytes the retained instances report, for hosts whose `external` leaves them out. */
function reportedWasmBytes(): number {
  let bytes = 0;
  for (const prepared of retained) bytes += prepared.wasmMemoryBytes?.() ?? 0;
  return bytes;
}

function snapshot(gc: () => void): Snapshot {
  // Collect until the heap settles: a pass can release what the next one frees (finalizers, flushed code).
  let usage = process.memoryUsage();
  for (let pass = 0; pass < 8; pass++) {
    gc();
    const next = process.memoryUsage();
    const settled = Math.abs(next.heapUsed - usage.heapUsed) < 1024 && pass > 0;
    usage = next;
    if (settled) break;
  }
  const wasm = probeExternalCountsWasm(gc) ? 0 : reportedWasmBytes();
  return { heap: usage.heapUsed, external: usage.external + wasm };
}

function perListener(before: Snapshot, after: Snapshot, fixed: Snapshot, count: number): PerListener {
  const heap = (after.heap - before.heap - fixed.heap) / count;
  const external = (after.external - before.external - fixed.external) / count;
  return { heap, external, total: heap + external };
}

/** Instances kept reachable until measured (a local's last use may end its life early). */
const retained: Prepared[] = [];

/** Measures `contender` on `workload` in this process; checks its generates on the way. */
export function measureMemory(contender: Contender, workload: MemoryWorkload, gc: () => void): MemoryMeasure {
  try {
    // Warm up the code paths (and compile the Wasm module) before the baseline.
    const warmUp = contender.prepare({ events: ["warm-up"], listeners: [[workload.table.listeners[0][0]]] });
    warmUp.generateAll(Int32Array.of(0), workload.data);
    retained.push(warmUp);

    const start = snapshot(gc);
    const emptyInstance = contender.prepare({ events: [], listeners: [] });
    retained.push(emptyInstance);
    const empty = snapshot(gc);
    const fixed = { heap: empty.heap - start.heap, external: empty.external - start.external };

    const full = contender.prepare(workload.table);
    retained.push(full);
    const registered = snapshot(gc);
    const wasmReported =
      full.wasmMemoryBytes && emptyInstance.wasmMemoryBytes
        ? (full.wasmMemoryBytes() - emptyInstance.wasmMemoryBytes()) / workload.listenerCount
        : undefined;
    checkGenerate(contender, "memory", workload, full);
    const generated = snapshot(gc);

    return {
      fixed: fixed.heap + fixed.external,
      registered: perListener(empty, registered, fixed, workload.listenerCount),
      generated: perListener(empty, generated, fixed, workload.listenerCount),
      ...(wasmReported === undefined ? {} : { wasmReported }),
    };
  } finally {
    retained.length = 0;
  }
}
