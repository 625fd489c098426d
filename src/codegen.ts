// Compiled dispatchers: for a snapshot of n listeners, a function that calls
// f0..f(n-1) from n distinct call sites, so V8 can inline each listener (one
// shared loop call site goes megamorphic as soon as listeners differ). The
// source holds only identifiers and indices, never names or user data;
// functions come in through arrays. Where `new Function` is forbidden
// (strict CSP, extensions), `canCompile()` is false and the bus keeps the loop.

import type { EventState, Snapshot } from "./event-state.js";
import type { CompiledHelpers } from "./dispatch.js";

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

/**
 * Source of a factory for n listeners. For n = 2:
 *
 *   "use strict"; var f0 = fns[0], u0 = uds[0], f1 = fns[1], u1 = uds[1];
 *   return function dispatch2(d) {
 *     if (state.active !== null || ctx.depth >= 64) return h.nested(state, d);  // 64: the bus's maxDepth
 *     state.active = s; ctx.depth++; var failed, r;
 *     state.cursor = 0; try { r = f0(d, u0); if (r !== undefined) h.returned(state, s, 0, r); }
 *     catch (e) { failed = h.failed(state, s, 0, e, failed); }
 *     if (state.changed) return h.resume(state, s, 1, d, failed);
 *     state.cursor = 1; try { ... } catch (e) { ... }
 *     state.active = null; ctx.depth--;
 *     if (failed !== undefined) h.finish(state, failed);
 *   };
 *
 * The same steps as dispatch.ts's loop, unrolled: `state.active` and the
 * cursor tell a nested generate of the same event what is running (§6);
 * `state.changed`, set by the mutation path when it removes a registration
 * of this event mid-dispatch, sends the rest to the checked path (§6); none
 * follows the last listener.
 */
function factorySource(n: number, maxDepth: number): string {
  let head = '"use strict";\nvar ';
  let body =
    `return function dispatch${n}(d) {\n` +
    `  if (state.active !== null || ctx.depth >= ${maxDepth}) return h.nested(state, d);\n` +
    "  state.active = s; ctx.depth++; var failed, r;\n";
  for (let i = 0; i < n; i++) {
    head += `f${i} = fns[${i}], u${i} = uds[${i}]${i === n - 1 ? ";\n" : ", "}`;
    if (i > 0) body += `  if (state.changed) return h.resume(state, s, ${i}, d, failed);\n`;
    body +=
      `  state.cursor = ${i}; try { r = f${i}(d, u${i}); if (r !== undefined) h.returned(state, s, ${i}, r); }` +
      ` catch (e) { failed = h.failed(state, s, ${i}, e, failed); }\n`;
  }
  body += "  state.active = null; ctx.depth--;\n  if (failed !== undefined) h.finish(state, failed);\n";
  return `${head}${body}};`;
}

/** Compiles a dispatcher for snapshot `s` of `state` (the caller checked `canCompile()`). */
export function compileDispatcher(state: EventState, s: Snapshot, helpers: CompiledHelpers): (data: unknown) => void {
  // V8 caches compilations by source, and functions compiled from one source
  // share their feedback: two events with 20 listeners each would make each
  // other's call sites polymorphic (measured: 40 -> 8.5 M generates/s for a
  // 20-listener event once another 20-listener bus had run; Nov 2026, Node
  // 20). A unique comment gives each dispatcher feedback of its own.
  // The bus's maxDepth (an integer, fixed at construction) is written into
  // the source as a literal: one load less per generate.
  const source = factorySource(s.fns.length, state.ctx.maxDepth);
  const factory = new Function(...FACTORY_PARAMETERS, `// dispatcher ${++compiled}\n${source}`);
  return factory(state, state.ctx, s, s.fns, s.uds, helpers) as (data: unknown) => void;
}

/** Dispatchers compiled so far in this process: makes each source unique. */
let compiled = 0;
