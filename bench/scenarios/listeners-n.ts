// N listeners with trivial bodies on one event: the dispatcher's own cost per
// generate and per listener, from N = 0 (an event nobody listens to) to 100.
import { firstSlots, repeatFirstEvent, SMALL_DATA, trivialListeners, type GenerateWorkload, type Scenario } from "../scenario.js";

/**
 * Generates per task iteration: the fastest contender should still spend tens
 * of microseconds per iteration, so tinybench's own overhead (about a
 * microsecond per iteration) stays out of the figures; fewer for big N.
 */
const loopLength = (listeners: number): number =>
  listeners === 0 ? 10_000 : listeners === 1 ? 5_000 : listeners <= 5 ? 2_000 : listeners <= 20 ? 1_000 : 200;

export function listenersN(listeners: number): Scenario<GenerateWorkload> {
  return {
    name: `listeners-${listeners}`,
    title: `${listeners} listener${listeners === 1 ? "" : "s"} with trivial bodies on one event`,
    kind: "generate",
    build() {
      const hits = new Uint32Array(listeners);
      return {
        kind: "generate",
        table: { events: ["core.session-open"], listeners: [trivialListeners(hits, 0, listeners)] },
        hits,
        slots: [firstSlots(listeners)],
        data: SMALL_DATA,
        order: repeatFirstEvent(loopLength(listeners)),
      };
    },
  };
}
