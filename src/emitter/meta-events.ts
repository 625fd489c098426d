// The meta-events: 'newListener' before a listener is added, with the
// original function of a `once` wrapper; 'removeListener' after one is
// removed. Node's exact arguments differ by case (see announceRemoval), and
// both go through `this.emit`, so a subclass's emit sees them.

type Emitter = { emit(type: string | symbol, ...args: unknown[]): boolean } & Record<symbol, any>;

/**
 * Before an add, when the emitter's store has 'newListener' listeners: 'newListener' (name, listener.listener ?? listener).
 * They may change the store: the caller reads it again after.
 */
export function announceNewListener(t: Emitter, type: string | symbol, listener: Function): void {
  t.emit("newListener", type, (listener as { listener?: Function }).listener ?? listener);
}

/**
 * After a removal: 'removeListener' (name, what). Node passes, when the event
 * had one listener, that listener's `.listener` or else the function given to
 * removeListener; when it had several, the function given (so a `once`
 * wrapper removing itself announces the wrapper). Whether anyone hears it is
 * asked of the store as removeListener found it (`store`), after the
 * removal: removing the last 'removeListener' listener announces nothing,
 * unless it was the emitter's last listener of all. Then Node has dropped
 * that store, which keeps its key, and emits to the emptied emitter (only an
 * overridden emit notices).
 */
export function announceRemoval(t: Emitter, store: Record<string | symbol, unknown>, type: string | symbol, what: Function): void {
  if (store.removeListener !== undefined) t.emit("removeListener", type, what);
}
