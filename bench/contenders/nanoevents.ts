// nanoevents 9.1.0: `on` returns the unbind function (which copies the array).
import { createNanoEvents } from "nanoevents";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

export const nanoevents: Contender = {
  name: "nanoevents",
  kind: "peer",
  description: "nanoevents `emit(name, data)`",
  prepare(table) {
    const emitter = createNanoEvents<Record<string, (data: unknown) => void>>(), names = table.events;
    for (let e = 0; e < names.length; e++) for (const spec of table.listeners[e]) emitter.on(names[e], spec.fn);
    return {
      generateAll: freshGenerateLoop({ emitter, names }, "emitter.emit(names[order[i]], data)"),
      add: (event, fn) => emitter.on(names[event], fn),
      churn: freshChurnLoop({ emitter, names }, "const name = names[event];", "emitter.on(name, fn)();"),
    };
  },
};
