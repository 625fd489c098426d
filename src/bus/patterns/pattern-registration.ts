// What `register(module, pattern, listener)` returns (§13): one registration
// covering every event the pattern matches. It has one entry (a slot of the
// Wasm table) in each matching interned event's list, at the place a
// registration of its module would take (§5); its listener is called for
// each through a function that adds the event name.

import type { Listener, Registration } from "../types.js";
import type { PatternListener } from "./pattern-types.js";
import type { HeldHandle } from "../table-shapes.js";

/** A user-data handle as a pattern registration needs it: the table's view, and whether it is stale. */
export interface PatternHandle extends HeldHandle {
  readonly stale: boolean;
}

/** What a registration asks of the registry that made it. */
export interface PatternRegistrationOwner {
  /** Ends `registration` (all its slots); true if it was live. */
  end(registration: PatternRegistrationImpl): boolean;
}

export class PatternRegistrationImpl implements Registration {
  /** Its entries: slot -> the serial the table stamped it with. */
  readonly slots = new Map<number, number>();
  /** True once removed (any way). */
  ended = false;
  /** Removes the abort listener of its signal, if it has one. */
  detach: (() => void) | undefined = undefined;

  constructor(
    readonly owner: PatternRegistrationOwner,
    readonly source: string,
    /** Registration order among the bus's pattern registrations: matching at intern time inserts in this order. */
    readonly order: number,
    readonly rank: number,
    readonly moduleName: string | null,
    readonly listener: PatternListener<any, any>,
    /** Plain user data (undefined for a handle). */
    readonly userData: unknown,
    readonly handle: PatternHandle | undefined,
    readonly once: boolean,
  ) {}

  /** Removed, or its user data went stale? */
  get live(): boolean {
    return !this.ended && (this.handle === undefined || !this.handle.stale);
  }

  get active(): boolean {
    return this.live;
  }

  unregister(): boolean {
    return this.owner.end(this);
  }

  [Symbol.dispose](): void {
    this.unregister();
  }

  /**
   * What the dispatcher calls for event `name`: the listener with the event
   * name as third argument, through a local (so `this` stays undefined, §4).
   * `once` ends the whole registration (every slot) before the listener runs.
   */
  callFor(name: string): Listener {
    const listener = this.listener;
    if (!this.once) return (eventData, userData) => listener(eventData, userData, name);
    return (eventData, userData) => {
      this.owner.end(this);
      return listener(eventData, userData, name);
    };
  }
}
