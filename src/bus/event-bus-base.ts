// What an EventBus is built on, apart from registering and generating
// (event-bus.ts): the table and dispatch context wired together, modules,
// pools, restarts (§3, §7), and the bus's diagnostics (dump, §10).
// EventBus extends it; its parts reach EventBus through busParts(), never
// through the public declarations.

import type { EventBusOptions, Module, Pool } from "./types.js";
import { tableSync, type Backend, type BackendTable } from "../table/backends.js";
import { Table } from "./bus-table.js";
import { invalidate } from "./dispatch.js";
import type { DispatchContext, EventState } from "./event-state.js";
import { checkOptions } from "./options.js";
import { LoadedModules } from "./modules.js";
import { BusPools } from "./pools.js";
import { AsyncDispatch } from "./awaiting.js";
import { Registry } from "./registry.js";
import { dumpLines } from "./dump.js";
import * as errors from "./errors.js";

/** One bus's parts, for EventBus (event-bus.ts). */
interface BusParts {
  readonly backend: Backend;
  readonly table: Table;
  readonly context: DispatchContext;
  readonly registry: Registry;
  readonly modules: LoadedModules;
  readonly pools: BusPools;
  /** generateAsync (awaiting.ts) and the §14 registrations. */
  readonly async: AsyncDispatch;
  /** The bus's own generate (core.restart, core.module-unload). */
  readonly generate: (event: string, eventData?: unknown) => void;
}

// Set by EventBus.create for the constructor it calls: the table it already
// instantiated asynchronously.
let preparedTable: BackendTable | undefined;

/** The table the next bus constructed takes instead of instantiating one (EventBus.create). */
export function prepareNextBus(table: BackendTable): void {
  preparedTable = table;
}

const partsOf = new WeakMap<object, BusParts>();

/** The parts of `bus`, for the EventBus constructor. */
export function busParts(bus: EventBusBase): BusParts {
  return partsOf.get(bus)!;
}

/**
 * What every {@link EventBus} has besides its events: modules, pools,
 * restarts, and its table's backend and size. Not constructed on its own.
 *
 * @example
 * const bus = new EventBus();
 * const auth = bus.loadModule("mod_auth");
 * bus.restart();
 */
export class EventBusBase {
  readonly #parts: BusParts;
  #generation = 0;

  /**
   * A ready bus (see `EventBus`'s constructor).
   *
   * @param options - Hooks and limits; see {@link EventBusOptions}.
   * @throws {EventsError} `EINVAL` for a bad option.
   * @throws The host's error when `backend: "wasm"` is forced and WebAssembly is refused.
   * @example
   * const bus = new EventBus({ maxDepth: 8 });
   */
  constructor(options?: EventBusOptions) {
    const checked = checkOptions(options);
    const prepared = preparedTable ?? tableSync(checked.backend);
    preparedTable = undefined;
    // A registration the table freed: that event's dispatcher goes (nothing
    // keeps a removed listener or its data reachable until the event is next
    // generated), a dispatch of it under way learns of the removal (§6), and
    // the pattern registrations learn of their slots' removal (§13).
    const eventsById: EventState[] = [];
    const table = new Table(prepared.exports, eventsById, (eventId, slot, inList) => {
      if (inList) invalidate(eventsById[eventId], true); // a withdrawn record was never in a snapshot
      if (registry.patterns.count !== 0) registry.patterns.slotFreed(slot); // no pattern registration: no pattern slot
    });
    const context: DispatchContext = {
      table,
      depth: 0,
      maxDepth: checked.maxDepth,
      onError: checked.onError,
      onStale: checked.onStale,
      codegen: checked.codegen,
      holdingHandles: new Set(),
    };
    // A pattern-only name is never evicted while it is being dispatched (§13).
    const registry: Registry = new Registry(context, eventsById, (state) => state.active !== null || async.runningFor(state.eventId));
    const events = registry.events;
    const async = new AsyncDispatch(context, (name) => events[name] ?? registry.forDispatch(name));
    const generate = (event: string, eventData?: unknown) =>
      (this as unknown as { generate(event: string, eventData?: unknown): void }).generate(event, eventData);
    const modules = new LoadedModules(table, (name) => generate("core.module-unload", name), (rank) => registry.removeModule(rank));
    const pools = new BusPools(table, () => {
      for (const state of context.holdingHandles) invalidate(state, true);
      context.holdingHandles.clear();
    });
    this.#parts = { backend: prepared.backend, table, context, registry, modules, pools, async, generate };
    partsOf.set(this, this.#parts);
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
    return this.#parts.modules.load(name);
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
    const doomed = this.#parts.pools.restartScoped();
    let failure: { error: unknown } | undefined;
    try {
      this.#parts.generate("core.restart");
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
    return this.#parts.pools.permanent;
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
    return this.#parts.pools.createRestartScoped(tag);
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

  // ── Diagnostics ──────────────────────────────────────────────────────────

  /**
   * The table as text: `No events registered`, or for each event that ever had
   * a listener (in the order first registered) `Registered for 'NAME':` and one
   * line per live listener in dispatch order (two spaces, then the module name
   * or `(core)`), or `No handlers registered for 'NAME'`. A pattern's
   * registrations are listed under the pattern, `Registered for pattern
   * 'SOURCE':` (or `No handlers registered for pattern 'SOURCE'`), in the
   * same order, not under each event (§13).
   *
   * @param write - Called with each line, if given.
   * @returns The lines.
   * @throws {EventsError} `EINVAL` if `write` is given and is not a function.
   * @example
   * bus.dump(console.log);
   */
  dump(write?: (line: string) => void): string[] {
    if (write !== undefined && typeof write !== "function") throw errors.invalidWrite(write);
    const { table, registry } = this.#parts, lines = dumpLines(table, registry.patterns, registry.dumpOrder);
    if (write !== undefined) for (const line of lines) write(line);
    return lines;
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
    return this.#parts.backend;
  }

  /**
   * Bytes of this bus's table memory (diagnostics; it grows as the table grows, never shrinks).
   *
   * @example
   * console.log(`table: ${bus.wasmMemoryBytes / 1024} KiB`);
   */
  get wasmMemoryBytes(): number {
    return this.#parts.table.memoryBytes;
  }
}
