// node:events, "Capture rejections of promises".
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { captureRejectionSymbol } from "wasm-events/events";
import { describeBothPaths, warm } from "./helpers.js";

afterEach(() => {
  EventEmitter.captureRejections = false;
});

describeBothPaths("captureRejections", () => {
  test("with captureRejections: true, a listener's rejected promise is emitted as 'error'", async () => {
    const e = new EventEmitter({ captureRejections: true }), errors: unknown[] = [];
    e.on("x", async () => {
      throw new Error("kaboom");
    });
    e.on("error", (error: Error) => errors.push(error.message));
    e.emit("x");
    expect(errors).toEqual([]); // not synchronously
    await sleep(1);
    expect(errors).toEqual(["kaboom"]);
  });

  test("Symbol.for('nodejs.rejection') receives the error, the event name and the arguments instead", async () => {
    const e = new EventEmitter({ captureRejections: true }) as any, got: unknown[] = [];
    e[captureRejectionSymbol] = (error: Error, event: string, ...args: unknown[]) => got.push([error.message, event, args]);
    e.on("x", async () => {
      throw new Error("nope");
    }).on("x", () => {});
    warm(e, "x", 1, 2);
    e.emit("x", 1, 2);
    await sleep(1);
    expect(got.length).toBeGreaterThan(1);
    expect(got[0]).toEqual(["nope", "x", [1, 2]]);
    expect(captureRejectionSymbol).toBe(Symbol.for("nodejs.rejection"));
  });

  test("without captureRejections a rejected promise from a listener is not routed to 'error'", async () => {
    const e = new EventEmitter(), errors: unknown[] = [];
    e.on("error", (error: unknown) => errors.push(error));
    const rejected = Promise.reject(new Error("left alone"));
    rejected.catch(() => {});
    e.on("x", () => rejected);
    e.emit("x");
    await sleep(1);
    expect(errors).toEqual([]);
  });

  test("EventEmitter.captureRejections = true changes the default for new emitters", async () => {
    EventEmitter.captureRejections = true;
    const e = new EventEmitter(), errors: string[] = [];
    e.on("x", () => Promise.reject(new Error("default on")));
    e.on("error", (error: Error) => errors.push(error.message));
    e.emit("x");
    await sleep(1);
    expect(errors).toEqual(["default on"]);
  });

  test("a rejection of an 'error' listener is not captured again (no loop)", async () => {
    const e = new EventEmitter({ captureRejections: true });
    let calls = 0;
    e.on("error", async () => {
      calls++;
      throw new Error("error listener fails too");
    });
    e.on("x", async () => {
      throw new Error("first");
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      e.emit("x");
      await sleep(5);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(calls).toBe(1);
    expect(unhandled).toHaveLength(1);
  });

  test("captureRejections must be a boolean: the option and the static are ERR_INVALID_ARG_TYPE otherwise", () => {
    expect(() => new EventEmitter({ captureRejections: 1 as never })).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE", message: 'The "options.captureRejections" property must be of type boolean. Received type number (1)' }),
    );
    expect(() => {
      EventEmitter.captureRejections = "yes" as never;
    }).toThrowError(expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE" }));
    expect(EventEmitter.captureRejections).toBe(false);
  });
});
