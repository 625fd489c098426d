// node:events' module-level functions, written from Node 26's documentation:
// once (a promise, with `signal`), on (an async iterator, with `signal`,
// `close`, `highWaterMark`/`lowWaterMark`), getEventListeners,
// getMaxListeners, setMaxListeners(n, ...targets), listenerCount,
// addAbortListener (abort-listener.ts). EventTargets are handled through the
// host's node:events where there is one (their listeners are Node's internals).

import {
  AbortError, checkAbortSignal, checkInteger, checkNonNegativeNumber, checkOptionsObject, invalidArgType,
} from "./node-errors.js";
import { builtin } from "./host.js";
import type { HostAbortSignal } from "../host-types.js";
import { addAbortListener, resistingOnceOptions } from "./abort-listener.js";
import { getDefaultMaxListeners, maxListenersOf, setDefaultMaxListeners } from "./max-listeners.js";

type Name = string | symbol;
type AnyEmitter = any;

const hostEvents = (): any => builtin("events");

/** Node's own symbol for an EventTarget's limit, when the host has node:events. */
export const kMaxEventTargetListeners: symbol = hostEvents()?.kMaxEventTargetListeners ?? Symbol("events.maxEventTargetListeners");
export const kMaxEventTargetListenersWarned: symbol =
  hostEvents()?.kMaxEventTargetListenersWarned ?? Symbol("events.maxEventTargetListenersWarned");

function isEventTarget(value: unknown): boolean {
  return typeof EventTarget === "function" && value instanceof EventTarget;
}

/** Same as `emitter.listeners(name)`; for an EventTarget, its listeners for `name`. */
export function getEventListeners(emitterOrTarget: AnyEmitter, name: Name): Function[] {
  if (typeof emitterOrTarget?.listeners === "function") return emitterOrTarget.listeners(name);
  if (isEventTarget(emitterOrTarget) && hostEvents() !== undefined) return hostEvents().getEventListeners(emitterOrTarget, name);
  throw invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget, getEventListeners);
}

/** The limit of an emitter, or of an EventTarget. */
export function getMaxListeners(emitterOrTarget: AnyEmitter): number {
  if (typeof emitterOrTarget?.getMaxListeners === "function") {
    return maxListenersOf(emitterOrTarget, { defaultMaxListeners: getDefaultMaxListeners() });
  }
  // An EventTarget's limit, under node:events' own symbol where the host has one (Node's EventTargets start with it set).
  if (typeof emitterOrTarget?.[kMaxEventTargetListeners] === "number") return emitterOrTarget[kMaxEventTargetListeners];
  throw invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget, getMaxListeners);
}

/** Sets the limit of each target, or the default (EventEmitter.defaultMaxListeners) when there is none. */
export const setMaxListeners = function (n: number = getDefaultMaxListeners(), ...eventTargets: AnyEmitter[]): void {
  checkNonNegativeNumber(n, "setMaxListeners", setMaxListeners);
  if (eventTargets.length === 0) {
    setDefaultMaxListeners(n);
    return;
  }
  for (const target of eventTargets) {
    if (isEventTarget(target)) {
      // What node:events does: its EventTargets read these (its own symbols, where the host has node:events).
      target[kMaxEventTargetListeners] = n;
      target[kMaxEventTargetListenersWarned] = false;
    } else if (typeof target?.setMaxListeners === "function") target.setMaxListeners(n);
    else throw invalidArgType("eventTargets", ["EventEmitter", "EventTarget"], target, setMaxListeners);
  }
};

/** `emitter.listenerCount(name)`, or an EventTarget's count for `name`. */
export function listenerCount(emitterOrTarget: AnyEmitter, type: Name): number {
  if (typeof emitterOrTarget?.listenerCount === "function") return emitterOrTarget.listenerCount(type);
  if (isEventTarget(emitterOrTarget) && hostEvents() !== undefined) {
    // Node 20's listenerCount does not count EventTarget listeners; every Node lists them.
    return hostEvents().getEventListeners(emitterOrTarget, type).length;
  }
  throw invalidArgType("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget, listenerCount);
}

function addAgnostic(emitter: AnyEmitter, name: Name, listener: Function, once: boolean): void {
  if (typeof emitter.on === "function") {
    if (once) emitter.once(name, listener);
    else emitter.on(name, listener);
  } else if (typeof emitter.addEventListener === "function") {
    // once() resists stopImmediatePropagation() on EventTargets and signals, as Node's does (abort-listener.ts).
    emitter.addEventListener(name, listener, once ? resistingOnceOptions() : undefined);
  }
  else throw invalidArgType("emitter", "EventEmitter", emitter);
}

function removeAgnostic(emitter: AnyEmitter, name: Name, listener: Function): void {
  if (typeof emitter.removeListener === "function") emitter.removeListener(name, listener);
  else if (typeof emitter.removeEventListener === "function") emitter.removeEventListener(name, listener);
  else throw invalidArgType("emitter", "EventEmitter", emitter);
}

/** A promise of the arguments of the next `name` event; an 'error' event (or the signal) rejects it. */
export async function once(emitter: AnyEmitter, name: Name, options: { signal?: HostAbortSignal } = {}): Promise<unknown[]> {
  checkOptionsObject(options, "options");
  const signal = options.signal;
  checkAbortSignal(signal, "options.signal");
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  return new Promise((resolve, reject) => {
    const errorListener = (error: unknown) => {
      emitter.removeListener(name, resolver);
      if (signal != null) removeAgnostic(signal, "abort", abortListener);
      reject(error);
    };
    const resolver = (...args: unknown[]) => {
      if (typeof emitter.removeListener === "function") emitter.removeListener("error", errorListener);
      if (signal != null) removeAgnostic(signal, "abort", abortListener);
      resolve(args);
    };
    addAgnostic(emitter, name, resolver, true);
    // EventTargets have no 'error' semantics: only emitters are watched for it.
    if (name !== "error" && typeof emitter.once === "function") emitter.once("error", errorListener);
    function abortListener() {
      removeAgnostic(emitter, name, resolver);
      removeAgnostic(emitter, "error", errorListener);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    }
    if (signal != null) addAgnostic(signal, "abort", abortListener, true);
  });
}

/** A first-in first-out queue that shifts in O(1). */
class Queue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;
  get size(): number {
    return this.#items.length - this.#head;
  }
  push(item: T): void {
    this.#items.push(item);
  }
  shift(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }
}

interface OnOptions {
  signal?: HostAbortSignal;
  close?: readonly Name[];
  highWaterMark?: number;
  lowWaterMark?: number;
  highWatermark?: number;
  lowWatermark?: number;
}

/**
 * An async iterator of `event`'s argument arrays. Events not yet consumed are
 * buffered; above `highWaterMark` the emitter is paused (`emitter.pause()`),
 * below `lowWaterMark` resumed. 'error' ends it with that error; a `close`
 * event or the signal ends it.
 */
export function on(emitter: AnyEmitter, event: Name, options: OnOptions = {}): AsyncIterableIterator<unknown[]> {
  checkOptionsObject(options, "options");
  const signal = options.signal;
  checkAbortSignal(signal, "options.signal");
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
  checkInteger(highWatermark, "options.highWaterMark", 1);
  const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
  checkInteger(lowWatermark, "options.lowWaterMark", 1);

  const unconsumedEvents = new Queue<unknown[]>();
  const unconsumedPromises = new Queue<{ resolve: (r: IteratorResult<unknown[]>) => void; reject: (e: unknown) => void }>();
  let paused = false;
  let error: unknown = null;
  let finished = false;
  const added: [AnyEmitter, Name, Function][] = [];
  const listen = (target: AnyEmitter, name: Name, handler: Function) => {
    addAgnostic(target, name, handler, false);
    added.push([target, name, handler]);
  };
  const removeAll = () => {
    while (added.length > 0) {
      const [target, name, handler] = added.pop()!;
      removeAgnostic(target, name, handler);
    }
  };
  const result = (value: unknown[] | undefined, done: boolean) => ({ value, done }) as IteratorResult<unknown[]>;

  const eventHandler = (...args: unknown[]) => {
    if (unconsumedPromises.size === 0) {
      unconsumedEvents.push(args);
      if (!paused && unconsumedEvents.size > highWatermark) {
        paused = true;
        emitter.pause();
      }
    } else unconsumedPromises.shift().resolve(result(args, false));
  };
  const closeHandler = (): Promise<IteratorResult<unknown[]>> => {
    disposeAbort?.[Symbol.dispose]();
    removeAll();
    finished = true;
    paused = false;
    const done = result(undefined, true);
    while (unconsumedPromises.size > 0) unconsumedPromises.shift().resolve(done);
    return Promise.resolve(done);
  };
  const errorHandler = (err: unknown) => {
    if (unconsumedPromises.size === 0) error = err;
    else unconsumedPromises.shift().reject(err);
    closeHandler();
  };

  const iterator = Object.setPrototypeOf(
    {
      next(): Promise<IteratorResult<unknown[]>> {
        if (unconsumedEvents.size > 0) {
          const value = unconsumedEvents.shift();
          if (paused && unconsumedEvents.size < lowWatermark) {
            emitter.resume();
            paused = false;
          }
          return Promise.resolve(result(value, false));
        }
        if (error) {
          const rejected = Promise.reject(error);
          error = null; // only the first call rejects
          return rejected;
        }
        if (finished) return closeHandler();
        return new Promise((resolve, reject) => unconsumedPromises.push({ resolve, reject }));
      },
      return(): Promise<IteratorResult<unknown[]>> {
        return closeHandler();
      },
      throw(err: unknown): void {
        if (!err || !(err instanceof Error)) throw invalidArgType("EventEmitter.AsyncIterator", "Error", err);
        errorHandler(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    },
    Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype),
  );

  listen(emitter, event, eventHandler);
  if (event !== "error" && typeof emitter.on === "function") listen(emitter, "error", errorHandler);
  const closeEvents = options.close;
  if (closeEvents?.length) for (const name of closeEvents) listen(emitter, name, closeHandler);
  const disposeAbort = signal ? addAbortListener(signal, () => errorHandler(new AbortError(undefined, { cause: signal.reason }))) : null;
  return iterator;
}

export { addAbortListener };
