// Shared by the three wasm-events adapters: a bus with a bench table
// registered the way a user would, so the adapters differ only in the path
// they time (by name, by EventRef, eval-free), and the by-name contender that
// two of them are.
import { EventBus, type EventBusOptions, type Pool } from "wasm-events";
import type { BenchListener, Contender, Table } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

/** A new bus with every listener of `table` registered by the core, in table order. */
export function busWithTable(table: Table, options?: EventBusOptions): EventBus {
  const bus = new EventBus(options);
  let pool: Pool | undefined; // restart-scoped, made only if some listener has user data
  for (let e = 0; e < table.events.length; e++) {
    const name = table.events[e];
    for (const spec of table.listeners[e]) {
      const withUserData = spec.withUserData;
      if (withUserData === undefined) {
        bus.register(null, name, spec.fn);
      } else {
        pool ??= bus.createPool("bench");
        bus.register(null, name, withUserData.fn, pool.hold(withUserData.value));
      }
    }
  }
  return bus;
}

/** `Prepared.add` for any wasm-events variant: the Registration removes exactly what it added. */
export function addListener(bus: EventBus, name: string, fn: BenchListener): () => void {
  const registration = bus.register(null, name, fn);
  return () => {
    registration.unregister();
  };
}

/**
 * A contender timing `bus.generate(name, data)` on buses made with `options`.
 * By name and eval-free share this loop: both call one method of one class,
 * so its call site stays monomorphic (peers, each a class of its own, keep
 * their loops in their own files).
 */
export function generateByName(name: string, description: string, options?: EventBusOptions): Contender {
  return {
    name,
    kind: "wasm-events",
    description,
    prepare(table) {
      const bus = busWithTable(table, options), names = table.events;
      return {
        generateAll: freshGenerateLoop({ bus, names }, "bus.generate(names[order[i]], data)"),
        add: (event, fn) => addListener(bus, names[event], fn),
        wasmMemoryBytes: () => bus.wasmMemoryBytes,
        // By name both ways, as a peer's on/off: register, then the filtered unregister.
        churn: freshChurnLoop(
          { bus, names },
          "const name = names[event];",
          "bus.register(null, name, fn); bus.unregister(null, name, fn);",
        ),
      };
    },
  };
}
