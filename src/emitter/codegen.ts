// Compiled emit dispatchers: for a snapshot of n listeners, one function that
// calls f0..f(n-1) from distinct call sites for each argument count 0..3, so
// V8 can inline each listener. The source holds identifiers and indices only;
// the functions come in through an array. Only used where `canCompile()` (the
// shared eval probe) says `new Function` works; dispatch.ts has the loop twin.

import type { Run } from "./listeners.js";

/** Results that are not undefined/null go here (captureRejections, capture-rejections.ts). */
export type OnResult = (t: object, result: unknown, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown) => void;

/** Dispatchers compiled so far: makes each source unique (see compileRun). */
let compiled = 0;

function callsFor(n: number, args: string): string {
  let body = "";
  for (let i = 0; i < n; i++) body += `      r = f${i}.call(t${args}); if (r != null) k(t, r, type, argc, a, b, c);\n`;
  return body;
}

/**
 * Source for n listeners. For n = 2 the 1-argument case reads:
 *
 *   case 2:
 *     r = f0.call(t, a); if (r != null) k(t, r, type, argc, a, b, c);
 *     r = f1.call(t, a); if (r != null) k(t, r, type, argc, a, b, c);
 *     return;
 *
 * `argc` counts the event name too, as `arguments.length` in emit does.
 */
function source(n: number): string {
  let head = `"use strict";\n// emit dispatcher ${++compiled}\nvar `;
  for (let i = 0; i < n; i++) head += `f${i} = fns[${i}]${i === n - 1 ? ";\n" : ", "}`;
  return (
    `${head}return function compiledEmit(t, type, argc, a, b, c) {\n  var r;\n  switch (argc) {\n` +
    `    case 1:\n${callsFor(n, "")}      return;\n` +
    `    case 2:\n${callsFor(n, ", a")}      return;\n` +
    `    case 3:\n${callsFor(n, ", a, b")}      return;\n` +
    `    default:\n${callsFor(n, ", a, b, c")}      return;\n  }\n};`
  );
}

/**
 * A dispatcher for `fns`. V8 caches compilations by source, and functions
 * compiled from one source share their call-site feedback: two events with the
 * same number of listeners would make each other's call sites polymorphic.
 * The unique comment gives each dispatcher feedback of its own (the bus
 * measured this; src/codegen.ts).
 */
export function compileRun(fns: readonly Function[], onResult: OnResult): Run {
  return new Function("fns", "k", source(fns.length))(fns, onResult) as Run;
}
