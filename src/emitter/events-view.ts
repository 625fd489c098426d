// The `_events` / `_eventsCount` view, for code that inspects Node's
// internals: `_events` reads as Node's (a null-prototype object of event name
// -> the listener, or an array of the raw listeners for several, with
// `warned` as Node keeps it there: see arrayView), built from the store and
// the table on each read; `_eventsCount` counts the events with listeners.
// They are views, not storage: assigning `_events` an empty object (or
// undefined) removes every listener silently, as resetting Node's does, and
// assigning it a filled one installs those listeners; assigning
// `_eventsCount` does nothing. (`_maxListeners` is a plain property, as in Node.)

import { rawArrayOf, rareStateOf, snapshotOf, type EmitterSlots, type EventListeners } from "./listeners.js";
import type { Entry } from "./store.js";
import { kCount, kEvents, kSlots } from "./symbols.js";

/**
 * Node's array for an event of several listeners, as `_events` shows it. Node
 * keeps its max-listeners flag on that array (`warned`, set when the warning
 * fires); setting or deleting it there (Node's own tests delete it to re-arm
 * the warning) reaches our flag while Node's array would still be the
 * event's current one.
 */
function arrayView(b: EventListeners, slots: EmitterSlots): Function[] {
  const array: Function[] & { warned?: boolean } = rawArrayOf(b, slots);
  if (b.rare?.warned) array.warned = true;
  const epoch = b.epoch;
  return new Proxy(array, {
    set(target, key, value) {
      if (key === "warned" && b.epoch === epoch) rareStateOf(b).warned = Boolean(value);
      return Reflect.set(target, key, value);
    },
    deleteProperty(target, key) {
      if (key === "warned" && b.epoch === epoch && b.rare !== undefined) b.rare.warned = false;
      return Reflect.deleteProperty(target, key);
    },
  });
}

/**
 * Defines the view on `proto`. `clear` drops every listener silently;
 * `restore` adds one the same way (the setter's two halves).
 */
export function defineEventsView(
  proto: object, clear: (t: object) => void, restore: (t: object, type: string | symbol, fn: Function) => void,
): void {
  Object.defineProperty(proto, "_events", {
    configurable: true,
    enumerable: true,
    get(this: any): Record<string | symbol, Function | Function[] | undefined> {
      const view: Record<string | symbol, Function | Function[] | undefined> = Object.create(null);
      const store = this[kEvents], slots: EmitterSlots = this[kSlots];
      if (store === undefined) return view;
      for (const key of Reflect.ownKeys(store)) {
        const b: Entry | undefined = store[key];
        if (b === undefined || typeof b === "function") view[key] = b; // a lone listener is Node's own shape
        else {
          const snapshot = snapshotOf(b, slots);
          view[key] = typeof snapshot === "function" ? snapshot : arrayView(b, slots);
        }
      }
      return view;
    },
    set(this: any, value: unknown) {
      clear(this);
      if (value === undefined || value === null || typeof value !== "object") return;
      for (const key of Reflect.ownKeys(value)) {
        const entry = (value as Record<string | symbol, unknown>)[key];
        const fns = typeof entry === "function" ? [entry] : Array.isArray(entry) ? entry : [];
        for (const fn of fns) if (typeof fn === "function") restore(this, key, fn);
      }
    },
  });
  Object.defineProperty(proto, "_eventsCount", {
    configurable: true,
    enumerable: true,
    get(this: any): number {
      return this[kEvents] === undefined ? 0 : this[kCount];
    },
    set(_value: unknown) {
      // A count derived from the table: nothing to store.
    },
  });
}
