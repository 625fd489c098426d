// node:events, introspection: listeners, rawListeners, listenerCount,
// eventNames, the _events/_eventsCount/_maxListeners view, method names.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths } from "./helpers.js";

describeBothPaths("introspection", () => {
  test("listeners() returns a copy of the array of listeners", () => {
    const e = new EventEmitter(), f = () => {}, g = () => {};
    e.on("x", f).on("x", g);
    const copy = e.listeners("x");
    copy.pop();
    expect(e.listeners("x")).toEqual([f, g]);
    expect(e.listeners("nothing")).toEqual([]);
  });

  test("listenerCount(name) counts listeners; listenerCount(name, listener) counts that listener, once wrappers included", () => {
    const e = new EventEmitter(), f = () => {}, g = () => {};
    e.on("x", f).on("x", g).once("x", f);
    expect(e.listenerCount("x")).toBe(3);
    expect(e.listenerCount("x", f)).toBe(2);
    expect(e.listenerCount("x", g)).toBe(1);
    expect(e.listenerCount("x", () => {})).toBe(0);
    expect(e.listenerCount("y", f)).toBe(0);
    expect(e.listenerCount("x", e.rawListeners("x")[2] as never)).toBe(1);
  });

  test("_events reads as Node's: null prototype, one listener as itself, several as an array of raw listeners", () => {
    const e: any = new EventEmitter(), f = () => {}, g = () => {};
    expect(Object.getPrototypeOf(e._events)).toBe(null);
    e.on("one", f).on("two", f).once("two", g);
    const events = e._events;
    expect(events.one).toBe(f);
    expect(Array.isArray(events.two)).toBe(true);
    expect((events.two as Function[])[0]).toBe(f);
    expect(((events.two as Function[])[1] as any).listener).toBe(g);
    expect(e._eventsCount).toBe(2);
    e.removeAllListeners("one");
    expect(e._eventsCount).toBe(1);
  });

  test("assigning an empty object to _events removes every listener, as resetting Node's does", () => {
    const e: any = new EventEmitter(), f = () => {};
    e.on("x", f).on("y", f);
    e._events = Object.create(null);
    expect(e.eventNames()).toEqual([]);
    expect(e.emit("x")).toBe(false);
    e._events = { z: [f, f] };
    expect(e.listenerCount("z")).toBe(2);
  });

  test("_maxListeners is undefined until setMaxListeners", () => {
    const e: any = new EventEmitter();
    expect(e._maxListeners).toBe(undefined);
    e.setMaxListeners(3);
    expect(e._maxListeners).toBe(3);
  });

  test("methods carry Node's names and lengths", () => {
    const p = EventEmitter.prototype as any;
    const names: Record<string, [string, number]> = {
      on: ["addListener", 2], addListener: ["addListener", 2], off: ["removeListener", 2], removeListener: ["removeListener", 2],
      once: ["once", 2], prependListener: ["prependListener", 2], prependOnceListener: ["prependOnceListener", 2],
      removeAllListeners: ["removeAllListeners", 1], emit: ["emit", 1], listeners: ["listeners", 1], rawListeners: ["rawListeners", 1],
      listenerCount: ["listenerCount", 2], eventNames: ["eventNames", 0], setMaxListeners: ["setMaxListeners", 1], getMaxListeners: ["getMaxListeners", 0],
    };
    for (const [key, [name, length]] of Object.entries(names)) expect([key, p[key].name, p[key].length]).toEqual([key, name, length]);
    expect([EventEmitter.name, EventEmitter.length]).toEqual(["EventEmitter", 1]);
  });

  test("the prototype's enumerable keys are node:events' own, in its order", async () => {
    const node = await import("node:events");
    expect(Object.keys(EventEmitter.prototype)).toEqual(Object.keys(node.EventEmitter.prototype));
  });

  test("rawListeners() of an event nobody listens to is an empty array", () => {
    expect(new EventEmitter().rawListeners("x")).toEqual([]);
  });
});
