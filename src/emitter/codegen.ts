// Compiled emit dispatchers: for a snapshot of n listeners and the argument
// count its event is emitted with, one function that calls f0..f(n-1) from
// distinct call sites, so V8 can inline each listener. The source holds identifiers and indices only;
// the functions come in through an array. Only used where `canCompile()` (the
// shared eval probe) says `new Function` works; dispatch.ts has the loop twin.

import type { Run } from "./listeners.js";

/** Results that are not undefined/null go here (captureRejections, capture-rejections.ts). */
export type OnResult = (t: object, result: unknown, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown) => void;

/** Dispatchers compiled so far: makes each source unique (see compileRun). */
let compiled = 0;

function callsFor(n: number, args: string): string {
  let body = "";
  for (let i = 0; i < n; i++) body += `  r = f${i}.call(t${args}); if (r != null) k(t, r, type, argc, a, b, c);\n`;
  return body;
}

/**
 * Source for n listeners and one argument count. For n = 2 and one argument:
 *
 *   "use strict"; var f0 = fns[0], f1 = fns[1];
 *   return function compiledEmit(t, type, argc, a, b, c) {
 *     var r;
 *     r = f0.call(t, a); if (r != null) k(t, r, type, argc, a, b, c);
 *     r = f1.call(t, a); if (r != null) k(t, r, type, argc, a, b, c);
 *   };
 *
 * `argc` counts the event name too, as `arguments.length` in emit does. One
 * argument count per dispatcher keeps it small enough for V8 to inline the
 * listeners into it (TurboFan's inlining budget is per caller).
 */
function source(n: number, argc: number): string {
  let head = `"use strict";\n// emit dispatcher ${++compiled}\nvar `;
  for (let i = 0; i < n; i++) head += `f${i} = fns[${i}]${i === n - 1 ? ";\n" : ", "}`;
  const args = ["", ", a", ", a, b", ", a, b, c"][Math.min(argc, 4) - 1];
  return `${head}return function compiledEmit(t, type, argc, a, b, c) {\n  var r;\n${callsFor(n, args)}};`;
}

/**
 * A dispatcher for `fns`. V8 caches compilations by source, and functions
 * compiled from one source share their call-site feedback: two events with the
 * same number of listeners would make each other's call sites polymorphic.
 * The unique comment gives each dispatcher feedback of its own (the bus
 * measured this; src/codegen.ts).
 */
export function compileRun(fns: readonly Function[], argc: number, onResult: OnResult): Run {
  return new Function("fns", "k", source(fns.length, argc))(fns, onResult) as Run;
}
