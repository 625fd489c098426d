// Dispatch: the dispatchers `generate` calls through `state.run`, the stub
// that rebuilds a snapshot from the Wasm table after a change, and the checked
// path that applies §6 and §7 entry by entry when anything unusual
// happens.
//
// Invalidation happens at mutation time, not per generate: the Table call that
// changed an event's Wasm list swaps that event's dispatcher for the rebuild
// stub (and, if a dispatch of it is under way, sets `changed`). So a generate
// that finds nothing changed does no version compare and reads no Wasm memory.

import type { Listener } from "./types.js";
import { EMPTY_SNAPSHOT, EventState, Snapshot, type Dispatcher, type Failures } from "./event-state.js";
import { tooDeep } from "./errors.js";
import { canCompile, COMPILE_AFTER_USES } from "../table/compile.js";
import { compileDispatcher, MAX_COMPILED_LISTENERS, type CompiledHelpers } from "./compiled-dispatcher.js";
import { CURSOR_ON_STACK, runningIndexOnStack } from "./compiled-dispatcher.js";
import { listenerFailed, throwFailures, watchResult } from "./listener-outcomes.js";


// ── HOT PATH ─────────────────────────────────────────────────────────────────
// Budget per generate: the name lookup and one call (event-bus.ts), then here one
// re-entrancy and one depth test, two marks set and cleared, and per listener
// the call in a try, a return-value test and (between listeners) one flag
// test; the loop also stores the index it calls (compiled dispatchers leave
// that to the stack, compiled-dispatcher.ts). No allocation unless a listener throws or returns
// a promise. Everything rare lives in the named functions further down.
// Shared dispatchers read their state through `this` (`state.run(data)`), so
// one function serves every event: call sites that reach many events see one
// target, which V8 can inline.

/** An event with no entries: nothing to do. */
const dispatchNone: Dispatcher = function dispatchNone() {};

/**
 * One live listener: the common case of many events. EventBus.generate and
 * EventRef.generate run these same steps inline (state.f0 tells them they
 * may) and come here only when the dispatch is nested or at maxDepth.
 */
const dispatchOne: Dispatcher = function dispatchOne(data) {
  const state = this, ctx = state.ctx;
  if (state.active !== null || ctx.depth >= ctx.maxDepth) return dispatchNested(state, data);
  const fn = state.f0!, s = state.snapshot; // through a local: `this` stays undefined (§4)
  state.active = s;
  ctx.depth++;
  state.cursor = 0;
  let result: unknown;
  try {
    result = fn(data, state.u0);
  } catch (error) {
    return loneListenerFailed(state, s, error);
  }
  state.active = null;
  ctx.depth--;
  if (result !== undefined) loneListenerReturned(state, s, result);
};

/** The lone listener of a one-listener dispatch threw: the frame ends, then §6's error rules. */
export function loneListenerFailed(state: EventState, s: Snapshot, error: unknown): void {
  endFrame(state, listenerFailed(state, s, 0, error, undefined));
}

/** The lone listener of snapshot `s` returned a value (the frame has ended): watch it if it is a promise. */
export function loneListenerReturned(state: EventState, s: Snapshot, result: unknown): void {
  watchResult(state, s, 0, result);
}

/** Several listeners, from one loop (the eval-free path, and every event until it is compiled). */
function runLoop(state: EventState, data: unknown): void {
  const ctx = state.ctx;
  if (state.active !== null || ctx.depth >= ctx.maxDepth) return dispatchNested(state, data);
  // Captured: a rebuild during the dispatch (a nested generate after a
  // registration) replaces state.snapshot, never this frame's arrays.
  const s = state.snapshot, fns = s.fns, uds = s.uds;
  state.active = s;
  ctx.depth++;
  let failed: Failures;
  for (let i = 0; i < fns.length; i++) {
    if (state.changed && i > 0) return endFrame(state, runChecked(state, s, data, i, failed)); // §6
    state.cursor = i;
    const fn = fns[i];
    let result: unknown;
    try {
      result = fn(data, uds[i]);
    } catch (error) {
      failed = listenerFailed(state, s, i, error, failed);
      continue;
    }
    if (result !== undefined) watchResult(state, s, i, result);
  }
  state.active = null;
  ctx.depth--;
  if (failed !== undefined) throwFailures(state, failed);
}

const dispatchLoop: Dispatcher = function dispatchLoop(data) {
  return runLoop(this, data);
};

/** The loop, until the snapshot has served COMPILE_AFTER_USES generates; then a compiled dispatcher. */
const dispatchLoopThenCompile: Dispatcher = function dispatchLoopThenCompile(data) {
  const state = this;
  if (++state.uses === COMPILE_AFTER_USES) {
    state.run = compileDispatcher(state, state.snapshot, compiledHelpers);
    return state.run(data);
  }
  return runLoop(state, data);
};

// ── Rebuilding ───────────────────────────────────────────────────────────────

/** The stub installed by `invalidate`: rebuilds the snapshot from the table, then dispatches. */
export const rebuildAndRun: Dispatcher = function rebuildAndRun(data) {
  rebuild(this);
  return this.run(data);
};

/**
 * The table changed `state`'s list: drop the snapshot (so nothing removed
 * stays reachable, README decision 18) and let the next generate rebuild it.
 * `removed`: a registration of it was removed or went stale, which a dispatch
 * under way must notice before its next listener (§6). A dispatch under way
 * keeps its own snapshot.
 */
export function invalidate(state: EventState, removed: boolean): void {
  if (removed && state.active !== null) state.changed = true;
  state.run = rebuildAndRun;
  state.snapshot = EMPTY_SNAPSHOT;
  state.f0 = undefined;
  state.u0 = undefined;
}

/**
 * A new snapshot from the Wasm table (the only source of truth), and the
 * dispatcher for it. Arrays are made at their final length (a pushed array
 * keeps room for 17 before it holds 10), and events without user data share
 * one array of undefined values: a big table pays for its snapshots per
 * listener, once each event has been generated.
 */
function rebuild(state: EventState): void {
  const ctx = state.ctx, table = ctx.table, entries = table.entriesOf(state.eventId), length = entries.length;
  const fns = new Array<Listener>(length), mark = table.serialMark();
  let uds: unknown[] | undefined, listeners: Listener[] | undefined, modules: (string | null)[] | null = null;
  let holdsHandles = false, stale = 0;
  for (let i = 0; i < length; i++) {
    const slot = entries.slot(i), rank = entries.rank(i), fn = table.calls[slot]!, listener = table.listenerOf(slot);
    const value = table.valueOf(slot);
    fns[i] = fn;
    if (value !== undefined) (uds ??= new Array<unknown>(length).fill(undefined))[i] = value;
    if (listener !== fn) (listeners ??= fns.slice(0, i))[i] = listener;
    else if (listeners !== undefined) listeners[i] = listener;
    if (rank !== table.coreRank) (modules ??= new Array<string | null>(length).fill(null))[i] = table.moduleNames[rank];
    if (table.handleOf(slot) !== undefined) {
      holdsHandles = true;
      if (table.entryState(slot, mark) !== table.slotLive) stale++;
    }
  }
  if (holdsHandles) ctx.holdingHandles.add(state);
  const s = new Snapshot(mark, fns, uds ?? undefinedValues(length), listeners ?? fns, modules);
  state.snapshot = s;
  state.live = length - stale;
  state.uses = 0;
  if (state.active === null) state.changed = false;
  if (length === 1 && stale === 0) {
    state.f0 = fns[0];
    state.u0 = s.uds[0];
  }
  state.run =
    length === 0 ? dispatchNone
    : stale !== 0 ? dispatchStale
    : length === 1 ? dispatchOne
    : ctx.codegen && length <= MAX_COMPILED_LISTENERS && canCompile() ? dispatchLoopThenCompile
    : dispatchLoop;
}

/**
 * The event's current snapshot, rebuilt from the table first if a change
 * dropped it: the live registrations in dispatch order as the table lists
 * them now. generateAsync (awaiting.ts) takes it when its call starts (§14).
 */
export function currentSnapshot(state: EventState): Snapshot {
  if (state.run === rebuildAndRun) rebuild(state);
  return state.snapshot;
}

/**
 * The slot of snapshot `s`'s entry `i`, or -1 if its registration is gone:
 * what the checked path and generateAsync ask the table about. A snapshot
 * is built without its slots (most are never checked); the first question
 * reads them all from the table, once. While `s` is still the event's
 * current snapshot the table's list is its entries, in order. After a
 * change, each entry's function is looked up in the list as it is now (a
 * function is in an event's list at most once, §9): one not there was
 * removed; one registered again since has a serial past the snapshot's
 * mark, which entryState answers as gone. Either way the answer holds for
 * good (a registration once gone never comes back), so it is kept.
 */
export function entrySlot(state: EventState, s: Snapshot, i: number): number {
  return (s.slots ?? resolveSlots(state, s))[i];
}

function resolveSlots(state: EventState, s: Snapshot): readonly number[] {
  const table = state.ctx.table, entries = table.entriesOf(state.eventId), length = s.fns.length;
  const slots = new Array<number>(length);
  if (state.snapshot === s && entries.length === length) {
    for (let i = 0; i < length; i++) slots[i] = entries.slot(i);
  } else {
    const slotOf = new Map<Listener, number>();
    for (let j = 0; j < entries.length; j++) slotOf.set(table.calls[entries.slot(j)]!, entries.slot(j));
    for (let i = 0; i < length; i++) slots[i] = slotOf.get(s.fns[i]) ?? -1;
  }
  s.slots = slots;
  return slots;
}

/** One array of undefined values for every snapshot without user data; grown, never written otherwise. */
let undefinedArray: readonly unknown[] = new Array<unknown>(16).fill(undefined);

/** An array of at least `length` undefined values. */
function undefinedValues(length: number): readonly unknown[] {
  if (undefinedArray.length < length) undefinedArray = new Array<unknown>(Math.max(length, undefinedArray.length * 2)).fill(undefined);
  return undefinedArray;
}

// ── The checked path ─────────────────────────────────────────────────────────

/** A snapshot with stale entries: each is reported at its place (§7), so the whole dispatch is checked. */
const dispatchStale: Dispatcher = function dispatchStale(data) {
  return dispatchNested(this, data);
};

/**
 * A dispatch that checks each entry: nested in a dispatch of the same event,
 * at maxDepth, or with stale entries. Only a generate that dispatches to a
 * live listener counts towards the depth (§6). Its snapshot is current: an
 * invalidated event reaches here only through the rebuild stub, so a nested
 * generate sees every registration made before it started (§6).
 */
function dispatchNested(state: EventState, data: unknown): void {
  const ctx = state.ctx, counts = state.live > 0;
  if (counts && ctx.depth >= ctx.maxDepth) throw tooDeep(state.name, ctx.maxDepth);
  const enclosing = state.active;
  if (enclosing !== null) {
    const cursor = state.cursor, running = cursor === CURSOR_ON_STACK ? runningIndexOnStack(enclosing.callLines!) : cursor;
    (state.outer ??= []).push(enclosing, running, cursor);
  }
  const s = state.snapshot;
  let failed: Failures;
  if (counts) ctx.depth++;
  state.active = s;
  try {
    failed = runChecked(state, s, data, 0, undefined);
  } finally {
    if (counts) ctx.depth--;
    if (enclosing !== null) {
      const outer = state.outer!;
      state.cursor = outer.pop() as number;
      outer.pop(); // the running index, worked out for this frame's skips
      state.active = outer.pop() as Snapshot;
    } else {
      state.cursor = -1;
      state.active = null;
      state.changed = false;
    }
  }
  if (failed !== undefined) throwFailures(state, failed);
}

/**
 * Ends a fast frame that left its straight path (a change, an error): it was
 * the outermost dispatch of its event, and it counted towards the depth.
 */
function endFrame(state: EventState, failed: Failures): void {
  state.active = null;
  state.changed = false;
  state.ctx.depth--;
  if (failed !== undefined) throwFailures(state, failed);
}

/**
 * Calls `s`'s entries from `from` on, asking the table about each first (§6,
 * §7): removed ones are skipped, stale ones reported once and removed,
 * listeners running for this event in an enclosing frame skipped (neither
 * called nor reported).
 */
function runChecked(state: EventState, s: Snapshot, data: unknown, from: number, failed: Failures): Failures {
  const table = state.ctx.table;
  for (let i = from; i < s.fns.length; i++) {
    const condition = table.entryState(entrySlot(state, s, i), s.mark);
    if (condition !== table.slotLive && condition !== table.slotStale) continue; // removed
    if (state.outer !== undefined && state.outer.length !== 0 && isRunning(state, s.listeners[i])) continue;
    if (condition === table.slotStale) {
      failed = reportStale(state, s, i, failed);
      continue;
    }
    state.cursor = i;
    const fn = s.fns[i];
    let result: unknown;
    try {
      result = fn(data, s.uds[i]);
    } catch (error) {
      failed = listenerFailed(state, s, i, error, failed);
      continue;
    }
    if (result !== undefined) watchResult(state, s, i, result);
  }
  return failed;
}

/**
 * Is `listener` being called for this event by a synchronous dispatch under
 * way (the innermost frame or an enclosing one)? For generateAsync, whose
 * §14 re-entrancy rule also skips those (awaiting.ts).
 */
export function runningInDispatch(state: EventState, listener: Listener): boolean {
  const active = state.active;
  if (active === null) return false;
  const cursor = state.cursor, running = cursor === CURSOR_ON_STACK ? runningIndexOnStack(active.callLines!) : cursor;
  if (running >= 0 && active.listeners[running] === listener) return true;
  return state.outer !== undefined && state.outer.length !== 0 && isRunning(state, listener);
}

/** Is `listener` being called for this event by an enclosing frame? */
function isRunning(state: EventState, listener: Listener): boolean {
  const outer = state.outer!;
  for (let k = 0; k < outer.length; k += 3) {
    const s = outer[k] as Snapshot, running = outer[k + 1] as number;
    if (running >= 0 && s.listeners[running] === listener) return true;
  }
  return false;
}

/** §7 in a dispatch: the hook is not the listener, so a nested generate from it skips nothing. */
function reportStale(state: EventState, s: Snapshot, i: number, failed: Failures): Failures {
  state.cursor = -1;
  return removeAndReportStale(state, s, i, failed);
}

/**
 * §7: remove first (so the report happens once even if `onStale` generates),
 * then report. The caller has just asked the table that entry `i` still holds
 * its registration (generate's checked path and generateAsync both do).
 */
export function removeAndReportStale(state: EventState, s: Snapshot, i: number, failed: Failures): Failures {
  const table = state.ctx.table;
  const slot = entrySlot(state, s, i);
  const pool = table.handleOf(slot)!.pool.tag; // read before the removal clears the slot
  table.removeSlot(slot);
  try {
    state.ctx.onStale({ event: state.name, module: s.moduleAt(i), listener: s.listeners[i], pool });
  } catch (error) {
    (failed ??= []).push(error);
  }
  return failed;
}

const compiledHelpers: CompiledHelpers = {
  nested: dispatchNested,
  failed: listenerFailed,
  returned: watchResult,
  resume: (state, s, from, data, failed) => endFrame(state, runChecked(state, s, data, from, failed)),
  finish: throwFailures,
};
