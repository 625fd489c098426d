// Node's own EventEmitter (node:events): the baseline most servers start from.
import { EventEmitter } from "node:events";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

export const nodeEvents: Contender = {
  name: "node:events",
  kind: "peer",
  description: "`EventEmitter` from `node:events`, `emit(name, data)`",
  prepare(table) {
    const emitter = new EventEmitter(), names = table.events;
    emitter.setMaxListeners(0); // 100 listeners on one event is the scenario, not a leak
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
