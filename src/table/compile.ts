// Compiling dispatchers, shared by the bus (bus/compiled-dispatcher.ts) and
// the EventEmitter (emitter/compiled-emit.ts): the one probe of `new
// Function`, the one place a factory is compiled, and the serial that makes
// each dispatcher's source unique. Where `new Function` is forbidden (strict
// CSP, extensions), `canCompile()` is false and callers keep their loops.

/**
 * A snapshot is compiled once it has served this many dispatches (a bus's
 * generates, an emitter's emits): an event whose listeners keep changing
 * (churn, once + emit) stays on the loop instead of paying for a compilation
 * per change, and an event dispatched once (most of a big table) never costs
 * a compiled function.
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

/** Dispatchers compiled so far in this process (the bus's and the EventEmitter's): numbers unique sources. */
let serials = 0;

/** A number no other dispatcher of the process has: V8 caches compilations by source, and a unique comment keeps each one's type feedback its own. */
export function nextSerial(): number {
  return ++serials;
}

/**
 * The one place dispatchers are compiled, for the bus and the EventEmitter:
 * a factory function from `body`, whose parameters bring in the functions
 * (never names or data in the source).
 * Functions compiled from one source share their type feedback, so callers
 * put a `nextSerial()` comment in the body to make two dispatchers of the
 * same shape two sources. The caller has checked `canCompile()`.
 */
export function compileFactory(parameters: readonly string[], body: string): Function {
  return new Function(...parameters, body);
}
