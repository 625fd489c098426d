// §14, bus.once and bus.on: core registrations in dispatch order, abort by
// signal, on's buffering up to highWaterMark then EOVERFLOW; and bad input
// of generateAsync, once and on. Run on both dispatch paths.
import { describe, expect, test } from "vitest";
import { EventBus, EventsError } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { rejection, settle } from "./awaiting-helpers.js";

describe.each(DISPATCH_MODES)("§14 once and on ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test("§14 once resolves with the next event data, as a core registration in dispatch order, removed by it", async () => {
    const bus = makeBus();
    const counts: number[] = [];
    const mod = bus.loadModule("mod_a");
    bus.register(null, "x", () => void counts.push(bus.listening("x")));
    const next = bus.once("x");
    bus.register(null, "x", () => void counts.push(bus.listening("x")));
    bus.register(mod, "x", () => void counts.push(bus.listening("x")));
    expect(bus.dump().slice(1)).toEqual(["  mod_a", "  (core)", "  (core)", "  (core)"]);
    const payload = { user: "alice" };
    bus.generate("x", payload);
    expect(counts).toEqual([4, 4, 3]); // once's registration went between the first core listener and the second
    expect(await next).toBe(payload);
    bus.generate("x", "again");
    expect(bus.listening("x")).toBe(3);
  });

  test("§14 once registered during a dispatch of its event is not resolved by it (§6); generateAsync resolves it too", async () => {
    const bus = makeBus();
    let next: Promise<unknown> | undefined;
    bus.register(null, "x", (data: number) => {
      if (data === 1) next = bus.once("x");
    });
    bus.generate("x", 1);
    await bus.generateAsync("x", 2);
    expect(await next).toBe(2);
  });

  test("§14 once with a signal: abort removes the registration and rejects with an AbortError; already aborted registers nothing", async () => {
    const bus = makeBus();
    const controller = new AbortController();
    const next = bus.once("x", { signal: controller.signal });
    expect(bus.listening("x")).toBe(1);
    controller.abort("bye");
    expect(await rejection(next)).toMatchObject({ name: "AbortError", code: "ABORT_ERR", cause: "bye" });
    expect(bus.listening("x")).toBe(0);
    expect(await rejection(bus.once("x", { signal: AbortSignal.abort() }))).toMatchObject({ name: "AbortError" });
    expect(bus.listening("x")).toBe(0);

    const resolved = new AbortController();
    const value = bus.once("x", { signal: resolved.signal });
    bus.generate("x", 5);
    resolved.abort(); // after the event: nothing left to remove or reject
    expect(await value).toBe(5);
  });

  test("§14 on yields every later event data in order, buffering while the consumer is busy", async () => {
    const bus = makeBus();
    const mod = bus.loadModule("mod_a");
    const order: string[] = [];
    bus.register(mod, "x", () => void order.push("module"));
    const events = bus.on("x");
    bus.register(null, "x", () => void order.push("core after"));
    bus.generate("x", 1);
    expect(order).toEqual(["module", "core after"]);
    await bus.generateAsync("x", 2);
    bus.generate("x", 3);
    const seen: unknown[] = [];
    for await (const data of events) {
      seen.push(data);
      if (data === 3) bus.generate("x", 4); // while the consumer is busy
      if (data === 4) {
        await settle();
        bus.generate("x", 5);
        bus.generate("x", 6);
      }
      if (data === 6) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(bus.listening("x")).toBe(2); // break removed the registration (the two others stay)
  });

  test("§14 on hands an event to a waiting consumer at once, and serves several pending next() calls in order", async () => {
    const bus = makeBus();
    const events = bus.on("x");
    const first = events.next(), second = events.next();
    bus.generate("x", "a");
    bus.generate("x", "b");
    expect(await first).toEqual({ value: "a", done: false });
    expect(await second).toEqual({ value: "b", done: false });
    await events.return!();
    expect(await events.next()).toEqual({ value: undefined, done: true });
    expect(bus.listening("x")).toBe(0);
  });

  test("§14 on loses nothing up to highWaterMark; one event beyond it: registration removed, buffered events yielded, then EOVERFLOW", async () => {
    const bus = makeBus();
    const below = bus.on("x", { highWaterMark: 100 });
    for (let i = 0; i < 100; i++) bus.generate("x", i);
    expect(bus.listening("x")).toBe(1);
    const taken: unknown[] = [];
    for (let i = 0; i < 100; i++) taken.push((await below.next()).value);
    expect(taken).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await below.return!();

    const over = bus.on("x", { highWaterMark: 3 });
    for (let i = 0; i < 5; i++) bus.generate("x", i);
    expect(bus.listening("x")).toBe(0); // removed at the first event it could not buffer
    const seen: unknown[] = [];
    let error: unknown;
    try {
      for await (const data of over) seen.push(data);
    } catch (caught) {
      error = caught;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(error).toBeInstanceOf(EventsError);
    expect(error).toMatchObject({ code: "EOVERFLOW" });
    expect((error as Error).message).toMatch(/'x'.*highWaterMark 3/);
    expect(await over.next()).toEqual({ value: undefined, done: true });
  });

  test("§14 on with a signal: abort removes the registration and finishes the iterator (a pending next resolves done); already aborted registers nothing", async () => {
    const bus = makeBus();
    const controller = new AbortController();
    const events = bus.on("x", { signal: controller.signal });
    bus.generate("x", 1);
    expect(await events.next()).toEqual({ value: 1, done: false });
    const pending = events.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(bus.listening("x")).toBe(0);
    bus.generate("x", 2);
    expect(await events.next()).toEqual({ value: undefined, done: true });

    const never = bus.on("x", { signal: AbortSignal.abort() });
    expect(bus.listening("x")).toBe(0);
    expect(await never.next()).toEqual({ value: undefined, done: true });
  });
});

describe("§8 bad input: EINVAL, nothing registered, nothing called", () => {
  const bad: [string, unknown][] = [["empty name", ""], ["number", 42], ["null", null], ["undefined", undefined]];

  test.each(bad)("§14 generateAsync with %s as the event name rejects EINVAL", async (_, name) => {
    const bus = new EventBus();
    const error = await rejection(bus.generateAsync(name as string));
    expect(error).toBeInstanceOf(EventsError);
    expect(error).toMatchObject({ code: "EINVAL", message: expect.stringContaining("generateAsync") });
  });

  test.each([["a number", 3], ["null", null], ["a bad signal", { signal: {} }]])(
    "§14 generateAsync with %s as options rejects EINVAL and calls nothing",
    async (_, options) => {
      const bus = new EventBus();
      const calls: unknown[] = [];
      bus.register(null, "x", (data) => void calls.push(data));
      const error = await rejection(bus.generateAsync("x", 1, options as never));
      expect(error).toMatchObject({ code: "EINVAL" });
      expect(calls).toEqual([]);
    },
  );

  test("§14 once with a bad name or options rejects EINVAL and registers nothing", async () => {
    const bus = new EventBus();
    for (const [name, options] of [["", undefined], [7, undefined], ["x", 5], ["x", { signal: "no" }]] as const) {
      const error = await rejection(bus.once(name as string, options as never));
      expect(error).toMatchObject({ name: "EventsError", code: "EINVAL" });
    }
    expect(bus.listening("x")).toBe(0);
    expect(bus.dump()).toEqual(["No events registered"]);
  });

  test("§14 on with a bad name, options or highWaterMark throws EINVAL and registers nothing", () => {
    const bus = new EventBus();
    const cases: [unknown, unknown][] = [
      ["", undefined], [null, undefined], ["x", "opts"], ["x", { signal: 1 }],
      ["x", { highWaterMark: 0 }], ["x", { highWaterMark: 1.5 }], ["x", { highWaterMark: "3" }],
      ["x", { highWaterMark: Infinity }], ["x", { highWaterMark: -1 }],
    ];
    for (const [name, options] of cases) {
      expect(() => bus.on(name as string, options as never)).toThrow(expect.objectContaining({ code: "EINVAL" }));
    }
    expect(bus.dump()).toEqual(["No events registered"]);
  });
});
