// One event's listeners on one emitter once it has had two at once (a lone
// listener is a plain field of the store, store.ts), as JS sees them: the
// Wasm list that holds their order (the truth), and what derives from it: the snapshot emit
// calls (the function itself for one listener, an array for more) and its
// compiled dispatcher. Every JS call that changes the list invalidates both
// right after its Wasm call; the next emit rebuilds them from the list.
//
// `epoch`/`emitting` follow what Node 24 does with its listener arrays, where
// one observable rule depends on their identity: removeAllListeners(name)
// with 'removeListener' listeners walks the array as it was, and that array
// keeps changing in place until Node replaces it (copy-on-write during an
// emit, back to a single function at one listener). See removeAllListeners.
// A list that falls back to one listener stays a list (of one) until its
// event is emptied: on + off beside one listener then costs two Wasm calls,
// not a list made and freed per cycle.

import { applyPending, NO_OWNER, slotAt, slotsOf } from "./emitter-table.js";

/**
 * A compiled dispatcher for one snapshot and one emitter (`runThis`): calls every listener with
 * `this` = that emitter. `argc` is read only by a dispatcher for any count (ANY_ARGC).
 */
export type Run = (type: string | symbol, a: unknown, b: unknown, c: unknown, argc?: number) => void;

/** Rarely needed state, allocated on first need (a warned event, a running removeAllListeners). */
interface RareState {
  /** The MaxListenersExceededWarning was emitted for this event (once per event, as Node). */
  warned: boolean;
  /** The epoch a removeAllListeners loop watches, and Node's array content when it was replaced. */
  watchEpoch: number;
  watched: Function[] | undefined;
}

export class EventListeners {
  /** Entries in the Wasm list, as the last call that changed it reported. */
  count = 2;
  /** The snapshot (null: rebuild from the Wasm list). Never mutated: a change makes a new one. */
  fns: Function | Function[] | null = null;
  /** Compiled dispatcher of `fns` (an array), once it has served enough emits. */
  run: Run | null = null;
  /** The argument count (event name included) `run` was compiled for (0: no `run`), and the emitter its listeners are bound to. */
  runArgc = 0;
  runThis: object | undefined = undefined;
  /** Emits the snapshot has served (compilation waits for COMPILE_AFTER_USES). */
  uses = 0;
  /** Emits under way over Node's current array (count >= 2). */
  emitting = 0;
  /** Bumped whenever Node would replace its array for this event. */
  epoch = 0;
  rare: RareState | undefined = undefined;

  constructor(
    /** The Wasm list id. */
    readonly list: number,
    /** Word index of the list's record in Wasm memory (it never moves): its length and entries, read without a call. */
    readonly record: number,
    /**
     * The emitter's slots (its `kSlots`, the same object for all its lists):
     * read here by on and off, one field load where the emitter's property
     * is a megamorphic load in a process with many kinds of emitters.
     */
    readonly slots: EmitterSlots,
  ) {}
}

/** An event's listeners over the list newListWith made (its id and record), of the emitter whose slots are `slots`. */
export function makeListeners(list: number, record: number, slots: EmitterSlots): EventListeners {
  return new EventListeners(list, record, slots);
}

/** The slots of an emitter with none yet (never written: put grows it first). */
const EMPTY_SLOTS: (Function | number)[] = [];

function grown(fns: (Function | number)[]): (Function | number)[] {
  const bigger = new Array<Function | number>(Math.max(2, fns.length * 2));
  for (let i = 0; i < fns.length; i++) bigger[i] = fns[i];
  return bigger;
}

/** An emitter's lifetime, as the FinalizationRegistry sees it. */
class OwnerToken {}

/**
 * Per emitter with lists (made with its first): its owner in the shared
 * table, and the functions of its lists' entries by slot.
 */
export class EmitterSlots {
  /** Functions by slot; a free slot holds the next free slot's number (a chain from `free`). */
  fns: (Function | number)[] = EMPTY_SLOTS;
  free = -1;
  /** Slots handed out so far (the array may be longer: its capacity). */
  used = 0;
  /** The emitter's owner in the table (set with its first list; it lives as long as the emitter). */
  owner = NO_OWNER;
  /** What the FinalizationRegistry watches for this emitter (see emitter-table.ts's newListWith): references nothing. */
  readonly token: object = new OwnerToken();

  // ── HOT PATH ── every `on` of an event with a list: a free slot reused (an
  // on + off pair frees and takes the same one) in a few loads and stores; a
  // new slot is a call, so that this stays small enough to be inlined.
  /** Holds `fn` in a free slot; returns the slot. */
  put(fn: Function): number {
    const slot = this.free;
    if (slot < 0) return this.putNew(fn);
    const fns = this.fns;
    this.free = fns[slot] as number;
    fns[slot] = fn;
    return slot;
  }

  /** No slot free: the next one, the array grown if it is full. */
  private putNew(fn: Function): number {
    const slot = this.used++;
    // Grown by doubling from 2, not by push: V8 grows a pushed array to 17 elements at once
    // (152 bytes), most of an emitter's memory when it has a listener or two.
    if (slot === this.fns.length) this.fns = grown(this.fns);
    this.fns[slot] = fn;
    return slot;
  }

  /** Frees `slot`; returns the function it held. */
  take(slot: number): Function {
    const fn = this.fns[slot] as Function;
    this.fns[slot] = this.free;
    this.free = slot;
    return fn;
  }

  // ── HOT PATH ── every `off` of an entry of a list: two stores, small enough
  // (under V8's 27 bytes of bytecode) to be inlined outside any budget.
  /** Frees `slot` (take, when the caller does not need the function). */
  release(slot: number): void {
    const fns = this.fns;
    fns[slot] = this.free;
    this.free = slot;
  }

  /** Every slot free (all lists were freed). */
  reset(): void {
    this.fns = EMPTY_SLOTS;
    this.free = -1;
    this.used = 0;
  }
}

/**
 * The snapshot of `b`, rebuilt from the Wasm list if a change invalidated it.
 * A new snapshot starts its count of emits (`uses`) from 0: the changes do
 * not reset it themselves.
 */
export function snapshotOf(b: EventListeners, slots: EmitterSlots): Function | Function[] {
  const current = b.fns;
  if (current !== null) return current;
  applyPending(); // the list's logged appends, into the table read here
  const fns = slots.fns;
  let snapshot: Function | Function[];
  if (b.count === 1) snapshot = fns[slotAt(b.record, 0)] as Function;
  else {
    const order = slotsOf(b.record, b.count);
    const list = new Array<Function>(order.length);
    for (let i = 0; i < order.length; i++) list[i] = fns[order[i]] as Function;
    snapshot = list;
  }
  b.fns = snapshot;
  b.uses = 0;
  return snapshot;
}

/** The raw listeners of `b` in order, as a fresh array. */
export function rawArrayOf(b: EventListeners, slots: EmitterSlots): Function[] {
  const snapshot = snapshotOf(b, slots);
  return typeof snapshot === "function" ? [snapshot] : snapshot.slice();
}

function rare(b: EventListeners): RareState {
  return (b.rare ??= { warned: false, watchEpoch: -1, watched: undefined });
}

export { rare as rareStateOf };

/**
 * Node replaces its array for this event now; a removeAllListeners loop
 * watching the old one keeps what the old array holds from now on: the
 * listeners as the table has them at this moment.
 */
export function replaceArray(b: EventListeners, slots: EmitterSlots): void {
  keepWatched(b, slots);
  b.epoch++;
  b.emitting = 0;
}

/** Before Node replaces its array: a removeAllListeners loop watching it keeps what it holds now. */
function keepWatched(b: EventListeners, slots: EmitterSlots): void {
  const r = b.rare;
  if (r !== undefined && r.watchEpoch === b.epoch && r.watched === undefined) r.watched = rawArrayOf(b, slots);
}

/** Before a change of `b`'s list: while an emit walks Node's array, Node copies it first. */
export function beforeChange(b: EventListeners, slots: EmitterSlots): void {
  if (b.count >= 2 && b.emitting > 0) replaceArray(b, slots);
}

/**
 * After an add made `b`'s list `count` entries long: invalidate what derives
 * from it. From one entry to two, Node makes a new array, which no emit walks yet.
 */
export function afterAdd(b: EventListeners, count: number): void {
  invalidate(b, count);
  if (count === 2) {
    b.epoch++;
    b.emitting = 0;
  }
}

// ── HOT PATH ── every on and off of an event with a list (afterAdd's
// common case, which the hot paths call directly). Small enough (under V8's
// 27 bytes of bytecode) to be inlined outside any inlining budget.
/** `b`'s list has `count` entries now: what derives from it is dropped (the next emit rebuilds it). */
export function invalidate(b: EventListeners, count: number): void {
  b.count = count;
  b.fns = null;
  b.run = null;
  b.runArgc = 0; // matches no emit (emit reads it first)
  // runThis is left as it was: with runArgc 0 and run null nothing reads it,
  // the next compile sets it and freeList clears it. It is the emitter the
  // dropped dispatcher served, nearly always the owner of `b` itself; a
  // fifth store would take this past the 27 bytes.
}

// ── HOT PATH ── every off that leaves a list one entry (on + off beside one
// listener). Under V8's 27 bytes of bytecode, so inlined outside any budget;
// the rare state's part is a call.
/**
 * A list fell from two entries to one, with no emit walking it: Node holds
 * the function itself again (replaceArray's new array, without the emit
 * count to reset), and a later array is a new, unwarned one.
 */
export function shrankToOne(b: EventListeners, slots: EmitterSlots): void {
  if (b.rare !== undefined) shrankWithRareState(b, slots);
  b.epoch++;
}

/** shrankToOne's part for an event with rare state: a removeAllListeners loop watching keeps the old array's content; the warning may come again. */
function shrankWithRareState(b: EventListeners, slots: EmitterSlots): void {
  keepWatched(b, slots);
  b.rare!.warned = false;
}
