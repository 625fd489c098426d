// node:events, once(): a listener that is removed and then called.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, logger, warm } from "./helpers.js";

describeBothPaths("once", () => {
  test("a once listener is invoked at most once: the next emit finds it removed", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.once("x", logger(log, "once"));
    expect(e.emit("x", 1)).toBe(true);
    expect(e.emit("x", 2)).toBe(false);
    expect(log).toEqual([["once", 1]]);
  });

  test("a once listener is removed before it is called", () => {
    const e = new EventEmitter(), counts: number[] = [];
    e.once("x", () => counts.push(e.listenerCount("x")));
    e.emit("x");
    expect(counts).toEqual([0]);
  });

  test("an emit from inside a once listener does not call it again", () => {
    const e = new EventEmitter();
    let calls = 0;
    e.once("x", () => {
      calls++;
      e.emit("x");
    });
    e.emit("x");
    expect(calls).toBe(1);
  });

  test("once listeners get the emitter as this and every argument", () => {
    const e = new EventEmitter(), got: unknown[] = [];
    e.once("x", function (this: unknown, ...args: unknown[]) {
      got.push(this, args);
    });
    e.emit("x", 1, 2, 3, 4, 5);
    expect(got).toEqual([e, [1, 2, 3, 4, 5]]);
  });

  test("rawListeners() shows a once wrapper whose .listener is the original; listeners() shows the original", () => {
    const e = new EventEmitter(), f = () => {};
    e.once("x", f);
    const [raw] = e.rawListeners("x") as (Function & { listener: Function })[];
    expect(raw).not.toBe(f);
    expect(raw.listener).toBe(f);
    expect(e.listeners("x")).toEqual([f]);
  });

  test("calling the raw once wrapper fires the listener and removes it, as a normal call of the wrapper does", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.once("x", logger(log, "f"));
    const [raw] = e.rawListeners("x");
    raw.call(e, "direct");
    expect(log).toEqual([["f", "direct"]]);
    expect(e.listenerCount("x")).toBe(0);
    raw.call(e, "again");
    expect(log).toEqual([["f", "direct"]]);
  });

  test("removeListener with the original function removes a once listener before it fires", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = logger(log, "f");
    e.once("x", f);
    e.off("x", f);
    expect(e.emit("x")).toBe(false);
    expect(log).toEqual([]);
  });

  test("once listeners of a hot event fire once each on the compiled path too", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on("x", () => {}).on("x", () => {});
    warm(e, "x");
    e.once("x", logger(log, "o1")).once("x", logger(log, "o2"));
    e.emit("x");
    e.emit("x");
    expect(log).toEqual(["o1", "o2"]);
  });

  test("once with a listener that is not a function is ERR_INVALID_ARG_TYPE and adds nothing", () => {
    const e = new EventEmitter();
    expect(() => e.once("x", "nope" as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(e.listenerCount("x")).toBe(0);
  });
});
