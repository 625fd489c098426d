// §6, last rule: a listener that returns a promise (or any thenable) is
// not awaited; if the promise rejects, the rejection is reported as the
// listener's error would be, after the fact, to onError with the listener's
// info. Run on every dispatch path: the one-listener path inside generate,
// the loop, compiled dispatchers (primed past their compile threshold), and
// the checked path (a nested generate).
import { describe, expect, test } from "vitest";
import { EventBus, type ListenerInfo } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { runNodeJson } from "../helpers/spec-node.js";

/** Lets every settled promise's reactions run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe.each(DISPATCH_MODES)("§6 listeners that return promises ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  test.each([1, 2, 5, 40])("§6 a rejected promise goes to onError with the listener's info, after generate returned (%i listeners)", async (n) => {
    const reports: { error: unknown; info: ListenerInfo }[] = [];
    const bus = makeBus({ onError: (error, info) => reports.push({ error, info }) });
    const mod = bus.loadModule("mod_async");
    const failure = new Error("late failure");
    const calls: number[] = [];
    let reject!: (reason: unknown) => void;
    const failing = async () => {
      calls.push(n - 1);
      await new Promise((_, rej) => (reject = rej));
    };
    for (let i = 0; i < n - 1; i++) bus.register(null, "job.done", () => void calls.push(i));
    bus.register(mod, "job.done", failing); // module listeners run first (§5)
    for (let i = 0; i < 20; i++) bus.generate("job.done"); // past any compile threshold
    calls.length = 0;
    reports.length = 0;

    bus.generate("job.done", { id: 7 });
    expect(calls).toHaveLength(n); // every listener ran: dispatch did not wait
    expect(reports).toEqual([]); // nothing to report yet
    reject(failure);
    await settle();
    expect(reports).toHaveLength(1);
    expect(reports[0].error).toBe(failure);
    expect(reports[0].info).toEqual({ event: "job.done", module: "mod_async", listener: failing });
  });

  test("§6 a promise that resolves reports nothing, and generate does not wait for it", async () => {
    const reports: unknown[] = [];
    const bus = makeBus({ onError: (error) => reports.push(error) });
    let resolved = false;
    bus.register(null, "e", () => new Promise<void>((resolve) => setTimeout(() => ((resolved = true), resolve()), 5)));
    bus.generate("e");
    expect(resolved).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(true);
    expect(reports).toEqual([]);
  });

  test("§6 a thenable that is not a promise is watched the same way", async () => {
    const reports: unknown[] = [];
    const bus = makeBus({ onError: (error) => reports.push(error) });
    bus.register(null, "e", () => ({ then: (_ok: unknown, fail: (reason: unknown) => void) => fail("thenable refused") }));
    bus.register(null, "e", () => 42); // a plain return value is ignored
    bus.generate("e");
    await settle();
    expect(reports).toEqual(["thenable refused"]);
  });

  test("§6 a rejection from a listener of a nested generate is reported with that listener's info", async () => {
    const reports: ListenerInfo[] = [];
    const bus = makeBus({ onError: (_error, info) => reports.push(info) });
    const nestedFailure = async () => {
      throw new Error("nested");
    };
    bus.register(null, "outer", () => bus.generate("inner"));
    bus.register(null, "inner", () => {});
    bus.register(null, "inner", nestedFailure);
    bus.register(null, "outer", () => {});
    bus.generate("outer");
    await settle();
    expect(reports).toEqual([{ event: "inner", module: null, listener: nestedFailure }]);
  });

  test("§6 a rejected promise is not watched without onError: the host reports it as an unhandled rejection", () => {
    const out = runNodeJson(`
      import { EventBus } from "wasm-events";
      const seen = [];
      process.on("unhandledRejection", (reason) => seen.push(String(reason)));
      const bus = new EventBus(${JSON.stringify(mode.options)});
      bus.register(null, "e", async () => { throw new Error("nobody listens"); });
      bus.register(null, "e", () => seen.push("second listener ran"));
      bus.generate("e");
      setTimeout(() => console.log(JSON.stringify({ seen })), 20);
    `);
    expect(out.seen).toEqual(["second listener ran", "Error: nobody listens"]);
  });
});

describe("§6 a thenable whose then misbehaves", () => {
  test("a throwing `then` getter or `then` function does not disturb the dispatch", () => {
    const reports: unknown[] = [];
    const bus = new EventBus({ onError: (error) => reports.push(error) });
    const calls: string[] = [];
    bus.register(null, "e", () => {
      calls.push("getter");
      return Object.defineProperty({}, "then", { get: () => { throw new Error("getter"); } });
    });
    bus.register(null, "e", () => {
      calls.push("thrower");
      return { then: () => { throw new Error("then"); } };
    });
    bus.register(null, "e", () => void calls.push("last"));
    expect(() => bus.generate("e")).not.toThrow();
    expect(calls).toEqual(["getter", "thrower", "last"]);
    expect(reports).toEqual([]);
  });
});
