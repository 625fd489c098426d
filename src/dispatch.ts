// Dispatch: the per-event cache derived from the Wasm table, and the loops
// that call listeners under every rule of SPEC §6 and §7.
//
// The cache is a snapshot of one event's ordered entries (registration,
// function, user data), tagged with the table version it was built at. The
// Wasm bumps the version on every change, so one u32 compare tells whether
// the snapshot is still the table; it is rebuilt, never patched.

import type { Listener, ListenerInfo, StaleInfo } from "./types.js";
import type { Table } from "./table.js";
import type { RegistrationImpl } from "./registration.js";
import { tooDeep } from "./errors.js";
import { canCompile, compile, MAX_COMPILED_LISTENERS, type Failures, type FastRun } from "./codegen.js";

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
}

const NONE: RegistrationImpl[] = [];

export class EventCache {
  /** Table version the snapshot was built at; -1 never matches, so the first use builds it. */
  version = -1;
  regs: RegistrationImpl[] = NONE;
  fns: Listener[] = [];
  uds: unknown[] = [];
  /** Calls the snapshot's listeners in order (compiled, or the loop); null when there are none. */
  run: FastRun | null = null;
  /** Snapshot entries whose user data is not stale. */
  live = 0;
  /** Any stale entry forces the checked loop, which reports it at its place (§7). */
  hasStale = false;

  // Re-entrancy bookkeeping (§6): which listeners of this event are running.
  /** Dispatch frames of this event under way. */
  running = 0;
  /** The innermost frame's snapshot, and the index of the listener it is calling (-1: none). */
  activeRegs: RegistrationImpl[] = NONE;
  cursor = -1;
  /** Enclosing frames of this event, flat [regs, cursor, regs, cursor...]; only when nested. */
  outer: (RegistrationImpl[] | number)[] | undefined;

  constructor(
    readonly context: DispatchContext,
    readonly eventId: number,
    readonly name: string,
  ) {}
}

// ── HOT PATH ── every generate. Budget: one version compare, one call to the
// snapshot's dispatcher, no allocation unless a listener throws. Everything
// rare (a change during the dispatch, nested generates of the same event,
// stale entries, ELOOP) goes to the checked loop below.
export function dispatch(c: EventCache, data: unknown): void {
  const context = c.context, table = context.table;
  if (table.views.u32[table.versionIndex] !== c.version) refresh(c);
  const run = c.run;
  if (run === null) return;
  if (c.running !== 0 || c.hasStale || context.depth >= context.maxDepth) return dispatchChecked(c, data);
  let failed: Failures;
  context.depth++;
  c.running = 1;
  c.activeRegs = c.regs;
  try {
    failed = run(data);
  } finally {
    context.depth--;
    c.running = 0;
    c.cursor = -1;
    c.activeRegs = NONE;
  }
  if (failed !== undefined) throwFailures(c, failed);
}

/**
 * The eval-free dispatcher: the same steps as a compiled one (codegen.ts),
 * from one loop. Captures the snapshot, so a rebuild never disturbs a
 * dispatch under way.
 */
function loopDispatcher(
  c: EventCache, regs: RegistrationImpl[], fns: Listener[], uds: unknown[], u32: Uint32Array, vi: number, seen: number,
): FastRun {
  return (data) => {
    for (let i = 0; i < fns.length; i++) {
      if (i > 0 && u32[vi] !== seen) return resume(c, regs, uds, i, data, undefined); // §6: the rest, checked
      c.cursor = i;
      const fn = fns[i]; // through a local: `this` stays undefined (§4)
      try {
        fn(data, uds[i]);
      } catch (error) {
        return fail(c, regs, uds, i, data, error);
      }
    }
    return undefined;
  };
}

/** A listener of a fast dispatch threw: record it, then finish the dispatch checked. */
function fail(c: EventCache, regs: RegistrationImpl[], uds: unknown[], at: number, data: unknown, error: unknown): Failures {
  return runChecked(c, regs, uds, data, at + 1, listenerFailed(c, regs[at], error, undefined));
}

/** The table changed during a fast dispatch: finish it checked. */
function resume(c: EventCache, regs: RegistrationImpl[], uds: unknown[], from: number, data: unknown, failed: Failures): Failures {
  return runChecked(c, regs, uds, data, from, failed);
}

/** A dispatch that must check each entry: nested in the same event, stale entries, or at maxDepth. */
function dispatchChecked(c: EventCache, data: unknown): void {
  const context = c.context;
  // §6: only a generate that dispatches to a live listener counts towards the depth.
  const counts = c.live > 0;
  if (counts && context.depth >= context.maxDepth) throw tooDeep(c.name, context.maxDepth);
  const nested = c.running !== 0;
  if (nested) (c.outer ??= []).push(c.activeRegs, c.cursor);
  const regs = c.regs;
  let failed: unknown[] | undefined;
  if (counts) context.depth++;
  c.running++;
  c.activeRegs = regs;
  try {
    failed = runChecked(c, regs, c.uds, data, 0, undefined);
  } finally {
    if (counts) context.depth--;
    c.running--;
    if (nested) {
      const outer = c.outer!;
      c.cursor = outer.pop() as number;
      c.activeRegs = outer.pop() as RegistrationImpl[];
    } else {
      c.cursor = -1;
      c.activeRegs = NONE;
    }
  }
  if (failed !== undefined) throwFailures(c, failed);
}

/**
 * Calls `regs[from..]` asking the table about each first (§6, §7): removed
 * ones are skipped, stale ones reported once and removed, listeners running
 * for this event in an enclosing frame skipped (neither called nor reported).
 */
function runChecked(
  c: EventCache, regs: RegistrationImpl[], uds: unknown[], data: unknown, from: number, failed: Failures,
): Failures {
  const table = c.context.table;
  for (let i = from; i < regs.length; i++) {
    const reg = regs[i];
    const state = table.slotState(reg.slot, reg.serial);
    if (state !== table.slotLive && state !== table.slotStale) continue; // removed
    if (c.outer !== undefined && isRunning(c, reg.listener)) continue;
    if (state === table.slotStale) {
      failed = reportStale(c, reg, failed);
      continue;
    }
    c.cursor = i;
    const fn = reg.call;
    try {
      fn(data, uds[i]);
    } catch (error) {
      failed = listenerFailed(c, reg, error, failed);
    }
  }
  return failed;
}

/** Is `listener` being called for this event by an enclosing frame? */
function isRunning(c: EventCache, listener: Listener): boolean {
  const outer = c.outer!;
  for (let k = 0; k < outer.length; k += 2) {
    const regs = outer[k] as RegistrationImpl[], cursor = outer[k + 1] as number;
    if (cursor >= 0 && regs[cursor].listener === listener) return true;
  }
  return false;
}

/** Rebuilds the snapshot from the Wasm table (the only source of truth). */
function refresh(c: EventCache): void {
  const table = c.context.table, wasm = table.wasm;
  const length = wasm.entriesLength(c.eventId);
  const start = wasm.entriesAddress(c.eventId) >>> 2;
  const u32 = table.views.u32, words = table.entryWords, slotField = table.entrySlot;
  const regs: RegistrationImpl[] = [], fns: Listener[] = [], uds: unknown[] = [];
  for (let i = 0; i < length; i++) {
    const reg = table.registrations[u32[start + i * words + slotField]]!;
    regs.push(reg);
    fns.push(reg.call);
    uds.push(reg.userData);
  }
  const stale = length === 0 ? 0 : wasm.staleCount(c.eventId);
  const seen = table.version(), vi = table.versionIndex;
  c.regs = regs;
  c.fns = fns;
  c.uds = uds;
  c.live = length - stale;
  c.hasStale = stale !== 0;
  c.version = seen;
  c.run =
    length === 0 ? null
    : c.context.codegen && length <= MAX_COMPILED_LISTENERS && canCompile()
      ? compile(c, regs, fns, uds, u32, vi, seen, fail, resume)
      : loopDispatcher(c, regs, fns, uds, u32, vi, seen);
}

/** §7: remove first (so the report happens once even if `onStale` generates), then report. */
function reportStale(c: EventCache, reg: RegistrationImpl, failed: unknown[] | undefined): unknown[] | undefined {
  c.context.table.remove(reg.slot, reg.serial);
  c.cursor = -1; // the hook is not the listener: a nested generate from it skips nothing
  try {
    c.context.onStale({ event: c.name, module: reg.module, listener: reg.listener, pool: reg.handle!.pool.tag });
  } catch (error) {
    (failed ??= []).push(error);
  }
  return failed;
}

/** §6: a listener's error goes to `onError`, or is kept for after the dispatch. */
function listenerFailed(c: EventCache, reg: RegistrationImpl, error: unknown, failed: unknown[] | undefined): unknown[] | undefined {
  const onError = c.context.onError;
  if (onError === undefined) {
    (failed ??= []).push(error);
    return failed;
  }
  c.cursor = -1;
  try {
    onError(error, { event: c.name, module: reg.module, listener: reg.listener });
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
