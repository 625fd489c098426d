// The public API interfaces of the bus (§4); the typing of event maps is
// event-map.ts's, that of patterns patterns/pattern-types.ts's. Classes
// implementing them live in their own files; these interfaces are what
// users see in the .d.ts, so each member's JSDoc is the reference an editor
// shows (docs/bus.md says the same at length). The declarations must compile under any `lib` setting
// (no Node types, no ESNext.Disposable needed): see ../host-types.ts.

import type { DisposeMember, HostAbortSignal } from "../host-types.js";
import type { EventDataArgument } from "./event-map.js";

/**
 * A listener: called as `listener(eventData, userData)` with `this`
 * undefined, synchronously, in dispatch order. Its return value is ignored.
 *
 * @typeParam D - The event's data type.
 * @typeParam U - The user data's type (for a `UserData` handle, the type of the value it holds).
 * @example
 * const onCode: Listener<number, { limit: number }> = (code, config) => {
 *   if (code > config.limit) console.log("too many attempts");
 * };
 */
export type Listener<D = unknown, U = unknown> = (eventData: D, userData: U) => void;

/**
 * Options of {@link EventBus.register}.
 *
 * @example
 * const controller = new AbortController();
 * bus.register(null, "core.exit", () => flush(), undefined, { once: true, signal: controller.signal });
 */
export interface RegisterOptions {
  /**
   * Remove the registration just before its listener first runs (so a nested generate cannot call it twice).
   *
   * @example
   * bus.register(null, "server.ready", announce, undefined, { once: true });
   */
  once?: boolean;
  /**
   * Aborting it unregisters; an already aborted signal registers nothing and returns an inactive registration.
   *
   * @example
   * const controller = new AbortController();
   * bus.register(null, "tick", onTick, undefined, { signal: controller.signal });
   * controller.abort(); // onTick is unregistered
   */
  signal?: HostAbortSignal;
}

/**
 * Who a listener is: the argument of `onError`, and of `onStale` (with the pool).
 *
 * @example
 * new EventBus({ onError: (error, info) => console.error(`${info.module ?? "core"} failed on ${info.event}`, error) });
 */
export interface ListenerInfo {
  /**
   * The event being generated.
   *
   * @example
   * new EventBus({ onError: (error, info) => metrics.increment(`listener-error.${info.event}`) });
   */
  event: string;
  /**
   * The registering module's name, or `null` for the core.
   *
   * @example
   * new EventBus({ onError: (error, info) => console.error(info.module ?? "(core)", error) });
   */
  module: string | null;
  /**
   * The listener function as registered (for `once`, the listener itself, not a wrapper).
   *
   * @example
   * new EventBus({ onError: (error, info) => bus.unregister(null, info.event, info.listener) });
   */
  listener: Listener;
}

/**
 * `onStale`'s argument: the listener, and the tag of the destroyed pool its user data came from.
 *
 * @example
 * new EventBus({ onStale: (info) => log.warn(`re-register ${info.listener.name}: pool ${info.pool} is gone`) });
 */
export interface StaleInfo extends ListenerInfo {
  /**
   * The tag of the destroyed pool (see {@link Pool.tag}).
   *
   * @example
   * new EventBus({ onStale: (info) => console.warn(`pool ${info.pool} ended before ${info.event}`) });
   */
  pool: string;
}

/**
 * Options of `new EventBus(options)` and `EventBus.create(options)`. Every
 * option is optional; a bad value is `EINVAL`.
 *
 * @example
 * const bus = new EventBus({
 *   maxDepth: 16,
 *   onError: (error, info) => console.error(info.event, error),
 *   onStale: (info) => console.warn(`stale user data from pool ${info.pool}`),
 * });
 */
export interface EventBusOptions {
  /**
   * Receives each error a listener throws, with the listener's info; `generate`
   * then returns normally. Without it, `generate` throws once every listener
   * has run: the error itself, or an `AggregateError` of all of them in order.
   * If `onError` itself throws, `generate` throws that error after the dispatch.
   *
   * @example
   * new EventBus({ onError: (error, info) => console.error(info.event, error) });
   */
  onError?: (error: unknown, info: ListenerInfo) => void;
  /**
   * Receives the one report of a listener whose user data went stale (its pool
   * was destroyed); the registration is removed. Default: a
   * `StaleUserDataWarning` through `process.emitWarning`, or `console.warn`
   * where there is no `process` (browsers).
   *
   * @example
   * new EventBus({ onStale: (info) => console.warn(`re-register ${info.listener.name}`) });
   */
  onStale?: (info: StaleInfo) => void;
  /** How deep `generate` calls may nest (counting those that reach a listener): an integer of at least 1. Default 64.
   *
   * @example
   * new EventBus({ maxDepth: 8 });
   */
  maxDepth?: number;
  /**
   * Compile a specialised dispatcher per event with `new Function` (default
   * `true`). Where code generation is forbidden (a CSP without
   * 'unsafe-eval') the bus falls back to the loop dispatcher automatically;
   * `false` forces the loop.
   *
   * @example
   * new EventBus({ codegen: false }); // the eval-free loop everywhere
   */
  codegen?: boolean;
  /**
   * The table's backend. Default (undefined): WebAssembly, or where it is
   * missing or refused (a CSP without 'wasm-unsafe-eval'), the JavaScript
   * build of the same table, automatically. `"wasm"` forces WebAssembly (the
   * host's error is thrown if it refuses); `"js"` forces the JavaScript build.
   *
   * @example
   * new EventBus({ backend: "js" }); // never asks for WebAssembly
   */
  backend?: "wasm" | "js";
}

/**
 * A module of a bus, from {@link EventBus.loadModule}: listeners it registers
 * run before those of modules loaded earlier, and before the core's.
 *
 * @example
 * const auth = bus.loadModule("mod_auth");
 * bus.register(auth, "core.exit", () => auth.unload());
 */
export interface Module {
  /**
   * The name given to `loadModule`.
   *
   * @example
   * bus.loadModule("mod_tls").name; // "mod_tls"
   */
  readonly name: string;
  /**
   * 0 for the bus's first module, growing by one with each `loadModule`.
   *
   * @example
   * bus.loadModule("first").loadOrder;  // 0
   * bus.loadModule("second").loadOrder; // 1: its listeners run before first's
   */
  readonly loadOrder: number;
  /**
   * Generates `"core.module-unload"` (event data: the module's name), then
   * removes all of the module's listeners. After it the name can be loaded
   * again, as a new module.
   *
   * @returns How many listeners were removed; 0 (and nothing done) if already unloaded.
   * @throws What a `core.module-unload` listener threw (as `generate` would), after the module is unloaded.
   * @example
   * const removed = bus.loadModule("mod_tls").unload();
   */
  unload(): number;
}

/**
 * The result of {@link EventBus.register}: one registration of one listener.
 * Disposable: `using registration = bus.register(...)` unregisters at the end
 * of the scope.
 *
 * @example
 * const registration = bus.register(null, "tick", onTick);
 * registration.active;       // true
 * registration.unregister(); // true: it was active
 * registration.active;       // false
 */
export interface Registration extends DisposeMember {
  /**
   * True until the registration is removed (any way) or its user data goes stale.
   *
   * @example
   * const registration = bus.register(null, "e", f, undefined, { once: true });
   * bus.generate("e");
   * registration.active; // false: once removed it
   */
  readonly active: boolean;
  /**
   * Removes this registration, and only it.
   *
   * @returns True if it was active (a stale one is removed too, and returns false).
   * @example
   * if (!registration.unregister()) console.log("already gone");
   */
  unregister(): boolean;
}

/**
 * A lifetime for user data, as in ProFTPD's memory pools: handles it gives out
 * go stale when it is destroyed, and listeners holding them stop being called.
 * `bus.permanentPool` survives restarts; `bus.createPool()` pools end at the
 * next `restart()`.
 *
 * @example
 * const pool = bus.createPool("session");
 * bus.register(mod, "cmd.user", (name, session) => session.users.add(name), pool.hold({ users: new Set<string>() }));
 * bus.restart(); // destroys pool: the listener is reported stale once, then removed
 */
export interface Pool {
  /**
   * The tag given at creation, or a generated one (`pool-1`, ...); named in stale reports.
   *
   * @example
   * bus.createPool("session").tag; // "session"
   */
  readonly tag: string;
  /**
   * True once destroyed (by `destroy()`, its parent's destruction, or a restart).
   *
   * @example
   * const pool = bus.createPool();
   * bus.restart();
   * pool.destroyed; // true
   */
  readonly destroyed: boolean;
  /**
   * Holds `value` for this pool's lifetime.
   *
   * @param value - Any value; kept by reference.
   * @returns A handle whose `value` is `value` until this pool is destroyed, and that is stale forever after.
   * @throws {EventsError} `ESTALE` if this pool is destroyed.
   * @example
   * const config = pool.hold({ limit: 3 });
   * config.value.limit; // 3
   */
  hold<T>(value: T): UserData<T>;
  /**
   * A sub-pool, destroyed with this one (sub-pools of the permanent pool survive restarts).
   *
   * @param tag - A name for stale reports; default: a generated one.
   * @returns The new pool.
   * @throws {EventsError} `ESTALE` if this pool is destroyed; `EINVAL` if `tag` is not a string.
   * @example
   * const perRequest = sessionPool.createPool("request");
   */
  createPool(tag?: string): Pool;
  /**
   * Ends this pool, its sub-pools and every handle they gave out. Destroying a
   * destroyed pool does nothing.
   *
   * @throws {EventsError} `EINVAL` for `bus.permanentPool`.
   * @example
   * pool.destroy();
   * handle.stale; // true
   */
  destroy(): void;
}

/**
 * A generation-counted handle to user data, from {@link Pool.hold}. Registered
 * as user data, its listener receives the held value, not the handle.
 *
 * @example
 * const handle = pool.hold({ limit: 3 });
 * bus.register(null, "login", (user, config) => check(user, config.limit), handle);
 */
export interface UserData<T> {
  /**
   * True once the pool that gave it out was destroyed; true forever after, even if its slot is reused.
   *
   * @example
   * if (!handle.stale) use(handle.value);
   */
  readonly stale: boolean;
  /**
   * The held value.
   *
   * @throws {EventsError} `ESTALE` when the handle is stale.
   * @example
   * const limits = pool.hold({ max: 3 });
   * limits.value.max; // 3
   */
  readonly value: T;
}

/**
 * A pre-interned event name, from {@link EventBus.event}: `generate` and
 * `listening` without the name lookup.
 *
 * @typeParam D - The event's data type.
 * @example
 * const tick = bus.event("timer.tick");
 * setInterval(() => tick.generate(Date.now()), 1000);
 */
export interface EventRef<D = unknown> {
  /**
   * The event name.
   *
   * @example
   * bus.event("timer.tick").name; // "timer.tick"
   */
  readonly name: string;
  /**
   * Same as `bus.generate(name, eventData)`.
   *
   * @param eventData - Passed by reference to every listener; required when the event's data type excludes `undefined`.
   * @throws What `bus.generate` throws: a listener's error (or an `AggregateError`) without `onError`; `ELOOP` past `maxDepth`.
   * @example
   * ref.generate({ user: "alice" });
   */
  generate(...eventData: EventDataArgument<D>): void;
  /**
   * Same as `bus.listening(name)`.
   *
   * @returns How many live (non-stale) listeners the event has.
   * @example
   * if (ref.listening() > 0) ref.generate(expensiveData());
   */
  listening(): number;
}
