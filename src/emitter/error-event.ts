// The 'error' event: errorMonitor listeners hear it first; with no 'error'
// listener, emit throws the value if it is an Error, else
// ERR_UNHANDLED_ERROR with the value as `context`.
//
// Node's emit reads the emitter's events object once, before the
// errorMonitor listeners run, and after them looks 'error' up in that same
// object. A monitor that drops the whole object (removeAllListeners(), the
// emitter's last listener removed, `_events` assigned) therefore does not
// stop the emit: it still calls what the dropped object held for 'error'
// when it was dropped, and returns true. Ours drops its store the same way
// and tells retireStore, which keeps that for the emits watching the store.

import { captureResult } from "./capture-rejections.js";
import { unhandledError } from "./node-errors.js";
import { errorMonitor, kEvents } from "./symbols.js";

/** An emit('error') under way past its errorMonitor listeners' start: the store it read first. */
interface ErrorEmit {
  store: object;
  retired: boolean;
  /** What the store held for 'error' when it was dropped (a listener, or Node's array of them). */
  error: Function | readonly Function[] | undefined;
}

/** The emits under way (nested ones last); empty nearly always, so dropping a store costs one length check. */
export const errorEmits: ErrorEmit[] = [];

/**
 * The emitter dropped `store` (a new one replaces it, or none until the next
 * listener); `error` is what it held for 'error' at that moment. Called only
 * while errorEmits is not empty.
 */
export function retireStore(store: object, error: Function | readonly Function[] | undefined): void {
  for (const watch of errorEmits) {
    if (watch.store === store && !watch.retired) {
      watch.retired = true;
      watch.error = error;
    }
  }
}

/**
 * emit('error', ...args) up to the point where it dispatches like any event.
 * Returns what to call instead of the emitter's current 'error' listeners
 * when an errorMonitor listener dropped the store (undefined: dispatch as
 * usual). Throws what Node throws when there are no 'error' listeners.
 */
export function beforeErrorDispatch(t: any, args: ArrayLike<unknown>, emit: Function): Function | readonly Function[] | undefined {
  const store = t[kEvents];
  if (store !== undefined) {
    if (store[errorMonitor] === undefined) {
      if (store.error !== undefined) return undefined;
    } else {
      const watch: ErrorEmit = { store, retired: false, error: undefined };
      errorEmits.push(watch);
      try {
        t.emit(errorMonitor, ...Array.prototype.slice.call(args, 1));
      } finally {
        errorEmits.splice(errorEmits.lastIndexOf(watch), 1);
      }
      // The store as read before the monitors: a key removed from it meanwhile is gone, a dropped store kept its keys.
      if (store.error !== undefined) return watch.retired ? watch.error : undefined;
    }
  }
  const value = args.length > 1 ? args[1] : undefined;
  if (value instanceof Error) throw value; // Unhandled 'error' event
  throw unhandledError(value, emit); // Unhandled 'error' event
}

/** Calls the 'error' listeners a dropped store held (retireStore), as emit calls a snapshot. */
export function emitRetired(t: object, listeners: Function | readonly Function[], args: unknown[]): true {
  const fns = typeof listeners === "function" ? [listeners] : listeners;
  for (let i = 0; i < fns.length; i++) {
    const r: unknown = Reflect.apply(fns[i], t, args);
    if (r != null) captureResult(t, r, "error", -1, args, undefined, undefined);
  }
  return true;
}
