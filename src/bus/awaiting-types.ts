// The options of the bus's awaiting methods (§14): generateAsync, once
// and on. Public types: their TSDoc is what users see in the .d.ts.

import type { HostAbortSignal } from "../host-types.js";
import type { EventDataArgument } from "./event-map.js";

/**
 * Options of {@link EventBus.generateAsync}.
 *
 * @example
 * await bus.generateAsync("session.close", session, { signal: AbortSignal.timeout(5000) });
 */
export interface GenerateAsyncOptions {
  /**
   * Checked before each listener: once aborted, no further listener is called
   * and the promise rejects with an `AbortError` (the listener already running
   * is not interrupted: the call waits for it to settle first). Already
   * aborted: no listener is called.
   *
   * @example
   * const controller = new AbortController();
   * const done = bus.generateAsync("backup.run", job, { signal: controller.signal });
   * controller.abort(); // the listeners not yet started are not called
   */
  signal?: HostAbortSignal;
}

/**
 * Options of {@link EventBus.once}.
 *
 * @example
 * const code = await bus.once("mod_auth.authentication-code", { signal: AbortSignal.timeout(1000) });
 */
export interface OnceOptions {
  /**
   * Aborting it removes the registration and rejects the promise with an
   * `AbortError`; an already aborted signal registers nothing.
   *
   * @example
   * await bus.once("server.ready", { signal: AbortSignal.timeout(10_000) });
   */
  signal?: HostAbortSignal;
}

/**
 * Options of {@link EventBus.on}.
 *
 * @example
 * for await (const line of bus.on("log.line", { highWaterMark: 100, signal })) write(line);
 */
export interface OnOptions {
  /**
   * Aborting it removes the registration and finishes the iterator (events
   * buffered and not yet taken are dropped); an already aborted signal
   * registers nothing and gives a finished iterator.
   *
   * @example
   * const controller = new AbortController();
   * setTimeout(() => controller.abort(), 1000);
   * for await (const tick of bus.on("timer.tick", { signal: controller.signal })) console.log(tick);
   */
  signal?: HostAbortSignal;
  /**
   * How many events the iterator buffers while its consumer is busy (an
   * integer of at least 1; default 1024). An event beyond it is an overflow:
   * the registration is removed, the iterator yields the events it buffered,
   * then throws an `EventsError` with code `EOVERFLOW`.
   *
   * @example
   * for await (const job of bus.on("job.queued", { highWaterMark: 10_000 })) await run(job);
   */
  highWaterMark?: number;
}

/**
 * `generateAsync`'s arguments after the name for data type `D`: the data
 * (optional as for `generate`, see {@link EventDataArgument}), then options.
 *
 * @example
 * type A = GenerateAsyncArguments<number>; // [eventData: number, options?: GenerateAsyncOptions]
 */
export type GenerateAsyncArguments<D> = EventDataArgument<D> extends [D]
  ? [eventData: D, options?: GenerateAsyncOptions]
  : [eventData?: D, options?: GenerateAsyncOptions];
