// Memory per listener: 100,000 registrations over 10,000 events (10 each).
// The 10 listener functions are shared by every event, so what is measured is
// the emitter's own storage, not the user's closures.
import type { ListenerSpec } from "../contender.js";
import { SMALL_DATA, trivialListeners, type MemoryWorkload, type Scenario } from "../scenario.js";

const EVENTS = 10_000, PER_EVENT = 10;
const SMALL_EVENTS = 200;

export const memory: Scenario<MemoryWorkload> = {
  name: "memory",
  title: `bytes per listener, ${(EVENTS * PER_EVENT).toLocaleString("en-US")} listeners over ${EVENTS.toLocaleString("en-US")} events`,
  kind: "memory",
  build(small) {
    const count = small ? SMALL_EVENTS : EVENTS;
    const hits = new Uint32Array(PER_EVENT), shared: readonly ListenerSpec[] = trivialListeners(hits, 0, PER_EVENT);
    const slots = Array.from({ length: PER_EVENT }, (_, k) => k);
    const events: string[] = [], listeners: (readonly ListenerSpec[])[] = [], allSlots: number[][] = [];
    for (let e = 0; e < count; e++) {
      events.push(`mod_${e % 97}.state-${e}`);
      listeners.push(shared);
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
