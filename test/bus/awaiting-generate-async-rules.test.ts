// §14, generateAsync held to the §6 rules against the whole call (removals,
// additions, re-entrancy across awaits, stale reports) and its errors (the
// lone error, AggregateError, onError). Run on both dispatch paths.
import { describe, expect, test } from "vitest";
import { type ListenerInfo, type StaleInfo } from "wasm-events";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";
import { deferred, prime, rejection, settle } from "./awaiting-helpers.js";

describe.each(DISPATCH_MODES)("§14 generateAsync ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  describe("§6 rules held against the whole call", () => {
    test("§6 an onError hook of generateAsync, called inside a synchronous generate of the same event, still skips that generate's running listener", () => {
      const calls: string[] = [];
      let inHook = false;
      const bus = makeBus({
        onError: () => {
          if (inHook) return;
          inHook = true;
          bus.generate("x", "from the hook");
          inHook = false;
        },
      });
      bus.register(null, "x", (data) => {
        calls.push(`outer listener: ${String(data)}`);
        if (data === "sync") void bus.generateAsync("x", "async");
      });
      bus.register(null, "x", (data) => {
        calls.push(`second: ${String(data)}`);
        if (data === "async") throw new Error("fails synchronously");
      });
      prime(bus, "x");
      calls.length = 0;
      bus.generate("x", "sync");
      // The first listener is running (it called generateAsync) all along: §6 skips it in both nested calls.
      expect(calls).toEqual(["outer listener: sync", "second: async", "second: from the hook", "second: sync"]);
    });

    test("§14 a registration removed while an earlier listener awaits is not called", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const gate = deferred();
      const mod = bus.loadModule("mod_first");
      const removed = bus.register(null, "x", () => void calls.push("removed"));
      bus.register(null, "x", () => void calls.push("kept"));
      bus.register(mod, "x", async () => {
        calls.push("first");
        await gate.promise;
      });
      prime(bus, "x");
      calls.length = 0;
      const call = bus.generateAsync("x");
      expect(removed.unregister()).toBe(true);
      gate.resolve();
      await call;
      expect(calls).toEqual(["first", "kept"]);
    });

    test("§14 a module unloaded while its turn is pending is not called; re-registering the same listener is a new registration, not called by the call", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const gate = deferred();
      const early = bus.loadModule("mod_early"), late = bus.loadModule("mod_late");
      const onX = () => void calls.push("early");
      bus.register(early, "x", onX);
      bus.register(late, "x", async () => {
        calls.push("late");
        await gate.promise;
      });
      const call = bus.generateAsync("x");
      expect(early.unload()).toBe(1);
      bus.register(null, "x", onX);
      gate.resolve();
      await call;
      expect(calls).toEqual(["late"]);
      await bus.generateAsync("x");
      expect(calls).toEqual(["late", "late", "early"]);
    });

    test("§14 a registration added after the call started is not called by it, but by the next call", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      let gate = deferred();
      const mod = bus.loadModule("mod_first");
      bus.register(mod, "x", async () => {
        calls.push("first");
        await gate.promise;
      });
      const call = bus.generateAsync("x");
      bus.register(null, "x", () => void calls.push("added"));
      gate.resolve();
      await call;
      expect(calls).toEqual(["first"]);
      gate = deferred();
      gate.resolve();
      await bus.generateAsync("x");
      expect(calls).toEqual(["first", "first", "added"]);
    });

    test("§14 a listener running in a pending generateAsync is skipped by a second call of the same event, which calls the others", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const gate = deferred();
      const mod = bus.loadModule("mod_slow");
      bus.register(null, "x", (data: string) => void calls.push(`fast ${data}`));
      bus.register(mod, "x", async (data: string) => {
        calls.push(`slow ${data}`);
        await gate.promise;
      });
      const first = bus.generateAsync("x", "1");
      await bus.generateAsync("x", "2"); // slow is still running for x
      expect(calls).toEqual(["slow 1", "fast 2"]);
      bus.generate("x", "3"); // decision: a synchronous generate does not consult pending calls
      expect(calls).toEqual(["slow 1", "fast 2", "slow 3", "fast 3"]);
      gate.resolve();
      await first;
      expect(calls).toEqual(["slow 1", "fast 2", "slow 3", "fast 3", "fast 1"]);
      calls.length = 0;
      await bus.generateAsync("x", "4"); // settled: no longer running
      expect(calls).toEqual(["slow 4", "fast 4"]);
    });

    test("§14 a listener that starts generateAsync of its own event (even after an await) is skipped by it", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const mod = bus.loadModule("mod_loop");
      let inner: Promise<void> | undefined;
      bus.register(null, "x", (data: number) => void calls.push(`core ${data}`));
      bus.register(mod, "x", async (data: number) => {
        calls.push(`loop ${data}`);
        await settle();
        if (data < 3) inner = bus.generateAsync("x", data + 1);
        await inner;
      });
      await bus.generateAsync("x", 1);
      expect(calls).toEqual(["loop 1", "core 2", "core 1"]);
    });

    test("§14 a listener is running from its call on: a generateAsync of its event started from its synchronous part skips it", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const inner: Promise<void>[] = [];
      const mod = bus.loadModule("mod_sync");
      bus.register(null, "x", (data: number) => void calls.push(`core ${data}`));
      bus.register(mod, "x", (data: number) => {
        calls.push(`starter ${data}`);
        if (data < 3) inner.push(bus.generateAsync("x", data + 1)); // synchronously, no await
      });
      await bus.generateAsync("x", 1);
      await Promise.all(inner);
      expect(calls).toEqual(["starter 1", "core 2", "core 1"]);
      calls.length = 0;
      await bus.generateAsync("x", 5); // its run ended: called again
      expect(calls).toEqual(["starter 5", "core 5"]);
    });

    test("§14 a listener running in a synchronous generate under way is skipped by a generateAsync started from it", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const mod = bus.loadModule("mod_sync");
      let started: Promise<void> | undefined;
      bus.register(null, "x", (data: string) => void calls.push(`core ${data}`));
      bus.register(mod, "x", (data: string) => {
        calls.push(`sync ${data}`);
        if (data === "outer") started = bus.generateAsync("x", "inner");
      });
      bus.register(null, "y", () => void calls.push("y")); // another event is unaffected
      prime(bus, "x"); // the compiled path, if this mode compiles, finds the running listener on the stack
      calls.length = 0;
      bus.generate("x", "outer");
      await started;
      expect(calls).toEqual(["sync outer", "core inner", "core outer"]);
    });

    test("§6 an error thrown by onStale rejects the call once every listener has run", async () => {
      const hookError = new Error("onStale failed");
      const bus = makeBus({ onStale: () => { throw hookError; } });
      const calls: string[] = [];
      const pool = bus.createPool();
      bus.register(bus.loadModule("mod_stale"), "x", () => void calls.push("stale"), pool.hold(1));
      bus.register(null, "x", () => void calls.push("core"));
      pool.destroy();
      expect(await rejection(bus.generateAsync("x"))).toBe(hookError);
      expect(calls).toEqual(["core"]);
    });

    test("§7 a stale registration is reported once through onStale, removed, and not called", async () => {
      const stale: StaleInfo[] = [];
      const bus = makeBus({ onStale: (info) => stale.push(info) });
      const calls: string[] = [];
      const mod = bus.loadModule("mod_stale");
      const pool = bus.createPool("session");
      const onX = () => void calls.push("stale");
      bus.register(mod, "x", onX, pool.hold({}));
      bus.register(null, "x", () => void calls.push("core"));
      pool.destroy();
      await bus.generateAsync("x");
      await bus.generateAsync("x");
      expect(calls).toEqual(["core", "core"]);
      expect(stale).toEqual([{ event: "x", module: "mod_stale", listener: onX, pool: "session" }]);
      expect(bus.listening("x")).toBe(1);
    });
  });

  describe("§6 errors", () => {
    test("§14 without onError: after every listener has run, the lone error itself", async () => {
      const bus = makeBus();
      const calls: string[] = [];
      const failure = new Error("rejected");
      const mod = bus.loadModule("mod_fail");
      bus.register(null, "x", () => void calls.push("core"));
      bus.register(mod, "x", async () => {
        calls.push("failing");
        throw failure;
      });
      expect(await rejection(bus.generateAsync("x"))).toBe(failure);
      expect(calls).toEqual(["failing", "core"]);
    });

    test("§14 without onError: an AggregateError of every error in listener order, thrown or rejected", async () => {
      const bus = makeBus();
      const errors = [new Error("first"), new Error("second"), new Error("third")];
      const a = bus.loadModule("mod_a"), b = bus.loadModule("mod_b");
      bus.register(null, "x", () => {
        throw errors[2];
      });
      bus.register(a, "x", async () => {
        await settle();
        throw errors[1];
      });
      bus.register(b, "x", () => {
        throw errors[0]; // synchronously
      });
      const error = await rejection(bus.generateAsync("x"));
      expect(error).toBeInstanceOf(AggregateError);
      expect((error as AggregateError).errors).toEqual(errors);
      expect((error as AggregateError).errors[0]).toBe(errors[0]);
    });

    test("§14 with onError: each error goes there with its listener's info, and the promise fulfils; an error of onError itself rejects", async () => {
      const reports: { error: unknown; info: ListenerInfo }[] = [];
      const bus = makeBus({ onError: (error, info) => reports.push({ error, info }) });
      const mod = bus.loadModule("mod_fail");
      const thrown = new Error("thrown"), rejected = new Error("rejected");
      const throwing = () => {
        throw thrown;
      };
      const rejecting = async () => {
        throw rejected;
      };
      bus.register(mod, "x", rejecting);
      bus.register(null, "x", throwing);
      await expect(bus.generateAsync("x")).resolves.toBeUndefined();
      expect(reports).toEqual([
        { error: rejected, info: { event: "x", module: "mod_fail", listener: rejecting } },
        { error: thrown, info: { event: "x", module: null, listener: throwing } },
      ]);

      const hookError = new Error("hook");
      const strict = makeBus({ onError: () => { throw hookError; } });
      strict.register(null, "y", rejecting);
      expect(await rejection(strict.generateAsync("y"))).toBe(hookError);
    });
  });
});
