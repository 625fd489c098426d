// Garbage collection (issue 9): an emitter dropped with listeners attached is
// collected, and its table space reused. A child process with --expose-gc
// creates a million emitters with three listeners each, in waves, and drops
// them; JS heap and Wasm memory end near where they started, the table's
// owners and lists go back to what they were, and a FinalizationRegistry
// sees every watched emitter collected.
import { expect, test } from "vitest";
import { runNodeJson } from "../helpers/spec-node.js";

const SCRIPT = `
  import { EventEmitter, emitterTableStats } from "wasm-events";
  const settle = async () => {
    for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 0)); }
  };
  const WAVES = 100, PER_WAVE = 10_000;
  let collected = 0, watched = 0;
  const registry = new FinalizationRegistry(() => collected++);
  const wave = (watch) => {
    for (let i = 0; i < PER_WAVE; i++) {
      const e = new EventEmitter();
      e.on("data", (chunk) => e.emit("seen", chunk)); // closes over its emitter: a cycle the GC must break
      e.on("data", () => {});
      e.once("end", () => {});
      e.emit("data", i);
      if (watch && i % 100 === 0) { registry.register(e, i); watched++; }
    }
  };
  wave(false);
  await settle();
  const start = { heap: process.memoryUsage().heapUsed, table: emitterTableStats() };
  let peakWasm = 0;
  for (let w = 0; w < WAVES; w++) {
    wave(true);
    await settle();
    peakWasm = Math.max(peakWasm, emitterTableStats().memoryBytes);
  }
  await settle();
  const end = { heap: process.memoryUsage().heapUsed, table: emitterTableStats() };
  console.log(JSON.stringify({ start, end, peakWasm, collected, watched, emitters: WAVES * PER_WAVE }));
`;

test("a million dropped emitters with three listeners each are collected and their table space reused", () => {
  const r = runNodeJson(SCRIPT, ["--expose-gc"]) as any;
  expect(r.emitters).toBe(1_000_000);
  expect(r.collected).toBe(r.watched);
  expect(r.watched).toBe(10_000);
  // Owners and lists back to where they were (every wave's emitters were freed).
  expect(r.end.table.owners).toBeLessThanOrEqual(r.start.table.owners);
  expect(r.end.table.lists).toBeLessThanOrEqual(r.start.table.lists);
  // Wasm memory: a wave's worth at most, never a million emitters' (that would be > 100 MiB).
  expect(r.peakWasm - r.start.table.memoryBytes).toBeLessThan(4 * 1024 * 1024);
  // JS heap back near the start.
  expect(r.end.heap - r.start.heap).toBeLessThan(8 * 1024 * 1024);
}, 120_000);
