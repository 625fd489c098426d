// node:events, setMaxListeners / getMaxListeners / defaultMaxListeners and
// the MaxListenersExceededWarning.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test, vi } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths } from "./helpers.js";

afterEach(() => {
  EventEmitter.defaultMaxListeners = 10;
  vi.restoreAllMocks();
});

describeBothPaths("max listeners", () => {
  test("by default a maximum of 10 listeners per event; the 11th warns once, with emitter, type and count", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e = new EventEmitter();
    for (let i = 0; i < 10; i++) e.on("x", () => {});
    expect(warn).not.toHaveBeenCalled();
    e.on("x", () => {});
    e.on("x", () => {});
    expect(warn).toHaveBeenCalledTimes(1);
    const warning = warn.mock.calls[0][0] as Error & { emitter: unknown; type: unknown; count: number };
    expect(warning).toBeInstanceOf(Error);
    expect(warning.name).toBe("MaxListenersExceededWarning");
    expect(warning.emitter).toBe(e);
    expect(warning.type).toBe("x");
    expect(warning.count).toBe(11);
    expect(warning.message).toBe(
      "Possible EventEmitter memory leak detected. 11 x listeners added to [EventEmitter]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit",
    );
  });

  test("the warned event's array in the _events view carries warned = true, as Node's array does; a new array starts unwarned", () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e: any = new EventEmitter(), f = () => {};
    for (let i = 0; i < 10; i++) e.on("default", f);
    expect(e._events.default.warned).toBe(undefined);
    e.on("default", f);
    expect(e._events.default.warned).toBe(true);
    expect(Object.keys(e._events.default)).toContain("warned"); // an own enumerable property, as Node sets it
    for (let i = 0; i < 10; i++) e.off("default", f); // back to one listener: Node keeps the function, not the array
    e.on("default", f);
    expect(e._events.default.warned).toBe(undefined);
  });

  test("deleting warned from the _events view's array re-arms the warning, as with Node's array (Node's own test does)", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e: any = new EventEmitter(), f = () => {};
    e.setMaxListeners(2);
    e.on("x", f).on("x", f).on("x", f);
    expect(warn).toHaveBeenCalledTimes(1);
    delete e._events.x.warned;
    e.setMaxListeners(4);
    e.on("x", f); // 4 of 4
    expect(Object.hasOwn(e._events.x, "warned")).toBe(false);
    e.on("x", f); // 5 of 4
    expect(Object.hasOwn(e._events.x, "warned")).toBe(true);
    expect(warn).toHaveBeenCalledTimes(2);
    delete e._events.x.warned;
    e._events.x.warned = true; // set by hand: no more warnings for this array
    e.on("x", f);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  test("warned written to an array Node would have replaced since changes nothing; other properties are the array's own", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e: any = new EventEmitter(), f = () => {};
    e.setMaxListeners(2);
    e.on("x", f).on("x", f);
    const old = e._events.x;
    delete old.warned; // nothing to re-arm
    old.note = "mine";
    expect(old.note).toBe("mine");
    expect(e.rawListeners("x")).toEqual([f, f]);
    e.off("x", f).on("x", f); // back to one listener, then a new array
    old.warned = true; // the old array: the new one is unwarned
    e.on("x", f);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("the warning is per event: another event warns on its own", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e = new EventEmitter().setMaxListeners(1);
    e.on("a", () => {}).on("a", () => {}).on("b", () => {}).on("b", () => {}).on("a", () => {});
    expect(warn.mock.calls.map((c) => (c[0] as any).type)).toEqual(["a", "b"]);
  });

  test("setMaxListeners(0) (or Infinity) allows an unlimited number of listeners", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e = new EventEmitter().setMaxListeners(0);
    for (let i = 0; i < 50; i++) e.on("x", () => {});
    e.setMaxListeners(Infinity).on("x", () => {});
    expect(warn).not.toHaveBeenCalled();
  });

  test("getMaxListeners() is the emitter's own limit, else EventEmitter.defaultMaxListeners", () => {
    const e = new EventEmitter();
    expect(e.getMaxListeners()).toBe(10);
    EventEmitter.defaultMaxListeners = 3;
    expect(e.getMaxListeners()).toBe(3);
    expect(e.setMaxListeners(5)).toBe(e);
    expect(e.getMaxListeners()).toBe(5);
    expect((e as any)._maxListeners).toBe(5);
  });

  test("a symbol event name is shown with String() in the warning", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const e = new EventEmitter().setMaxListeners(1);
    e.on(Symbol("s"), () => {}).on(Symbol.for("t"), () => {}).on(Symbol.for("t"), () => {});
    expect((warn.mock.calls[0][0] as Error).message).toContain("2 Symbol(t) listeners");
  });

  test("setMaxListeners and defaultMaxListeners take non-negative numbers only, with Node's errors", () => {
    const e = new EventEmitter();
    expect(() => e.setMaxListeners(-1)).toThrowError(
      expect.objectContaining({ code: "ERR_OUT_OF_RANGE", message: 'The value of "setMaxListeners" is out of range. It must be >= 0. Received -1' }),
    );
    expect(() => e.setMaxListeners(Number.NaN)).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE" }));
    expect(() => e.setMaxListeners("1" as never)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_ARG_TYPE", message: `The "setMaxListeners" argument must be of type number. Received type string ('1')` }),
    );
    expect(() => {
      EventEmitter.defaultMaxListeners = -5;
    }).toThrowError(expect.objectContaining({ code: "ERR_OUT_OF_RANGE", message: 'The value of "defaultMaxListeners" is out of range. It must be >= 0. Received -5' }));
    expect(e.getMaxListeners()).toBe(10);
  });

  test("where there is no process, the warning goes to console.warn", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const script = `
      const realProcess = globalThis.process;
      const warned = [];
      console.warn = (w) => warned.push(w.name + ": " + w.count);
      Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
      const { EventEmitter } = await import("wasm-events/events");
      const e = new EventEmitter().setMaxListeners(1);
      e.on("x", () => {}).on("x", () => {});
      realProcess.stdout.write(JSON.stringify(warned));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual(["MaxListenersExceededWarning: 2"]);
  });
});
