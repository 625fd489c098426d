// One interned event's dispatch state: the snapshot derived from its Wasm
// list, the dispatcher currently installed for it, and the marks a dispatch
// under way leaves for nested generates and for the mutation path (§6).
//
// The bus's name map leads straight here, and `generate` calls `state.run`.
// Every field is set in the constructor, so all states share one hidden class
// and the dispatchers' property loads stay monomorphic.

import type { Listener, ListenerInfo, StaleInfo } from "./types.js";
import type { Table } from "./bus-table.js";

/** Where a compiled dispatcher's calls are, as the engine numbers its lines. */
export interface CallLines {
  /** The dispatcher function's name, unique in the process. */
  readonly frameName: string;
  /** Lines the engine puts before a `new Function` body (the probe measured them). */
  readonly bodyOffset: number;
  /** The body line of each listener's call (DispatcherSource.callLines). */
  readonly callLines: readonly number[];
}

/** Errors to throw once a dispatch has finished, if any. */
export type Failures = unknown[] | undefined;

/** What dispatch needs of its bus; one object so states hold one reference. */
export interface DispatchContext {
  readonly table: Table;
  /** Generates under way that dispatch to at least one live listener (§6). */
  depth: number;
  readonly maxDepth: number;
  readonly onError: ((error: unknown, info: ListenerInfo) => void) | undefined;
  readonly onStale: (info: StaleInfo) => void;
  /** Compile dispatchers with `new Function` when the host allows it. */
  readonly codegen: boolean;
  /** States whose snapshot holds values of UserData handles: invalidated when handles end. */
  readonly holdingHandles: Set<EventState>;
}

/**
 * One event's entries as the Wasm table listed them when it was built. Never
 * mutated (but for what it caches): a change builds a new one, and a
 * dispatch under way keeps its own.
 */
export class Snapshot {
  constructor(
    /**
     * The serial the table was about to hand out when this was built: a slot
     * holding a registration with an older serial holds the one listed here
     * (Table.entryState). One number instead of a serial per entry.
     */
    readonly mark: number,
    /** What to call (the listener, or a `once` wrapper), and the user data to pass it. */
    readonly fns: readonly Listener[],
    readonly uds: readonly unknown[],
    /** The listeners as registered (the same array as `fns` when no entry is a `once` wrapper). */
    readonly listeners: readonly Listener[],
    /** Each entry's module name; null when every entry is the core's. */
    readonly modules: readonly (string | null)[] | null,
  ) {}

  /**
   * The slot of each entry (-1: its registration is gone), what the checked
   * path asks the table about; null until first needed (dispatch.ts's
   * entrySlot reads them from the table then). Most snapshots are never
   * checked, and a slot array cost 12.8 bytes per listener of a big table.
   */
  slots: readonly number[] | null = null;

  /** Where the compiled dispatcher of this snapshot calls each listener, if it leaves the cursor to the stack (compiled-dispatcher.ts). */
  callLines: CallLines | null = null;

  /** The module name of entry `i` (null: the core). */
  moduleAt(i: number): string | null {
    return this.modules === null ? null : this.modules[i];
  }
}

/** The snapshot of an event with no entries, or of one whose snapshot was dropped. */
export const EMPTY_SNAPSHOT = new Snapshot(0, [], [], [], null);

/** A dispatcher: called as `state.run(data)`. Shared ones read the state through `this`. */
export type Dispatcher = (this: EventState, data: unknown) => void;

export class EventState {
  /**
   * The dispatcher for the current snapshot; after a change, a stub that
   * rebuilds the snapshot on the event's next generate (dispatch.ts).
   */
  run: Dispatcher;
  /**
   * The snapshot of the innermost dispatch of this event under way, or null
   * when none is: a generate that finds it set is nested in its own event and
   * takes the checked path (§6 re-entrancy).
   */
  active: Snapshot | null = null;
  /**
   * Index of the entry the innermost dispatch under way is calling; -1 when
   * it calls none (a hook runs); CURSOR_ON_STACK in a compiled dispatch that
   * leaves it to the stack (compiled-dispatcher.ts).
   */
  cursor = -1;
  /**
   * Set by the mutation path when it removes (or makes stale) a registration
   * of this event while a dispatch of it is under way: the dispatch checks it
   * after each listener and finishes on the checked path (§6). Cleared when
   * the outermost dispatch ends or a new snapshot is built with none under way.
   */
  changed = false;
  /** The current snapshot (EMPTY_SNAPSHOT until built, and once dropped). */
  snapshot: Snapshot = EMPTY_SNAPSHOT;
  /** The lone listener and its user data, for the one-listener dispatcher. */
  f0: Listener | undefined = undefined;
  u0: unknown = undefined;
  /** Generates the loop dispatcher has served since the snapshot was built (compile threshold). */
  uses = 0;
  /** Live (non-stale) entries in the snapshot: a generate counts towards the depth iff > 0 (§6). */
  live = 0;
  /**
   * Enclosing dispatch frames of this event, flat [snapshot, index of the
   * listener it is calling (-1: none), its cursor as it was, ...]; only once nested.
   */
  outer: (Snapshot | number)[] | undefined = undefined;
  /** Has the event ever had a listener registered for its name (dump lists those, §10)? */
  everRegistered = false;
  /**
   * Interned only because patterns match it (§13): held in the bounded
   * cache of such names (patterns/name-cache.ts) and evicted from it, until
   * registered for exactly or given an EventRef.
   */
  patternOnly = false;
  // The table's view of the event (table-shapes.ts's LoggedEvent): its list
  // record's word index, and its records in the pending log.
  listAt = 0;
  pendingMark = -1;
  pendingLive = 0;

  constructor(
    readonly ctx: DispatchContext,
    readonly eventId: number,
    readonly name: string,
    initial: Dispatcher,
  ) {
    this.run = initial;
  }
}
