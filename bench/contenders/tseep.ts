// tseep 1.3.1: compiles a dispatcher per event with `new Function` (the
// approach wasm-events' default path shares).
import { EventEmitter } from "tseep";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

export const tseep: Contender = {
  name: "tseep",
  kind: "peer",
  description: "tseep `emit(name, data)` (compiled dispatchers)",
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
