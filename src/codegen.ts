// Compiled dispatchers: for a snapshot of n listeners, a function that calls
// f0..f(n-1) from n distinct call sites, so V8 can inline each listener (one
// shared loop call site goes megamorphic as soon as listeners differ). The
// source holds only identifiers and indices, never names or user data;
// functions come in through an array. Where `new Function` is forbidden
// (strict CSP, extensions), `canCompile()` is false and the bus uses the loop.

/** What a fast dispatcher returns: the errors to throw after the dispatch, if any. */
export type Failures = unknown[] | undefined;
/** A dispatcher for one snapshot: calls every listener of it in order. */
export type FastRun = (data: unknown) => Failures;

/** Above this many listeners the loop is as fast and the source would only grow. */
export const MAX_COMPILED_LISTENERS = 128;

/**
 * A snapshot is compiled once it has served this many generates: an event
 * whose listeners keep changing stays on the loop instead of paying for a
 * compilation per change.
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

/** The factory's parameters, in order; `compile` passes arguments to match. */
const FACTORY_PARAMETERS = ["c", "s", "fns", "uds", "vi", "fail", "resume"];

/**
 * Source of a factory for n listeners. For n = 2:
 *
 *   "use strict"; var f0 = fns[0], u0 = uds[0], f1 = fns[1], u1 = uds[1];
 *   return function dispatch2(d) {
 *     var u32 = c.u32, seen = c.version;
 *     c.cursor = 0; try { f0(d, u0); } catch (e) { return fail(c, s, 0, d, e); }
 *     if (u32[vi] !== seen) return resume(c, s, 1, d, undefined);
 *     c.cursor = 1; try { f1(d, u1); } catch (e) { return fail(c, s, 1, d, e); }
 *   };
 *
 * `c.cursor` tells a nested generate of the same event which listener is
 * running (§6). The version check between listeners sends the rest of the
 * dispatch to the checked loop once anything changed (§6); none follows the
 * last listener. A detached `u32` (memory grew) reads undefined, which also
 * differs from `seen`. The version is read per call, not baked in, so a
 * compiled dispatcher outlives table changes that leave its event alone.
 */
function factorySource(n: number): string {
  let head = '"use strict";\nvar ';
  let body = `return function dispatch${n}(d) {\n  var u32 = c.u32, seen = c.version;\n`;
  for (let i = 0; i < n; i++) {
    head += `f${i} = fns[${i}], u${i} = uds[${i}]${i === n - 1 ? ";\n" : ", "}`;
    if (i > 0) body += `  if (u32[vi] !== seen) return resume(c, s, ${i}, d, undefined);\n`;
    body += `  c.cursor = ${i}; try { f${i}(d, u${i}); } catch (e) { return fail(c, s, ${i}, d, e); }\n`;
  }
  return `${head}${body}  return undefined;\n};`;
}

/** Compiles a dispatcher for the snapshot `s` of cache `c`. */
export function compile(
  c: { u32: Uint32Array; version: number },
  s: { readonly fns: readonly Function[]; readonly uds: readonly unknown[] },
  vi: number, fail: Function, resume: Function,
): FastRun {
  const n = s.fns.length;
  // V8 caches compilations by source, and functions compiled from one source
  // share their feedback: two events with 20 listeners each would make each
  // other's call sites polymorphic (measured: 40 -> 8.5 M generates/s for a
  // 20-listener event once another 20-listener bus had run; Nov 2026, Node
  // 20). A unique comment gives each dispatcher feedback of its own. With one
  // listener there is one call site and sharing is cheaper than hundreds of
  // separate optimisations (it halved the 256-name scenario when unique).
  const unique = n >= 2 ? `// dispatcher ${++compiled}\n` : "";
  const factory = new Function(...FACTORY_PARAMETERS, unique + factorySource(n));
  return factory(c, s, s.fns, s.uds, vi, fail, resume) as FastRun;
}

/** Dispatchers compiled so far in this process: makes each source unique. */
let compiled = 0;
