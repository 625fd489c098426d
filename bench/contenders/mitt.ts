// mitt 3.0.1: the 200-byte emitter (a Map of arrays, copied on every emit).
import mittExports from "mitt";
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

// mitt's types describe a CommonJS module (its package.json has no "type"), so
// TypeScript puts the function one level down; Node loads its ES build, whose
// default export is the function itself.
const mitt = mittExports as unknown as typeof mittExports.default;

export const mittContender: Contender = {
  name: "mitt",
  kind: "peer",
  description: "mitt `emit(name, data)`",
  prepare(table) {
    const emitter = mitt<Record<string, unknown>>(), names = table.events;
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
