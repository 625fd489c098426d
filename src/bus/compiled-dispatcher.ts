// Compiled dispatchers: for a snapshot of n listeners, a function that calls
// f0..f(n-1) from n distinct call sites, so V8 can inline each listener (one
// shared loop call site goes megamorphic as soon as listeners differ). The
// source holds only identifiers and indices, never names or user data;
// functions come in through arrays. Where `new Function` is forbidden
// (strict CSP, extensions), `canCompile()` is false and the bus keeps the loop.

import type { EventState, Snapshot } from "./event-state.js";
import type { CompiledHelpers } from "./dispatch.js";
import { CURSOR_ON_STACK, stackLineOffset, type CallLines } from "./running-listener.js";

/** Above this many listeners the loop is as fast and the source would only grow. */
export const MAX_COMPILED_LISTENERS = 128;

/**
 * A snapshot is compiled once it has served this many generates: an event
 * whose listeners keep changing stays on the loop instead of paying for a
 * compilation per change, and an event generated once (most of a big table)
 * never costs a compiled function.
 */
export const COMPILE_AFTER_USES = 16;

let evalAllowed: boolean | undefined;

/** Probes `new Function` once, lazily: a CSP refusal is an EvalError (or similar) we catch. */
export function canCompile(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function("return 1")() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/** The factory's parameters, in order; `compileDispatcher` passes arguments to match. */
const FACTORY_PARAMETERS = ["state", "ctx", "s", "fns", "uds", "h"];

/** Source lines per listener in a dispatcher (see factorySource); the call is the third. */
const LINES_PER_LISTENER = 7;
const CALL_LINE = 2;

/** A dispatcher's source, and where in it (lines counted in the body from 1) each listener is called. */
interface DispatcherSource {
  readonly body: string;
  readonly firstCallLine: number;
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
 * a line of its own, running-listener.ts); where the stack cannot tell
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
  const firstCallLine = lines.length + 1 + CALL_LINE;
  for (let i = 0; i < n; i++) {
    lines.push(
      i === 0 ? "  // listener 0" : `  if (state.changed) return h.resume(state, s, ${i}, d, failed);`,
      "  try {",
      `    ${cursorStores ? `state.cursor = ${i}; ` : ""}r = f${i}(d, u${i});`,
      `    if (r !== undefined) h.returned(state, s, ${i}, r);`,
      "  } catch (e) {",
      `    failed = h.failed(state, s, ${i}, e, failed);`,
      "  }",
    );
  }
  lines.push("  state.active = null; ctx.depth--;", "  if (failed !== undefined) h.finish(state, failed);", "};");
  return { body: lines.join("\n"), firstCallLine };
}

/** Compiles a dispatcher for snapshot `s` of `state` (the caller checked `canCompile()`). */
export function compileDispatcher(state: EventState, s: Snapshot, helpers: CompiledHelpers): (data: unknown) => void {
  const offset = stackLineOffset(probeDispatcher), serial = nextSerial(), name = `wasmEventsDispatch${serial}`;
  const source = factorySource(s.fns.length, state.ctx.maxDepth, name, offset === null, serial);
  if (offset !== null) {
    s.callLines = { frameName: name, firstLine: source.firstCallLine + offset, step: LINES_PER_LISTENER, count: s.fns.length };
  }
  const factory = compileFactory(FACTORY_PARAMETERS, source.body);
  return factory(state, state.ctx, s, s.fns, s.uds, helpers) as (data: unknown) => void;
}

/** stackLineOffset's probe: a two-listener dispatcher of the same layout, on a stand-in state. */
function probeDispatcher(frameName: string, listener: () => void): { lines: CallLines; run: () => void } {
  const source = factorySource(2, 1, frameName, false, 0);
  const state = { active: null, changed: false, cursor: -1 };
  const never = () => {
    throw new Error("wasm-events: the stack probe's dispatcher left its straight path");
  };
  const helpers = { nested: never, failed: never, resume: never, finish: never, returned: () => {} };
  const run = compileFactory(FACTORY_PARAMETERS, source.body)(state, { depth: 0 }, {}, [listener, listener], [undefined, undefined], helpers);
  return { lines: { frameName, firstLine: source.firstCallLine, step: LINES_PER_LISTENER, count: 2 }, run: () => run(undefined) };
}

/** Dispatchers compiled so far in this process (the bus's and the EventEmitter's): numbers unique sources. */
let serials = 0;

/** A number no other dispatcher of the process has: V8 caches compilations by source, and a unique comment keeps each one's type feedback its own. */
export function nextSerial(): number {
  return ++serials;
}

/**
 * The one place dispatchers are compiled, for the bus (above) and the
 * EventEmitter (emitter/codegen.ts): a factory function from `body`, whose
 * parameters bring in the functions (never names or data in the source).
 * Functions compiled from one source share their type feedback, so callers
 * put a `nextSerial()` comment in the body to make two dispatchers of the
 * same shape two sources. The caller has checked `canCompile()`.
 */
export function compileFactory(parameters: readonly string[], body: string): Function {
  return new Function(...parameters, body);
}
