// wasm-events with code generation forced off (`codegen: false`): the
// eval-free loop dispatcher that strict-CSP hosts get automatically.
import type { Contender } from "../contender.js";
import { addListener, busWithTable } from "./wasm-events-table.js";

export const wasmEventsEvalFree: Contender = {
  name: "wasm-events eval-free",
  kind: "wasm-events",
  description: "`new EventBus({ codegen: false })`, `bus.generate(name, data)`: the loop dispatcher",
  prepare(table) {
    const bus = busWithTable(table, { codegen: false }), names = table.events;
    return {
      generateAll(order, data) {
        for (let i = 0; i < order.length; i++) bus.generate(names[order[i]], data);
      },
      add: (event, fn) => addListener(bus, names[event], fn),
      wasmMemoryBytes: () => bus.wasmMemoryBytes,
      churn(event, fn, times) {
        const name = names[event];
        for (let i = 0; i < times; i++) {
          bus.register(null, name, fn);
          bus.unregister(null, name, fn);
        }
      },
    };
  },
};
