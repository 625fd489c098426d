// tseep's eval-free build (`tseep/lib/ee-safe`): the same API with a plain
// loop, for hosts that forbid `new Function`. Its peer is wasm-events eval-free.
import { EventEmitter } from "tseep/lib/ee-safe.js";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

export const tseepSafe: Contender = {
  name: "tseep eval-free",
  kind: "peer",
  description: "`tseep/lib/ee-safe` `emit(name, data)` (no code generation)",
  prepare(table) {
    const emitter = new EventEmitter(), names = table.events;
    for (let e = 0; e < names.length; e++) for (const spec of table.listeners[e]) emitter.on(names[e], spec.fn);
    return {
      generateAll: freshGenerateLoop({ emitter, names }, "emitter.emit(names[order[i]], data)"),
      add(event, fn) {
        emitter.on(names[event], fn);
        return () => emitter.off(names[event], fn);
      },
      churn: freshChurnLoop({ emitter, names }, "const name = names[event];", "emitter.on(name, fn); emitter.off(name, fn);"),
    };
  },
};
