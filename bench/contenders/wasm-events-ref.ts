// wasm-events through its pre-interned fast path: `bus.event(name)` once,
// then `ref.generate(data)` with no name lookup.
import type { Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";
import { addListener, busWithTable } from "./wasm-events-table.js";

export const wasmEventsByRef: Contender = {
  name: "wasm-events ref",
  kind: "wasm-events",
  description: "`bus.event(name)` once, then `ref.generate(data)`; churn through the `Registration` handle",
  prepare(table) {
    const bus = busWithTable(table), names = table.events;
    const refs = names.map((name) => bus.event(name));
    return {
      generateAll: freshGenerateLoop({ refs }, "refs[order[i]].generate(data)"),
      add: (event, fn) => addListener(bus, names[event], fn),
      wasmMemoryBytes: () => bus.wasmMemoryBytes,
      // The handle path: what a user holding the Registration would do.
      churn: freshChurnLoop({ bus, names }, "const name = names[event];", "bus.register(null, name, fn).unregister();"),
    };
  },
};
