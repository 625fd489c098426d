// Corners of node:events that only its code shows, each checked against what
// Node 24 does (the differential test covers the common ones at random).
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { EventEmitter, emitterTableStats } from "wasm-events";
import { describeBothPaths, warm } from "./helpers.js";

describeBothPaths("corners", () => {
  test("removing a function that is registered elsewhere but not for this event changes nothing", () => {
    const e = new EventEmitter(), f = () => {}, g = () => {}, elsewhere = () => {};
    e.on("x", f).on("x", g).on("y", elsewhere);
    e.off("x", elsewhere);
    expect(e.rawListeners("x")).toEqual([f, g]);
  });

  test("removeAllListeners(name) with several listeners and nobody hearing 'removeListener' drops them all", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f).on("x", f).on("y", f);
    e.removeAllListeners("x");
    expect(e.eventNames()).toEqual(["y"]);
    expect(e.emit("x")).toBe(false);
  });

  test("removeAllListeners(name) with 'removeListener' listeners walks Node's array last to first, removals included", () => {
    const e = new EventEmitter(), removed: string[] = [];
    const a = () => {}, b = () => {}, c = () => {};
    e.on("x", a).on("x", b).on("x", c);
    e.on("removeListener", (_name: string, l: Function) => removed.push(l === a ? "a" : l === b ? "b" : "c"));
    e.removeAllListeners("x");
    expect(removed).toEqual(["c", "b", "a"]);
  });

  test("after EventEmitter.init runs again (Node's shape mode), emptied events keep their key in _events until removeAllListeners()", () => {
    const e: any = new EventEmitter(), f = () => {};
    e.on("a", f).on("b", f).on("b", f).on("c", f);
    EventEmitter.init.call(e);
    e.off("a", f);
    expect(Object.keys(e._events)).toEqual(["a", "b", "c"]);
    expect(e._events.a).toBe(undefined);
    expect(e.eventNames()).toEqual(["b", "c"]);
    e.on("a", f);
    expect(e.eventNames()).toEqual(["a", "b", "c"]); // the key kept its place
    e.removeAllListeners();
    expect(e.eventNames()).toEqual([]);
  });

  test("assigning _events on a new emitter installs its listeners; assigning a non-object clears them", () => {
    const e: any = new EventEmitter(), f = () => {};
    e._events = { x: f, y: [f, f], z: "not a listener" };
    expect([e.listenerCount("x"), e.listenerCount("y"), e.listenerCount("z")]).toEqual([1, 2, 0]);
    e._events = 5;
    expect(e.eventNames()).toEqual([]);
  });

  test("an event emitted with several argument counts passes each exactly", () => {
    const e = new EventEmitter(), seen: number[] = [];
    e.on("x", function () {
      seen.push(arguments.length);
    }).on("x", () => {});
    warm(e, "x", 1);
    seen.length = 0;
    for (let i = 0; i < 40; i++) i % 2 === 0 ? e.emit("x") : e.emit("x", 1, 2);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : 2)));
  });

  test("an object made with Object.create(emitter) emits with itself as this", () => {
    const e = new EventEmitter(), thisValues: unknown[] = [];
    e.on("x", function (this: unknown) {
      thisValues.push(this);
    }).on("x", () => {});
    warm(e, "x");
    thisValues.length = 0;
    const derived = Object.create(e);
    derived.emit("x");
    e.emit("x");
    expect(thisValues).toEqual([derived, e]);
  });

  test("captureRejections applies to emits with any number of arguments, one listener or several", async () => {
    const e = new EventEmitter({ captureRejections: true }), errors: string[] = [];
    e.on("error", (error: Error) => errors.push(error.message));
    e.on("one", () => Promise.reject(new Error("one")));
    e.on("many", () => Promise.reject(new Error("many-1"))).on("many", () => Promise.reject(new Error("many-2")));
    e.emit("one", 1, 2, 3, 4);
    e.emit("many", 1, 2, 3, 4, 5);
    e.emit("many", 1, 2, 3);
    await sleep(1);
    expect(errors.sort()).toEqual(["many-1", "many-1", "many-2", "many-2", "one"]);
  });

  test("captureRejections: a result whose `then` getter throws is emitted as 'error' at once", () => {
    const e = new EventEmitter({ captureRejections: true }), errors: string[] = [];
    e.on("error", (error: Error) => errors.push(error.message));
    e.on("x", () => ({ get then() { throw new Error("bad thenable"); } }));
    e.emit("x");
    expect(errors).toEqual(["bad thenable"]);
  });

  test("the shared table's memory grows with many emitters and every listener still runs", () => {
    const before = emitterTableStats().memoryBytes, emitters: EventEmitter[] = [];
    let calls = 0;
    for (let i = 0; i < 30_000; i++) {
      const e = new EventEmitter();
      e.on("a", () => calls++).on("a", () => calls++).on("b", () => calls++);
      emitters.push(e);
    }
    expect(emitterTableStats().memoryBytes).toBeGreaterThan(before);
    for (const e of emitters) e.emit("a") && e.emit("b");
    expect(calls).toBe(90_000);
  });
});

describeBothPaths("listeners with their own call and apply", () => {
  // Node 26's emit calls every listener through Reflect.apply: a function's
  // own `call` or `apply` property is never what runs (Node 20 called a lone
  // listener through its `apply`; Node 26 is the contract).
  function listenersWithOwnCallAndApply(n: number, log: unknown[]): Function[] {
    const fns: Function[] = [];
    for (let i = 0; i < n; i++) {
      const f = function (this: unknown, ...args: unknown[]) {
        log.push(["listener", i, this === emitter, args]);
      };
      Object.assign(f, { call: () => log.push(["own call", i]), apply: () => log.push(["own apply", i]) });
      fns.push(f);
    }
    return fns;
  }
  let emitter: EventEmitter;

  for (const count of [1, 3]) {
    test(`${count} listener(s): emits with 0-3 and with 5 arguments call the listeners themselves, hot or cold`, () => {
      const log: unknown[] = [];
      emitter = new EventEmitter();
      const fns = listenersWithOwnCallAndApply(count, log);
      for (const f of fns) emitter.on("x", f as (...args: unknown[]) => void);
      const expected = (args: unknown[]) => fns.map((_, i) => ["listener", i, true, args]);
      for (const args of [[], [1], [1, 2], [1, 2, 3], [1, 2, 3, 4, 5]]) {
        log.length = 0;
        emitter.emit("x", ...args); // cold: the loop, or a lone listener's call
        expect(log).toEqual(expected(args));
        warm(emitter, "x", ...args); // hot: a compiled dispatcher where the path has one
        log.length = 0;
        emitter.emit("x", ...args);
        expect(log).toEqual(expected(args));
      }
    });
  }
});
