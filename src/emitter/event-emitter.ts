// EventEmitter: node:events' class on the shared Wasm table (SPEC §11). A
// function, not an ES class, so that `EventEmitter.call(this)` and
// util.inherits work as with Node's. Each method validates in Node's order,
// then changes the Wasm list and invalidates what derives from it; the rules
// particular to Node live beside it: meta-events.ts, error-event.ts,
// capture-rejections.ts, max-listeners.ts, once-wrapper.ts, events-view.ts,
// statics.ts; emit's dispatch in emit-dispatch.ts.
//
// Per emitter: `kEvents`, a store of event name -> EventListeners (property
// keys, exactly like Node's `_events`, so names coerce and order as Node's),
// and `kSlots`, its table owner and functions. Both stay undefined until the
// first listener: `new EventEmitter()` touches no Wasm.

import { checkListener, checkNonNegativeNumber, invalidArgType } from "./node-errors.js";
import { announceNewListener, announceRemoval } from "./meta-events.js";
import { beforeErrorDispatch, emitRetired, errorEmits, retireStore } from "./error-event.js";
import { checkListenerLeak, getDefaultMaxListeners, maxListenersOf } from "./max-listeners.js";
import { onceWrapper } from "./once-wrapper.js";
import { dispatch, dispatchArgs } from "./emit-dispatch.js";
import {
  afterChange, beforeChange, EmitterSlots, EventListeners, newEventListeners, rawArrayOf, rareStateOf, replaceArray, snapshotOf,
} from "./listeners.js";
import { idOf, knownIdOf, lengthAt, ownerOf, refreshViews, slotAt, slotsOf, table } from "./emitter-table.js";
import { kCapture, kEvents, kShapeMode, kSlots } from "./symbols.js";
import { defineEventsView } from "./events-view.js";

type Name = string | symbol;
/** An emitter as the implementation sees it (the public type is in emitter-types.ts). */
type Self = any;

/**
 * The store's prototype: frozen and empty, with no Object.prototype behind it,
 * so '__proto__', 'constructor' or 'toString' are event names like any other.
 * (An object with a prototype stays a fast-properties object, where
 * Object.create(null) starts as a dictionary of about 180 bytes.)
 */
const NO_INHERITED_KEYS: object = Object.freeze(Object.create(null));

function newStore(): Record<Name, EventListeners | undefined> {
  return Object.create(NO_INHERITED_KEYS);
}

/** Creates an EventEmitter. `options.captureRejections` routes rejected listener promises (capture-rejections.ts). */
export function EventEmitter(this: Self, opts?: { captureRejections?: boolean }): void {
  EventEmitter.init.call(this, opts);
}

/** Node's initialiser, which subclasses written for old Node call through EventEmitter.call(this). */
EventEmitter.init = function (this: Self, opts?: { captureRejections?: unknown }): void {
  if (this[kEvents] === undefined || this[kEvents] === Object.getPrototypeOf(this)[kEvents]) {
    this[kEvents] = undefined;
    this[kSlots] = undefined;
  } else {
    // Initialised again with events in place: they stay, and emptied events keep their key (Node's shape mode).
    this[kShapeMode] = true;
  }
  this._maxListeners ||= undefined;
  if (opts?.captureRejections) {
    if (typeof opts.captureRejections !== "boolean") {
      throw invalidArgType("options.captureRejections", "boolean", opts.captureRejections);
    }
    this[kCapture] = true;
  } else {
    // An own property (not the prototype's) saves a prototype lookup on every captured result, as in Node.
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

const proto: Self = EventEmitter.prototype;
Object.defineProperty(proto, kCapture, { value: false, writable: true, enumerable: false });
Object.defineProperty(proto, kShapeMode, { value: false, writable: true, enumerable: false });
defineEventsView(proto, (t) => clearAll(t), (t, type, fn) => addSilently(t, type, fn));
proto._maxListeners = undefined;

// ── Adding ──────────────────────────────────────────────────────────────────

function addListener(this: Self, type: Name, listener: Function): Self {
  return add(this, type, listener, false, addListener);
}

function prependListener(this: Self, type: Name, listener: Function): Self {
  return add(this, type, listener, true, prependListener);
}

function once(this: Self, type: Name, listener: Function): Self {
  checkListener(listener, once);
  this.on(type, onceWrapper(this, type, listener));
  return this;
}

function prependOnceListener(this: Self, type: Name, listener: Function): Self {
  checkListener(listener, prependOnceListener);
  this.prependListener(type, onceWrapper(this, type, listener));
  return this;
}

function add(t: Self, type: Name, listener: Function, prepend: boolean, api: Function): Self {
  checkListener(listener, api);
  announceNewListener(t, type, listener); // before the add, as Node (it may change the store)
  let store = t[kEvents];
  if (store === undefined) store = t[kEvents] = newStore();
  const inner = (listener as { listener?: unknown }).listener;
  const raw = idOf(listener), matched = typeof inner === "function" ? idOf(inner) : raw;
  let slots: EmitterSlots | undefined = t[kSlots];
  let b: EventListeners | undefined = store[type];
  if (b === undefined) {
    // A new event: a list with its first entry (and, for the emitter's first listener, its owner) in one call.
    const first = slots === undefined;
    if (first) slots = t[kSlots] = new EmitterSlots();
    const slot = slots!.put(listener);
    b = first ? undefined : slots!.takeSpare();
    if (b === undefined) {
      b = newEventListeners(slots!.token, first ? undefined : slots!.owner, raw, matched, slot);
      if (first) slots!.owner = ownerOf(b.record);
    } else {
      table().emitterAppend(b.list, raw, matched, slot);
      refreshViews();
    }
    store[type] = b;
    slots!.events++;
    afterChange(b, slots!, 1);
    return t;
  }
  beforeChange(b, slots!);
  const slot = slots!.put(listener);
  const wasm = table();
  const count = prepend ? wasm.emitterPrepend(b.list, raw, matched, slot) : wasm.emitterAppend(b.list, raw, matched, slot);
  refreshViews();
  afterChange(b, slots!, count);
  if (count >= 2) checkListenerLeak(t, b, type, count, maxListenersOf(t, EventEmitter as never));
  return t;
}

// ── Removing ────────────────────────────────────────────────────────────────

function removeListener(this: Self, type: Name, listener: Function): Self {
  checkListener(listener, removeListener);
  const store = this[kEvents];
  if (store === undefined) return this;
  const b: EventListeners | undefined = store[type];
  if (b === undefined) return this;
  const slots: EmitterSlots = this[kSlots];
  const id = knownIdOf(listener);
  if (b.count === 1) {
    if (id === 0) return this;
    const slot = table().emitterRemoveLast(b.list, id);
    if (slot < 0) return this;
    const raw = slots.take(slot);
    dropEvent(this, store, type, b, slots, raw);
    announceRemoval(this, store, type, (raw as { listener?: Function }).listener || listener);
    return this;
  }
  beforeChange(b, slots); // Node copies an array being emitted before it even looks
  if (id === 0) return this;
  const slot = table().emitterRemoveLast(b.list, id);
  if (slot < 0) return this;
  slots.take(slot);
  afterChange(b, slots, b.count - 1);
  announceRemoval(this, store, type, listener);
  return this;
}

/**
 * An event's last listener (`lone`) went: free its list; the name leaves the
 * store (or keeps its key in shape mode).
 */
function dropEvent(
  t: Self, store: Record<Name, EventListeners | undefined>, type: Name, b: EventListeners, slots: EmitterSlots, lone: Function,
): void {
  releaseList(b, slots);
  slots.events--;
  if (t[kShapeMode]) store[type] = undefined;
  else if (slots.events === 0) {
    // Node drops the whole object when its last event goes: cheaper than `delete` (about 150 ns in V8).
    // Its key stays in the dropped one, which an emit('error') under way still reads (error-event.ts).
    if (errorEmits.length !== 0) retireStore(store, type === "error" ? lone : undefined);
    t[kEvents] = undefined;
  } else delete store[type];
}

/**
 * An event lost its listeners: its slots are freed, and its list too, unless
 * it becomes the emitter's spare (kept empty for the next event that needs
 * one: once + emit cycles then allocate nothing). A removeAllListeners loop
 * watching Node's array keeps what it held.
 */
function releaseList(b: EventListeners, slots: EmitterSlots): void {
  if (b.count >= 2) replaceArray(b, slots);
  const length = lengthAt(b.record);
  if (length === 1) slots.take(slotAt(b.record, 0));
  else if (length > 1) for (const slot of slotsOf(b.record, length)) slots.take(slot);
  if (length !== 0) table().emitterClear(b.list);
  b.count = 0;
  b.fns = null;
  b.run = null;
  slots.keepSpare(b);
}

/** Every event's lists freed, silently (Node resets `_events`). */
function clearAll(t: Self): void {
  const store = t[kEvents];
  const slots: EmitterSlots | undefined = t[kSlots];
  if (store !== undefined && slots !== undefined) {
    if (errorEmits.length !== 0) retireStore(store, store.error === undefined ? undefined : snapshotOf(store.error, slots));
    for (const key of Reflect.ownKeys(store)) {
      const b = store[key];
      if (b === undefined) continue;
      if (b.count >= 2) replaceArray(b, slots);
      table().emitterListFree(b.list);
      b.count = 0;
      b.fns = null;
      b.run = null;
    }
    slots.reset();
  }
  if (store !== undefined) t[kEvents] = newStore();
}

function removeAllListeners(this: Self, type?: Name): Self {
  const store = this[kEvents];
  if (store === undefined || store.removeListener === undefined) {
    // Nobody hears 'removeListener': drop silently.
    if (store !== undefined) {
      if (arguments.length === 0) clearAll(this);
      else {
        const b: EventListeners | undefined = store[type as Name];
        if (b !== undefined) {
          const slots: EmitterSlots = this[kSlots];
          if (slots.events === 1 && errorEmits.length !== 0) retireStore(store, type === "error" ? snapshotOf(b, slots) : undefined);
          releaseList(b, slots);
          if (--slots.events === 0) this[kEvents] = undefined;
          else delete store[type as Name];
        }
      }
    }
    this[kShapeMode] = false;
    return this;
  }
  if (arguments.length === 0) {
    // Every event but 'removeListener' first, then 'removeListener' itself; each removal announced.
    for (const key of Reflect.ownKeys(store)) {
      if (key === "removeListener") continue;
      this.removeAllListeners(key);
    }
    this.removeAllListeners("removeListener");
    clearAll(this);
    this[kShapeMode] = false;
    return this;
  }
  const b: EventListeners | undefined = store[type as Name];
  if (b === undefined) return this;
  const slots: EmitterSlots = this[kSlots];
  const snapshot = snapshotOf(b, slots);
  if (typeof snapshot === "function") {
    this.removeListener(type, snapshot);
    return this;
  }
  // Last first. Node walks its array, which goes on changing in place under
  // the loop (a 'removeListener' listener may add or remove) until Node
  // replaces it; then the loop walks what the old array still holds. When
  // that shrank below the index, Node passes `undefined` on to removeListener,
  // which throws ERR_INVALID_ARG_TYPE (what was removed before stays removed).
  const r = rareStateOf(b);
  // A loop already watching this very array (this one runs inside its 'removeListener' listener) is
  // joined: both walk the same array, and what it holds when replaced serves both. A loop watching an
  // older array has its content already and gets it back at the end.
  const joins = r.watchEpoch === b.epoch;
  const saved = joins ? undefined : { epoch: r.watchEpoch, watched: r.watched };
  r.watchEpoch = b.epoch;
  r.watched = undefined;
  try {
    let view = snapshot;
    for (let i = view.length - 1; i >= 0; i--) {
      this.removeListener(type, view[i]);
      if (r.watched !== undefined) view = r.watched;
      else if (this[kEvents]?.[type as Name] === b) view = rawArrayOf(b, slots);
    }
  } finally {
    if (saved !== undefined) {
      r.watchEpoch = saved.epoch;
      r.watched = saved.watched;
    }
  }
  return this;
}

// ── Emitting ────────────────────────────────────────────────────────────────

// ── HOT PATH ── every emit. Budget: two keyed loads (store, event), then the
// compiled dispatcher of a hot event with nothing else under way, or the one
// listener; everything else (the first emits of a snapshot, nested emits of
// the same event, other argument counts, more than three arguments) in
// emit-dispatch.ts. Named parameters instead of a rest parameter: emits with up to
// three arguments allocate nothing.
function emit(this: Self, type: Name, a?: unknown, b?: unknown, c?: unknown): boolean {
  if (type === "error") {
    const retired = beforeErrorDispatch(this, arguments, emit);
    if (retired !== undefined) return emitRetired(this, retired, Array.prototype.slice.call(arguments, 1));
  }
  const store = this[kEvents];
  if (store === undefined) return false;
  const listeners: EventListeners | undefined = store[type];
  if (listeners === undefined) return false;
  const argc = arguments.length;
  const run = listeners.run;
  if (run !== null && listeners.runArgc === argc && listeners.runThis === this && listeners.emitting === 0) {
    // No other emit walks this event's listeners: Node's array is "being emitted" exactly while this runs.
    listeners.emitting = 1;
    try {
      run(this, type, argc, a, b, c);
    } finally {
      listeners.emitting = 0;
    }
    return true;
  }
  if (argc <= 4) dispatch(this, listeners, this[kSlots], type, argc, a, b, c);
  else dispatchArgs(this, listeners, this[kSlots], type, Array.prototype.slice.call(arguments, 1));
  return true;
}
Object.defineProperty(emit, "length", { value: 1 }); // Node's is emit(type, ...args)

// ── Introspection ───────────────────────────────────────────────────────────

function listeners(this: Self, type: Name): Function[] {
  const raw = rawListeners.call(this, type);
  for (let i = 0; i < raw.length; i++) {
    const original = (raw[i] as { listener?: unknown }).listener;
    if (typeof original === "function") raw[i] = original;
  }
  return raw;
}

function rawListeners(this: Self, type: Name): Function[] {
  const b: EventListeners | undefined = this[kEvents]?.[type];
  return b === undefined ? [] : rawArrayOf(b, this[kSlots]);
}

function listenerCount(this: Self, type: Name, listener?: Function): number {
  const b: EventListeners | undefined = this[kEvents]?.[type];
  if (b === undefined) return 0;
  if (listener == null) return b.count;
  const id = typeof listener === "function" ? knownIdOf(listener) : 0;
  return id === 0 ? 0 : table().emitterCountOf(b.list, id);
}

function eventNames(this: Self): Name[] {
  const store = this[kEvents];
  if (store === undefined) return [];
  const names: Name[] = [];
  for (const key of Reflect.ownKeys(store)) if (store[key] !== undefined) names.push(key);
  return names;
}

function setMaxListeners(this: Self, n: number): Self {
  checkNonNegativeNumber(n, "setMaxListeners", setMaxListeners);
  this._maxListeners = n;
  return this;
}

function getMaxListeners(this: Self): number {
  return maxListenersOf(this, EventEmitter as never);
}

// Node's method names: `on` is `addListener` and `off` is `removeListener` (the same functions).
Object.assign(proto, {
  setMaxListeners, getMaxListeners, emit, addListener, on: addListener, prependListener, once, prependOnceListener,
  removeListener, off: removeListener, removeAllListeners, listeners, rawListeners, listenerCount, eventNames,
});
for (const key of Object.keys(proto)) {
  if (typeof proto[key] === "function") Object.defineProperty(proto, key, { enumerable: true });
}

/** Adds `fn` for `type` without meta-events or warnings (the `_events` setter's restore). */
export function addSilently(t: Self, type: Name, fn: Function): void {
  let store = t[kEvents];
  if (store === undefined) store = t[kEvents] = newStore();
  let slots: EmitterSlots | undefined = t[kSlots];
  const inner = (fn as { listener?: unknown }).listener;
  const raw = idOf(fn), matched = typeof inner === "function" ? idOf(inner) : raw;
  let b: EventListeners | undefined = store[type];
  if (b === undefined) {
    const first = slots === undefined;
    if (first) slots = t[kSlots] = new EmitterSlots();
    store[type] = b = newEventListeners(slots!.token, first ? undefined : slots!.owner, raw, matched, slots!.put(fn));
    if (first) slots!.owner = ownerOf(b.record);
    slots!.events++;
    afterChange(b, slots!, 1);
    return;
  }
  const count = table().emitterAppend(b.list, raw, matched, slots!.put(fn));
  refreshViews();
  afterChange(b, slots!, count);
}

export { getDefaultMaxListeners };
