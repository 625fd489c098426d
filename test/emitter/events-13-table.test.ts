// SPEC §9/§11 for the emitter: one shared Wasm table, nothing in it until an
// emitter's first listener, lists freed and their space reused.
import { expect, test } from "vitest";
import { EventEmitter, emitterTableStats } from "wasm-events";

test("new EventEmitter() costs nothing in the table until its first listener", () => {
  const before = emitterTableStats();
  const emitters = Array.from({ length: 100 }, () => new EventEmitter());
  expect(emitterTableStats().owners).toBe(before.owners);
  emitters[0].on("x", () => {});
  expect(emitterTableStats().owners).toBe(before.owners + 1);
  expect(emitterTableStats().lists).toBe(before.lists + 1);
});

test("all emitters share one table: a second emitter adds an owner, not a memory", () => {
  const a = new EventEmitter(), b = new EventEmitter();
  a.on("x", () => {});
  const { memoryBytes, owners } = emitterTableStats();
  b.on("x", () => {});
  expect(emitterTableStats().owners).toBe(owners + 1);
  expect(emitterTableStats().memoryBytes).toBe(memoryBytes);
});

test("an emptied event's list is kept as its emitter's one spare for the next new event; others are freed", () => {
  const e = new EventEmitter(), f = () => {};
  e.on("x", f);
  const { lists } = emitterTableStats();
  e.on("y", f).on("z", f).on("z", f).on("w", f);
  expect(emitterTableStats().lists).toBe(lists + 3);
  e.off("y", f); // y's list becomes the spare
  expect(emitterTableStats().lists).toBe(lists + 3);
  e.off("w", f); // there is a spare already: w's list is freed
  expect(emitterTableStats().lists).toBe(lists + 2);
  e.on("v", f); // takes the spare
  expect(emitterTableStats().lists).toBe(lists + 2);
  e.removeAllListeners(); // every list, spare included
  expect(emitterTableStats().lists).toBe(lists - 1);
});

test("on/off churn and once+emit reuse the table's space: memory does not grow", () => {
  const e = new EventEmitter(), f = () => {};
  for (let i = 0; i < 1000; i++) e.on(`warm-${i % 10}`, f).off(`warm-${i % 10}`, f);
  const { memoryBytes, lists } = emitterTableStats();
  for (let i = 0; i < 200_000; i++) {
    e.on("x", f).off("x", f);
    e.once("y", f).emit("y");
  }
  expect(emitterTableStats()).toEqual({ memoryBytes, lists, owners: emitterTableStats().owners });
});

test("a list grows past its block and keeps its order (entries move in Wasm memory)", () => {
  const e = new EventEmitter().setMaxListeners(0);
  const fns = Array.from({ length: 300 }, () => () => {});
  fns.forEach((fn, i) => (i % 2 === 0 ? e.on("x", fn) : e.prependListener("x", fn)));
  const expected = [...fns.filter((_, i) => i % 2 === 1).reverse(), ...fns.filter((_, i) => i % 2 === 0)];
  expect(e.rawListeners("x")).toEqual(expected);
  for (const fn of fns.slice(0, 150)) e.off("x", fn);
  expect(e.rawListeners("x")).toEqual(expected.filter((fn) => !fns.slice(0, 150).includes(fn)));
});
