// Memory per listener: 100,000 registrations over 10,000 events (10 each),
// every listener a distinct function, as in a server where each module's
// listener closes over its own state. The functions are made before anything
// is measured, so what is measured is the emitter's storage, including what
// it keeps per distinct function (a function -> id map, say), not the
// closures themselves. (Ten functions shared by every event, as this
// scenario had until Dec 2026, hid that per-function cost.)
import type { ListenerSpec } from "../contender.js";
import { SMALL_DATA, trivialListeners, type MemoryWorkload, type Scenario } from "../scenario.js";

const EVENTS = 10_000, PER_EVENT = 10;
const SMALL_EVENTS = 200;

export const memory: Scenario<MemoryWorkload> = {
  name: "memory",
  title: `bytes per listener, distinct functions, ${(EVENTS * PER_EVENT).toLocaleString("en-US")} listeners over ${EVENTS.toLocaleString("en-US")} events`,
  kind: "memory",
  build(small) {
    const count = small ? SMALL_EVENTS : EVENTS;
    // Listener k of every event bumps counter k: distinct functions, shared counters.
    const hits = new Uint32Array(PER_EVENT), slots = Array.from({ length: PER_EVENT }, (_, k) => k);
    const events: string[] = [], listeners: (readonly ListenerSpec[])[] = [], allSlots: number[][] = [];
    for (let e = 0; e < count; e++) {
      events.push(`mod_${e % 97}.state-${e}`);
      listeners.push(trivialListeners(hits, 0, PER_EVENT));
      allSlots.push(slots);
    }
    return {
      kind: "memory",
      table: { events, listeners },
      hits,
      slots: allSlots,
      data: SMALL_DATA,
      listenerCount: count * PER_EVENT,
    };
  },
};
