// The bus's compiled dispatchers: for a snapshot of n listeners, a function
// that calls f0..f(n-1) from n distinct call sites, so V8 can inline each
// listener (one shared loop call site goes megamorphic as soon as listeners
// differ). The source holds only identifiers and indices, never names or user
// data; functions come in through arrays. Where `new Function` is forbidden
// (strict CSP, extensions), `canCompile()` is false and the bus keeps the loop.
//
// Which listener a compiled dispatcher is calling is read off the call stack
// (the "stack cursor"). §6: a nested generate of event X skips the
// listeners still running for X. The loop dispatcher stores the index it is
// calling ("cursor") before each call; a compiled dispatcher would too, but
// with trivial listeners inlined that store costs as much as the listeners
// themselves (20 listeners: 0.85x tseep with it, 0.93x without; 100
// listeners: 0.53x against 1.00x; Node 24, Dec 2026). Nested generates of the
// event being dispatched are rare, so a compiled dispatcher stores nothing
// per listener: it calls listener i from its own source line, and the rare
// nested generate asks the stack which line of that dispatcher is under way.
// Where the engine cannot tell (no V8-style structured stack traces), a probe
// at the first compilation says so and compiled dispatchers store the cursor
// like the loop.
//
// The three pieces live here together: the source generator records the line
// of each call as it writes it (DispatcherSource.callLines), the probe
// measures how many lines the engine puts before a body, and the stack
// reading maps a frame's line back to a listener through those same lines.

import type { CallLines, EventState, Failures, Snapshot } from "./event-state.js";
import { compileFactory, nextSerial } from "../table/compile.js";

/** Above this many listeners the loop is as fast and the source would only grow. */
export const MAX_COMPILED_LISTENERS = 128;

/** What compiled dispatchers call off their straight path (dispatch.ts provides them). */
export interface CompiledHelpers {
  /** The dispatch is nested in its own event, or at maxDepth. */
  nested(state: EventState, data: unknown): void;
  /** Listener `i` threw. */
  failed(state: EventState, s: Snapshot, i: number, error: unknown, failed: Failures): Failures;
  /** Listener `i` returned a value. */
  returned(state: EventState, s: Snapshot, i: number, result: unknown): void;
  /** A registration was removed during the dispatch: the rest, checked, then the frame's end. */
  resume(state: EventState, s: Snapshot, from: number, data: unknown, failed: Failures): void;
  /** Failures to throw at the end of a straight dispatch. */
  finish(state: EventState, failed: unknown[]): never;
}

/** The factory's parameters, in order; `compileDispatcher` passes arguments to match. */
const FACTORY_PARAMETERS = ["state", "ctx", "s", "fns", "uds", "h"];

/** The cursor value of a compiled dispatch in progress: ask the stack (runningIndexOnStack). */
export const CURSOR_ON_STACK = -2;

/** A dispatcher's source, and where in it (lines counted in the body from 1) each listener is called. */
interface DispatcherSource {
  readonly body: string;
  /** `callLines[i]`: the body line holding listener i's call, recorded as the line was written. */
  readonly callLines: readonly number[];
}

/**
 * Source of a factory for n listeners. For n = 2 (the bus's maxDepth 64):
 *
 *   // dispatcher 17
 *   "use strict";
 *   var f0 = fns[0], u0 = uds[0], f1 = fns[1], u1 = uds[1];
 *   return function wasmEventsDispatch17(d) {
 *     if (state.active !== null || ctx.depth >= 64) return h.nested(state, d);
 *     state.active = s; ctx.depth++; state.cursor = -2; var failed, r;
 *     // listener 0
 *     try {
 *       r = f0(d, u0);
 *       if (r !== undefined) h.returned(state, s, 0, r);
 *     } catch (e) {
 *       failed = h.failed(state, s, 0, e, failed);
 *     }
 *     if (state.changed) return h.resume(state, s, 1, d, failed);
 *     try {
 *       r = f1(d, u1);
 *       ...
 *     state.active = null; ctx.depth--;
 *     if (failed !== undefined) h.finish(state, failed);
 *   };
 *
 * The same steps as dispatch.ts's loop, unrolled. `state.active` tells a
 * nested generate of the same event that a dispatch is under way, and which
 * listener it is calling is told by the line its frame is at (every call on
 * a line of its own, recorded in `callLines`); where the stack cannot tell
 * (`cursorStores`) each call is preceded by `state.cursor = i` instead (§6).
 * `state.changed`, set by the mutation path when it removes a registration
 * of this event mid-dispatch, sends the rest to the checked path (§6); none
 * follows the last listener. maxDepth, an integer fixed at construction, is
 * a literal: one load less per generate.
 */
function factorySource(n: number, maxDepth: number, name: string, cursorStores: boolean, serial: number): DispatcherSource {
  const lines = [
    `// dispatcher ${serial}`,
    '"use strict";',
    `var ${Array.from({ length: n }, (_, i) => `f${i} = fns[${i}], u${i} = uds[${i}]`).join(", ")};`,
    `return function ${name}(d) {`,
    `  if (state.active !== null || ctx.depth >= ${maxDepth}) return h.nested(state, d);`,
    `  state.active = s; ctx.depth++;${cursorStores ? "" : ` state.cursor = ${CURSOR_ON_STACK};`} var failed, r;`,
  ];
  const callLines: number[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      i === 0 ? "  // listener 0" : `  if (state.changed) return h.resume(state, s, ${i}, d, failed);`,
      "  try {",
    );
    callLines.push(lines.length + 1); // the next line, counted from 1
    lines.push(
      `    ${cursorStores ? `state.cursor = ${i}; ` : ""}r = f${i}(d, u${i});`,
      `    if (r !== undefined) h.returned(state, s, ${i}, r);`,
      "  } catch (e) {",
      `    failed = h.failed(state, s, ${i}, e, failed);`,
      "  }",
    );
  }
  lines.push("  state.active = null; ctx.depth--;", "  if (failed !== undefined) h.finish(state, failed);", "};");
  return { body: lines.join("\n"), callLines };
}

/** Compiles a dispatcher for snapshot `s` of `state` (the caller checked `canCompile()`). */
export function compileDispatcher(state: EventState, s: Snapshot, helpers: CompiledHelpers): (data: unknown) => void {
  const offset = stackLineOffset(), serial = nextSerial(), name = `wasmEventsDispatch${serial}`;
  const source = factorySource(s.fns.length, state.ctx.maxDepth, name, offset === null, serial);
  if (offset !== null) s.callLines = { frameName: name, bodyOffset: offset, callLines: source.callLines };
  const factory = compileFactory(FACTORY_PARAMETERS, source.body);
  return factory(state, state.ctx, s, s.fns, s.uds, helpers) as (data: unknown) => void;
}

/** stackLineOffset's probe: a two-listener dispatcher of the same layout, on a stand-in state. */
function probeDispatcher(frameName: string, listener: () => void): { callLines: readonly number[]; run: () => void } {
  const source = factorySource(2, 1, frameName, false, 0);
  const state = { active: null, changed: false, cursor: -1 };
  const never = () => {
    throw new Error("wasm-events: the stack probe's dispatcher left its straight path");
  };
  const helpers = { nested: never, failed: never, resume: never, finish: never, returned: () => {} };
  const run = compileFactory(FACTORY_PARAMETERS, source.body)(state, { depth: 0 }, {}, [listener, listener], [undefined, undefined], helpers);
  return { callLines: source.callLines, run: () => run(undefined) };
}

interface CallSite {
  getFunctionName(): string | null;
  getLineNumber(): number | null;
}

interface V8ErrorConstructor {
  captureStackTrace?(target: object, constructorOpt?: Function): void;
  prepareStackTrace?: unknown;
  stackTraceLimit?: number;
}

/** The current call stack as structured call sites (V8's stack trace API), innermost first; undefined where there is none. */
function callSites(): CallSite[] | undefined {
  const E = Error as unknown as V8ErrorConstructor;
  if (typeof E.captureStackTrace !== "function") return undefined;
  const prepare = E.prepareStackTrace, limit = E.stackTraceLimit;
  try {
    // Our own formatter and no depth limit, for this one capture only: a
    // listener may be arbitrarily deep below its dispatcher.
    E.prepareStackTrace = (_error: unknown, sites: CallSite[]) => sites;
    E.stackTraceLimit = Infinity;
    const holder: { stack?: unknown } = {};
    E.captureStackTrace(holder);
    return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : undefined;
  } finally {
    E.prepareStackTrace = prepare;
    E.stackTraceLimit = limit;
  }
}

/**
 * The index of the listener the dispatcher `lines` describes is calling now,
 * or -1 when it is calling none (it is in a hook, watching a returned
 * promise, or finishing on the checked path). Not on the hot path: only a
 * nested generate of the event being dispatched asks.
 */
export function runningIndexOnStack(lines: CallLines): number {
  const sites = callSites();
  if (sites === undefined) return -1;
  // The dispatcher may be on the stack more than once: its one straight run
  // (a second cannot start while it is under way), and frames that entered
  // it for a nested generate and left at once for the checked path. Only the
  // straight run can be at a call line.
  for (const site of sites) {
    if (site.getFunctionName() !== lines.frameName) continue;
    const index = lines.callLines.indexOf((site.getLineNumber() ?? -1) - lines.bodyOffset);
    if (index !== -1) return index;
  }
  return -1;
}

/** The line the innermost frame named `frameName` is at, or -1. */
function frameLine(frameName: string): number {
  const site = callSites()?.find((candidate) => candidate.getFunctionName() === frameName);
  return site?.getLineNumber() ?? -1;
}

/** Lines the engine puts before a `new Function` body (the spec's "anonymous(params\n) {\n"), as the probe measured; null: unusable. */
let bodyOffset: number | null | undefined;

/**
 * Can compiled dispatchers leave the cursor to the stack? Decided once per
 * process, by compiling a two-listener dispatcher of the same layout the
 * dispatchers have (probeDispatcher; `callLines` are its call lines counted
 * in the body) and reading from inside each listener the line its frame is
 * at. Returns how many lines the engine puts before a body, or null when the
 * stack cannot tell which listener runs (then dispatchers store the cursor).
 */
function stackLineOffset(): number | null {
  if (bodyOffset !== undefined) return bodyOffset;
  bodyOffset = null;
  try {
    const name = "wasmEventsStackProbe", seen: number[] = [];
    const probe = probeDispatcher(name, () => void seen.push(frameLine(name)));
    probe.run();
    const [first, second] = probe.callLines;
    if (seen.length === 2 && seen[0] > 0 && seen[1] - seen[0] === second - first) bodyOffset = seen[0] - first;
  } catch {
    bodyOffset = null; // no stack trace API, or a host that refuses it: store the cursor
  }
  return bodyOffset;
}
