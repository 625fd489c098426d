// The 'error' event: errorMonitor listeners hear it first; with no 'error'
// listener, emit throws the value if it is an Error, else
// ERR_UNHANDLED_ERROR with the value as `context`.

import { unhandledError } from "./node-errors.js";
import { errorMonitor, kEvents } from "./symbols.js";

/**
 * emit('error', ...args) up to the point where it dispatches like any event.
 * Returns false when the caller should dispatch (there are 'error' listeners).
 * Throws what Node throws when there are none.
 */
export function beforeErrorDispatch(t: any, args: ArrayLike<unknown>, emit: Function): void {
  const store = t[kEvents];
  if (store !== undefined) {
    if (store[errorMonitor] !== undefined) t.emit(errorMonitor, ...Array.prototype.slice.call(args, 1));
    if (store.error !== undefined) return;
  }
  const value = args.length > 1 ? args[1] : undefined;
  if (value instanceof Error) throw value; // Unhandled 'error' event
  throw unhandledError(value, emit); // Unhandled 'error' event
}
