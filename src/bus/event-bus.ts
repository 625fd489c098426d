// EventBus: the public face. Validates every argument, then delegates: to
// the registry (names, registrations, patterns: registry.ts), the dispatch
// caches (generate, whose hot path stays inlined here), pools and modules.
// Validation always completes before the first write, so a call that throws
// EINVAL, EEXIST or ESTALE changes nothing (§8).

import type { EventBusOptions, EventRef, Listener, Module, Pool, Registration, RegisterOptions, UserData } from "./types.js";
import type { EventData, EventDataArgument, EventName } from "./event-map.js";
import type { EventPattern, PatternData, PatternEventName, PatternListener } from "./patterns/pattern-types.js";
import { tableAsync } from "../table/backends.js";
import type { Table } from "./bus-table.js";
import { loneListenerFailed, loneListenerReturned } from "./dispatch.js";
import type { EventState } from "./event-state.js";
import { EventBusBase, busParts, prepareNextBus } from "./event-bus-base.js";
import { EventRefImpl } from "./event-ref.js";
import { checkOptions, checkRegisterOptions } from "./options.js";
import { NO_SLOT, RegistrationImpl } from "./registration.js";
import { checkModule, type LoadedModules } from "./modules.js";
import type { Registry } from "./registry.js";
import { PatternImpl } from "./patterns/pattern.js";
import { UserDataImpl, type BusPools } from "./pools.js";
import type { AsyncDispatch } from "./awaiting.js";
import { eventStream, nextEvent, type RegisterCore } from "./event-stream.js";
import type { GenerateAsyncArguments, GenerateAsyncOptions, OnceOptions, OnOptions } from "./awaiting-types.js";
import * as errors from "./errors.js";

/**
 * An event bus: modules register listeners for named events, code anywhere
 * generates events, and listeners run in module load order (the module
 * loaded last first, the core last). The ordered table lives in
 * WebAssembly memory (or its JavaScript build where Wasm is refused).
 *
 * @typeParam E - The event map: event name to data type, an `interface` or a
 *   type. The default allows every name with any data. Compile-time only.
 * @example
 * import { EventBus } from "wasm-events";
 *
 * interface Events {
 *   "mod_auth.authentication-code": number;
 *   "core.exit": undefined;
 * }
 * const bus = new EventBus<Events>();
 * const auth = bus.loadModule("mod_auth");
 * bus.register(auth, "mod_auth.authentication-code", (code) => console.log("code", code));
 * bus.generate("mod_auth.authentication-code", 230);
 */
export class EventBus<E extends object = Record<string, unknown>> extends EventBusBase {
  // The parts the base wired (event-bus-base.ts), set by initializers (they
  // run right after super()): a field set once where it is declared stays a
  // constant field to V8, which a hot loop over one bus then reads for free
  // (assigned in the constructor body instead, `#events` cost one-listener
  // generates 7%, Dec 2026, Node 20).
  readonly #table: Table = busParts(this).table;
  /**
   * Interned names: name -> event state (and event id); `generate` calls the
   * state's dispatcher. Names are interned on first register or `event()`,
   * and when patterns match a name first generated (§13). The registry's map.
   */
  readonly #events: Record<string, EventState | undefined> = busParts(this).registry.events;
  /** Names, registrations and patterns (registry.ts). */
  readonly #registry: Registry = busParts(this).registry;
  readonly #modules: LoadedModules = busParts(this).modules;
  readonly #pools: BusPools = busParts(this).pools;
  /** generateAsync (awaiting.ts) and the core registrations of once and on (event-stream.ts), §14. */
  readonly #async: AsyncDispatch = busParts(this).async;
  readonly #registerCore: RegisterCore = (event, listener, once) =>
    (this as EventBus).register(null, event, listener, undefined, once ? { once } : undefined);

  /**
   * A ready bus. The Wasm module is compiled on first use and shared by every
   * bus of the process; each bus has its own table. Where WebAssembly is
   * missing or refused the bus runs on the JavaScript build (see `backend`).
   *
   * @param options - Hooks and limits; see {@link EventBusOptions}.
   * @throws {EventsError} `EINVAL` for a bad option.
   * @throws The host's error when `backend: "wasm"` is forced and WebAssembly is refused.
   * @example
   * const bus = new EventBus({ onError: (error, info) => console.error(info.event, error) });
   */
  constructor(options?: EventBusOptions) {
    super(options);
  }

  /**
   * Same as the constructor, compiling and instantiating the Wasm
   * asynchronously, for hosts that forbid compiling larger modules on the
   * main thread. Falls back to the JavaScript build the same way.
   *
   * @param options - As for the constructor.
   * @returns A promise of a ready bus.
   * @throws {EventsError} `EINVAL` for a bad option (the promise rejects).
   * @example
   * const bus = await EventBus.create<Events>();
   */
  static async create<E extends object = Record<string, unknown>>(
    options?: EventBusOptions,
  ): Promise<EventBus<E>> {
    const checked = checkOptions(options); // reject bad options before any compilation work
    prepareNextBus(await tableAsync(checked.backend));
    return new EventBus<E>(options);
  }

  // ── Registration ─────────────────────────────────────────────────────────

  /**
   * Registers `listener` for `event` on behalf of `module` (`null`: the core),
   * with optional user data: a plain value, or a `UserData` handle whose
   * value the listener receives while its pool lives. The same listener
   * registered twice for the same event is `EEXIST`, whatever the module,
   * unless the earlier registration's user data went stale (it is then
   * replaced silently). A string is always one event's name (`"a*b"` too).
   *
   * @param module - A loaded module of this bus, or `null` for the core.
   * @param event - The event name, a non-empty string.
   * @param listener - Called as `listener(eventData, userData)`.
   * @param userData - Passed to the listener as its second argument; a `UserData` handle passes its value.
   * @param options - `once` and `signal`; see {@link RegisterOptions}.
   * @returns The registration; inactive if `options.signal` was already aborted.
   * @throws {EventsError} `EINVAL` for a bad module, event, listener, option or a handle of another bus;
   *   `EEXIST` for a duplicate; `ESTALE` for a stale handle. Nothing is registered then.
   * @example
   * const auth = bus.loadModule("mod_auth");
   * const registration = bus.register(auth, "auth.failed", (user: string, limits) => limits.count++, { count: 0 });
   */
  register<K extends EventName<E>, U = unknown>(
    module: Module | null,
    event: K,
    listener: Listener<EventData<E, K>, U>,
    userData?: U | UserData<U>,
    options?: RegisterOptions,
  ): Registration;
  /**
   * Registers `listener` for every event `pattern` matches, now or later
   * (§13): one registration, with an entry in each matching event's list at
   * the place a registration of `module` would take (§5), so exact and
   * pattern listeners interleave by load order. The same listener with the
   * same pattern twice is `EEXIST` (unless the first one's user data went
   * stale); with a name and a pattern, or two patterns, it makes separate
   * registrations, each called at its own place.
   *
   * @param module - A loaded module of this bus, or `null` for the core.
   * @param event - A pattern from {@link pattern}, such as `pattern("mod_auth.*")`.
   * @param listener - Called as `listener(eventData, userData, eventName)` for each matching event.
   * @param userData - Passed to the listener as its second argument; a `UserData` handle passes its value.
   * @param options - `once` (the registration is removed from every event before its listener first runs) and `signal`.
   * @returns The registration; `unregister()` removes it from every event. Inactive if `options.signal` was already aborted.
   * @throws {EventsError} `EINVAL` for a bad module, listener, option, handle of another bus, or an object that
   *   is not a pattern from `pattern()`; `EEXIST` for a duplicate; `ESTALE` for a stale handle. Nothing is registered then.
   * @example
   * const audit = bus.loadModule("mod_audit");
   * bus.register(audit, pattern("mod_auth.*"), (data, userData, eventName) => console.log(eventName, data));
   */
  register<P extends string, U = unknown>(
    module: Module | null,
    event: EventPattern<P>,
    listener: PatternListener<PatternData<E, P>, U, PatternEventName<E, P>>,
    userData?: U | UserData<U>,
    options?: RegisterOptions,
  ): Registration;
  register(
    module: Module | null,
    event: string | EventPattern,
    listener: Listener<any, any> | PatternListener<any, any>,
    userData?: unknown,
    options?: RegisterOptions,
  ): Registration {
    // ── HOT PATH (register by name, no user-data handle, no options): the
    // checks the common call passes, in the order it answers them cheapest;
    // any other call takes the full path below, which checks (and names the
    // first bad argument) in the documented order. Every check is made
    // before anything changes (§8).
    if (
      typeof event === "string" && event !== "" && typeof listener === "function" && options === undefined &&
      (userData === undefined || !(userData instanceof UserDataImpl))
    ) {
      if (module === null) return this.#registry.register(event, this.#table.coreRank, null, listener as Listener, userData, undefined, false, undefined);
      const owner = checkModule(this.#modules, "register", event, module, false)!;
      return this.#registry.register(event, owner.rank, owner.name, listener as Listener, userData, undefined, false, undefined);
    }
    const segments = typeof event === "string" ? undefined : PatternImpl.segmentsOf(event);
    const label = segments === undefined ? event : (event as EventPattern).source; // names the event or pattern in messages
    const owner = checkModule(this.#modules, "register", label as string, module, false);
    if (segments === undefined) {
      if (typeof event === "object" && event !== null) throw errors.foreignPattern("register", event);
      if (typeof event !== "string" || event === "") throw errors.invalidEventName("register", event);
    }
    if (typeof listener !== "function") throw errors.invalidListener("register", label as string, listener);
    const moduleName = owner === null ? null : owner.name;

    let handle: UserDataImpl<unknown> | undefined;
    if (userData instanceof UserDataImpl) {
      if (userData.owner !== this.#pools) throw errors.foreignHandle(label as string, moduleName);
      if (userData.stale) throw errors.staleHandle(label as string, moduleName, userData.pool.tag);
      handle = userData as UserDataImpl<unknown>;
    }
    const { once, signal } = checkRegisterOptions(options);

    const table = this.#table;
    if (signal?.aborted) return new RegistrationImpl(table, NO_SLOT, 0); // §4: registers nothing, inactive
    const rank = owner === null ? table.coreRank : owner.rank;
    if (segments === undefined) {
      return this.#registry.register(event as string, rank, moduleName, listener as Listener, userData, handle, once, signal);
    }
    return this.#registry.patterns.register({
      source: label as string, segments, rank, moduleName, listener, userData, handle, once, signal,
    });
  }

  /**
   * Removes every listener matching all the given filters; `null` or
   * `undefined` matches anything (a `null` module filter matches every module
   * and the core). `unregister()` removes everything. Module and listener
   * filters match pattern registrations too; an event name filter matches the
   * registrations made for that name, a pattern filter those made with
   * exactly that pattern (the same `source`), each counted once (§13).
   *
   * @param module - Only this module's listeners.
   * @param event - Only this event's listeners, or only this pattern's registrations.
   * @param listener - Only this listener.
   * @returns How many live registrations were removed; 0 when none matched (never an error).
   * @throws {EventsError} `EINVAL` for a module that is not a loaded module of this bus, or a bad event or listener filter.
   * @example
   * bus.unregister(auth);                          // all of mod_auth's listeners, pattern ones included
   * bus.unregister(null, "auth.failed");           // every listener of one event registered by name
   * bus.unregister(null, null, onFailure);         // one listener, wherever registered
   * bus.unregister(null, pattern("mod_auth.*"));   // every registration of that pattern
   */
  unregister(
    module?: Module | null,
    event?: EventName<E> | EventPattern | null,
    listener?: Listener<any, any> | PatternListener<any, any> | null,
  ): number {
    // ── HOT PATH (unregister one listener of one name): only the module can
    // be bad then, and it is checked before anything changes (§8).
    if (typeof event === "string" && event !== "" && typeof listener === "function") {
      const rank = module === null || module === undefined ? this.#table.any : checkModule(this.#modules, "unregister", undefined, module, true)!.rank;
      return this.#registry.unregisterNamed(rank, event, listener);
    }
    const owner = checkModule(this.#modules, "unregister", undefined, module, true);
    let name: string | undefined, source: string | undefined;
    if (typeof event === "string" && event !== "") name = event;
    else if (event !== null && event !== undefined) {
      if (PatternImpl.segmentsOf(event) === undefined) throw errors.invalidEventFilter(event);
      source = (event as EventPattern).source;
    }
    if (listener !== null && listener !== undefined && typeof listener !== "function") {
      throw errors.invalidListenerFilter(listener);
    }
    const rank = owner === null ? this.#table.any : owner.rank;
    return this.#registry.unregister(rank, name, source, listener ?? undefined);
  }

  // ── Generate ─────────────────────────────────────────────────────────────

  /**
   * Calls every live listener of `event`, synchronously, in dispatch order,
   * as `listener(eventData, userData)` with `this` undefined. A listener that
   * throws does not stop the others. Listeners added during the dispatch are
   * not called by it; listeners removed during it are not called after.
   *
   * @param event - The event name.
   * @param eventData - Passed by reference to every listener; required when the event's data type excludes `undefined`.
   * @throws Without `onError`: once every listener has run, the error one listener threw, or an
   *   `AggregateError` of several in order. An error thrown by `onError` or `onStale`.
   * @throws {EventsError} `ELOOP` (before calling any listener) when nesting would exceed `maxDepth`;
   *   `EINVAL` for a bad event name.
   * @example
   * bus.generate("mod_auth.authentication-code", 230);
   * bus.generate("core.exit");
   */
  generate<K extends EventName<E>>(event: K, ...eventData: EventDataArgument<EventData<E, K>>): void;
  generate(event: string, eventData?: unknown): void {
    // ── HOT PATH ── one name lookup, then the event's dispatcher (dispatch.ts).
    // A name never interned has no listener. (The typeof test keeps a
    // non-string, which a property lookup would coerce to a name, away from
    // the table: such a call is EINVAL.)
    if (typeof event === "string") {
      const state = this.#events[event];
      if (state !== undefined) {
        // One live listener, the case of most events in a big table, is
        // dispatched right here: the same steps as dispatch.ts's dispatchOne.
        // Duplicated (in EventRefImpl.generate too) because a call to a shared
        // helper here was not inlined, and reaching the listener through
        // `state.run` costs a second megamorphic call (0.67x against 1.06x
        // tseep on one listener by name, Dec 2026, Node 20).
        const fn = state.f0, ctx = state.ctx;
        if (fn === undefined || state.active !== null || ctx.depth >= ctx.maxDepth) return state.run(eventData);
        const s = state.snapshot;
        state.active = s;
        ctx.depth++;
        state.cursor = 0;
        let result: unknown;
        try {
          result = fn(eventData, state.u0);
        } catch (error) {
          return loneListenerFailed(state, s, error);
        }
        state.active = null;
        ctx.depth--;
        if (result !== undefined) loneListenerReturned(state, s, result);
        return;
      }
      // Never interned: no listener, unless patterns match it (§13).
      if (event !== "") return this.#registry.patterns.count === 0 ? undefined : this.#generateUnseen(event, eventData);
    }
    throw errors.invalidEventName("generate", event);
  }

  /** A name never interned, with patterns registered: matched once, then an interned name like any (§13). */
  #generateUnseen(event: string, eventData: unknown): void {
    const state = this.#registry.forDispatch(event);
    if (state !== undefined) state.run(eventData);
  }

  // ── Awaiting (§14) ───────────────────────────────────────────────────────

  /**
   * Calls the live listeners of `event` in dispatch order, each after the
   * promise the previous one returned has settled (a listener returning
   * anything else has settled at once: the next is called without waiting
   * a microtask; the first is called before `generateAsync` returns). The
   * listeners are those registered when the call started: one removed
   * before its turn is not called, one added later is not; a listener still
   * running for this event (in another pending `generateAsync`, or in a
   * `generate` under way) is skipped. Stale registrations are reported and
   * removed as by `generate`. Each listener's synchronous run counts one
   * level of `maxDepth`.
   *
   * @param event - The event name.
   * @param args - The event data, passed by reference to every listener (required when the event's data type
   *   excludes `undefined`), then options: `signal`, checked before each listener (see {@link GenerateAsyncOptions}).
   * @returns A promise that fulfils once every listener has run and settled.
   * @throws Never synchronously; the promise rejects: without `onError`, once every listener has run,
   *   with the error one listener threw or rejected with, or an `AggregateError` of several in order;
   *   with an `AbortError` (code `ABORT_ERR`, the signal's reason as `cause`) when `signal` aborted
   *   before a listener's turn (after the errors so far, in an `AggregateError`, if any);
   *   with `EventsError` `ELOOP` at `maxDepth`, or `EINVAL` for a bad name or option (nothing called).
   * @example
   * bus.register(banCheck, "mod_auth.pre-login", async (user: string) => { await checkBans(user); });
   * await bus.generateAsync("mod_auth.pre-login", "alice"); // every check has finished
   */
  generateAsync<K extends EventName<E>>(event: K, ...args: GenerateAsyncArguments<EventData<E, K>>): Promise<void>;
  generateAsync(event: string, eventData?: unknown, options?: GenerateAsyncOptions): Promise<void> {
    return this.#async.generate(event, eventData, options);
  }

  /**
   * The next event data of `event`: a core registration (module null) in its
   * place in dispatch order, removed when the event arrives (as `once`).
   * Registered now: a generate under way does not reach it (§6).
   *
   * @param event - The event name.
   * @param options - `signal`: aborting it removes the registration (see {@link OnceOptions}).
   * @returns A promise of the event data.
   * @throws Never synchronously; the promise rejects with an `AbortError` (code `ABORT_ERR`) on abort,
   *   or `EventsError` `EINVAL` for a bad name or option (nothing registered).
   * @example
   * const code = await bus.once("mod_auth.authentication-code");
   */
  once<K extends EventName<E>>(event: K, options?: OnceOptions): Promise<EventData<E, K>> {
    return nextEvent(this.#registerCore, event, options) as Promise<EventData<E, K>>;
  }

  /**
   * Every later event data of `event`, in order, as an async iterator: a core
   * registration (module null) in its place in dispatch order, buffering
   * while the consumer is busy. Past `highWaterMark` buffered events (default
   * 1024) it stops listening, yields what it buffered, then throws
   * `EventsError` `EOVERFLOW`. Abort, `return()` or `break` removes the
   * registration and finishes the iterator (dropping what was not taken).
   *
   * @param event - The event name.
   * @param options - `signal` and `highWaterMark`; see {@link OnOptions}.
   * @returns An async iterator of the event data.
   * @throws {EventsError} `EINVAL` for a bad name or option (nothing registered).
   * @example
   * for await (const user of bus.on("mod_auth.login", { signal })) audit.write(user);
   */
  on<K extends EventName<E>>(event: K, options?: OnOptions): AsyncIterableIterator<EventData<E, K>, undefined> {
    return eventStream(this.#registerCore, event, options) as AsyncIterableIterator<EventData<E, K>, undefined>;
  }

  /**
   * How many live listeners `event` has (stale ones excluded), pattern
   * registrations matching it included (§13).
   *
   * @param event - The event name.
   * @returns The count; 0 for a name never registered that no pattern matches.
   * @throws {EventsError} `EINVAL` for a bad event name.
   * @example
   * if (bus.listening("audit.record") > 0) bus.generate("audit.record", buildRecord());
   */
  listening<K extends EventName<E>>(event: K): number {
    if (typeof event !== "string" || event === "") throw errors.invalidEventName("listening", event);
    const state = this.#events[event] ?? this.#registry.forDispatch(event);
    return state === undefined ? 0 : this.#table.listenerCount(state.eventId);
  }

  /**
   * A pre-interned event: its `generate` and `listening` are the bus's for
   * that name, without the name lookup (the fastest way to generate).
   *
   * @param name - The event name.
   * @returns An {@link EventRef} bound to this bus and name.
   * @throws {EventsError} `EINVAL` for a bad event name.
   * @example
   * const tick = bus.event("timer.tick");
   * tick.generate(Date.now());
   */
  event<K extends EventName<E>>(name: K): EventRef<EventData<E, K>> {
    if (typeof name !== "string" || name === "") throw errors.invalidEventName("event", name);
    return new EventRefImpl(this.#registry.intern(name)) as EventRef<EventData<E, K>>;
  }
}
