// What a listener's call can leave behind in a synchronous dispatch (§6): an
// error, sent to the bus's `onError` or kept and thrown once the dispatch has
// ended (one as is, several as an AggregateError), and a returned promise,
// whose rejection goes to `onError`. The loop, the compiled dispatchers and
// the checked path (dispatch.ts) all end up here; none of it is on the
// straight path of a generate whose listeners return nothing and throw nothing.

import type { EventState, Failures, Snapshot } from "./event-state.js";

/** §6: a listener's error goes to `onError`, or is kept for after the dispatch. */
export function listenerFailed(state: EventState, s: Snapshot, i: number, error: unknown, failed: Failures): Failures {
  const onError = state.ctx.onError;
  if (onError === undefined) {
    (failed ??= []).push(error);
    return failed;
  }
  // The hook is not the listener: a nested generate from it skips nothing.
  // A compiled dispatch goes on without cursor stores, so its mark comes back.
  const cursor = state.cursor;
  state.cursor = -1;
  try {
    onError(error, { event: state.name, module: s.moduleAt(i), listener: s.listeners[i] });
  } catch (hookError) {
    (failed ??= []).push(hookError);
  }
  state.cursor = cursor;
  return failed;
}

/**
 * §6: a listener returned something. A promise (any thenable) is not awaited;
 * if it rejects and the bus has `onError`, the rejection goes there with the
 * listener's info (the promise is then handled). Without `onError` it is left
 * alone, so the host reports it as any unhandled rejection (README decision).
 */
export function watchResult(state: EventState, s: Snapshot, i: number, result: unknown): void {
  const onError = state.ctx.onError;
  if (onError === undefined || (typeof result !== "object" && typeof result !== "function") || result === null) return;
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch {
    return; // a throwing `then` getter: not a thenable we can watch
  }
  if (typeof then !== "function") return;
  const info = { event: state.name, module: s.moduleAt(i), listener: s.listeners[i] };
  try {
    then.call(result, undefined, (reason: unknown) => onError(reason, info));
  } catch {
    // A thenable whose `then` throws synchronously reports nothing more.
  }
}

/** §6: a lone error as is; several as an AggregateError, in order. */
export function throwFailures(state: EventState, failed: unknown[]): never {
  if (failed.length === 1) throw failed[0];
  throw new AggregateError(failed, `${failed.length} errors while generating '${state.name}'`);
}
