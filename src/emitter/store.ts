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

import {
  afterAdd, beforeChange, EmitterSlots, EventListeners, invalidate, makeListeners, replaceArray, shrankToOne, snapshotOf,
} from "./listeners.js";
import { errorEmits, retireStore } from "./error-event.js";
import {
  applyPending, lastIndexOf, lengthAt, lists, newListWith, NO_OWNER, ownerOf, refreshViews, slotAt, slotsOf, table,
  pendingAppends,
} from "./emitter-table.js";
import { kCount, kEvents, kShapeMode, kSlots } from "./symbols.js";

// The hot paths' imported bindings, copied to module constants: V8 reads an
// import through its module cell, with a check that it is initialised, on every
// use; a constant of this module is folded into the optimized code (as emit's,
// event-emitter.ts).
const COUNT = kCount, log = pendingAppends;
const changing = beforeChange, added = afterAdd, dropped = invalidate, toOne = shrankToOne;

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
 * event's new listener count. `events` is the emitter's store as the caller
 * read it (undefined: none yet), after announcing the add (meta-events.ts).
 */
// ── HOT PATH ── every on/addListener. Budget: the store and event loads, then
// for a list one slot write, the append's record in the pending log (no call,
// pending-appends.ts) and the invalidation (inlined outside V8's budget,
// listeners.ts). The rare steps (an emitter's first event, an event's second
// listener, a prepend, an add while an emit walks the list) are calls of
// their own, so that this stays small enough for V8 to inline it, with what
// it calls, into `on` and `on` into its caller beside an `off`. V8 takes a
// function into a caller only while what the caller has taken in so far
// plus 1.2 times the candidate's bytecode (with what its optimized code has
// taken in) fits 920 bytes: `off` with its steps is about 360, `on` with
// its steps about 450 more, unless `on`'s optimized code took in the
// first-store and new-slot steps where they were hot (bench/README.md, the
// on + off profile).
export function insert(t: Self, events: Store | undefined, type: Name, fn: Function, prepend: boolean): number {
  const store: Store = events ?? firstStore(t);
  const existing = store[type];
  if (existing === undefined) {
    store[type] = fn; // a lone listener: nothing else to do
    t[COUNT]++;
    return 1;
  }
  if (typeof existing === "function" || prepend || existing.emitting !== 0) return insertRarely(t, store, type, fn, prepend);
  const count = log.append(existing.list, existing.slots.put(fn), existing.count);
  dropped(existing, count);
  if (count === 2) existing.epoch++; // from one: Node makes a new array (no emit walks this one, see above)
  return count;
}

/** An event's second listener, a prepend, or an add while an emit walks the list (Node copies its array first). */
function insertRarely(t: Self, store: Store, type: Name, fn: Function, prepend: boolean): number {
  const existing = store[type]!;
  if (typeof existing === "function") return secondListener(t, store, type, existing, fn, prepend);
  const slots = existing.slots;
  changing(existing, slots);
  const slot = slots.put(fn);
  const count = prepend ? prependTo(existing.list, slot) : log.append(existing.list, slot, existing.count);
  added(existing, count);
  return count;
}

/** prependListener on a list: one call (which applies the pending log first). Returns the new length. */
function prependTo(list: number, slot: number): number {
  const count = lists!.emitterPrepend(list, slot);
  refreshViews();
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
    ? newListWith(slots.token, slots.owner, added, first, makeListeners, slots)
    : newListWith(slots.token, slots.owner, first, added, makeListeners, slots);
  if (slots.owner === NO_OWNER) slots.owner = ownerOf(b.record);
  store[type] = b;
  return 2;
}

/**
 * Removes `fn` from a list of two or more entries that no emit walks (the
 * caller's rare paths copy Node's array first): Node's last match, the
 * entry that is `fn` or has it as `.listener`. Returns whether it found one
 * (none: nothing changed).
 */
// ── HOT PATH ── every off/removeListener of an event with a list. Budget: for
// an append still in the pending log (an on + off pair) a look at the newest
// record and one store, no call; otherwise the log applied, a scan of the
// list's slots, one Wasm call. Then the slot freed and the invalidation (both
// inlined outside V8's budget, as is the fall to one entry).
export function removeFromList(b: EventListeners, fn: unknown): boolean {
  const slots = b.slots;
  let slot = log.withdraw(b.list, slots.fns, fn);
  if (slot < 0 && (slot = removeApplied(b, fn)) < 0) return false;
  slots.release(slot);
  const count = b.count - 1;
  dropped(b, count);
  if (count === 1) toOne(b, slots); // no emit walks the list (see removeListener and removeRarely)
  return true;
}

/**
 * Removes `fn` from a list of one entry: that entry if it is `fn` or has it
 * as `.listener`. The list is freed and the event dropped. Returns the
 * function removed, or undefined (no match: nothing changed).
 */
export function removeOnlyEntry(t: Self, store: Store, type: Name, b: EventListeners, fn: unknown): Function | undefined {
  const slots = b.slots;
  let slot = log.withdraw(b.list, slots.fns, fn);
  if (slot < 0 && (slot = removeApplied(b, fn)) < 0) return undefined;
  const removed = slots.take(slot);
  freeList(b, slots);
  dropEvent(t, store, type, removed);
  return removed;
}

/** Removes the last match of `fn` from the list in the table (its logged appends applied first). Returns its slot, or -1. */
function removeApplied(b: EventListeners, fn: unknown): number {
  applyPending();
  const index = lastIndexOf(b.record, b.count, b.slots.fns, fn);
  return index < 0 ? -1 : lists!.emitterRemoveAt(b.list, index); // no growth: the log is applied
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
  applyPending(); // its logged appends, so that the list in the table is whole
  const length = lengthAt(b.record);
  if (length === 1) slots.take(slotAt(b.record, 0));
  else if (length > 1) for (const slot of slotsOf(b.record, length)) slots.take(slot);
  table().emitterListFree(b.list);
  b.count = 0;
  b.fns = null;
  b.run = null;
  b.runArgc = 0; // emit takes a matching runArgc to mean a dispatcher is there (listeners.ts, invalidate)
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
