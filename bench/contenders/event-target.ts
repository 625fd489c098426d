// The web platform's EventTarget, as Node ships it. It passes an Event, not
// the data: listeners are wrapped to unpack `detail`, and every generate
// makes a CustomEvent, which is what its users write (an Event can carry
// only the data it was made with).
import { setMaxListeners } from "node:events";
import type { BenchListener, Contender } from "../contender.js";
import { freshChurnLoop, freshGenerateLoop } from "../fresh.js";

type EventListenerFn = (event: Event) => void;
const unwrap = (fn: BenchListener): EventListenerFn => (event) => fn((event as CustomEvent).detail);

export const eventTarget: Contender = {
  name: "EventTarget",
  kind: "peer",
  description: "`EventTarget`, `dispatchEvent(new CustomEvent(name, { detail: data }))`",
  prepare(table) {
    const target = new EventTarget(), names = table.events;
    setMaxListeners(0, target); // many listeners per event is the scenario, not a leak
    for (let e = 0; e < names.length; e++) {
      for (const spec of table.listeners[e]) target.addEventListener(names[e], unwrap(spec.fn));
    }
    return {
      generateAll: freshGenerateLoop({ target, names }, "target.dispatchEvent(new CustomEvent(names[order[i]], { detail: data }))"),
      add(event, fn) {
        const listener = unwrap(fn);
        target.addEventListener(names[event], listener);
        return () => target.removeEventListener(names[event], listener);
      },
      // The wrapper is made once: EventTarget dedupes by identity, so a user keeps it to remove it.
      churn: freshChurnLoop(
        { target, names, unwrap },
        "const name = names[event], listener = unwrap(fn);",
        "target.addEventListener(name, listener); target.removeEventListener(name, listener);",
      ),
    };
  },
};
