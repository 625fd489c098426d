// Corners where a listener changes the emitter under a method that is still
// running, each checked against what Node 26's node:events does (issue 16;
// the differential test reaches them at random):
// - emit('error') whose errorMonitor listener removes listeners: Node looked
//   its events object up before the monitors and dispatches from it;
// - removeAllListeners whose 'removeListener' listener empties the same
//   event: Node's loop goes on over its shrunken array and passes
//   `undefined` to removeListener, which throws.
import { expect, test } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, warm } from "./helpers.js";

const { errorMonitor } = EventEmitter;

function setup() {
  const e: any = new EventEmitter(), log: unknown[] = [];
  const f = (x: unknown) => log.push(["f", x instanceof Error ? x.message : x]);
  const g = (x: unknown) => log.push(["g", x instanceof Error ? x.message : x]);
  return { e, log, f, g };
}

describeBothPaths("an errorMonitor listener that removes listeners during emit('error')", () => {
  test("removeAllListeners(): the 'error' listeners there were are still called, and emit returns true", () => {
    const { e, log, f } = setup();
    e.on("error", f).on(errorMonitor, () => {
      log.push("monitor");
      e.removeAllListeners();
    });
    expect(e.emit("error", new Error("boom"))).toBe(true);
    expect(log).toEqual(["monitor", ["f", "boom"]]);
    expect(e.eventNames()).toEqual([]);
    expect(() => e.emit("error", new Error("again"))).toThrow("again");
  });

  test("what the events held when they were dropped is called: a listener added before removeAllListeners() too", () => {
    const { e, log, f, g } = setup();
    let acting = false;
    e.on("error", f).on("error", f).on(errorMonitor, () => {
      if (!acting) return;
      log.push("monitor");
      e.on("error", g);
      e.removeAllListeners();
    });
    warm(e, "error", "warm-up"); // a hot 'error' event: on the compiled path its next emit runs a dispatcher
    log.length = 0;
    acting = true;
    expect(e.emit("error", "plain")).toBe(true);
    expect(log).toEqual(["monitor", ["f", "plain"], ["f", "plain"], ["g", "plain"]]);
  });

  test("removing the monitor and then the last 'error' listener drops the events too: the listener is still called", () => {
    const { e, log, f } = setup();
    e.on("error", f).on(errorMonitor, function monitor() {
      log.push("monitor");
      e.off(errorMonitor, monitor);
      e.off("error", f);
    });
    expect(e.emit("error", new Error("boom"))).toBe(true);
    expect(log).toEqual(["monitor", ["f", "boom"]]);
  });

  test("removing the monitor and then removeAllListeners('error'), or assigning _events, calls the listeners there were", () => {
    for (const drop of [
      (e: any, monitor: Function) => e.off(errorMonitor, monitor).removeAllListeners("error"),
      (e: any) => (e._events = {}),
    ]) {
      const { e, log, f, g } = setup();
      e.on("error", f).on("error", g).on(errorMonitor, function monitor() {
        log.push("monitor");
        drop(e, monitor);
      });
      expect(e.emit("error", 7)).toBe(true);
      expect(log).toEqual(["monitor", ["f", 7], ["g", 7]]);
      expect(e.eventNames()).toEqual([]);
    }
  });

  test("a promise an 'error' listener there was returns is captured as usual (captureRejections)", async () => {
    const e: any = new EventEmitter({ captureRejections: true }), rejections: unknown[] = [];
    e[Symbol.for("nodejs.rejection")] = (error: Error, name: string, ...args: unknown[]) => rejections.push([error.message, name, ...args]);
    e.on("error", async () => {
      throw new Error("later");
    }).on(errorMonitor, () => e.removeAllListeners());
    expect(e.emit("error", 7)).toBe(true);
    await new Promise(setImmediate);
    expect(rejections).toEqual([["later", "error", 7]]);
  });

  test("removing the 'error' listener while other events remain: there is none, so the error is thrown", () => {
    const { e, log, f } = setup();
    const boom = new Error("boom");
    e.on("x", () => {}).on("error", f).on(errorMonitor, () => {
      log.push("monitor");
      e.off("error", f);
    });
    expect(() => e.emit("error", boom)).toThrow(boom);
    expect(log).toEqual(["monitor"]);
  });

  test("removeAllListeners('error'): none left, so a non-Error value throws ERR_UNHANDLED_ERROR", () => {
    const { e, log, f } = setup();
    e.on("error", f).on(errorMonitor, () => {
      log.push("monitor");
      e.removeAllListeners("error");
    });
    expect(() => e.emit("error", 7)).toThrow(expect.objectContaining({ code: "ERR_UNHANDLED_ERROR", message: "Unhandled error. (7)" }));
    expect(log).toEqual(["monitor"]);
  });

  test("removeAllListeners() with a 'removeListener' listener removes 'error' first, one by one: the error is thrown", () => {
    const { e, log, f } = setup();
    const boom = new Error("boom");
    e.on("error", f).on("removeListener", (name: unknown) => log.push(["removed", String(name)]));
    e.on(errorMonitor, () => {
      log.push("monitor");
      e.removeAllListeners();
    });
    expect(() => e.emit("error", boom)).toThrow(boom);
    expect(log).toEqual(["monitor", ["removed", "error"], ["removed", "Symbol(events.errorMonitor)"]]);
    expect(e.eventNames()).toEqual([]);
  });
});

describeBothPaths("removeAllListeners while a 'removeListener' listener empties the same event", () => {
  const INVALID_LISTENER = {
    name: "TypeError",
    code: "ERR_INVALID_ARG_TYPE",
    message: 'The "listener" argument must be of type function. Received undefined',
  };

  function emitterWithThree() {
    const e: any = new EventEmitter(), removed: [string, string][] = [];
    const a = () => {}, b = () => {}, c = () => {};
    const label = (l: unknown) => (l === a ? "a" : l === b ? "b" : l === c ? "c" : "?");
    e.on("x", a).on("x", b).on("x", c).on("y", a);
    let acted = false;
    e.on("removeListener", (name: string, l: unknown) => {
      removed.push([name, label(l)]);
      if (name === "x" && !acted) {
        acted = true; // the first removal of x (c) empties x from here
        e.removeAllListeners("x");
      }
    });
    return { e, removed };
  }

  test("removeAllListeners(name) throws Node's ERR_INVALID_ARG_TYPE once every listener of the event is gone", () => {
    const { e, removed } = emitterWithThree();
    let thrown: unknown;
    try {
      e.removeAllListeners("x");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject(INVALID_LISTENER);
    expect(removed).toEqual([["x", "c"], ["x", "b"], ["x", "a"]]);
    expect(e.eventNames()).toEqual(["y", "removeListener"]);
  });

  test("removeAllListeners() throws the same from that event and leaves the events after it in place", () => {
    const { e, removed } = emitterWithThree();
    expect(() => e.removeAllListeners()).toThrow(expect.objectContaining(INVALID_LISTENER));
    expect(removed).toEqual([["x", "c"], ["x", "b"], ["x", "a"]]);
    expect(e.eventNames()).toEqual(["y", "removeListener"]);
    expect(e.listenerCount("y")).toBe(1);
  });

  test("while the event is being emitted, Node's first removal copies the array: the loop walks the old one and returns normally", () => {
    const { e, removed } = emitterWithThree();
    let result: unknown;
    e.prependListener("x", () => {
      if (result === undefined) result = e.removeAllListeners("x");
    });
    removed.length = 0;
    e.emit("x");
    expect(result).toBe(e);
    expect(removed.map(([, l]) => l)).toEqual(["c", "b", "a", "?"]);
    expect(e.listenerCount("x")).toBe(0);
  });

  /** emitterWithThree with a first listener of 'x' that runs `act` while armed, 'x' made hot first (a compiled dispatcher on that path). */
  function hotWithThree(act: (e: any) => void) {
    const { e, removed } = emitterWithThree();
    let armed = false;
    e.prependListener("x", () => {
      if (armed) act(e);
    });
    warm(e, "x");
    removed.length = 0;
    return { e, removed, arm: (on: boolean) => void (armed = on) };
  }

  test("the same on a hot event: its compiled dispatcher counts itself as an emit walking the array", () => {
    let result: unknown;
    const { e, removed, arm } = hotWithThree((e) => (result ??= e.removeAllListeners("x")));
    arm(true);
    e.emit("x");
    expect(result).toBe(e);
    expect(removed.map(([, l]) => l)).toEqual(["c", "b", "a", "?"]);
    expect(e.listenerCount("x")).toBe(0);
  });

  test("an emit nested in a hot event's emit and ended before the removals leaves the outer one counted", () => {
    let depth = 0, result: unknown;
    const { e, removed, arm } = hotWithThree((e) => {
      if (++depth !== 1) return;
      e.emit("x"); // an inner emit of the same array, over before the removals
      result = e.removeAllListeners("x");
    });
    arm(true);
    e.emit("x");
    expect(result).toBe(e);
    expect(removed.map(([, l]) => l)).toEqual(["c", "b", "a", "?"]);
  });

  test("a hot event's emit that a listener ended by throwing is no longer counted: removeAllListeners(name) throws as outside any emit", () => {
    const { e, removed, arm } = hotWithThree(() => {
      throw new Error("listener");
    });
    arm(true);
    expect(() => e.emit("x")).toThrow("listener");
    arm(false);
    expect(() => e.removeAllListeners("x")).toThrow(expect.objectContaining(INVALID_LISTENER));
    expect(removed.map(([, l]) => l)).toEqual(["c", "b", "a", "?"]);
  });
});

describeBothPaths("the 'removeListener' announcement an overridden emit sees", () => {
  class Observed extends EventEmitter {
    calls: unknown[][] = [];
    override emit(name: string | symbol, ...args: unknown[]): boolean {
      this.calls.push([name, ...args]);
      return super.emit(name, ...args);
    }
  }

  test("removing the emitter's very last listener, a 'removeListener' one, still emits 'removeListener' (to nobody)", () => {
    const e = new Observed(), r = () => {};
    e.on("removeListener", r).off("removeListener", r);
    expect(e.calls).toEqual([["removeListener", "removeListener", r]]);
  });

  test("removing the last 'removeListener' listener while other events remain announces nothing", () => {
    const e = new Observed(), r = () => {}, f = () => {};
    e.on("x", f).on("removeListener", r).off("removeListener", r);
    expect(e.calls).toEqual([]);
  });

  test("removeAllListeners() announces each removal, the last 'removeListener' listener's too", () => {
    const e = new Observed(), r = () => {}, f = () => {};
    e.on("removeListener", r).on("x", f);
    e.removeAllListeners();
    expect(e.calls).toEqual([["removeListener", "x", f], ["removeListener", "removeListener", r]]);
  });
});
