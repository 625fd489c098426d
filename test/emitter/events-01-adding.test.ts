// node:events, "Adding listeners": on/addListener, emit, 'newListener'.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import EventsModule from "wasm-events/events";
import { describeBothPaths, logger, warm } from "./helpers.js";

describeBothPaths("adding listeners", () => {
  test("emitter.on() adds the listener to the end of the listeners array; listeners are called in the order added", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    e.on("x", logger(log, "a")).on("x", logger(log, "b")).addListener("x", logger(log, "c"));
    warm(e, "x");
    e.emit("x");
    expect(log).toEqual(["a", "b", "c"]);
  });

  test("multiple calls passing the same eventName and listener add the listener multiple times", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = logger(log, "f");
    e.on("x", f).on("x", f).on("x", f);
    expect(e.listenerCount("x")).toBe(3);
    warm(e, "x");
    e.emit("x", 1);
    expect(log).toEqual([["f", 1], ["f", 1], ["f", 1]]);
  });

  test("emitter.on() returns a reference to the EventEmitter, so that calls can be chained", () => {
    const e = new EventEmitter();
    expect(e.on("x", () => {})).toBe(e);
    expect(e.addListener("x", () => {})).toBe(e);
  });

  test("emitter.emit() returns true if the event had listeners, false otherwise", () => {
    const e = new EventEmitter();
    expect(e.emit("x")).toBe(false);
    e.on("x", () => {});
    expect(e.emit("x")).toBe(true);
    expect(e.emit("y")).toBe(false);
  });

  test("emit passes any number of arguments, exactly as many as given", () => {
    const e = new EventEmitter(), seen: number[][] = [];
    e.on("x", function (...args: number[]) {
      seen.push(args);
    });
    e.on("x", function (this: unknown) {
      seen.push([arguments.length]);
    });
    warm(e, "x", 0);
    seen.length = 0;
    for (let n = 0; n <= 6; n++) e.emit("x", ...Array.from({ length: n }, (_, i) => i));
    expect(seen).toEqual([[], [0], [0], [1], [0, 1], [2], [0, 1, 2], [3], [0, 1, 2, 3], [4], [0, 1, 2, 3, 4], [5], [0, 1, 2, 3, 4, 5], [6]]);
  });

  test("an ordinary listener function's this is the EventEmitter instance; an arrow function's is not", () => {
    const e = new EventEmitter(), thisValues: unknown[] = [];
    e.on("x", function (this: unknown) {
      thisValues.push(this);
    });
    e.on("x", function (this: unknown) {
      thisValues.push(this);
    });
    const outer = this;
    e.on("x", () => thisValues.push(outer));
    warm(e, "x");
    thisValues.length = 0;
    e.emit("x");
    expect(thisValues).toEqual([e, e, outer]);
  });

  test("'newListener' is emitted before the listener is added, with the event name and the listener", () => {
    const e = new EventEmitter(), log: unknown[] = [];
    const f = () => {};
    e.on("newListener", (name: string, listener: Function) => log.push([name, listener === f, e.listenerCount(name)]));
    e.on("x", f);
    expect(log).toEqual([["x", true, 0]]);
  });

  test("listeners registered for 'x' inside a 'newListener' listener for 'x' run before the one being added", () => {
    // The documented example: B is added by the 'newListener' listener, so it comes first.
    const e = new EventEmitter(), log: unknown[] = [];
    e.once("newListener", (event: string) => {
      if (event === "event") e.on("event", () => log.push("B"));
    });
    e.on("event", () => log.push("A"));
    e.emit("event");
    expect(log).toEqual(["B", "A"]);
  });

  test("'newListener' receives a once listener's original function, not its wrapper", () => {
    const e = new EventEmitter(), got: Function[] = [];
    const f = () => {};
    e.on("newListener", (_name: string, listener: Function) => got.push(listener));
    e.once("x", f);
    e.prependOnceListener("x", f);
    expect(got).toEqual([f, f]);
  });

  test("a 'newListener' listener is itself announced to the 'newListener' listeners already registered", () => {
    const e = new EventEmitter(), names: string[] = [];
    e.on("newListener", (name: string) => names.push(name));
    e.on("newListener", () => {});
    expect(names).toEqual(["newListener"]);
  });

  test("a listener that is not a function is ERR_INVALID_ARG_TYPE, with Node's message, and nothing is added", () => {
    const e = new EventEmitter();
    for (const [value, received] of [
      [undefined, "undefined"], [null, "null"], [1, "type number (1)"], ["f", "type string ('f')"],
      [{}, "an instance of Object"], [Symbol("s"), "type symbol (Symbol(s))"], [10n, "type bigint (10n)"],
    ] as const) {
      let error: any;
      try {
        e.on("x", value as never);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect(error.code).toBe("ERR_INVALID_ARG_TYPE");
      expect(error.message).toBe(`The "listener" argument must be of type function. Received ${received}`);
      expect(String(error)).toBe(`TypeError [ERR_INVALID_ARG_TYPE]: ${error.message}`);
    }
    expect(e.eventNames()).toEqual([]);
  });

  test("the class is the default export of wasm-events/events and the EventEmitter of wasm-events", () => {
    expect(EventsModule).toBe(EventEmitter);
    expect(EventsModule.EventEmitter).toBe(EventEmitter);
  });
});
