// EventEmitter: node:events' class on the shared Wasm table (§11). A
// function, not an ES class, so that `EventEmitter.call(this)` and
// util.inherits work as with Node's. Each method validates in Node's order,
// then changes the Wasm list and invalidates what derives from it; the rules
// particular to Node live beside it: meta-events.ts, error-event.ts,
// capture-rejections.ts, max-listeners.ts, once-wrapper.ts, events-view.ts,
// statics.ts; emit's dispatch in emit-dispatch.ts.
//
// How the listeners are stored, and why: store.ts. `new EventEmitter()`
// touches no Wasm, and neither does an event's first listener.

import { checkListener, checkNonNegativeNumber, invalidArgType } from "./node-errors.js";
import { announceNewListener, announceRemoval } from "./meta-events.js";
import { beforeErrorDispatch, emitRetired, errorEmits, retireStore } from "./error-event.js";
import { checkListenerLeak, maxListenersOf } from "./max-listeners.js";
import { onceWrapper } from "./once-wrapper.js";
import { callOne, callOneArgs, dispatch, dispatchArgs } from "./emit-dispatch.js";
import { beforeChange, type EmitterSlots, rawArrayOf, rareStateOf, snapshotOf } from "./listeners.js";
import { applyPending, countOf } from "./emitter-table.js";
import { clearAll, dropEvent, freeList, heldFor, insert, removeFromList, removeOnlyEntry, type Entry, type Name, type Self, type Store } from "./store.js";
import { kCapture, kCount, kEvents, kShapeMode, kSlots } from "./symbols.js";
import { defineEventsView } from "./events-view.js";

/** Creates an EventEmitter. `options.captureRejections` routes rejected listener promises (capture-rejections.ts). */
export function EventEmitter(this: Self, opts?: { captureRejections?: boolean }): void {
  EventEmitter.init.call(this, opts);
}

/** Node's initialiser, which subclasses written for old Node call through EventEmitter.call(this). */
EventEmitter.init = function (this: Self, opts?: { captureRejections?: unknown }): void {
  if (this[kEvents] === undefined || this[kEvents] === Object.getPrototypeOf(this)[kEvents]) {
    this[kEvents] = undefined;
    this[kCount] = 0;
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
defineEventsView(proto, (t) => clearAll(t), (t, type, fn) => void insert(t, (t as Self)[kEvents], type, fn, false));
proto._maxListeners = undefined;

// add's and removeListener's imported bindings, copied to module constants
// (as emit's, below): V8 reads an import through its module cell, with a check
// that it is initialised, on every use; a constant of this module is folded
// into the optimized code.
const check: typeof checkListener = checkListener;
const announceAdd = announceNewListener, insertInto = insert, maxOf = maxListenersOf;
const removeFrom = removeFromList, announceRemove = announceRemoval;

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
  check(listener, api);
  let store: Store | undefined = t[EVENTS];
  if (store !== undefined && store.newListener !== undefined) {
    announceAdd(t, type, listener); // before the add, as Node; its listeners may change the store
    store = t[EVENTS];
  }
  const count = insertInto(t, store, type, listener, prepend);
  if (count >= 2) {
    const max = maxOf(t, EventEmitter as never);
    if (max > 0 && count > max) checkListenerLeak(t, type, count, max);
  }
  return t;
}

// ── Removing ────────────────────────────────────────────────────────────────

// ── HOT PATH ── every off/removeListener. Budget: the store and event loads,
// then for a list of several that no emit walks, removeFromList (store.ts)
// and the check for 'removeListener' listeners. A lone listener, a list's
// only entry and a list being emitted take removeRarely, a call, so that
// this stays small enough for V8 to inline it, with what it calls, beside an
// `on` (store.ts's insert has the budget they share).
function removeListener(this: Self, type: Name, listener: Function): Self {
  check(listener, removeListener);
  const store: Store | undefined = this[EVENTS];
  if (store === undefined) return this;
  const entry = store[type];
  if (entry === undefined) return this;
  if (typeof entry === "function" || entry.count === 1 || entry.emitting !== 0) removeRarely(this, store, type, entry, listener);
  else if (removeFrom(entry, listener)) announceRemove(this, store, type, listener); // several: Node announces the function given
  return this;
}

/** removeListener of a lone listener, of a list's only entry, or from a list an emit walks. */
function removeRarely(t: Self, store: Store, type: Name, entry: Entry, listener: Function): void {
  if (typeof entry === "function") {
    // A lone listener (Node's `events[type]` function): it or its `.listener`.
    if (entry !== listener && (entry as { listener?: unknown }).listener !== listener) return;
    dropEvent(t, store, type, entry);
    announceRemoval(t, store, type, (entry as { listener?: Function }).listener || listener);
  } else if (entry.count === 1) {
    // One listener: Node held the function itself and announces its `.listener`.
    const removed = removeOnlyEntry(t, store, type, entry, listener);
    if (removed !== undefined) announceRemoval(t, store, type, (removed as { listener?: Function }).listener || listener);
  } else {
    beforeChange(entry, entry.slots); // Node copies an array being emitted before it even looks
    if (removeFromList(entry, listener)) announceRemoval(t, store, type, listener);
  }
}

function removeAllListeners(this: Self, type?: Name): Self {
  const store = this[kEvents];
  if (store === undefined || store.removeListener === undefined) {
    // Nobody hears 'removeListener': drop silently.
    if (store !== undefined) {
      if (arguments.length === 0) clearAll(this);
      else {
        const entry = store[type as Name];
        if (entry !== undefined) {
          const slots: EmitterSlots | undefined = this[kSlots];
          if (this[kCount] === 1 && errorEmits.length !== 0) retireStore(store, type === "error" ? heldFor(entry, slots) : undefined);
          if (typeof entry !== "function") freeList(entry, slots!);
          if (--this[kCount] === 0) this[kEvents] = undefined;
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
  const entry = store[type as Name];
  if (entry === undefined) return this;
  if (typeof entry === "function") {
    this.removeListener(type, entry);
    return this;
  }
  const b = entry, slots: EmitterSlots = this[kSlots];
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
// lone listener's call (callOne), or the compiled dispatcher of a hot list
// (two field checks, then the call); the rest in emit-dispatch.ts. Named parameters, not
// a rest parameter: up to three arguments pass without an array. `arguments`
// serves its length and, on the one early return to emitSlowly ('error', or
// more than three arguments), the copy: V8 then makes no arguments object on
// the common path (passed anywhere else, it would be made on every call).
// Kept small so that V8 inlines it into its callers: TurboFan counts emit's
// bytecode (about 210 bytes) plus what emit's own optimized code inlined
// (callOne, about 210; dispatch is too big to be taken in, see
// emit-dispatch.ts) against the caller's budget of 920 (with a 1.2 reserve).
// Inlined into a loop that emits one hot list, emit also takes in that list's
// compiled dispatcher and its listeners.
function emit(this: Self, type: Name, a?: unknown, b?: unknown, c?: unknown): boolean {
  const argc = arguments.length;
  if (type === "error" || argc > 4) return emitSlowly(this, Array.prototype.slice.call(arguments));
  const store: Store | undefined = this[EVENTS];
  if (store === undefined) return false;
  const entry = store[type];
  if (entry === undefined) return false;
  if (typeof entry !== "function") {
    // A hot list's dispatcher, if it is the one for this argument count and this emitter (runArgc
    // is 0 without a dispatcher, so the emitter compared is always one: V8 then checks only that
    // it is an object); it keeps Node's count of emits walking the array itself.
    if (entry.runArgc === argc && entry.runThis === this) {
      const run = entry.run!; // called as a plain function: no receiver to pass
      run(type, a, b, c);
    } else dispatchList(this, entry, this[SLOTS], type, argc, a, b, c);
    return true;
  }
  callLone(this, entry, type, argc, a, b, c); // a lone listener: its own snapshot
  return true;
}

// emit's imported bindings, copied to module constants: V8 reads an import
// through its module cell, with a check that it is initialised and a compare
// of the value, on every emit; a constant of this module is folded into emit's
// optimized code (measured on Node 26: about a tenth of an emit to one listener).
const EVENTS = kEvents, SLOTS = kSlots, callLone = callOne, dispatchList = dispatch;

/** emit('error', ...) (errorMonitor first, a throw with no listener), and emits with more than three arguments. */
function emitSlowly(t: Self, all: unknown[]): boolean {
  const type = all[0] as Name;
  if (type === "error") {
    // errorMonitor's listeners run first; if they dropped the store, the 'error' listeners it held are called.
    const retired = beforeErrorDispatch(t, all, emit);
    if (retired !== undefined) return emitRetired(t, retired, all.slice(1));
  }
  const entry = (t[kEvents] as Store | undefined)?.[type]; // read after errorMonitor's listeners ran
  if (entry === undefined) return false;
  const argc = all.length;
  if (argc > 4) {
    if (typeof entry === "function") callOneArgs(t, entry, type, all.slice(1));
    else dispatchArgs(t, entry, t[kSlots], type, all.slice(1));
  } else if (typeof entry === "function") callOne(t, entry, type, argc, all[1], all[2], all[3]);
  else dispatch(t, entry, t[kSlots], type, argc, all[1], all[2], all[3]);
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
  const entry: Entry | undefined = this[kEvents]?.[type];
  if (entry === undefined) return [];
  return typeof entry === "function" ? [entry] : rawArrayOf(entry, this[kSlots]);
}

function listenerCount(this: Self, type: Name, listener?: Function): number {
  const entry: Entry | undefined = this[kEvents]?.[type];
  if (entry === undefined) return 0;
  if (typeof entry === "function") {
    if (listener == null) return 1;
    return listener === entry || listener === (entry as { listener?: unknown }).listener ? 1 : 0;
  }
  if (listener == null) return entry.count;
  applyPending(); // the list's logged appends, into the table countOf reads
  return countOf(entry.record, entry.count, (this[kSlots] as EmitterSlots).fns, listener);
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

