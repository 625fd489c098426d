// `bus.once(name)` and `bus.on(name)` (§14): an event awaited as a
// promise, or every later one as an async iterator. Each is one core
// registration (module null) made through the bus's own `register`, so it
// takes its place in dispatch order (§5) and follows §6 like any other: a
// registration made during a dispatch of its event is not called by it.
//
// Decisions where §14 is silent (README, "Awaiting"):
// - Bad arguments: `once` returns a rejected promise (it is promise-shaped),
//   `on` throws at once (it returns the iterator synchronously); either way
//   nothing is registered.
// - `on` buffers up to `highWaterMark` events (default 1024) while its
//   consumer is busy. The first event beyond that is the overflow: the
//   registration is removed there (the buffer never grows past the mark), the
//   iterator yields what it buffered, then throws EventsError EOVERFLOW, then
//   is done.
// - Abort (and `return()`, which `break` calls) finishes the iterator at once:
//   the registration is removed, a pending `next()` resolves done, and events
//   buffered but not yet taken are dropped.

import type { Registration } from "./types.js";
import type { OnceOptions, OnOptions } from "./awaiting-types.js";
import { checkSignalOption } from "./awaiting.js";
import { AbortError, invalidEventName, invalidOption, overflow } from "./errors.js";

/** The bus's `register` for a core listener (module null), as once and on use it. */
export type RegisterCore = (event: string, listener: (data: unknown) => void, once: boolean) => Registration;

const DEFAULT_HIGH_WATER_MARK = 1024;

/** §14 `bus.once(name, { signal })`: the next event data of `event`. */
export function nextEvent(registerCore: RegisterCore, event: string, options: OnceOptions | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A throw here rejects the promise, before anything is registered.
    if (typeof event !== "string" || event === "") throw invalidEventName("once", event);
    const signal = checkSignalOption("once", options);
    if (signal?.aborted) throw new AbortError("once", event, signal.reason);
    const onAbort = () => {
      registration.unregister();
      reject(new AbortError("once", event, signal!.reason));
    };
    // `once`: the table removes the registration before the listener runs (§4).
    const registration = registerCore(event, (data) => {
      signal?.removeEventListener("abort", onAbort);
      resolve(data);
    }, true);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** §14 `bus.on(name, { signal, highWaterMark })`: every later event data of `event`, in order. */
export function eventStream(registerCore: RegisterCore, event: string, options: OnOptions | undefined): EventStream {
  if (typeof event !== "string" || event === "") throw invalidEventName("on", event);
  const signal = checkSignalOption("on", options);
  const highWaterMark = options?.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  if (!Number.isInteger(highWaterMark) || highWaterMark < 1) {
    throw invalidOption("on", "highWaterMark", "an integer of at least 1", highWaterMark);
  }
  return new EventStream(registerCore, event, signal, highWaterMark);
}

type Waiter = (result: IteratorResult<unknown, undefined>) => void;

/** The iterator `on` returns: a queue between the listener (producer) and `next()` (consumer). */
class EventStream implements AsyncIterableIterator<unknown, undefined> {
  /** Event data received and not yet taken, oldest first; never longer than highWaterMark. */
  readonly #buffer: unknown[] = [];
  /** `next()` calls waiting for an event, oldest first (only while the buffer is empty). */
  readonly #waiting: Waiter[] = [];
  #registration: Registration | undefined;
  /** The overflow error, once an event did not fit: thrown after the buffer is drained. */
  #overflow: Error | undefined;
  #finished = false;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#finish();

  constructor(registerCore: RegisterCore, readonly event: string, signal: AbortSignal | undefined, readonly highWaterMark: number) {
    this.#signal = signal;
    if (signal?.aborted) {
      this.#finished = true; // registers nothing
      return;
    }
    this.#registration = registerCore(event, (data) => this.#receive(data), false);
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** The listener: hand `data` to a waiting consumer, or buffer it, or overflow. */
  #receive(data: unknown): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) return waiter({ value: data, done: false });
    if (this.#buffer.length < this.highWaterMark) {
      this.#buffer.push(data);
      return;
    }
    this.#overflow = overflow(this.event, this.highWaterMark);
    this.#stopListening();
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    if (this.#buffer.length !== 0) return Promise.resolve({ value: this.#buffer.shift(), done: false });
    const overflowError = this.#overflow;
    if (overflowError !== undefined) {
      this.#overflow = undefined;
      this.#finished = true;
      return Promise.reject(overflowError);
    }
    if (this.#finished || this.#registration === undefined) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Ends the iteration (what `break` in `for await` calls): the registration is removed. */
  return(): Promise<IteratorResult<unknown, undefined>> {
    this.#finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Abort or return: stop listening, drop the buffer, release waiting consumers. */
  #finish(): void {
    this.#finished = true;
    this.#overflow = undefined;
    this.#buffer.length = 0;
    this.#stopListening();
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  #stopListening(): void {
    const registration = this.#registration;
    if (registration === undefined) return;
    this.#registration = undefined;
    registration.unregister();
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }
}
