// §9/§11: appends to an event's list are batched in the table's pending log
// (src/emitter/pending-appends.ts). Whatever reads the list sees every append
// made before it, an off of a logged append withdraws it, and the log filling
// up (64 records across every emitter) changes nothing observable.
import { expect, test } from "vitest";
import { EventEmitter, emitterTableStats } from "wasm-events";
import { describeBothPaths, logger, warm } from "./helpers.js";

/** A listener that does nothing, distinct per call. */
const noop = () => () => {};

describeBothPaths("logged appends", () => {
  test("emit, rawListeners, listeners and listenerCount see appends made just before them, in order", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const a = logger(log, "a"), b = logger(log, "b"), c = logger(log, "c");
    e.on("x", a).on("x", b);
    warm(e, "x", 0); // a compiled dispatcher, which the appends must replace
    e.on("x", c).on("x", a);
    expect(e.listenerCount("x")).toBe(4);
    expect(e.listenerCount("x", a)).toBe(2);
    expect(e.rawListeners("x")).toEqual([a, b, c, a]);
    e.emit("x", 1);
    expect(log).toEqual([["a", 1], ["b", 1], ["c", 1], ["a", 1]]);
  });

  test("off removes the last match whether its append is logged or applied, and keeps the others' order", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const a = logger(log, "a"), b = logger(log, "b"), c = logger(log, "c");
    e.on("x", a).on("x", b).on("x", a).on("x", c).on("x", a); // the last three still in the log
    e.off("x", a); // the newest record
    e.off("x", a); // an older logged record, under a newer one (c)
    expect(e.rawListeners("x")).toEqual([a, b, c]);
    e.off("x", a); // now only in the table
    e.emit("x");
    expect(log).toEqual(["b", "c"]);
  });

  test("an off on one event never withdraws another event's logged append of the same function", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const a = logger(log, "a"), b = logger(log, "b");
    e.on("x", b).on("x", b).on("y", a).on("y", b).on("y", a).on("x", a); // x's a logged after y's
    e.off("y", a);
    expect(e.rawListeners("x")).toEqual([b, b, a]);
    expect(e.rawListeners("y")).toEqual([a, b]);
    e.emit("x");
    e.emit("y");
    expect(log).toEqual(["b", "b", "a", "a", "b"]);
  });

  test("an off of a logged once wrapper by its original function withdraws it, and the emit in progress still calls it", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const late = logger(log, "late");
    e.on("x", () => {
      log.push("first");
      e.off("x", late); // added below, still in the log: withdrawn
    });
    e.on("x", noop());
    e.once("x", late);
    e.emit("x");
    e.emit("x");
    expect(log).toEqual(["first", "late", "first"]);
  });

  test("more appends than the log holds, across many emitters, each reach its own list in order", () => {
    const emitters = Array.from({ length: 50 }, () => new EventEmitter().on("x", noop()).on("x", noop()));
    const added = emitters.map((e, k) => {
      const fns = [noop(), noop(), noop()].map((fn) => Object.assign(fn, { k }));
      for (const fn of fns) e.on("x", fn); // 150 appends: the log fills and is applied twice over
      return fns;
    });
    for (const [k, e] of emitters.entries()) {
      expect(e.listenerCount("x")).toBe(5);
      expect(e.rawListeners("x").slice(2)).toEqual(added[k]);
    }
  });

  test("on + off churn beside ten listeners leaves the table as it was", () => {
    const e = new EventEmitter().setMaxListeners(0), others = Array.from({ length: 10 }, noop), fn = noop();
    for (const other of others) e.on("x", other);
    const before = emitterTableStats();
    for (let i = 0; i < 10_000; i++) e.on("x", fn).off("x", fn);
    expect(emitterTableStats()).toEqual(before);
    expect(e.rawListeners("x")).toEqual(others);
  });

  test("removeAllListeners and a prepend apply what the log holds first", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const a = logger(log, "a"), b = logger(log, "b"), c = logger(log, "c");
    e.on("x", a).on("x", b).on("x", c); // c logged
    e.prependListener("x", c);
    expect(e.rawListeners("x")).toEqual([c, a, b, c]);
    const { lists } = emitterTableStats();
    e.on("x", a); // logged, then the list freed with it
    e.removeAllListeners("x");
    expect(emitterTableStats().lists).toBe(lists - 1);
    expect(e.emit("x")).toBe(false);
    expect(log).toEqual([]);
  });
});
