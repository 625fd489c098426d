// 10,000 event names, one trivial listener each, and generates that go round
// robin over 256 of them spread across the table: what the name lookup costs
// once the bus is big and the generated names are not the first ones interned.
// Compare with listeners-1 (one name, one listener) for the cost of size.
import type { ListenerSpec } from "../contender.js";
import { SMALL_DATA, trivialListeners, type GenerateWorkload, type Scenario } from "../scenario.js";

const NAMES = 10_000, HOT = 256, LOOP = 1024;
const SMALL_NAMES = 1_000, SMALL_HOT = 32;

/** A module-like name: "mod_17.event-4321". */
const eventName = (i: number): string => `mod_${i % 97}.event-${i}`;

export const manyNames: Scenario<GenerateWorkload> = {
  name: "many-names",
  title: `${NAMES.toLocaleString("en-US")} event names, 1 listener each, round robin over ${HOT} of them`,
  kind: "generate",
  build(small) {
    const names = small ? SMALL_NAMES : NAMES, hot = small ? SMALL_HOT : HOT;
    const hits = new Uint32Array(names);
    const events: string[] = [], listeners: ListenerSpec[][] = [], slots: number[][] = [];
    for (let e = 0; e < names; e++) {
      events.push(eventName(e));
      listeners.push(trivialListeners(hits, e, 1));
      slots.push([e]);
    }
    // Hot events every `stride` names, so they sit all over the table.
    const stride = Math.floor(names / hot), order = new Int32Array(LOOP);
    for (let i = 0; i < LOOP; i++) order[i] = (i % hot) * stride + (stride >> 1);
    return { kind: "generate", table: { events, listeners }, hits, slots, data: SMALL_DATA, order };
  },
};
