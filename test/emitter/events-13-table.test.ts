// §9/§11 for the emitter: one shared Wasm table, nothing in it until an
// event of an emitter has two listeners, lists freed and their space reused.
import { expect, test } from "vitest";
import { EventEmitter, emitterTableStats } from "wasm-events";

test("new EventEmitter() and lone listeners cost nothing in the table: an event's list comes with its second listener", () => {
  const before = emitterTableStats();
  const emitters = Array.from({ length: 100 }, () => new EventEmitter().on("data", () => {}).on("end", () => {}));
  expect(emitterTableStats()).toEqual(before);
  emitters[0].on("data", () => {});
  expect(emitterTableStats().owners).toBe(before.owners + 1);
  expect(emitterTableStats().lists).toBe(before.lists + 1);
  emitters[0].prependListener("end", () => {}); // the same owner, a second list
  expect(emitterTableStats().owners).toBe(before.owners + 1);
  expect(emitterTableStats().lists).toBe(before.lists + 2);
});

test("all emitters share one table: a second emitter with a list adds an owner, not a memory", () => {
  const a = new EventEmitter(), b = new EventEmitter();
  a.on("x", () => {}).on("x", () => {});
  const { memoryBytes, owners } = emitterTableStats();
  b.on("x", () => {}).on("x", () => {});
  expect(emitterTableStats().owners).toBe(owners + 1);
  expect(emitterTableStats().memoryBytes).toBe(memoryBytes);
});

test("a list back at one listener stays a list until its event is emptied, then it is freed", () => {
  const e = new EventEmitter(), f = () => {}, g = () => {};
  const { lists } = emitterTableStats();
  e.on("x", f).on("x", g).on("y", f);
  expect(emitterTableStats().lists).toBe(lists + 1);
  e.off("x", g);
  expect(emitterTableStats().lists).toBe(lists + 1);
  expect(e.rawListeners("x")).toEqual([f]);
  expect((e as unknown as { _events: Record<string, unknown> })._events.x).toBe(f); // Node's shape: the function
  e.on("x", g).off("x", f).off("x", g);
  expect(emitterTableStats().lists).toBe(lists);
  expect(e.eventNames()).toEqual(["y"]);
  e.on("y", g).on("z", f).on("z", g);
  expect(emitterTableStats().lists).toBe(lists + 2);
  e.removeAllListeners(); // every list
  expect(emitterTableStats().lists).toBe(lists);
});

test("on/off churn and once+emit reuse the table's space: memory does not grow", () => {
  const e = new EventEmitter(), f = () => {};
  e.on("x", f).on("y", f);
  for (let i = 0; i < 1000; i++) e.on(`warm-${i % 10}`, f).on(`warm-${i % 10}`, f).off(`warm-${i % 10}`, f).off(`warm-${i % 10}`, f);
  const cycle = () => {
    e.on("x", f).off("x", f); // beside one listener: x's list, back at one, stays
    e.once("y", f).emit("y");
    e.once("z", f).emit("z"); // a lone listener: no list
  };
  cycle();
  const { memoryBytes, lists } = emitterTableStats();
  for (let i = 0; i < 200_000; i++) cycle();
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
