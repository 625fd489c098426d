// captureRejections (Node's option, static default and Symbol.for('nodejs.rejection')):
// a listener's returned promise that rejects is routed, on the next tick, to
// the emitter's [Symbol.for('nodejs.rejection')](err, event, ...args) if it
// has one, else to an 'error' emit (with capturing off meanwhile, so an
// 'error' listener's own rejection cannot loop).

import { nextTick } from "./host.js";
import { captureRejectionSymbol, kCapture } from "./symbols.js";

/**
 * Called by the dispatchers for a listener's result that is neither undefined
 * nor null. `argc` counts the event name as emit's arguments.length does; -1
 * means `a` already is the argument array.
 */
export function captureResult(
  t: object, result: unknown, type: string | symbol, argc: number, a: unknown, b: unknown, c: unknown,
): void {
  if (!(t as Record<symbol, unknown>)[kCapture]) return;
  const args = argc === -1 ? (a as unknown[]) : [a, b, c].slice(0, argc - 1);
  try {
    // Promises/A+: `then` may be a getter that throws, or works only once.
    const then = (result as { then?: unknown }).then;
    if (typeof then === "function") {
      then.call(result, undefined, (error: unknown) => {
        // On the next tick, so this rejection handler cannot cause a follow-up rejection.
        nextTick(routeRejection, t, error, type, args);
      });
    }
  } catch (error) {
    (t as { emit(type: string, error: unknown): boolean }).emit("error", error);
  }
}

function routeRejection(t: any, error: unknown, type: string | symbol, args: unknown[]): void {
  if (typeof t[captureRejectionSymbol] === "function") {
    t[captureRejectionSymbol](error, type, ...args);
    return;
  }
  const previous = t[kCapture];
  // If an 'error' listener throws, it goes to 'uncaughtException'; capturing is restored either way.
  try {
    t[kCapture] = false;
    t.emit("error", error);
  } finally {
    t[kCapture] = previous;
  }
}
