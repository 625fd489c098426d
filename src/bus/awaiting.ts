// generateAsync (§14): the listeners of one event called one after
// another in dispatch order (§5), each after the promise the previous one
// returned has settled.
//
// The call takes the event's snapshot when it starts (the registrations the
// Wasm table lists then, dispatch.ts's currentSnapshot) and, at each entry's
// turn, asks the table whether that registration is still there, as the
// synchronous checked path does (§6, §7). Nothing of the table is kept here:
// only which listeners pending calls are running, for the re-entrancy rule.
//
// Decisions where §14 is silent (README, "Awaiting"):
// - A listener that returns a non-thenable has settled: the next listener is
//   called at once, in the same job, without waiting a microtask; the first
//   listener is called synchronously from `generateAsync` itself. So a
//   generateAsync whose listeners are all synchronous runs as generate does.
// - Depth: each listener's synchronous run counts as one level towards
//   `maxDepth` (a generate from it is nested); a call starting at maxDepth
//   rejects with ELOOP before calling any listener. After an await the chain
//   of causes is not known (no async context in every host), so it does not
//   count; the re-entrancy rule still keeps a listener from being called
//   again for an event it is running for.
// - A synchronous generate does not consult pending generateAsync calls (the
//   hot path stays as it is): it calls a listener whose promise is pending.

import type { Listener } from "./types.js";
import type { GenerateAsyncOptions } from "./awaiting-types.js";
import type { DispatchContext, EventState, Failures, Snapshot } from "./event-state.js";
import { currentSnapshot, entrySlot, removeAndReportStale, runningInDispatch } from "./dispatch.js";
import { throwFailures } from "./listener-outcomes.js";
import { AbortError, invalidEventName, invalidOption, tooDeep } from "./errors.js";

/** generateAsync for one bus: its dispatch context, and the listeners its pending calls are running. */
export class AsyncDispatch {
  /**
   * By event id: listeners a pending generateAsync has called and whose run
   * (its synchronous part, then its promise) has not ended; one entry per call.
   */
  readonly #running = new Map<number, Listener[]>();

  constructor(
    readonly ctx: DispatchContext,
    /** The event's state if the name is interned, or interned now because patterns match it (§13); else undefined: no listener. */
    readonly lookup: (name: string) => EventState | undefined,
  ) {}

  /** Is a pending call running a listener of event `eventId` (a pattern-only name is not evicted then, §13)? */
  runningFor(eventId: number): boolean {
    const running = this.#running.get(eventId);
    return running !== undefined && running.length !== 0;
  }

  /** §14: see EventBus.generateAsync. Rejects (never throws) for bad arguments. */
  async generate(event: string, data: unknown, options: GenerateAsyncOptions | undefined): Promise<void> {
    if (typeof event !== "string" || event === "") throw invalidEventName("generateAsync", event);
    const signal = checkSignalOption("generateAsync", options);
    if (signal?.aborted) throw new AbortError("generateAsync", event, signal.reason);
    const state = this.lookup(event);
    if (state === undefined) return;
    const s = currentSnapshot(state), ctx = this.ctx, table = ctx.table;
    // §6 depth: only a call that has a live listener to call can be too deep.
    if (state.live > 0 && ctx.depth >= ctx.maxDepth) throw tooDeep(event, ctx.maxDepth);
    const allLive = state.live === s.fns.length;
    // The listeners this bus's pending calls run for this event (kept per
    // event once made: a few words each, and no Map write per call).
    let running = this.#running.get(state.eventId);
    if (running === undefined) this.#running.set(state.eventId, (running = []));
    let failed: Failures;
    // ── HOT PATH ── per listener: the abort test, one snapshot compare (a
    // table query once the list changed), the running test, the call in a try, a thenable test and one `await` of
    // what it returned (as a hand-written `for … await` loop does); nothing
    // else is allocated unless a listener fails.
    for (let i = 0; i < s.fns.length; i++) {
      if (signal?.aborted) {
        const abort = new AbortError("generateAsync", event, signal.reason);
        if (failed === undefined) throw abort;
        failed.push(abort); // the listeners' errors first, in order, then the abort
        throwFailures(state, failed);
      }
      // The table is asked only once the event's list may have changed: every
      // change to it (an insert, a removal, user data going stale) swaps
      // state.snapshot at mutation time (dispatch.ts's invalidate), the same
      // signal a synchronous dispatch under way relies on (§6). Entries stale
      // from the start are always asked about.
      const condition = state.snapshot === s && allLive ? table.slotLive : table.entryState(entrySlot(state, s, i), s.mark);
      if (condition !== table.slotLive && condition !== table.slotStale) continue; // removed before its turn
      const listener = s.listeners[i];
      if ((running.length !== 0 && running.includes(listener)) || runningInDispatch(state, listener)) {
        continue; // running for this event: neither called nor reported (§6, §7)
      }
      if (condition === table.slotStale) {
        failed = removeAndReportStale(state, s, i, failed);
        continue;
      }
      // Running from its call on: a generateAsync it starts synchronously skips it too.
      running.push(listener);
      const fn = s.fns[i];
      let result: unknown;
      ctx.depth++;
      try {
        result = fn(data, s.uds[i]); // through a local: `this` stays undefined (§4)
      } catch (error) {
        ended(running, listener); // the onError hook is not the listener
        failed = listenerFailed(state, s, i, error, failed);
        continue;
      } finally {
        ctx.depth--;
      }
      if (isThenable(result)) {
        try {
          await result;
        } catch (error) {
          ended(running, listener);
          failed = listenerFailed(state, s, i, error, failed);
          continue;
        }
      }
      ended(running, listener);
    }
    if (failed !== undefined) throwFailures(state, failed);
  }
}

/** `listener`'s run ended (it returned, threw, or its promise settled): it no longer runs for this event in this call. */
function ended(running: Listener[], listener: Listener): void {
  // Usually the last one pushed (pop); a call that resumed later than another leaves it inside.
  if (running[running.length - 1] === listener) running.pop();
  else running.splice(running.lastIndexOf(listener), 1);
}

/** A thenable (a `then` getter that throws makes it none, as for generate, §6). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}

/**
 * §6: the error to `onError` with the listener's info, or kept for the end.
 * Not listener-outcomes.ts's: that one clears `state.cursor` while the hook
 * runs, because in a synchronous dispatch the listener that failed has
 * returned. Here the cursor is a synchronous dispatch's of the same event, if
 * one is under way (generateAsync called from its listener), and that
 * listener is still running: a generate from the hook must still skip it.
 */
function listenerFailed(state: EventState, s: Snapshot, i: number, error: unknown, failed: Failures): Failures {
  const onError = state.ctx.onError;
  if (onError === undefined) {
    (failed ??= []).push(error);
    return failed;
  }
  try {
    onError(error, { event: state.name, module: s.moduleAt(i), listener: s.listeners[i] });
  } catch (hookError) {
    (failed ??= []).push(hookError);
  }
  return failed;
}

/** The `signal` of an options object of generateAsync, once or on (EINVAL for anything else). */
export function checkSignalOption(method: string, options: { signal?: unknown } | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") throw invalidOption(method, "options", "an object", options);
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalidOption(method, "signal", "an AbortSignal", signal);
  }
  return signal;
}
