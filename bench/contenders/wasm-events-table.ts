// Shared by the three wasm-events adapters: a bus with a bench table
// registered the way a user would, so the adapters differ only in the path
// they time (by name, by EventRef, eval-free).
import { EventBus, type EventBusOptions, type Pool } from "wasm-events";
import type { BenchListener, Table } from "../contender.js";

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
