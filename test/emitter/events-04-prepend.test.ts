// node:events, prependListener and prependOnceListener.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, logger, warm } from "./helpers.js";

describeBothPaths("prepend", () => {
  test("prependListener() adds the listener to the beginning of the listeners array", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on("x", logger(log, "a")).prependListener("x", logger(log, "b")).prependListener("x", logger(log, "c"));
    warm(e, "x");
    e.emit("x");
    expect(log).toEqual(["c", "b", "a"]);
  });

  test("prependOnceListener() adds a once listener to the beginning", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on("x", logger(log, "a")).prependOnceListener("x", logger(log, "first"));
    e.emit("x");
    e.emit("x");
    expect(log).toEqual(["first", "a", "a"]);
  });

  test("prepend* return the emitter and announce 'newListener' first", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = () => {};
    e.on("newListener", (name: string, l: Function) => log.push([name, l === f]));
    expect(e.prependListener("x", f)).toBe(e);
    expect(e.prependOnceListener("x", f)).toBe(e);
    expect(log).toEqual([["x", true], ["x", true]]);
  });

  test("removeListener after prepend removes the occurrence nearest the end", () => {
    const e = new EventEmitter(), f = () => {}, g = () => {};
    e.on("x", f).prependListener("x", g).prependListener("x", f);
    e.off("x", f);
    expect(e.rawListeners("x")).toEqual([f, g]);
  });

  test("prependListener with a listener that is not a function is ERR_INVALID_ARG_TYPE", () => {
    const e = new EventEmitter();
    expect(() => e.prependListener("x", null as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(() => e.prependOnceListener("x", null as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });
});
