// wasm-events through its pre-interned fast path: `bus.event(name)` once,
// then `ref.generate(data)` with no name lookup.
import type { Contender } from "../contender.js";
import { addListener, busWithTable } from "./wasm-events-table.js";

export const wasmEventsByRef: Contender = {
  name: "wasm-events ref",
  kind: "wasm-events",
  description: "`bus.event(name)` once, then `ref.generate(data)`; churn through the `Registration` handle",
  prepare(table) {
    const bus = busWithTable(table), names = table.events;
    const refs = names.map((name) => bus.event(name));
    return {
      generateAll(order, data) {
        for (let i = 0; i < order.length; i++) refs[order[i]].generate(data);
      },
      add: (event, fn) => addListener(bus, names[event], fn),
      wasmMemoryBytes: () => bus.wasmMemoryBytes,
      churn(event, fn, times) {
        // The handle path: what a user holding the Registration would do.
        const name = names[event];
        for (let i = 0; i < times; i++) bus.register(null, name, fn).unregister();
      },
    };
  },
};
