// The max-listeners warning: once per event, when an add makes more than
// getMaxListeners() (if above 0) listeners, a MaxListenersExceededWarning
// (an Error with `emitter`, `type` and `count`) goes to process.emitWarning,
// or console.warn where there is no process.

import { emitWarning, inspect } from "./host.js";
import { rareStateOf, type EventListeners } from "./listeners.js";
import { kEvents } from "./symbols.js";

let defaultMaxListeners = 10;

export function getDefaultMaxListeners(): number {
  return defaultMaxListeners;
}

export function setDefaultMaxListeners(n: number): void {
  defaultMaxListeners = n;
}

/** `emitter.getMaxListeners()`: its own limit, or EventEmitter.defaultMaxListeners. */
export function maxListenersOf(t: { _maxListeners?: number }, defaults: { defaultMaxListeners: number }): number {
  return t._maxListeners === undefined ? defaults.defaultMaxListeners : t._maxListeners;
}

/** After an add made `count` (>= 2) listeners of `type`, more than `max`. */
export function checkListenerLeak(t: Record<symbol, any>, type: string | symbol, count: number, max: number): void {
  const b: EventListeners = t[kEvents][type]; // a list: two listeners or more
  if (!(max > 0 && count > max) || b.rare?.warned) return;
  rareStateOf(b).warned = true;
  const shown = inspect(t, { depth: -1 }); // as Node: `[EventEmitter]`, `[JobQueue]`
  const warning = new Error(
    `Possible EventEmitter memory leak detected. ${count} ${String(type)} listeners ` +
      `added to ${shown}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`,
  );
  Object.assign(warning, { name: "MaxListenersExceededWarning", emitter: t, type, count });
  emitWarning(warning);
}
