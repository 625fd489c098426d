// Compiled emit dispatchers: for a snapshot of n listeners and the argument
// count its event is emitted with, one function that calls f0..f(n-1) from
// distinct call sites, so V8 can inline each listener. The source holds identifiers and indices only;
// the functions come in through an array. Only used where `canCompile()` (the
// shared eval probe) says `new Function` works; emit-dispatch.ts has the loop twin.

import type { EmitterSlots, EventListeners, Run } from "./listeners.js";
import { compileFactory, nextSerial } from "../table/compile.js";

/** Results that are not undefined/null go here (captureRejections, capture-rejections.ts). */
type OnResult = (t: object, result: unknown, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown) => void;

/** An emit of a list another emit is walking (emit-dispatch.ts's dispatch, whose loop counts it). */
type Nested = (
  t: object, list: EventListeners, slots: EmitterSlots, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown,
) => void;

/** Dispatchers compiled with a source of their own so far (see compileRun). */
let uniqueSources = 0;

/**
 * How many dispatchers get a source of their own. Past that (a process with
 * thousands of hot emitters, one per connection, say) sources repeat: V8
 * then compiles each source once and every further dispatcher costs a
 * closure, not a compilation, at the price of shared call-site feedback.
 */
const UNIQUE_SOURCES = 256;

function callsFor(n: number, args: string, argc: string): string {
  let body = "";
  for (let i = 0; i < n; i++) body += `  r = f${i}(${args}); if (r != null) k(t, r, type, ${argc}, a, b, c);\n`;
  return body;
}

/**
 * Source for n listeners and one argument count. For n = 2 and one argument:
 *
 *   "use strict"; var f0 = fns[0], f1 = fns[1];
 *   return function compiledEmit(type, a, b, c) {
 *     if (e.emitting !== 0) return d(t, e, e.slots, type, 2, a, b, c);
 *     var r;
 *     e.emitting = 1;
 *     try {
 *       r = f0(a); if (r != null) k(t, r, type, 2, a, b, c);
 *       r = f1(a); if (r != null) k(t, r, type, 2, a, b, c);
 *     } finally {
 *       e.emitting = 0;
 *     }
 *   };
 *
 * The functions are the listeners bound to the emitter: `f0.call(t, a)` would
 * give V8 no feedback about f0 at that call site, so it could not inline it
 * (measured 2x slower for 20 trivial listeners, Dec 2026, Node 20), while a
 * call of a bound function is reduced to a call of its target. The emitter
 * `t` and the argument count are the factory's: emit's call of a dispatcher
 * is megamorphic (one per hot list of the process) and not inlined, so each
 * argument it does not pass is a move saved per emit.
 *
 * The dispatcher also keeps Node's count of emits walking the array (`e` is
 * the list's EventListeners, see listeners.ts), here rather than in emit:
 * each dispatcher is the only closure of its source, so V8 specialises its
 * optimized code to its context and `e` is a constant there, its fields read
 * and written without a check of its map, and emit keeps only the two checks
 * that this dispatcher is the one for this emit (its emitter, its argument
 * count). The common case, no other emit walking the array, is a flag: set
 * to 1, back to 0 when the calls end, whatever happened to the array
 * meanwhile (an emit that replaced it has ended by then). Inside another emit
 * of the same array, `d` (emit-dispatch.ts's dispatch) runs the loop, which
 * counts itself.
 *
 * `argc` counts the event name too, as `arguments.length` in emit does. One
 * argument count per dispatcher keeps it small enough for V8 to inline the
 * listeners into it (TurboFan's inlining budget is per caller); an event
 * emitted with several gets one with a case each (ANY_ARGC), which takes the
 * count as its fifth parameter.
 */
function source(n: number, argc: number): string {
  let head = `"use strict";\nvar `;
  for (let i = 0; i < n; i++) head += `f${i} = fns[${i}]${i === n - 1 ? ";\n" : ", "}`;
  const args = ["", "a", "a, b", "a, b, c"];
  let calls: string;
  if (argc !== ANY_ARGC) calls = callsFor(n, args[argc - 1], String(argc));
  else {
    // An event emitted with several argument counts: one case each.
    calls = "  switch (argc) {\n";
    for (let k = 1; k <= 4; k++) calls += `  ${k === 4 ? "default" : `case ${k}`}:\n${callsFor(n, args[k - 1], "argc")}  break;\n`;
    calls += "  }\n";
  }
  const params = argc === ANY_ARGC ? "type, a, b, c, argc" : "type, a, b, c";
  const nested = `  if (e.emitting !== 0) return d(t, e, e.slots, type, ${argc === ANY_ARGC ? "argc" : argc}, a, b, c);\n`;
  return `${head}return function compiledEmit(${params}) {\n${nested}  var r;\n  e.emitting = 1;\n  try {\n${calls}  } finally {\n    e.emitting = 0;\n  }\n};`;
}

/** A dispatcher for every argument count (0 to 3 after the name). */
export const ANY_ARGC = -1;

/**
 * A dispatcher for `fns`, the snapshot of `list`, bound to the emitter
 * `self`. V8 caches compilations by source, and functions compiled from one
 * source share their call-site feedback: two events with the
 * same number of listeners would make each other's call sites polymorphic.
 * src/table/compile.ts's compileFactory (shared with the bus) gives each
 * dispatcher a unique source and so feedback of its own, for the first
 * UNIQUE_SOURCES of them (and the single closure per source that lets V8
 * make `e` a constant).
 */
export function compileRun(
  fns: readonly Function[], self: object, argc: number, list: EventListeners, onResult: OnResult, nested: Nested,
): Run {
  const bound = fns.map((fn) => bind.call(fn, self));
  const unique = uniqueSources < UNIQUE_SOURCES;
  if (unique) uniqueSources++;
  const comment = unique ? `// emit dispatcher ${nextSerial()}\n` : "";
  return compileFactory(["fns", "k", "t", "e", "d"], comment + source(fns.length, argc))(bound, onResult, self, list, nested) as Run;
}

const bind = Function.prototype.bind; // not the listener's own `bind`, if it has one
