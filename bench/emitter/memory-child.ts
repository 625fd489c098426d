// One contender's bytes per emitter with 2 listeners, in a fresh process
// (node --expose-gc): JS heap after full collections, plus the growth of the
// shared Wasm table's memory for wasm-events. Shared listener functions, so
// what is measured is the emitter's own storage.
// Usage: node --expose-gc --import tsx bench/emitter/memory-child.ts NAME
import { emitterTableStats } from "wasm-events";
import { EMITTER_CONTENDERS } from "./contenders/index.js";

const COUNT = 50_000;
const contender = EMITTER_CONTENDERS.find((c) => c.name === process.argv[2]);
if (contender === undefined) throw new Error(`no contender named ${process.argv[2]}`);
const gc = (globalThis as { gc?: () => void }).gc!;
const settle = () => {
  for (let i = 0; i < 6; i++) gc();
};
const f1 = () => {}, f2 = () => {};
const measure = (events: string[]) => {
  for (let i = 0; i < 1000; i++) contender.make(events, [f1, f2]); // warm up, dropped
  settle();
  const keep: object[] = new Array(COUNT);
  const heap0 = process.memoryUsage().heapUsed, wasm0 = emitterTableStats().memoryBytes;
  for (let i = 0; i < COUNT; i++) keep[i] = contender.make(events, [f1, f2]);
  settle();
  const heap = (process.memoryUsage().heapUsed - heap0) / COUNT;
  const wasm = contender.kind === "wasm-events" ? (emitterTableStats().memoryBytes - wasm0) / COUNT : 0;
  if (keep.length !== COUNT) throw new Error("unreachable");
  return { heap, wasm, total: heap + wasm };
};
const oneEvent = measure(["data", "data"]);
const twoEvents = measure(["data", "end"]);
process.stdout.write(`${JSON.stringify({ oneEvent, twoEvents })}\n`);
