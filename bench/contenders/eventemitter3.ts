// eventemitter3 5.0.4: the most used fast EventEmitter replacement.
import { EventEmitter } from "eventemitter3";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

export const eventemitter3: Contender = {
  name: "eventemitter3",
  kind: "peer",
  description: "eventemitter3 `emit(name, data)`",
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
