// 10,000 event names, one trivial listener each, and generates that go round
// robin over 256 of them spread across the table: what the name lookup costs
// once the bus is big and the generated names are not the first ones interned.
// Its control, few-names, registers only the 256 names it generates, in the
// same round robin: many-names over few-names is the cost of size alone,
// many-names over listeners-1 adds the cost of going round 256 events
// (which even `direct`, with no names at all, pays).
import type { ListenerSpec } from "../contender.js";
import { SMALL_DATA, trivialListeners, type GenerateWorkload, type Scenario } from "../scenario.js";

const HOT = 256, LOOP = 4096;
const SMALL_HOT = 32;

/** A module-like name: "mod_17.event-4321". */
const eventName = (i: number): string => `mod_${i % 97}.event-${i}`;

/** `names` events with one listener each; the loop goes round robin over `hot` of them, evenly spread. */
function namedEvents(name: string, names: number, smallNames: number, control: boolean): Scenario<GenerateWorkload> {
  const count = (n: number) => n.toLocaleString("en-US");
  return {
    name,
    title: control
      ? `${HOT} event names, 1 listener each, round robin over all of them (many-names' control)`
      : `${count(names)} event names, 1 listener each, round robin over ${HOT} of them`,
    kind: "generate",
    build(small) {
      const total = small ? smallNames : names, hot = small ? SMALL_HOT : HOT;
      const hits = new Uint32Array(total);
      const events: string[] = [], listeners: ListenerSpec[][] = [], slots: number[][] = [];
      for (let e = 0; e < total; e++) {
        events.push(eventName(e));
        listeners.push(trivialListeners(hits, e, 1));
        slots.push([e]);
      }
      // Hot events every `stride` names, so they sit all over the table.
      const stride = Math.floor(total / hot), order = new Int32Array(LOOP);
      for (let i = 0; i < LOOP; i++) order[i] = (i % hot) * stride + (stride >> 1);
      return { kind: "generate", table: { events, listeners }, hits, slots, data: SMALL_DATA, order };
    },
  };
}

export const manyNames = namedEvents("many-names", 10_000, 1_000, false);
export const fewNames = namedEvents("few-names", HOT, SMALL_HOT, true);
