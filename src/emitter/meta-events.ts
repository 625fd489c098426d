// The meta-events: 'newListener' before a listener is added, with the
// original function of a `once` wrapper; 'removeListener' after one is
// removed. Node's exact arguments differ by case (see announceRemoval), and
// both go through `this.emit`, so a subclass's emit sees them.

import { kEvents } from "./symbols.js";

type Emitter = { emit(type: string | symbol, ...args: unknown[]): boolean } & Record<symbol, any>;

/** Before an add: 'newListener' (name, listener.listener ?? listener), if anyone listens for it. */
export function announceNewListener(t: Emitter, type: string | symbol, listener: Function): void {
  const store = t[kEvents];
  if (store !== undefined && store.newListener !== undefined) {
    t.emit("newListener", type, (listener as { listener?: Function }).listener ?? listener);
  }
}

/**
 * After a removal: 'removeListener' (name, what). Node passes, when the event
 * had one listener, that listener's `.listener` or else the function given to
 * removeListener; when it had several, the function given (so a `once`
 * wrapper removing itself announces the wrapper). The event's own listeners
 * for 'removeListener' are asked after the removal, so removing the last one
 * announces nothing.
 */
export function announceRemoval(t: Emitter, type: string | symbol, what: Function): void {
  const store = t[kEvents];
  if (store !== undefined && store.removeListener !== undefined) t.emit("removeListener", type, what);
}
