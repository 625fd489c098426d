// node:events, removing listeners: off/removeListener, removeAllListeners,
// 'removeListener', and what an emit under way does.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, logger, warm } from "./helpers.js";

describeBothPaths("removing listeners", () => {
  test("removeListener() removes, at most, one instance of a listener: the most recently added", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = logger(log, "f"), g = logger(log, "g");
    e.on("x", f).on("x", g).on("x", f);
    e.off("x", f);
    expect(e.rawListeners("x")).toEqual([f, g]);
    e.removeListener("x", f);
    expect(e.rawListeners("x")).toEqual([g]);
  });

  test("removing a listener that is not registered changes nothing and returns the emitter", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f);
    expect(e.off("x", () => {})).toBe(e);
    expect(e.off("nothing", f)).toBe(e);
    expect(e.listeners("x")).toEqual([f]);
  });

  test("a listener removed during an emit is still called by that emit (the listeners array is a snapshot)", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const b = logger(log, "B");
    const a = () => {
      log.push("A");
      e.removeListener("x", b);
    };
    e.on("x", a).on("x", b);
    e.emit("x");
    expect(log).toEqual(["A", "B"]);
    log.length = 0;
    e.emit("x");
    expect(log).toEqual(["A"]);
  });

  test("a listener removed by a compiled dispatcher's earlier listener is still called by that emit", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const b = logger(log, "B");
    let remove = false;
    e.on("x", () => {
      if (remove) e.off("x", b);
    }).on("x", b);
    warm(e, "x");
    remove = true;
    e.emit("x");
    expect(log).toEqual(["B"]);
    e.emit("x");
    expect(log).toEqual(["B"]);
  });

  test("a listener added during an emit is not called by that emit, only by the next", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const late = logger(log, "late");
    let added = false;
    e.on("x", () => {
      log.push("first");
      if (!added) {
        added = true;
        e.on("x", late);
      }
    });
    e.on("x", logger(log, "second"));
    e.emit("x");
    expect(log).toEqual(["first", "second"]);
    log.length = 0;
    e.emit("x");
    expect(log).toEqual(["first", "second", "late"]);
  });

  test("removeAllListeners() during an emit does not stop that emit", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on("x", () => {
      log.push("A");
      e.removeAllListeners("x");
    }).on("x", logger(log, "B"));
    e.emit("x");
    expect(log).toEqual(["A", "B"]);
    expect(e.emit("x")).toBe(false);
  });

  test("removeAllListeners(name) removes the listeners of that event only", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f).on("x", f).on("y", f);
    expect(e.removeAllListeners("x")).toBe(e);
    expect(e.eventNames()).toEqual(["y"]);
  });

  test("removeAllListeners() with no argument removes every listener of every event", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f).on("y", f).on(Symbol("z"), f);
    e.removeAllListeners();
    expect(e.eventNames()).toEqual([]);
    expect(e.emit("x")).toBe(false);
  });

  test("removeAllListeners(undefined) removes the event named 'undefined', not every event", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("undefined", f).on("x", f);
    e.removeAllListeners(undefined);
    expect(e.eventNames()).toEqual(["x"]);
  });

  test("'removeListener' is emitted after the listener is removed, with the event name and the listener", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = () => {}, g = () => {};
    e.on("removeListener", (name: string, listener: Function) => log.push([name, listener === f ? "f" : listener === g ? "g" : "?", e.listenerCount(name)]));
    e.on("x", f).on("x", g);
    e.off("x", f);
    e.off("x", g);
    expect(log).toEqual([["x", "f", 1], ["x", "g", 0]]);
  });

  test("'removeListener' for a once listener that fired names its original when it was the only one, its wrapper otherwise", () => {
    // Node passes `list.listener || listener` for a single listener and the function removed otherwise.
    const e = new EventEmitter(), got: unknown[] = [];
    const f = () => {};
    e.on("removeListener", (_name: string, listener: Function) => got.push(listener === f ? "original" : (listener as any).listener === f ? "wrapper" : "?"));
    e.once("x", f);
    e.emit("x");
    e.once("y", f).on("y", () => {});
    e.emit("y");
    expect(got).toEqual(["original", "wrapper"]);
  });

  test("removeAllListeners() announces every removal but that of the last 'removeListener' listener itself", () => {
    const e = new EventEmitter(), log: string[] = [];
    const f = () => {};
    e.on("x", f).on("y", f).on("y", f);
    e.on("removeListener", (name: string) => log.push(name));
    e.removeAllListeners();
    expect(log).toEqual(["x", "y", "y"]); // as node:events: 'removeListener' goes last, and nobody hears it
    expect(e.eventNames()).toEqual([]);
  });

  test("removeAllListeners(name) removes last first, announcing each", () => {
    const e = new EventEmitter(), order: string[] = [];
    const a = () => {}, b = () => {};
    e.on("x", a).on("x", b);
    e.on("removeListener", (_n: string, l: Function) => order.push(l === a ? "a" : "b"));
    e.removeAllListeners("x");
    expect(order).toEqual(["b", "a"]);
  });

  test("removeListener with a listener that is not a function is ERR_INVALID_ARG_TYPE", () => {
    const e = new EventEmitter();
    expect(() => e.removeListener("x", 1 as never)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE", message: 'The "listener" argument must be of type function. Received type number (1)' }),
    );
  });

  test("off is removeListener and on is addListener (the same functions)", () => {
    expect(EventEmitter.prototype.off).toBe(EventEmitter.prototype.removeListener);
    expect(EventEmitter.prototype.on).toBe(EventEmitter.prototype.addListener);
  });
});
