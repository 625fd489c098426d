// node:events' module functions: once, on (signal, close, watermarks),
// getEventListeners, getMaxListeners, setMaxListeners, listenerCount,
// addAbortListener, EventEmitterAsyncResource.
import { AsyncLocalStorage } from "node:async_hooks";
import { execFileSync } from "node:child_process";
import * as nodeEvents from "node:events";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import EventEmitter, {
  addAbortListener, EventEmitterAsyncResource, getEventListeners, getMaxListeners, listenerCount, on, once, setMaxListeners,
} from "wasm-events/events";
import { describeBothPaths } from "./helpers.js";

describeBothPaths("statics", () => {
  test("events.once() resolves with the arguments of the next emit and removes its listeners", async () => {
    const e = new EventEmitter();
    const promise = once(e, "ready");
    e.emit("ready", 1, "two");
    expect(await promise).toEqual([1, "two"]);
    expect(e.listenerCount("ready")).toBe(0);
    expect(e.listenerCount("error")).toBe(0);
  });

  test("events.once() rejects when 'error' is emitted while waiting", async () => {
    const e = new EventEmitter();
    const promise = once(e, "ready");
    const error = new Error("failed");
    e.emit("error", error);
    await expect(promise).rejects.toBe(error);
    expect(e.listenerCount("ready")).toBe(0);
  });

  test("events.once(emitter, 'error') resolves with the error", async () => {
    const e = new EventEmitter();
    const promise = once(e, "error");
    e.emit("error", "bad");
    expect(await promise).toEqual(["bad"]);
  });

  test("events.once() with an AbortSignal rejects with an AbortError when aborted, and removes its listeners", async () => {
    const e = new EventEmitter(), ac = new AbortController();
    const promise = once(e, "never", { signal: ac.signal });
    ac.abort("stop");
    await expect(promise).rejects.toMatchObject({ name: "AbortError", code: "ABORT_ERR", cause: "stop" });
    expect(e.eventNames()).toEqual([]);
    await expect(once(e, "x", { signal: ac.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  test("events.once() validates its options like Node", async () => {
    const e = new EventEmitter();
    await expect(once(e, "x", null as never)).rejects.toMatchObject({ code: "ERR_INVALID_ARG_TYPE", message: 'The "options" argument must be of type object. Received null' });
    await expect(once(e, "x", { signal: {} as never })).rejects.toMatchObject({ code: "ERR_INVALID_ARG_TYPE" });
  });

  test("events.once() with a signal that is never aborted resolves, and leaves no abort listener behind", async () => {
    const e = new EventEmitter(), ac = new AbortController();
    const resolved = once(e, "ready", { signal: ac.signal });
    e.emit("ready", 1);
    expect(await resolved).toEqual([1]);
    const rejected = once(e, "ready", { signal: ac.signal });
    e.emit("error", new Error("late"));
    await expect(rejected).rejects.toThrow("late");
    ac.abort(); // nothing listens any more: no unhandled rejection
    expect(e.eventNames()).toEqual([]);
  });

  test("events.once() and events.on() reject what is neither an EventEmitter nor an EventTarget", async () => {
    await expect(once({} as never, "x")).rejects.toMatchObject({
      code: "ERR_INVALID_ARG_TYPE", message: 'The "emitter" argument must be an instance of EventEmitter. Received an instance of Object',
    });
    expect(() => on({} as never, "x")).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });

  test("events.once() works with an EventTarget", async () => {
    const target = new EventTarget();
    const promise = once(target as never, "ping");
    target.dispatchEvent(new Event("ping"));
    const [event] = await promise;
    expect((event as Event).type).toBe("ping");
  });

  test("events.on() iterates the argument arrays of each emit, buffered until read", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data");
    e.emit("data", 1);
    e.emit("data", 2, 3);
    const seen: unknown[] = [];
    for await (const args of iterator) {
      seen.push(args);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([[1], [2, 3]]);
    expect(e.listenerCount("data")).toBe(0);
    expect(e.listenerCount("error")).toBe(0);
  });

  test("events.on() throws the emitted 'error' from the iteration", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data");
    const error = new Error("broken");
    queueMicrotask(() => e.emit("error", error));
    await expect(iterator.next()).rejects.toBe(error);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test("events.on() hands an emit to a next() already waiting, and a close event ends the waiting ones", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data", { close: ["end"] });
    const first = iterator.next();
    e.emit("data", "now");
    expect(await first).toEqual({ value: ["now"], done: false });
    const waiting = [iterator.next(), iterator.next()];
    e.emit("end");
    expect(await Promise.all(waiting)).toEqual([{ value: undefined, done: true }, { value: undefined, done: true }]);
  });

  test("events.on(): an 'error' with nobody waiting rejects the next next() once, then the iteration is done", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data");
    e.emit("data", 1);
    e.emit("error", new Error("broke"));
    expect(await iterator.next()).toEqual({ value: [1], done: false });
    await expect(iterator.next()).rejects.toThrow("broke");
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test("events.on(): iterator.throw(error) ends the iteration with it; a non-Error is ERR_INVALID_ARG_TYPE", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data") as AsyncIterableIterator<unknown[]> & { throw(e: unknown): void };
    expect(() => iterator.throw("nope")).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    const pending = iterator.next();
    iterator.throw(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(e.listenerCount("data")).toBe(0);
  });

  test("events.on() ends when a close event is emitted", async () => {
    const e = new EventEmitter();
    const iterator = on(e, "data", { close: ["end"] });
    e.emit("data", "a");
    e.emit("end");
    const seen: unknown[] = [];
    for await (const args of iterator) seen.push(args);
    expect(seen).toEqual([["a"]]);
  });

  test("events.on() with an AbortSignal rejects with an AbortError once aborted", async () => {
    const e = new EventEmitter(), ac = new AbortController();
    const iterator = on(e, "data", { signal: ac.signal });
    const pending = iterator.next();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(() => on(e, "data", { signal: ac.signal })).toThrowError(expect.objectContaining({ name: "AbortError" }));
  });

  test("events.on() pauses the emitter above highWaterMark and resumes it below lowWaterMark", async () => {
    const e = new EventEmitter() as InstanceType<typeof EventEmitter> & { pause(): void; resume(): void };
    const calls: string[] = [];
    e.pause = () => calls.push("pause");
    e.resume = () => calls.push("resume");
    const iterator = on(e, "data", { highWaterMark: 2, lowWaterMark: 1 });
    for (let i = 0; i < 4; i++) e.emit("data", i);
    expect(calls).toEqual(["pause"]);
    await iterator.next();
    await iterator.next();
    await iterator.next();
    expect(calls).toEqual(["pause"]); // 1 buffered: not below lowWaterMark yet
    await iterator.next();
    expect(calls).toEqual(["pause", "resume"]);
    await iterator.return!();
  });

  test("events.on() validates watermarks as integers of at least 1", () => {
    const e = new EventEmitter();
    expect(() => on(e, "x", { highWaterMark: 0 })).toThrowError(
      expect.objectContaining({ code: "ERR_OUT_OF_RANGE", message: `The value of "options.highWaterMark" is out of range. It must be >= 1 && <= ${Number.MAX_SAFE_INTEGER}. Received 0` }),
    );
    expect(() => on(e, "x", { lowWaterMark: 1.5 })).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
  });

  test("events.on() over an EventTarget yields its events", async () => {
    const target = new EventTarget();
    const iterator = on(target as never, "tick");
    target.dispatchEvent(new Event("tick"));
    const { value } = await iterator.next();
    expect((value as Event[])[0].type).toBe("tick");
    await iterator.return!();
  });

  test("getEventListeners() returns an emitter's listeners, and an EventTarget's", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f);
    expect(getEventListeners(e, "x")).toEqual([f]);
    const target = new EventTarget();
    target.addEventListener("y", f);
    expect(getEventListeners(target, "y")).toEqual([f]);
    expect(() => getEventListeners({} as never, "x")).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE", message: 'The "emitter" argument must be an instance of EventEmitter or EventTarget. Received an instance of Object' }),
    );
  });

  test("setMaxListeners(n, ...targets) sets each target's limit; with no target it sets the default", () => {
    const a = new EventEmitter(), b = new EventEmitter(), target = new EventTarget();
    setMaxListeners(3, a, b, target);
    expect([a.getMaxListeners(), getMaxListeners(b), getMaxListeners(target)]).toEqual([3, 3, 3]);
    setMaxListeners(7);
    expect(new EventEmitter().getMaxListeners()).toBe(7);
    setMaxListeners(10);
    expect(() => setMaxListeners(1, {} as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(() => setMaxListeners(-1)).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
    expect(() => getMaxListeners(null as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });

  test("listenerCount(emitter, name) counts an emitter's or an EventTarget's listeners", () => {
    const e = new EventEmitter(), target = new EventTarget();
    e.on("x", () => {}).on("x", () => {});
    target.addEventListener("x", () => {});
    expect(listenerCount(e, "x")).toBe(2);
    expect(EventEmitter.listenerCount(target, "x")).toBe(1);
    expect(() => listenerCount({} as never, "x")).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });

  test("addAbortListener() calls the listener once on abort, and its disposable stops that", async () => {
    const ac = new AbortController(), calls: string[] = [];
    const disposable = addAbortListener(ac.signal, () => calls.push("aborted"));
    ac.abort();
    expect(calls).toEqual(["aborted"]);
    const ac2 = new AbortController();
    addAbortListener(ac2.signal, () => calls.push("never"))[Symbol.dispose]();
    ac2.abort();
    disposable[Symbol.dispose]();
    const already = AbortSignal.abort();
    addAbortListener(already, () => calls.push("already"));
    expect(calls).toEqual(["aborted"]);
    await Promise.resolve();
    expect(calls).toEqual(["aborted", "already"]);
    expect(() => addAbortListener(undefined as never, () => {})).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(() => addAbortListener(ac.signal, 1 as never)).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
  });

  test("addAbortListener() calls the listener even when an earlier 'abort' listener called stopImmediatePropagation()", () => {
    const ac = new AbortController(), calls: unknown[] = [];
    ac.signal.addEventListener("abort", (event) => event.stopImmediatePropagation());
    ac.signal.addEventListener("abort", () => calls.push("stopped"));
    addAbortListener(ac.signal, (event) => calls.push(event.target === ac.signal));
    ac.abort();
    expect(calls).toEqual([true]);
  });

  test("addAbortListener() on an aborted signal passes an 'abort' event on a microtask, unless disposed first", async () => {
    const signal = AbortSignal.abort(), events: Event[] = [];
    addAbortListener(signal, (event) => events.push(event));
    addAbortListener(AbortSignal.abort(), () => events.push(new Event("never")))[Symbol.dispose]();
    await new Promise(setImmediate);
    expect(events.map((event) => event.type)).toEqual(["abort"]);
    // The host's own addAbortListener is the oracle: Node 26 passes its trusted
    // event, targeted at the signal; older Nodes and Bun pass none, so it is ours (README).
    const hostEvents: Event[] = [];
    const hostAdd = (nodeEvents as unknown as { addAbortListener: (s: AbortSignal, l: (e?: Event) => void) => void }).addAbortListener;
    hostAdd(signal, (event) => hostEvents.push(event ?? new Event("none")));
    await new Promise(setImmediate);
    const hostPassesItsOwn = hostEvents[0].type === "abort";
    expect(events[0].target).toBe(hostPassesItsOwn ? signal : null);
    expect(events[0].isTrusted).toBe(hostPassesItsOwn);
  });

  test("events.once() rejects on abort even when an earlier 'abort' listener stopped the event, and removes its listeners", async () => {
    for (const target of [new EventEmitter(), new EventTarget()]) {
      const ac = new AbortController();
      ac.signal.addEventListener("abort", (event) => event.stopImmediatePropagation(), { once: true });
      const waiting = once(target, "foo", { signal: ac.signal });
      expect(getEventListeners(ac.signal, "abort")).toHaveLength(2);
      ac.abort();
      await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
      expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
      expect(getEventListeners(target, "foo")).toHaveLength(0);
    }
  });

  test("where the host has no node:events, abort listeners are plain once listeners and an aborted signal gets an event of ours", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const script = `
      const realProcess = globalThis.process, seen = [];
      Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
      const { addAbortListener } = await import("wasm-events/events");
      const ac = new AbortController();
      ac.signal.addEventListener("abort", (event) => event.stopImmediatePropagation());
      addAbortListener(ac.signal, () => seen.push("stopped too"));
      ac.abort();
      const signal = AbortSignal.abort();
      addAbortListener(signal, (event) => seen.push([event.type, event.target === null, event.isTrusted]));
      addAbortListener(AbortSignal.abort(), () => seen.push("disposed"))[Symbol.dispose]();
      await new Promise((resolve) => setTimeout(resolve, 10));
      realProcess.stdout.write(JSON.stringify(seen));`;
    // A Node child even under Bun: Bun's own runtime needs globalThis.process.
    const node = process.versions.bun === undefined ? process.execPath : "node";
    const out = execFileSync(node, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([["abort", true, false]]);
  });

  test("events.once() on an EventTarget resolves even when an earlier listener of the event stopped it", async () => {
    const target = new EventTarget(), event = new Event("foo");
    target.addEventListener("foo", (e) => e.stopImmediatePropagation());
    const waiting = once(target, "foo");
    target.dispatchEvent(event);
    await expect(waiting).resolves.toEqual([event]);
  });

  test("EventEmitterAsyncResource runs listeners in the async context of its creation", async () => {
    const storage = new AsyncLocalStorage<string>();
    const e = storage.run("creation", () => new EventEmitterAsyncResource({ name: "Job" }));
    const seen: unknown[] = [];
    e.on("x", () => seen.push(storage.getStore()));
    await storage.run("elsewhere", async () => e.emit("x"));
    expect(seen).toEqual(["creation"]);
    expect(typeof e.asyncId).toBe("number");
    expect(typeof e.triggerAsyncId).toBe("number");
    expect(e.asyncResource.eventEmitter).toBe(e);
    e.emitDestroy();
    expect(EventEmitter.EventEmitterAsyncResource).toBe(EventEmitterAsyncResource);
    expect(() => new EventEmitterAsyncResource()).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(new EventEmitterAsyncResource("named")).toBeInstanceOf(EventEmitter);
  });
});
