// How an emitter keeps its listeners (§11), per event name in the store
// (`kEvents`, property keys exactly like Node's `_events`, so names coerce
// and order as Node's):
// - one listener: the function itself, a plain field, as node:events keeps
//   it. No Wasm, no slot, no finalization: an emitter whose events each have
//   at most one listener (most sockets, streams, requests) is an ordinary
//   object, as cheap to make, fill, drop and collect as Node's.
// - from the second listener on: an EventListeners over a list in the shared
//   Wasm table (listeners.ts), which holds the order; emit calls the snapshot
//   derived from it, compiled once hot (dispatch.ts). The list stays until
//   its event is emptied, even at one listener.
// The emitter's other fields: `kCount` (events with listeners, Node's
// `_eventsCount`) and `kSlots` (its lists' functions and table owner, made
// with its first list).

import { afterChange, beforeChange, EmitterSlots, EventListeners, makeListeners, replaceArray, snapshotOf } from "./listeners.js";
import { errorEmits, retireStore } from "./error-event.js";
import { lengthAt, lists, newListWith, NO_OWNER, ownerOf, refreshViews, slotAt, slotsOf, table } from "./emitter-table.js";
import { kCount, kEvents, kShapeMode, kSlots } from "./symbols.js";

export type Name = string | symbol;
/** What the store holds for an event with listeners. */
export type Entry = Function | EventListeners;
export type Store = Record<Name, Entry | undefined>;
/** An emitter as the implementation sees it (the public type is in emitter-types.ts). */
export type Self = any;

/**
 * The store's prototype: frozen and empty, with no Object.prototype behind it,
 * so '__proto__', 'constructor' or 'toString' are event names like any other.
 * (An object with a prototype stays a fast-properties object, where
 * Object.create(null) starts as a dictionary of about 180 bytes.)
 */
const NO_INHERITED_KEYS: object = Object.freeze(Object.create(null));

function newStore(): Store {
  return Object.create(NO_INHERITED_KEYS);
}

/**
 * Adds `fn` to `type`'s listeners (at the front if `prepend`); returns the
 * event's new listener count. Callers announced it before (meta-events.ts).
 */
// ── HOT PATH ── every on/addListener. Budget: the store and event loads, then
// for a list one slot write, one Wasm call and the invalidation. The rare
// steps (an emitter's first event, an event's second listener) are calls of
// their own, so that this stays small enough for V8 to inline it, with what it
// calls, into `on` and `on` into its caller, beside an `off` (measured on + off
// beside 10 listeners, Node 26).
export function insert(t: Self, type: Name, fn: Function, prepend: boolean): number {
  const store: Store = t[kEvents] ?? firstStore(t);
  const existing = store[type];
  if (existing === undefined) {
    store[type] = fn; // a lone listener: nothing else to do
    t[kCount]++;
    return 1;
  }
  if (typeof existing === "function") return secondListener(t, store, type, existing, fn, prepend);
  const slots: EmitterSlots = t[kSlots];
  beforeChange(existing, slots);
  const slot = slots.put(fn);
  const count = prepend ? lists!.emitterPrepend(existing.list, slot) : lists!.emitterAppend(existing.list, slot);
  refreshViews();
  afterChange(existing, slots, count);
  return count;
}

/** The emitter's first event: its store. */
function firstStore(t: Self): Store {
  t[kCount] = 0; // as Node resets `_eventsCount` with `_events` (an object that skipped init counts right)
  return (t[kEvents] = newStore());
}

/** The second listener: the event's list is made in the table, both entries in one call. Returns 2. */
function secondListener(t: Self, store: Store, type: Name, had: Function, fn: Function, prepend: boolean): number {
  let slots: EmitterSlots | undefined = t[kSlots];
  if (slots === undefined) slots = t[kSlots] = new EmitterSlots();
  const first = slots.put(had), added = slots.put(fn);
  const b = prepend
    ? newListWith(slots.token, slots.owner, added, first, makeListeners)
    : newListWith(slots.token, slots.owner, first, added, makeListeners);
  if (slots.owner === NO_OWNER) slots.owner = ownerOf(b.record);
  store[type] = b;
  return 2;
}

/**
 * Removes the entry at `index` of `type`'s list (Node's last match, found by
 * the caller). Returns the function removed.
 */
export function removeFromList(t: Self, store: Store, type: Name, b: EventListeners, slots: EmitterSlots, index: number): Function {
  const removed = slots.take(lists!.emitterRemoveAt(b.list, index));
  if (b.count === 1) {
    freeList(b, slots);
    dropEvent(t, store, type, removed);
  } else afterChange(b, slots, b.count - 1);
  return removed;
}

/**
 * `type` has no listener left (`last` was its last): its name leaves the
 * store (or keeps its key in shape mode).
 */
export function dropEvent(t: Self, store: Store, type: Name, last: Function): void {
  const left = --t[kCount];
  if (t[kShapeMode]) store[type] = undefined;
  else if (left === 0) {
    // Node drops the whole object when its last event goes: cheaper than `delete` (about 150 ns in V8).
    // Its key stays in the dropped one, which an emit('error') under way still reads (error-event.ts).
    if (errorEmits.length !== 0) retireStore(store, type === "error" ? last : undefined);
    t[kEvents] = undefined;
  } else delete store[type];
}

/** What `entry` holds as Node's events object would (the function, or the array of several), for retireStore. */
export function heldFor(entry: Entry | undefined, slots: EmitterSlots | undefined): Function | readonly Function[] | undefined {
  return entry === undefined || typeof entry === "function" ? entry : snapshotOf(entry, slots!);
}

/**
 * An event's list lost its listeners (or goes with every other): its slots
 * and its list in the table are freed. A removeAllListeners loop watching
 * Node's array keeps what it held.
 */
export function freeList(b: EventListeners, slots: EmitterSlots): void {
  if (b.count >= 2) replaceArray(b, slots);
  const length = lengthAt(b.record);
  if (length === 1) slots.take(slotAt(b.record, 0));
  else if (length > 1) for (const slot of slotsOf(b.record, length)) slots.take(slot);
  table().emitterListFree(b.list);
  b.count = 0;
  b.fns = null;
  b.run = null;
  b.runThis = undefined;
}

/** Every event's listeners dropped, silently (Node resets `_events`). */
export function clearAll(t: Self): void {
  const store: Store | undefined = t[kEvents];
  if (store === undefined) return;
  const slots: EmitterSlots | undefined = t[kSlots];
  if (errorEmits.length !== 0) retireStore(store, heldFor(store.error, slots));
  if (slots !== undefined) {
    for (const key of Reflect.ownKeys(store)) {
      const entry = store[key];
      if (entry !== undefined && typeof entry !== "function") freeList(entry, slots);
    }
    slots.reset();
  }
  t[kEvents] = newStore();
  t[kCount] = 0;
}
