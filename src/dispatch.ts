// Dispatch: the per-event snapshot derived from the Wasm table, and the
// dispatchers that call listeners under every rule of SPEC §6 and §7.
//
// A snapshot is one event's ordered entries (slot, serial, function, user
// data, listener, module), tagged with the table version it was built at.
// The Wasm bumps the version on every change, so one u32 compare tells
// whether the snapshot still is the table; it is rebuilt, never patched.

import type { Listener, ListenerInfo, StaleInfo } from "./types.js";
import type { Table } from "./table.js";
import { tooDeep } from "./errors.js";
import { canCompile, compile, COMPILE_AFTER_USES, MAX_COMPILED_LISTENERS, type Failures, type FastRun } from "./codegen.js";

/** What dispatch needs of its bus; one object so caches hold one reference. */
export interface DispatchContext {
  readonly table: Table;
  /** Generates under way that dispatch to at least one live listener (§6). */
  depth: number;
  readonly maxDepth: number;
  readonly onError: ((error: unknown, info: ListenerInfo) => void) | undefined;
  readonly onStale: (info: StaleInfo) => void;
  /** Compile dispatchers with `new Function` when the host allows it. */
  readonly codegen: boolean;
  /** Caches whose snapshot holds values of UserData handles: dropped when handles end. */
  readonly holdingHandles: Set<EventCache>;
}

/** One event's entries at one table version. Never mutated: a change makes a new one. */
export class Snapshot {
  constructor(
    readonly slots: readonly number[],
    readonly serials: readonly number[],
    /** What to call (the listener, or a `once` wrapper), and its user data. */
    readonly fns: readonly Listener[],
    readonly uds: readonly unknown[],
    /** The listener as registered and its module: for error info and the re-entrancy rule. */
    readonly listeners: readonly Listener[],
    readonly modules: readonly (string | null)[],
  ) {}
}

const EMPTY = new Snapshot([], [], [], [], [], []);

/** A view that reads undefined everywhere, until the first refresh: one for all caches (a typed array per event would cost ~100 bytes each). */
const NO_VIEW = new Uint32Array(0);

export class EventCache {
  /** Table version the snapshot was last checked at; -1 never matches, so the first use builds it. */
  version = -1;
  /** The event's list version and the handle epoch the snapshot was built at (see refresh). */
  listVersion = -1;
  epoch = -1;
  /** Stale entries in the snapshot. */
  stale = 0;
  /** The table's u32 view when the snapshot was built. Memory growth detaches it, and a detached view reads undefined: a mismatch, so the version check also catches growth. */
  u32: Uint32Array = NO_VIEW;
  snapshot: Snapshot = EMPTY;
  /** Calls the snapshot's listeners in order (compiled, or the loop); null when there are none. */
  run: FastRun | null = null;
  /** Snapshot entries whose user data is not stale. */
  live = 0;
  /** Any stale entry sends dispatch to the checked loop, which reports it at its place (§7). */
  hasStale = false;

  // Re-entrancy bookkeeping (§6): which listeners of this event are running.
  /**
   * The innermost dispatch frame's snapshot, EMPTY when no dispatch of this
   * event is under way (a dispatched snapshot is never EMPTY), and the index
   * of the listener it is calling (-1: none).
   */
  active: Snapshot = EMPTY;
  cursor = -1;
  /** Enclosing frames of this event, flat [snapshot, cursor, ...]; only once nested. */
  outer: (Snapshot | number)[] | undefined;
  /** Has the event ever had a listener (dump lists those, §10)? */
  everRegistered = false;

  /** Index of the table version word in `u32`, copied here to save two loads per generate. */
  readonly vi: number;

  constructor(
    readonly context: DispatchContext,
    readonly eventId: number,
    readonly name: string,
  ) {
    this.vi = context.table.versionIndex;
  }
}

// ── HOT PATH ── every generate. Budget: one version compare, one call to the
// snapshot's dispatcher, no allocation unless a listener throws. Everything
// rare (a change during the dispatch, nested generates of the same event,
// stale entries, ELOOP) goes to the checked loop below.
export function dispatch(c: EventCache, data: unknown): void {
  if (c.u32[c.vi] !== c.version) refresh(c);
  const run = c.run;
  if (run === null) return;
  const context = c.context;
  if (c.active !== EMPTY || c.hasStale || context.depth >= context.maxDepth) return dispatchChecked(c, data);
  let failed: Failures;
  context.depth++;
  c.active = c.snapshot;
  try {
    failed = run(data);
  } finally {
    // (No cursor reset: it is only read while a frame is under way, and every
    // frame sets it before its first call.)
    context.depth--;
    c.active = EMPTY; // also keeps nothing reachable that a later rebuild drops
  }
  if (failed !== undefined) throwFailures(c, failed);
}

/**
 * The loop dispatcher: the same steps as a compiled one (codegen.ts) from one
 * loop. It captures its snapshot, so a rebuild during the dispatch never
 * disturbs it. With `compileLater` it hands over to a compiled dispatcher
 * once the snapshot has served COMPILE_AFTER_USES generates.
 */
function loopDispatcher(c: EventCache, s: Snapshot, vi: number, compileLater: boolean): FastRun {
  const fns = s.fns, uds = s.uds;
  let uses = 0;
  const run: FastRun = (data) => {
    if (compileLater && ++uses === COMPILE_AFTER_USES && c.run === run) c.run = compile(c, s, vi, fail, resume);
    const u32 = c.u32, seen = c.version;
    for (let i = 0; i < fns.length; i++) {
      if (i > 0 && u32[vi] !== seen) return resume(c, s, i, data, undefined); // §6: the rest, checked
      c.cursor = i;
      const fn = fns[i]; // through a local: `this` stays undefined (§4)
      try {
        fn(data, uds[i]);
      } catch (error) {
        return fail(c, s, i, data, error);
      }
    }
    return undefined;
  };
  return run;
}

/** A listener of a fast dispatch threw: record it, then finish the dispatch checked. */
function fail(c: EventCache, s: Snapshot, at: number, data: unknown, error: unknown): Failures {
  return runChecked(c, s, data, at + 1, listenerFailed(c, s, at, error, undefined));
}

/** The table changed during a fast dispatch: finish it checked. */
function resume(c: EventCache, s: Snapshot, from: number, data: unknown, failed: Failures): Failures {
  return runChecked(c, s, data, from, failed);
}

/** A dispatch that must check each entry: nested in the same event, stale entries, or at maxDepth. */
function dispatchChecked(c: EventCache, data: unknown): void {
  const context = c.context;
  // §6: only a generate that dispatches to a live listener counts towards the depth.
  const counts = c.live > 0;
  if (counts && context.depth >= context.maxDepth) throw tooDeep(c.name, context.maxDepth);
  const nested = c.active !== EMPTY;
  if (nested) (c.outer ??= []).push(c.active, c.cursor);
  const snapshot = c.snapshot;
  let failed: Failures;
  if (counts) context.depth++;
  c.active = snapshot;
  try {
    failed = runChecked(c, snapshot, data, 0, undefined);
  } finally {
    if (counts) context.depth--;
    if (nested) {
      const outer = c.outer!;
      c.cursor = outer.pop() as number;
      c.active = outer.pop() as Snapshot;
    } else {
      c.cursor = -1;
      c.active = EMPTY;
    }
  }
  if (failed !== undefined) throwFailures(c, failed);
}

/**
 * Calls `s`'s entries from `from` on, asking the table about each first (§6,
 * §7): removed ones are skipped, stale ones reported once and removed,
 * listeners running for this event in an enclosing frame skipped (neither
 * called nor reported).
 */
function runChecked(c: EventCache, s: Snapshot, data: unknown, from: number, failed: Failures): Failures {
  const table = c.context.table;
  for (let i = from; i < s.fns.length; i++) {
    const state = table.slotState(s.slots[i], s.serials[i]);
    if (state !== table.slotLive && state !== table.slotStale) continue; // removed
    if (c.outer !== undefined && isRunning(c, s.listeners[i])) continue;
    if (state === table.slotStale) {
      failed = reportStale(c, s, i, failed);
      continue;
    }
    c.cursor = i;
    const fn = s.fns[i];
    try {
      fn(data, s.uds[i]);
    } catch (error) {
      failed = listenerFailed(c, s, i, error, failed);
    }
  }
  return failed;
}

/** Is `listener` being called for this event by an enclosing frame? */
function isRunning(c: EventCache, listener: Listener): boolean {
  const outer = c.outer!;
  for (let k = 0; k < outer.length; k += 2) {
    const s = outer[k] as Snapshot, cursor = outer[k + 1] as number;
    if (cursor >= 0 && s.listeners[cursor] === listener) return true;
  }
  return false;
}

/**
 * Brings the cache up to the table's version. The table version moves on any
 * change anywhere; the snapshot is rebuilt only if this event's list changed
 * or (after handles ended) its number of stale entries did. Staleness only
 * ever grows for an unchanged list, so an equal count means the same entries.
 */
function refresh(c: EventCache): void {
  const table = c.context.table, u32 = table.views.u32;
  const listVersion = table.wasm.listVersion(c.eventId), epoch = u32[table.epochIndex];
  if (listVersion !== c.listVersion || epoch !== c.epoch) {
    const stale = table.wasm.staleCount(c.eventId);
    if (listVersion !== c.listVersion || stale !== c.stale) rebuild(c, stale);
    c.listVersion = listVersion;
    c.epoch = epoch;
    c.stale = stale;
  }
  c.u32 = u32;
  c.version = u32[table.versionIndex];
}

/**
 * Forgets the snapshot: the table removed one of its registrations, or
 * handles it holds values of ended. A derived cache must not keep removed
 * listeners or ended data reachable; the next generate rebuilds it. A
 * dispatch under way keeps its own reference until it ends.
 */
export function dropSnapshot(c: EventCache): void {
  c.snapshot = EMPTY;
  c.run = null;
  c.listVersion = -1;
  c.version = -1;
}

/** A new snapshot from the Wasm table (the only source of truth), and a dispatcher for it. */
function rebuild(c: EventCache, stale: number): void {
  const table = c.context.table;
  const slots = table.slotsOf(c.eventId), modules = table.modulesOf(c.eventId), length = slots.length;
  const serials: number[] = [], fns: Listener[] = [], uds: unknown[] = [], listeners: Listener[] = [];
  let holdsHandles = false;
  for (let i = 0; i < length; i++) {
    const slot = slots[i];
    serials.push(table.serialOf(slot));
    fns.push(table.calls[slot]!);
    uds.push(table.valueOf(slot));
    listeners.push(table.listenerOf(slot));
    holdsHandles ||= table.handleOf(slot) !== undefined;
  }
  if (holdsHandles) c.context.holdingHandles.add(c);
  const s = new Snapshot(slots, serials, fns, uds, listeners, modules);
  c.snapshot = s;
  c.live = length - stale;
  c.hasStale = stale !== 0;
  c.run =
    length === 0 ? null
    : loopDispatcher(c, s, table.versionIndex, c.context.codegen && length <= MAX_COMPILED_LISTENERS && canCompile());
}

/** §7: remove first (so the report happens once even if `onStale` generates), then report. */
function reportStale(c: EventCache, s: Snapshot, i: number, failed: Failures): Failures {
  const table = c.context.table;
  const pool = table.handleOf(s.slots[i])!.pool.tag; // read before the removal clears the slot
  table.remove(s.slots[i], s.serials[i]);
  c.cursor = -1; // the hook is not the listener: a nested generate from it skips nothing
  try {
    c.context.onStale({ event: c.name, module: s.modules[i], listener: s.listeners[i], pool });
  } catch (error) {
    (failed ??= []).push(error);
  }
  return failed;
}

/** §6: a listener's error goes to `onError`, or is kept for after the dispatch. */
function listenerFailed(c: EventCache, s: Snapshot, i: number, error: unknown, failed: Failures): Failures {
  const onError = c.context.onError;
  if (onError === undefined) {
    (failed ??= []).push(error);
    return failed;
  }
  c.cursor = -1;
  try {
    onError(error, { event: c.name, module: s.modules[i], listener: s.listeners[i] });
  } catch (hookError) {
    (failed ??= []).push(hookError);
  }
  return failed;
}

/** §6: a lone error as is; several as an AggregateError, in order. */
function throwFailures(c: EventCache, failed: unknown[]): never {
  if (failed.length === 1) throw failed[0];
  throw new AggregateError(failed, `${failed.length} errors while generating '${c.name}'`);
}
