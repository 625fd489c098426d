// A bus's names and registrations: interning names to event ids, exact
// registrations and their removal by filters (§4), and, through the pattern
// registry, pattern registrations (§13). The bus checks every argument
// first; from here on nothing fails (§8), except the duplicate check, which
// runs before the first write.
//
// Names and patterns meet at intern time, never per generate (§13): a name
// is matched against the patterns when first interned, a pattern against
// the interned names when registered. A name only patterns match is held
// in a bounded cache (patterns/name-cache.ts) and evicted from it: its
// pattern slots are removed through the table and its event id recycled,
// so a unique name per request does not grow the bus.

import type { Listener, Registration } from "./types.js";
import type { Table } from "./bus-table.js";
import type { HeldHandle } from "./table-shapes.js";
import { EventState, type DispatchContext } from "./event-state.js";
import { invalidate, rebuildAndRun } from "./dispatch.js";
import { nameMap } from "./event-ref.js";
import { RegistrationImpl } from "./registration.js";
import { PatternRegistry, type PatternSourceEntry } from "./patterns/pattern-registry.js";
import { PATTERN_NAME_CAPACITY, PatternNames } from "./patterns/name-cache.js";
import * as errors from "./errors.js";

/** What dump lists, in the order first registered (§10): events registered for by name, and patterns. */
export type DumpEntry = EventState | PatternSourceEntry;

export class Registry {
  /** Interned names: name -> event state (and event id); `generate` calls the state's dispatcher. */
  readonly events: Record<string, EventState | undefined> = nameMap();
  /** Event ids of evicted pattern-only names, for the next name interned. */
  readonly #freeIds: number[] = [];
  /** Events that ever had a listener registered by name, and patterns that ever had a registration, in that order (§10). */
  readonly dumpOrder: DumpEntry[] = [];
  readonly patterns: PatternRegistry;
  readonly #names: PatternNames;
  /**
   * The name interned last and its state: a register and the unregister
   * that follows usually name the same event, and a compare is cheaper
   * than a lookup in the name map. Never a pattern-only name (intern keeps
   * the names it returns; only pattern-only names are evicted).
   */
  #lastName = "";
  #lastState: EventState | undefined = undefined;

  constructor(
    readonly ctx: DispatchContext,
    /** The same states by event id (the table reports freed registrations by event id). */
    readonly eventsById: EventState[],
    /** Is a dispatch of `state` under way (generate, or a pending generateAsync)? Such a name is not evicted. */
    readonly dispatching: (state: EventState) => boolean,
    capacity = PATTERN_NAME_CAPACITY,
  ) {
    this.patterns = new PatternRegistry(ctx.table, {
      interned: () => this.#interned(),
      entryMade: (entry) => this.dumpOrder.push(entry),
      registered: () => this.#names.forgetUnmatched(),
    });
    this.#names = new PatternNames(capacity, (state) => this.#evict(state));
  }

  get table(): Table {
    return this.ctx.table;
  }

  /** The state of `name`, interned (and matched against the patterns) on first use; kept for good. */
  intern(name: string): EventState {
    if (name === this.#lastName) return this.#lastState!;
    let state = this.events[name];
    if (state === undefined) {
      state = this.#create(name);
      if (this.patterns.count !== 0) {
        const matched = this.patterns.match(name);
        if (matched.length !== 0) this.patterns.insertSlots(state, matched);
      }
    } else if (state.patternOnly) {
      state.patternOnly = false;
      this.#names.keep(state);
    }
    this.#lastName = name;
    this.#lastState = state;
    return state;
  }

  /**
   * For generate, listening and generateAsync of a name never interned: if
   * patterns match it, its state, interned now and held as a pattern-only
   * name; otherwise undefined (remembered, so the next time costs one lookup).
   */
  forDispatch(name: string): EventState | undefined {
    if (this.patterns.count === 0 || this.#names.isUnmatched(name)) return undefined;
    const matched = this.patterns.match(name);
    if (matched.length === 0) {
      this.#names.noteUnmatched(name);
      return undefined;
    }
    const state = this.#create(name);
    state.patternOnly = true;
    this.patterns.insertSlots(state, matched);
    this.#names.hold(state);
    return state;
  }

  #create(name: string): EventState {
    const eventId = this.#freeIds.length !== 0 ? this.#freeIds.pop()! : this.eventsById.length;
    const state = new EventState(this.ctx, eventId, name, rebuildAndRun);
    this.table.attach(state);
    this.events[name] = state;
    this.eventsById[eventId] = state;
    return state;
  }

  /** Forgets a pattern-only name: its slots removed through the table, its id free for the next name. */
  #evict(state: EventState): boolean {
    if (this.dispatching(state)) return false;
    const patterns = this.patterns;
    patterns.evicting = true;
    try {
      this.table.removeMatching(state.eventId, this.table.any);
    } finally {
      patterns.evicting = false;
    }
    // Deleted, not set to undefined: the key itself would stay. (An eviction
    // only happens past thousands of names, when V8 keeps the map as a
    // dictionary already: deleting costs its lookups nothing.)
    delete this.events[state.name];
    if (this.#lastState === state) {
      this.#lastName = "";
      this.#lastState = undefined;
    }
    this.ctx.holdingHandles.delete(state);
    state.patternOnly = false;
    this.#freeIds.push(state.eventId);
    return true;
  }

  /** The interned events (not the evicted ones whose ids wait for reuse). */
  *#interned(): Generator<EventState> {
    for (const state of this.eventsById) if (this.events[state.name] === state) yield state;
  }

  /**
   * Registers `listener` for `event` (§4); the bus checked the arguments.
   * EEXIST for a live duplicate; a stale one is replaced silently (§7).
   */
  register(
    event: string, rank: number, moduleName: string | null, listener: Listener, userData: unknown,
    handle: HeldHandle | undefined, once: boolean, signal: AbortSignal | undefined,
  ): Registration {
    // ── HOT PATH (register) ── the duplicate check by a scan of the event's
    // functions (§9: identity is a JS matter), then a record in the pending
    // log: no call into Wasm unless a stale registration must make way.
    const table = this.table, state = this.intern(event), existing = table.findListener(state, listener);
    if (existing !== -1) {
      if (table.isLive(existing)) {
        throw errors.duplicateListener(event, moduleName, listener, table.moduleNames[table.foundRank]);
      }
      table.removeSlot(existing); // §7: a stale registration of the same listener is replaced silently
    }
    const slot = table.insert(state, rank, listener, userData, handle, once);
    invalidate(state, false); // the list will change; a dispatch under way keeps its snapshot (§6)
    const registration = new RegistrationImpl(table, slot, table.lastSerial);
    if (!state.everRegistered) {
      state.everRegistered = true;
      this.dumpOrder.push(state);
    }
    if (signal !== undefined) table.watch(slot, registration.serial, signal);
    return registration;
  }

  /**
   * Removes every registration matching all the filters (`rank` any: every
   * module; undefined: anything), exact and pattern ones (§4, §13): an event
   * filter matches the registrations of that name, a pattern filter those of
   * exactly that pattern. Returns how many live registrations went.
   */
  unregister(rank: number, event: string | undefined, source: string | undefined, listener: Function | undefined): number {
    const table = this.table, any = table.any;
    if (source !== undefined) return this.patterns.unregister(rank, any, source, listener);
    if (event !== undefined) {
      if (listener !== undefined) return this.unregisterNamed(rank, event, listener);
      const state = this.events[event];
      return state === undefined ? 0 : this.#removeByName(state, rank);
    }
    let removed = this.patterns.unregister(rank, any, undefined, listener);
    if (listener === undefined) return removed + table.removeMatching(any, rank);
    // Every event: a scan of each one's functions (rare: unregister by listener alone).
    for (const entry of this.dumpOrder) if (entry instanceof EventState) removed += this.table.removeListener(entry, rank, listener);
    return removed;
  }

  /**
   * Removes `listener`'s registration for `event` if its module matches
   * `rank` (`any`: every module); the bus checked the arguments.
   */
  unregisterNamed(rank: number, event: string, listener: Function): number {
    // ── HOT PATH (unregister by name and listener): the name (a compare when
    // it is the one interned last), then the table: the registration logged
    // last without a search, else a scan of the event's functions; a store
    // or two into the pending log, or one call into Wasm.
    const state = event === this.#lastName ? this.#lastState : this.events[event];
    return state === undefined ? 0 : this.table.removeListener(state, rank, listener);
  }

  /** A module's unload (§4): its pattern registrations (one count each), then its other listeners. */
  removeModule(rank: number): number {
    return this.patterns.unregister(rank, this.table.any, undefined, undefined) + this.table.removeMatching(this.table.any, rank);
  }

  /**
   * The registrations of `state`'s name by `rank`'s module: one call into
   * Wasm, or, while patterns have slots in lists, one per registration so
   * that pattern slots stay (a pattern filter removes those, §13). Which
   * slot is whose is a JavaScript matter; the removal is the Wasm's (§9).
   */
  #removeByName(state: EventState, rank: number): number {
    const table = this.table;
    if (this.patterns.count === 0) return table.removeMatching(state.eventId, rank);
    const entries = table.entriesOf(state.eventId), slots: number[] = [];
    for (let i = 0; i < entries.length; i++) {
      const slot = entries.slot(i);
      if ((rank === table.any || entries.rank(i) === rank) && !table.isPatternSlot(slot)) slots.push(slot);
    }
    let removed = 0;
    for (const slot of slots) removed += table.removeSlot(slot);
    return removed;
  }
}
