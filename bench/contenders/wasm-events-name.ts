// wasm-events through its everyday API: `bus.generate(name, data)`, with the
// default dispatcher (compiled per event where `new Function` is allowed).
import type { Contender } from "../contender.js";
import { addListener, busWithTable } from "./wasm-events-table.js";

export const wasmEventsByName: Contender = {
  name: "wasm-events",
  kind: "wasm-events",
  description: "`bus.generate(name, data)`, default options (compiled dispatchers)",
  prepare(table) {
    const bus = busWithTable(table), names = table.events;
    return {
      generateAll(order, data) {
        for (let i = 0; i < order.length; i++) bus.generate(names[order[i]], data);
      },
      add: (event, fn) => addListener(bus, names[event], fn),
      wasmMemoryBytes: () => bus.wasmMemoryBytes,
      churn(event, fn, times) {
        // By name both ways, as a peer's on/off: register, then the filtered unregister.
        const name = names[event];
        for (let i = 0; i < times; i++) {
          bus.register(null, name, fn);
          bus.unregister(null, name, fn);
        }
      },
    };
  },
};
