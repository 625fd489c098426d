// node:events, "Error events" and errorMonitor.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { errorMonitor } from "wasm-events/events";
import { describeBothPaths, warm } from "./helpers.js";

describeBothPaths("error events", () => {
  test("an 'error' event with no listener throws the error", () => {
    const e = new EventEmitter(), error = new Error("whoops!");
    expect(() => e.emit("error", error)).toThrow(error);
  });

  test("an 'error' event with no listener and a value that is not an Error throws ERR_UNHANDLED_ERROR with the value as context", () => {
    const e = new EventEmitter();
    let caught: any;
    try {
      e.emit("error", { reason: 42 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(caught.code).toBe("ERR_UNHANDLED_ERROR");
    expect(caught.message).toBe("Unhandled error. ({ reason: 42 })");
    expect(caught.context).toEqual({ reason: 42 });
    expect(Object.keys(caught)).toEqual(["code", "context"]);
  });

  test("an 'error' event with no value throws 'Unhandled error. (undefined)'", () => {
    expect(() => new EventEmitter().emit("error")).toThrowError("Unhandled error. (undefined)");
  });

  test("with an 'error' listener the error goes to it and emit returns true", () => {
    const e = new EventEmitter(), seen: unknown[] = [];
    e.on("error", (error: unknown) => seen.push(error));
    e.on("error", (error: unknown) => seen.push(error));
    warm(e, "error", "warm");
    seen.length = 0;
    expect(e.emit("error", "e1")).toBe(true);
    expect(seen).toEqual(["e1", "e1"]);
  });

  test("errorMonitor listeners are called before the 'error' listeners, and do not consume the error", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on(errorMonitor, (error: Error, extra: unknown) => log.push(["monitor", error.message, extra]));
    const error = new Error("boom");
    expect(() => e.emit("error", error, 1)).toThrow(error);
    e.on("error", () => log.push("handler"));
    e.emit("error", error, 2);
    expect(log).toEqual([["monitor", "boom", 1], ["monitor", "boom", 2], "handler"]);
  });

  test("a listener that throws ends the emit: later listeners are not called and the error propagates", () => {
    const e = new EventEmitter(), log: string[] = [];
    let armed = false;
    e.on("x", () => log.push("a")).on("x", () => {
      if (armed) throw new Error("b failed");
    }).on("x", () => log.push("c"));
    warm(e, "x");
    log.length = 0;
    armed = true;
    expect(() => e.emit("x")).toThrowError("b failed");
    expect(log).toEqual(["a"]);
  });

  test("after a listener threw, the next emit runs normally", () => {
    const e = new EventEmitter(), log: string[] = [];
    let fail = true;
    e.on("x", () => {
      if (fail) throw new Error("once only");
    }).on("x", () => log.push("b"));
    expect(() => e.emit("x")).toThrow();
    fail = false;
    e.emit("x");
    expect(log).toEqual(["b"]);
  });

  test("EventEmitter.errorMonitor is the errorMonitor export, a symbol", () => {
    expect(typeof errorMonitor).toBe("symbol");
    expect(EventEmitter.errorMonitor).toBe(errorMonitor);
  });
});
