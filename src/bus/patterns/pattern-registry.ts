// A bus's pattern registrations (§13): registering one (matched against
// the names already interned), inserting its entries into a newly interned
// name's list (registry.ts calls insertSlots), removing them (unregister,
// `once`, an abort, a module's unload, stale user data), and their dump.
//
// Order and membership live in the Wasm table: each entry of a pattern
// registration is a slot of the event's list, inserted and removed through
// bus-table.ts like any registration's, so exact and pattern listeners
// interleave by module load order (§5) and a dispatch under way sees
// changes as §6 says. What is kept here is bookkeeping: which slots belong
// to which registration (function identity and registration membership are
// JavaScript matters, §9).

import type { Listener, Registration } from "../types.js";
import type { Table } from "../bus-table.js";
import type { EventState } from "../event-state.js";
import type { PatternListener } from "./pattern-types.js";
import { invalidate } from "../dispatch.js";
import { duplicatePatternListener } from "../errors.js";
import { PatternEntry, PatternMatcher } from "./matcher.js";
import { matchesName } from "./pattern.js";
import { PatternRegistrationImpl, type PatternHandle, type PatternRegistrationOwner } from "./pattern-registration.js";

export type PatternSourceEntry = PatternEntry<PatternRegistrationImpl>;

/** What the registry needs of the bus's names. */
interface PatternHooks {
  /** Every interned event, to match a new pattern against. */
  interned(): Iterable<EventState>;
  /** A pattern source registered for the first time: dump lists it from now on (§10). */
  entryMade(entry: PatternSourceEntry): void;
  /** A pattern was registered: names remembered as unmatched may match now. */
  registered(): void;
}

/** A pattern registration's arguments, checked by the bus (§8: nothing can fail after the duplicate check). */
interface PatternRegistrationArguments {
  readonly source: string;
  readonly segments: readonly string[];
  readonly rank: number;
  readonly moduleName: string | null;
  readonly listener: PatternListener<any, any>;
  readonly userData: unknown;
  readonly handle: PatternHandle | undefined;
  readonly once: boolean;
  readonly signal: AbortSignal | undefined;
}

export class PatternRegistry implements PatternRegistrationOwner {
  readonly #matcher = new PatternMatcher<PatternRegistrationImpl>();
  /** Each pattern slot's registration. */
  readonly #slotOwners = new Map<number, PatternRegistrationImpl>();
  /** Registrations one of whose slots was removed from outside (stale user data): ended by settle(). */
  readonly #ending: PatternRegistrationImpl[] = [];
  #nextOrder = 0;
  /** Registrations not ended (stale ones included): while 0, new names are not matched at all. */
  count = 0;
  /** Set while a pattern-only name is evicted: removing its slots does not end their registrations. */
  evicting = false;

  constructor(
    readonly table: Table,
    readonly hooks: PatternHooks,
  ) {
    table.afterFreed = () => this.#settle();
  }

  /**
   * Registers a pattern (the bus checked every argument). The same listener
   * with the same pattern is EEXIST, unless that registration's user data
   * went stale: it is then replaced silently (§7).
   */
  register(args: PatternRegistrationArguments): Registration {
    const { source, listener, moduleName } = args;
    const known = this.#matcher.entry(source);
    const existing = known?.registrations.find((registration) => registration.listener === listener);
    if (existing !== undefined) {
      if (existing.live) throw duplicatePatternListener(source, moduleName, listener, existing.moduleName);
      this.end(existing);
    }
    const { entry, made } = this.#matcher.entryFor(source, args.segments);
    if (made) this.hooks.entryMade(entry);
    const userData = args.handle === undefined ? args.userData : undefined;
    const registration = new PatternRegistrationImpl(
      this, source, this.#nextOrder++, args.rank, moduleName, listener, userData, args.handle, args.once,
    );
    entry.registrations.push(registration);
    this.count++;
    for (const state of this.hooks.interned()) {
      if (matchesName(entry.segments, state.name)) this.#insertSlot(registration, state);
    }
    this.hooks.registered();
    const signal = args.signal;
    if (signal !== undefined) {
      const onAbort = () => this.end(registration);
      signal.addEventListener("abort", onAbort, { once: true });
      registration.detach = () => signal.removeEventListener("abort", onAbort);
    }
    return registration;
  }

  /** The registrations of every pattern matching `name`, in registration order. */
  match(name: string): PatternRegistrationImpl[] {
    return this.#matcher.match(name);
  }

  /** A newly interned name's entries, one per registration of `match(name)`, inserted in registration order (§5). */
  insertSlots(state: EventState, registrations: readonly PatternRegistrationImpl[]): void {
    for (const registration of registrations) this.#insertSlot(registration, state);
  }

  #insertSlot(registration: PatternRegistrationImpl, state: EventState): void {
    const table = this.table;
    const slot = table.insertPatternSlot(
      state, registration.rank, registration.listener as Listener, registration.callFor(state.name), registration.userData,
      registration.handle,
    );
    registration.slots.set(slot, table.lastSerial);
    this.#slotOwners.set(slot, registration);
    invalidate(state, false); // the list will change; a dispatch under way keeps its snapshot (§6)
  }

  /** Ends `registration`: every slot removed through the table. True if it was live (not stale, not ended). */
  end(registration: PatternRegistrationImpl): boolean {
    if (registration.ended) return false;
    const live = registration.live;
    registration.ended = true;
    this.count--;
    registration.detach?.();
    registration.detach = undefined;
    const list = this.#matcher.entry(registration.source)!.registrations;
    list.splice(list.indexOf(registration), 1);
    for (const [slot, serial] of registration.slots) {
      this.#slotOwners.delete(slot); // forgotten first: the table's report of its removal is then no news
      this.table.remove(slot, serial);
    }
    registration.slots.clear();
    return live;
  }

  /**
   * The table freed `slot` (the bus forwards every freed slot). A pattern
   * slot removed by anything but its registration's own end (stale user data
   * reported by a dispatch, §7) ends the whole registration: settle() does
   * it once the table's freed loop is over. An eviction's removals do not.
   */
  slotFreed(slot: number): void {
    const registration = this.#slotOwners.get(slot);
    if (registration === undefined) return;
    this.#slotOwners.delete(slot);
    registration.slots.delete(slot);
    if (!this.evicting) this.#ending.push(registration);
  }

  #settle(): void {
    while (this.#ending.length !== 0) this.end(this.#ending.pop()!);
  }

  /**
   * Ends the registrations matching every filter (`any`: any module;
   * `source` undefined: any pattern; `listener` undefined: any listener).
   * Returns how many live ones it ended (one per registration, however many
   * events it covered; stale ones are ended and not counted, §4).
   */
  unregister(rank: number, any: number, source: string | undefined, listener: Function | undefined): number {
    if (this.count === 0) return 0;
    let removed = 0;
    const entries = source === undefined ? this.#matcher.entries() : [this.#matcher.entry(source)];
    for (const entry of entries) {
      if (entry === undefined) continue;
      for (const registration of [...entry.registrations]) {
        if (rank !== any && registration.rank !== rank) continue;
        if (listener !== undefined && registration.listener !== listener) continue;
        if (this.end(registration)) removed++;
      }
    }
    return removed;
  }

  /** dump (§10): the pattern's live registrations in dispatch order (§5), under the pattern. */
  dumpLines(entry: PatternSourceEntry): string[] {
    const coreRank = this.table.coreRank;
    const live = entry.registrations.filter((registration) => registration.live);
    // The module loaded last first, within a module the newest first; the core last, oldest first.
    live.sort((a, b) => b.rank - a.rank || (a.rank === coreRank ? a.order - b.order : b.order - a.order));
    if (live.length === 0) return [`No handlers registered for pattern '${entry.source}'`];
    return [`Registered for pattern '${entry.source}':`, ...live.map((registration) => `  ${registration.moduleName ?? "(core)"}`)];
  }
}
