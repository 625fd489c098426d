// node:events, event names: strings, symbols and names special to objects
// (__proto__, constructor, toString, numbers), and eventNames() order.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, logger, warm } from "./helpers.js";

describeBothPaths("event names", () => {
  test("a Symbol is an event name like a string", () => {
    const e = new EventEmitter(), log: unknown[] = [], s = Symbol("s");
    e.on(s, logger(log, "sym"));
    warm(e, s);
    expect(e.emit(s, 1)).toBe(true);
    expect(e.emit("s")).toBe(false);
    expect(e.eventNames()).toEqual([s]);
    expect(log).toEqual([["sym", 1]]);
  });

  test("'__proto__', 'constructor', 'toString' and 'hasOwnProperty' are ordinary event names", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      expect(e.emit(name)).toBe(false);
      expect(e.listenerCount(name)).toBe(0);
      expect(e.listeners(name)).toEqual([]);
      e.on(name, logger(log, name));
      expect(e.emit(name)).toBe(true);
    }
    expect(log).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]);
    expect(e.eventNames()).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]);
    e.off("__proto__", e.listeners("__proto__")[0] as never);
    expect(e.eventNames()).toEqual(["constructor", "toString", "hasOwnProperty", "valueOf"]);
  });

  test("eventNames() lists names in Node's order: integer-like names ascending, then strings as first added, then symbols", () => {
    const e = new EventEmitter(), f = () => {}, s = Symbol("s");
    e.on(s, f).on("b", f).on("2", f).on("a", f).on("1", f);
    expect(e.eventNames()).toEqual(["1", "2", "b", "a", s]);
  });

  test("an event that lost all its listeners and got one again moves to the end of eventNames()", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("a", f).on("b", f);
    e.off("a", f).on("a", f);
    expect(e.eventNames()).toEqual(["b", "a"]);
  });

  test("names are property keys, as in Node: 1 and '1' are the same event", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on(1 as never, logger(log, "one"));
    expect(e.emit("1")).toBe(true);
    expect(e.eventNames()).toEqual(["1"]);
  });
});
