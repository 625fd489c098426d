// wasm-events' EventEmitter, default options (compiled dispatchers where allowed).
import { EventEmitter } from "wasm-events";
import type { Argc, BenchListener, EmitterContender } from "../contender.js";

/**
 * A loop compiled from source of this contender's own. The compiled and the
 * eval-free contenders are made by one function here, so loops written as
 * literals below would be two closures of one source, where each peer's
 * (a module of its own) is the only closure of its source. V8 specialises
 * the optimized code of a function that is the only closure of its source
 * (function context specialisation: what it captured becomes constants, with
 * no map check); every contender gets that, peers at their best and ours
 * alike. (The emit and churn loops are several closures of their source for
 * every contender, one per listener count, so those are literals.)
 */
function ownLoop(contender: string, bindings: Record<string, unknown>, body: string): (times: number) => unknown {
  const names = Object.keys(bindings);
  const factory = new Function(...names, `"use strict"; // ${contender}\nreturn function loop(times) {\n${body}\n};`);
  return factory(...names.map((key) => bindings[key])) as (times: number) => unknown;
}

export function wasmEventsContender(name: string, codegen: boolean, setCodegen: (on: boolean) => void): EmitterContender {
  return {
    name,
    kind: "wasm-events",
    description: codegen ? "`EventEmitter` from `wasm-events` (compiled dispatchers)" : "the same, eval-free loop (setEmitterCodegen(false) while its emitters warm up)",
    emitLoop(listeners: readonly BenchListener[], argc: Argc) {
      setCodegen(codegen);
      const e = new EventEmitter().setMaxListeners(0);
      for (const fn of listeners) e.on("x", fn);
      for (let i = 0; i < 20; i++) e.emit("x", ...[0, 0, 0].slice(0, argc)); // past the compile threshold, in this mode
      setCodegen(true);
      switch (argc) {
        case 0: return (times) => { for (let i = 0; i < times; i++) e.emit("x"); };
        case 1: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i); };
        case 2: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i, i); };
        default: return (times) => { for (let i = 0; i < times; i++) e.emit("x", i, i, i); };
      }
    },
    churnLoop(listener, others) {
      const e = new EventEmitter().setMaxListeners(0);
      for (let k = 0; k < others; k++) e.on("x", () => {});
      return (times) => {
        for (let i = 0; i < times; i++) {
          e.on("x", listener);
          e.off("x", listener);
        }
      };
    },
    onceLoop(listener) {
      const e = new EventEmitter();
      return ownLoop(name, { e, listener }, 'for (let i = 0; i < times; i++) { e.once("x", listener); e.emit("x", i); }');
    },
    constructLoop(listener) {
      return ownLoop(
        name,
        { EventEmitter, listener },
        'let last; for (let i = 0; i < times; i++) { const e = new EventEmitter(); e.on("x", listener); last = e; } return last;',
      );
    },
    namesLoop(listener, names, hot) {
      const e = new EventEmitter();
      for (const event of names) e.on(event, listener);
      return ownLoop(name, { e, hot, n: hot.length }, "for (let i = 0; i < times; i++) e.emit(hot[i % n], i);");
    },
    make(events, listeners) {
      const e = new EventEmitter();
      for (let i = 0; i < events.length; i++) e.on(events[i], listeners[i]);
      return e;
    },
  };
}
