// Issue 16's burst: a synchronous burst of a million emitters with
// listeners, each dropped at once (a server accepting a flood of connections
// without yielding). Prints the time per emitter for each block of 100,000
// (flat across the burst is the target) and the JS heap and table memory
// before, at the end, and after a full GC (back near the start is the
// target), for wasm-events and node:events, in this one process.
//   node --expose-gc --import tsx bench/emitter/burst.ts [lone|lists]
// lone: one listener on each of 'data' and 'end' (no table list);
// lists: two listeners on 'data' and one on 'end' (a table list each, so a
// FinalizationRegistry cell each).
import { EventEmitter as NodeEmitter } from "node:events";
import { EventEmitter, emitterTableStats } from "wasm-events";

const TOTAL = 1_000_000, BLOCK = 100_000;
const shape = process.argv[2] === "lists" ? "lists" : "lone";
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const settle = async () => {
  for (let i = 0; i < 4; i++) { gc(); await new Promise((resolve) => setTimeout(resolve, 0)); }
};
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function burst(name: string, Emitter: new () => { on(type: string, fn: (...args: unknown[]) => void): unknown; emit(type: string, ...args: unknown[]): boolean }): Promise<string> {
  await settle();
  const heap0 = process.memoryUsage().heapUsed, wasm0 = emitterTableStats().memoryBytes;
  const perBlock: string[] = [];
  let sink = 0;
  for (let done = 0; done < TOTAL; done += BLOCK) {
    const started = performance.now();
    for (let i = 0; i < BLOCK; i++) {
      const e = new Emitter();
      e.on("data", (n) => { sink += n as number; });
      if (shape === "lists") e.on("data", () => {});
      e.on("end", () => {});
      e.emit("data", 1);
    }
    perBlock.push((((performance.now() - started) * 1e3) / BLOCK).toFixed(2));
  }
  const heapEnd = process.memoryUsage().heapUsed, wasmEnd = emitterTableStats().memoryBytes;
  await settle();
  const heapAfter = process.memoryUsage().heapUsed, wasmAfter = emitterTableStats().memoryBytes;
  if (sink !== TOTAL) throw new Error(`${name}: ${sink} data listeners ran, expected ${TOTAL}`);
  return `| ${name} | ${perBlock.join(" ")} | ${mib(heap0)} → ${mib(heapEnd)} → ${mib(heapAfter)} | ${mib(wasm0)} → ${mib(wasmEnd)} → ${mib(wasmAfter)} |`;
}

const rows = [await burst("wasm-events", EventEmitter as never), await burst("node:events", NodeEmitter as never)];
process.stdout.write(
  `Burst of ${TOTAL.toLocaleString("en")} emitters (${shape === "lists" ? "two listeners on 'data', one on 'end'" : "one listener on each of 'data' and 'end'"}), ${process.version}:\n\n` +
    `| emitter | µs per emitter, per block of ${BLOCK.toLocaleString("en")} | JS heap MiB: start → end → after GC | wasm-events table MiB |\n|---|---|---|---|\n` +
    rows.join("\n") + "\n",
);
