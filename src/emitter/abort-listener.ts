// events.addAbortListener, and the listener options node:events' own abort
// handling uses. Node registers those listeners with an internal flag that
// makes them resist stopImmediatePropagation(): another 'abort' listener
// that stops the event cannot keep them from running (a pending once() then
// still rejects). The flag is a symbol private to Node, so we take the
// options object itself from the host's addAbortListener, which hands it to
// the signal's addEventListener: asked with a stand-in signal once, it shows
// it. Where the host has no node:events (browsers), the options are
// `{ once: true }` and a stopImmediatePropagation() stops ours too.

import { checkAbortSignal, checkListener, invalidArgType } from "./node-errors.js";
import { builtin } from "./host.js";
import type { DisposeMember, HostAbortSignal, HostEvent } from "../host-types.js";

/** The host's Event class (every host with AbortSignal has one). */
const HostEventClass = (globalThis as unknown as { Event: new (type: string) => unknown }).Event;

type HostAddAbortListener = (signal: unknown, listener: (event?: unknown) => void) => { [Symbol.dispose](): void };

function hostAddAbortListener(): HostAddAbortListener | undefined {
  const add = builtin("events")?.addAbortListener;
  return typeof add === "function" ? add : undefined;
}

/** addEventListener options with `once: true` (and, on Node, its private flag). */
type OnceOptions = { readonly once: true };

let resisting: OnceOptions | undefined;

/** `{ once: true }`, resisting stopImmediatePropagation() as Node's own abort listeners do where the host allows. */
export function resistingOnceOptions(): OnceOptions {
  if (resisting !== undefined) return resisting;
  let seen: unknown;
  try {
    const standIn = { aborted: false, addEventListener: (_type: string, _fn: unknown, options: unknown) => (seen = options) };
    hostAddAbortListener()?.(standIn, () => {});
  } catch {
    // A host whose addAbortListener checks the signal more strictly: no resistance to be had.
  }
  resisting = (seen as { once?: unknown } | undefined)?.once === true ? (seen as OnceOptions) : { once: true };
  return resisting;
}

/**
 * Calls `listener` once `signal` aborts, even if another 'abort' listener
 * stops the event; if it has aborted already, on a microtask with an 'abort'
 * event, unless disposed first. The result's dispose stops that.
 */
export function addAbortListener(signal: HostAbortSignal, listener: (event: HostEvent) => void): DisposeMember {
  if (signal === undefined) throw invalidArgType("signal", "AbortSignal", signal, addAbortListener);
  checkAbortSignal(signal, "signal", addAbortListener);
  checkListener(listener, addAbortListener);
  let dispose: () => void;
  if (signal.aborted) {
    let disposed = false;
    const call = (event?: unknown) => {
      // Node 26 passes a trusted 'abort' event whose target is the signal (older hosts pass none: an event of our own then).
      if (!disposed) listener((event ?? new HostEventClass("abort")) as HostEvent);
    };
    const host = hostAddAbortListener();
    if (host !== undefined) host(signal, call);
    else queueMicrotask(() => call());
    dispose = () => (disposed = true);
  } else {
    signal.addEventListener("abort", listener as never, resistingOnceOptions());
    dispose = () => signal.removeEventListener("abort", listener as never);
  }
  return { __proto__: null, [Symbol.dispose]: dispose } as unknown as DisposeMember;
}
