// Register + unregister churn: one more listener comes and goes on an event
// that keeps 10 (a per-connection hook, a `once` done by hand). One unit is
// a register and its unregister.
import { firstSlots, SMALL_DATA, trivialListeners, type ChurnWorkload, type Scenario } from "../scenario.js";

const KEPT = 10;

export const churn: Scenario<ChurnWorkload> = {
  name: "churn",
  title: `register + unregister one listener on an event with ${KEPT} listeners`,
  kind: "churn",
  build() {
    const hits = new Uint32Array(KEPT + 1);
    const [extra] = trivialListeners(hits, KEPT, 1);
    return {
      kind: "churn",
      table: { events: ["core.connection"], listeners: [trivialListeners(hits, 0, KEPT)] },
      hits,
      slots: [firstSlots(KEPT)],
      data: SMALL_DATA,
      event: 0,
      extra: extra.fn,
      extraSlot: KEPT,
      times: 2000,
    };
  },
};
