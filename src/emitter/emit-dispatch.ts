// emit's per-event dispatch (§11, Node's rules): calls the snapshot
// derived from the Wasm list, so a listener removed during the emit is still
// called by it and one added is not; `this` is the emitter; a listener that
// throws ends the emit and the error propagates. Up to three arguments pass
// without an array. A snapshot that has served COMPILE_AFTER_USES emits gets
// a compiled dispatcher (compiled-emit.ts) where the host allows `new Function`;
// otherwise, or with codegen off, the loop below does the same calls.

import { canCompile, COMPILE_AFTER_USES } from "../table/compile.js";
import { ANY_ARGC, compileRun } from "./compiled-emit.js";
import { captureResult } from "./capture-rejections.js";
import { snapshotOf, type EmitterSlots, type EventListeners, type Run } from "./listeners.js";

/**
 * Above this many listeners emit keeps the loop: the loop is as fast and the
 * source only grows. Lower than the bus's MAX_COMPILED_LISTENERS (128): an
 * emit dispatcher has a copy of its calls per argument count (ANY_ARGC), so
 * its source grows faster per listener.
 */
const MAX_COMPILED_EMIT_LISTENERS = 64;

/**
 * Every listener is called as Node 26's emit calls it, `Reflect.apply`: a
 * listener's own `call` or `apply` property (a function may have one) is
 * never used. With the arguments in an array literal, TurboFan folds it to a
 * direct call and makes no array.
 */
const apply = Reflect.apply;

let codegenEnabled = true;

/**
 * Compiled emit dispatchers on or off for every EventEmitter of the process
 * (default on where `new Function` is allowed; off forces the eval-free loop,
 * which strict-CSP hosts get automatically).
 *
 * @param enabled - `false` forces the eval-free loop.
 * @returns Nothing.
 * @throws Never.
 * @example
 * setEmitterCodegen(false); // every emit now runs the eval-free loop
 */
export function setEmitterCodegen(enabled: boolean): void {
  codegenEnabled = enabled;
}

// ── HOT PATH ── every emit of an event with a list, past emit's compiled case. Budget: one snapshot
// check, one arity switch, the calls; no allocation unless a listener returns
// a value (captureRejections) or the snapshot was invalidated.
//
// The loop is written out here, not called: this keeps dispatch above V8's
// per-function inlining limit (TurboFan takes in no function of more than
// 460 bytes of bytecode; this one is about 700), so emit's optimized code
// never holds it. That matters because V8 inlines emit into its callers only
// while emit's bytecode plus what its own optimized code inlined fits the
// caller's budget (920 bytes, times 1.2): with dispatch inside (385 bytes),
// emit stopped being inlined in any process where some list takes this path,
// and every emit there paid a call (measured 0.59x node:events on Node 26).
export function dispatch(
  t: object, b: EventListeners, slots: EmitterSlots, type: string | symbol, argc: number, a: unknown, b1: unknown, c: unknown,
): void {
  const fns = b.fns ?? snapshotOf(b, slots);
  if (typeof fns === "function") {
    // One listener: no array in Node, nothing to count; compiled too once hot (emit then calls it directly).
    if (b.run === null && ++b.uses >= COMPILE_AFTER_USES) compileFor(b, [fns], t, argc);
    return callOne(t, fns, type, argc, a, b1, c);
  }
  // A dispatcher calls its listeners bound to the emitter it was compiled for (an object made
  // with Object.create(emitter) shares the emitter's events but is another `this`). It marks
  // the array as walked while no other emit does; inside another emit it calls here, and the loop counts.
  let run = b.run;
  if (run === null && ++b.uses >= COMPILE_AFTER_USES) run = compileFor(b, fns, t, argc);
  if (run !== null && b.runThis === t && b.emitting === 0) {
    if (b.runArgc === argc || b.runArgc === ANY_ARGC) return run(type, a, b1, c, argc);
    // Another argument count than the dispatcher's: the loop, until it is common enough for one of every count.
    if (++b.uses >= 2 * COMPILE_AFTER_USES) compileFor(b, fns, t, ANY_ARGC);
  }
  // Node 24 counts emits walking its array (a change copies it meanwhile); the epoch tells
  // whether the array this emit walks is still the current one when it ends.
  const epoch = b.epoch;
  b.emitting++;
  try {
    // The eval-free twin of compiled-emit.ts's dispatchers: the same calls from one loop per argument count.
    const n = fns.length;
    let r: unknown;
    switch (argc) {
      case 1:
        for (let i = 0; i < n; i++) if ((r = apply(fns[i], t, [])) != null) captureResult(t, r, type, argc, a, b1, c);
        return;
      case 2:
        for (let i = 0; i < n; i++) if ((r = apply(fns[i], t, [a])) != null) captureResult(t, r, type, argc, a, b1, c);
        return;
      case 3:
        for (let i = 0; i < n; i++) if ((r = apply(fns[i], t, [a, b1])) != null) captureResult(t, r, type, argc, a, b1, c);
        return;
      default:
        for (let i = 0; i < n; i++) if ((r = apply(fns[i], t, [a, b1, c])) != null) captureResult(t, r, type, argc, a, b1, c);
    }
  } finally {
    if (b.epoch === epoch) b.emitting--;
  }
}

/**
 * One listener (a lone one, or a list's only entry): the call Node makes,
 * `Reflect.apply` with the arguments in an array literal, as Node's emit.
 * TurboFan folds it to a direct call with the arguments in registers (no
 * array is made, on Node 20 and 26) and, unlike `fn.call`, without checking
 * fn's map to know what `.call` is: callgrind, an emit to one listener, 12
 * (Node 26) and 5 (Node 20) instructions less in optimized code (bench/README.md).
 */
export function callOne(t: object, fn: Function, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown): void {
  let r: unknown;
  switch (argc) {
    case 1: r = apply(fn, t, []); break;
    case 2: r = apply(fn, t, [a]); break;
    case 3: r = apply(fn, t, [a, b]); break;
    default: r = apply(fn, t, [a, b, c]);
  }
  if (r != null) captureResult(t, r, type, argc, a, b, c);
}

/** Uses count set when a snapshot stays on the loop: it is not asked again until the list changes. */
const STAYS_ON_LOOP = -(2 ** 30);

function compileFor(b: EventListeners, fns: Function[], t: object, argc: number): Run | null {
  if (!codegenEnabled || fns.length > MAX_COMPILED_EMIT_LISTENERS || !canCompile()) {
    b.uses = STAYS_ON_LOOP;
    return null;
  }
  // runArgc last: emit takes a matching runArgc to mean a dispatcher is there.
  const run = (b.run = compileRun(fns, t, argc, b, captureResult, dispatch));
  b.runThis = t;
  b.runArgc = argc;
  return run;
}

/** One listener with more than three arguments, which come as an array (what Node's rest parameter makes too). */
export function callOneArgs(t: object, fn: Function, type: string | symbol, args: unknown[]): void {
  const r = apply(fn, t, args);
  if (r != null) captureResult(t, r, type, -1, args, undefined, undefined);
}

/** More than three arguments: they come as an array (what Node's rest parameter makes too). */
export function dispatchArgs(t: object, b: EventListeners, slots: EmitterSlots, type: string | symbol, args: unknown[]): void {
  const fns = b.fns ?? snapshotOf(b, slots);
  if (typeof fns === "function") return callOneArgs(t, fns, type, args);
  const epoch = b.epoch;
  b.emitting++;
  try {
    for (let i = 0; i < fns.length; i++) {
      const r = apply(fns[i], t, args);
      if (r != null) captureResult(t, r, type, -1, args, undefined, undefined);
    }
  } finally {
    if (b.epoch === epoch) b.emitting--;
  }
}
