// EventBus: validates every argument, then delegates to the Wasm table
// (mutations, counts), the dispatch caches (generate), pools and modules.
// Validation always completes before the first write, so a call that throws
// EINVAL, EEXIST or ESTALE changes nothing (§8).

import type {
  EventBusOptions, EventData, EventDataArgument, EventName, EventRef, Listener, Module, Pool, Registration,
  RegisterOptions, UserData,
} from "./types.js";
import { tableAsync, tableSync, type Backend, type BackendTable } from "../table/backends.js";
import { Table } from "./bus-table.js";
import { invalidate, loneListenerFailed, loneListenerReturned, rebuildAndRun } from "./dispatch.js";
import { EventState, type DispatchContext } from "./event-state.js";
import { EventRefImpl, nameMap } from "./event-ref.js";
import { checkOptions, checkRegisterOptions } from "./options.js";
import { NO_SLOT, RegistrationImpl } from "./registration.js";
import { LoadedModules, checkModule } from "./modules.js";
import { BusPools, UserDataImpl } from "./pools.js";
import { dumpLines } from "./dump.js";
import { AsyncDispatch } from "./awaiting.js";
import { eventStream, nextEvent, type RegisterCore } from "./event-stream.js";
import type { GenerateAsyncArguments, GenerateAsyncOptions, OnceOptions, OnOptions } from "./awaiting-types.js";
import * as errors from "./errors.js";

// Set by EventBus.create for the constructor it calls: the table it already
// instantiated asynchronously.
let preparedTable: BackendTable | undefined;

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
export class EventBus<E extends object = Record<string, unknown>> {
  readonly #table: Table;
  readonly #context: DispatchContext;
  /**
   * Interned names: name -> event state (and event id); `generate` calls the
   * state's dispatcher. Names are interned on first register or `event()`.
   */
  readonly #events: Record<string, EventState | undefined> = nameMap();
  /** The same states by event id (the table reports freed registrations by event id). */
  readonly #eventsById: EventState[];
  /** Events that ever had a listener, in the order first registered (dump, §10). */
  readonly #registeredEvents: EventState[] = [];
  readonly #modules: LoadedModules;
  readonly #pools: BusPools;
  #generation = 0;
  readonly #backend: Backend;
  /** generateAsync (awaiting.ts) and the core registrations of once and on (event-stream.ts), §14. */
  readonly #async: AsyncDispatch;
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
    const checked = checkOptions(options);
    const prepared = preparedTable ?? tableSync(checked.backend);
    preparedTable = undefined;
    this.#backend = prepared.backend;
    // A registration the table freed: that event's dispatcher goes (nothing
    // keeps a removed listener or its data reachable until the event is next
    // generated), and a dispatch of it under way learns of the removal (§6).
    const eventsById: EventState[] = (this.#eventsById = []);
    const table = (this.#table = new Table(prepared.exports, eventsById, (eventId) => invalidate(eventsById[eventId], true)));
    this.#context = {
      table,
      depth: 0,
      maxDepth: checked.maxDepth,
      onError: checked.onError,
      onStale: checked.onStale,
      codegen: checked.codegen,
      holdingHandles: new Set(),
    };
    this.#async = new AsyncDispatch(this.#context, (name) => this.#events[name]);
    this.#modules = new LoadedModules(table, (name) => (this as EventBus).generate("core.module-unload", name));
    this.#pools = new BusPools(table, () => {
      const holding = this.#context.holdingHandles;
      for (const state of holding) invalidate(state, true);
      holding.clear();
    });
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
    preparedTable = await tableAsync(checked.backend);
    return new EventBus<E>(options);
  }

  // ── Modules ──────────────────────────────────────────────────────────────

  /**
   * Loads a module: its listeners run before those of modules loaded earlier,
   * and before the core's. Load order is the order of `loadModule` calls.
   *
   * @param name - A non-empty string, unique among the loaded modules of this bus.
   * @returns The module (`name`, `loadOrder`, `unload()`).
   * @throws {EventsError} `EINVAL` for a bad name; `EEXIST` if a module of that name is loaded.
   * @example
   * const tls = bus.loadModule("mod_tls");
   * tls.loadOrder; // 0 for the first module
   */
  loadModule(name: string): Module {
    return this.#modules.load(name);
  }

  // ── Registration ─────────────────────────────────────────────────────────

  /**
   * Registers `listener` for `event` on behalf of `module` (`null`: the core),
   * with optional user data: a plain value, or a `UserData` handle whose
   * value the listener receives while its pool lives. The same listener
   * registered twice for the same event is `EEXIST`, whatever the module,
   * unless the earlier registration's user data went stale (it is then
   * replaced silently).
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
  ): Registration {
    const owner = checkModule(this.#modules, "register", event, module, false);
    if (typeof event !== "string" || event === "") throw errors.invalidEventName("register", event);
    if (typeof listener !== "function") throw errors.invalidListener("register", event, listener);
    const moduleName = owner === null ? null : owner.name;

    let handle: UserDataImpl<unknown> | undefined;
    if (userData instanceof UserDataImpl) {
      if (userData.owner !== this.#pools) throw errors.foreignHandle(event, moduleName);
      if (userData.stale) throw errors.staleHandle(event, moduleName, userData.pool.tag);
      handle = userData as UserDataImpl<unknown>;
    }
    const { once, signal } = checkRegisterOptions(options);

    const table = this.#table;
    if (signal?.aborted) return new RegistrationImpl(table, NO_SLOT, 0); // §4: registers nothing, inactive

    // ── HOT PATH (register) ── the duplicate check by a scan of the event's
    // functions (§9: identity is a JS matter), then a record in the pending
    // log: no call into Wasm unless a stale registration must make way.
    const state = this.#intern(event), existing = table.findListener(state, listener);
    if (existing !== -1) {
      if (table.isLive(existing)) {
        throw errors.duplicateListener(event, moduleName, listener, table.moduleHolding(state.eventId, listener));
      }
      table.removeSlot(existing); // §7: a stale registration of the same listener is replaced silently
    }
    const slot = table.insert(state, owner === null ? table.coreRank : owner.rank, listener as Listener, userData, handle, once);
    invalidate(state, false); // the list will change; a dispatch under way keeps its snapshot (§6)
    const registration = new RegistrationImpl(table, slot, table.lastSerial);
    if (!state.everRegistered) {
      state.everRegistered = true;
      this.#registeredEvents.push(state);
    }
    if (signal !== undefined) table.watch(slot, registration.serial, signal);
    return registration;
  }

  /**
   * Removes every listener matching all the given filters; `null` or
   * `undefined` matches anything (a `null` module filter matches every module
   * and the core). `unregister()` removes everything.
   *
   * @param module - Only this module's listeners.
   * @param event - Only this event's listeners.
   * @param listener - Only this listener.
   * @returns How many live listeners were removed; 0 when none matched (never an error).
   * @throws {EventsError} `EINVAL` for a module that is not a loaded module of this bus, or a bad event or listener filter.
   * @example
   * bus.unregister(auth);                    // all of mod_auth's listeners
   * bus.unregister(null, "auth.failed");     // every listener of one event
   * bus.unregister(null, null, onFailure);   // one listener, wherever registered
   */
  unregister(module?: Module | null, event?: EventName<E> | null, listener?: Listener<any, any> | null): number {
    const owner = checkModule(this.#modules, "unregister", undefined, module, true);
    if (event !== null && event !== undefined && (typeof event !== "string" || event === "")) {
      throw errors.invalidEventFilter(event);
    }
    if (listener !== null && listener !== undefined && typeof listener !== "function") {
      throw errors.invalidListenerFilter(listener);
    }
    const table = this.#table, rank = owner === null ? table.any : owner.rank;
    let eventId = table.any;
    if (event !== null && event !== undefined) {
      const state = this.#events[event];
      if (state === undefined) return 0;
      // ── HOT PATH (unregister by name and listener): a scan of the event's functions, one call into Wasm.
      if (listener !== null && listener !== undefined) return this.#unregisterListener(state, rank, listener);
      eventId = state.eventId;
    } else if (listener !== null && listener !== undefined) {
      // Every event: a scan of each one's functions (rare: unregister by listener alone).
      let removed = 0;
      for (const state of this.#registeredEvents) removed += this.#unregisterListener(state, rank, listener);
      return removed;
    }
    return table.removeMatching(eventId, rank);
  }

  /** Removes `listener`'s registration for `state`'s event if its module matches `rank` (`any`: every module). */
  #unregisterListener(state: EventState, rank: number, listener: Function): number {
    const table = this.#table, slot = table.findListener(state, listener);
    if (slot === -1 || (rank !== table.any && table.foundRank !== rank)) return 0;
    return table.removeFound(slot);
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
      if (event !== "") return; // never interned: no listener
    }
    throw errors.invalidEventName("generate", event);
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
   * How many live listeners `event` has (stale ones excluded).
   *
   * @param event - The event name.
   * @returns The count; 0 for a name never registered.
   * @throws {EventsError} `EINVAL` for a bad event name.
   * @example
   * if (bus.listening("audit.record") > 0) bus.generate("audit.record", buildRecord());
   */
  listening<K extends EventName<E>>(event: K): number {
    if (typeof event !== "string" || event === "") throw errors.invalidEventName("listening", event);
    const state = this.#events[event];
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
    return new EventRefImpl(this.#intern(name)) as EventRef<EventData<E, K>>;
  }

  /**
   * The table as text: `No events registered`, or for each event that ever had
   * a listener (in the order first registered) `Registered for 'NAME':` and one
   * line per live listener in dispatch order (two spaces, then the module name
   * or `(core)`), or `No handlers registered for 'NAME'`.
   *
   * @param write - Called with each line, if given.
   * @returns The lines.
   * @throws {EventsError} `EINVAL` if `write` is given and is not a function.
   * @example
   * bus.dump(console.log);
   */
  dump(write?: (line: string) => void): string[] {
    if (write !== undefined && typeof write !== "function") throw errors.invalidWrite(write);
    const lines = dumpLines(this.#table, this.#registeredEvents);
    if (write !== undefined) for (const line of lines) write(line);
    return lines;
  }

  // ── Restart and pools ────────────────────────────────────────────────────

  /**
   * Generates `"core.restart"` (so modules can re-register with fresh user
   * data), then destroys the restart-scoped pools that existed when it was
   * called (and their sub-pools) and increments `generation`. Listeners whose
   * user data came from those pools are reported once (`onStale`) and removed
   * at their next dispatch.
   *
   * @throws What a `core.restart` listener threw (as `generate` would), after the restart is complete.
   * @example
   * bus.register(null, "core.restart", () => reloadConfig());
   * bus.restart();
   * bus.generation; // 1
   */
  restart(): void {
    const doomed = this.#pools.restartScoped();
    let failure: { error: unknown } | undefined;
    try {
      (this as EventBus).generate("core.restart");
    } catch (error) {
      failure = { error };
    }
    for (const pool of doomed) pool.destroy();
    this.#generation++;
    if (failure) throw failure.error; // §6: restart finishes its work first
  }

  /**
   * The pool that survives restarts; its sub-pools do too. It cannot be destroyed.
   *
   * @example
   * const cache = bus.permanentPool.hold(new Map<string, string>());
   */
  get permanentPool(): Pool {
    return this.#pools.permanent;
  }

  /**
   * A restart-scoped pool: destroyed by the next `restart()` (or by `destroy()`).
   *
   * @param tag - A name for stale reports; default: a generated one (`pool-1`, ...).
   * @returns The new pool.
   * @throws {EventsError} `EINVAL` if `tag` is not a string.
   * @example
   * const session = bus.createPool("session");
   */
  createPool(tag?: string): Pool {
    if (tag !== undefined && typeof tag !== "string") throw errors.invalidPoolTag(tag);
    return this.#pools.createRestartScoped(tag);
  }

  /**
   * How many restarts this bus has seen.
   *
   * @example
   * bus.restart();
   * bus.generation; // 1
   */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Which table backend this bus runs on: `"wasm"`, or `"js"` (the
   * JavaScript build of the same table) where WebAssembly is missing or
   * refused, or when forced with the `backend` option.
   *
   * @example
   * if (bus.backend === "js") console.info("WebAssembly is refused here: running the JavaScript table");
   */
  get backend(): "wasm" | "js" {
    return this.#backend;
  }

  /**
   * Bytes of this bus's table memory (diagnostics; it grows as the table grows, never shrinks).
   *
   * @example
   * console.log(`table: ${bus.wasmMemoryBytes / 1024} KiB`);
   */
  get wasmMemoryBytes(): number {
    return this.#table.memoryBytes;
  }

  // ── Internals ────────────────────────────────────────────────────────────

  /** The state (and event id) of `name`, interning it on first use. */
  #intern(name: string): EventState {
    let state = this.#events[name];
    if (state === undefined) {
      state = new EventState(this.#context, this.#eventsById.length, name, rebuildAndRun);
      this.#table.attach(state);
      this.#events[name] = state;
      this.#eventsById.push(state);
    }
    return state;
  }
}

