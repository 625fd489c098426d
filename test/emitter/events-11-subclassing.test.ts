// node:events, inheriting: `class X extends EventEmitter`, and old-style
// `EventEmitter.call(this)` with util.inherits.
import { inherits } from "node:util";
import { expect, test, vi } from "vitest";
import { EventEmitter } from "wasm-events";
import { describeBothPaths, warm } from "./helpers.js";

describeBothPaths("subclassing", () => {
  test("class MyEmitter extends EventEmitter: instances emit, and listeners get the instance as this", () => {
    class MyEmitter extends EventEmitter {
      greeting = "hi";
    }
    const e = new MyEmitter(), seen: unknown[] = [];
    e.on("event", function (this: MyEmitter) {
      seen.push(this.greeting, this instanceof MyEmitter);
    });
    e.emit("event");
    expect(seen).toEqual(["hi", true]);
    expect(e).toBeInstanceOf(EventEmitter);
  });

  test("EventEmitter is callable as EventEmitter.call(this), with util.inherits", () => {
    function OldStyle(this: any, name: string) {
      EventEmitter.call(this);
      this.name = name;
    }
    inherits(OldStyle, EventEmitter as never);
    const e = new (OldStyle as any)("old");
    const seen: string[] = [];
    e.on("x", function (this: { name: string }) {
      seen.push(this.name);
    });
    e.on("x", () => seen.push("second"));
    warm(e, "x");
    seen.length = 0;
    expect(e.emit("x")).toBe(true);
    expect(seen).toEqual(["old", "second"]);
    expect(e).toBeInstanceOf(EventEmitter);
  });

  test("EventEmitter.call(this) with options honours captureRejections", () => {
    function Capturing(this: any) {
      EventEmitter.call(this, { captureRejections: true });
    }
    inherits(Capturing, EventEmitter as never);
    const e = new (Capturing as any)();
    expect(e[Symbol.for("nodejs.rejection")]).toBe(undefined);
    expect(Object.getOwnPropertySymbols(e).length).toBeGreaterThan(0);
  });

  test("a subclass's emit override sees the meta-events, and once's removal goes through its removeListener", () => {
    const seen: string[] = [];
    class Watching extends EventEmitter {
      override emit(name: string | symbol, ...args: unknown[]): boolean {
        seen.push(`emit ${String(name)}`);
        return super.emit(name, ...args);
      }
      override removeListener(name: string | symbol, listener: (...args: any[]) => void): this {
        seen.push(`remove ${String(name)}`);
        return super.removeListener(name, listener);
      }
    }
    const e = new Watching();
    e.on("newListener", () => {});
    e.once("x", () => {});
    e.emit("x");
    expect(seen).toEqual(["emit newListener", "emit x", "remove x"]);
  });

  test("the max-listeners warning names a subclass by its class", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    class JobQueue extends EventEmitter {}
    const e = new JobQueue().setMaxListeners(1);
    e.on("x", () => {}).on("x", () => {});
    expect((warn.mock.calls[0][0] as Error).message).toContain("added to [JobQueue]");
    warn.mockRestore();
  });

  test("EventEmitter.init on an emitter that already has listeners keeps them", () => {
    const e = new EventEmitter(), f = () => {};
    e.on("x", f);
    EventEmitter.init.call(e);
    expect(e.listeners("x")).toEqual([f]);
    e.off("x", f);
    expect(e.eventNames()).toEqual([]);
  });

  test("an object created from an emitter prototype without init works once init runs", () => {
    const e = Object.create(EventEmitter.prototype);
    EventEmitter.init.call(e);
    e.on("x", () => {});
    expect(e.emit("x")).toBe(true);
  });

  test("an object from the prototype that skipped init counts its events as Node's does", async () => {
    const { EventEmitter: NodeEmitter } = await import("node:events");
    const counts = (E: any) => {
      const e = Object.create(E.prototype), f = () => {};
      e.on("x", f).on("y", f).on("y", f);
      const added = [e._eventsCount, e.listenerCount("y"), e.emit("y")];
      e.off("x", f);
      return [...added, e._eventsCount, e.eventNames()];
    };
    expect(counts(EventEmitter)).toEqual(counts(NodeEmitter));
    expect(counts(EventEmitter)).toEqual([2, 2, true, 1, ["y"]]);
  });
});
