// Bounded memory for names only patterns match (§13): a server that
// generates a unique name per request (`user.8412.login`) must not grow the
// bus by one interned event per request.
//
// - Pattern-only names (interned because a pattern matched them when first
//   generated, never registered for exactly, no EventRef) are held here,
//   oldest first. Past `capacity` the oldest one that is not being
//   dispatched is evicted: its pattern slots are removed through the table
//   and its event id recycled (registry.ts); seen again, it is matched again.
//   First in, first out rather than least recently used: recording each use
//   would cost every generate a store, and a generate must stay one lookup
//   and the event's dispatcher (§13). A name in steady use is matched again
//   once per `capacity` new names.
// - Names no pattern matches are remembered (up to `capacity`, oldest
//   forgotten first), so that generating them again does not walk the
//   patterns each time. Forgotten whenever a pattern is registered.

import type { EventState } from "../event-state.js";

/** Default bound of both sets: a few thousand names. */
export const PATTERN_NAME_CAPACITY = 4096;

export class PatternNames {
  /** Pattern-only names, in the order first interned (a Set iterates in insertion order). */
  readonly #held = new Set<EventState>();
  /** Names no pattern matched when last looked at. */
  readonly #unmatched = new Set<string>();

  constructor(
    readonly capacity: number,
    /** Evicts `state` unless it is being dispatched; false if it could not. */
    readonly evict: (state: EventState) => boolean,
  ) {}

  /** Holds a newly interned pattern-only name, evicting the oldest ones past capacity. */
  hold(state: EventState): void {
    this.#held.add(state);
    if (this.#held.size <= this.capacity) return;
    for (const oldest of this.#held) {
      if (oldest === state) break; // everything older is being dispatched: over capacity until it ends
      this.#held.delete(oldest);
      if (this.evict(oldest)) return;
      this.#held.add(oldest); // being dispatched: kept, as the newest
    }
  }

  /** `state` is no longer pattern-only (registered for exactly, or given an EventRef): kept for good. */
  keep(state: EventState): void {
    this.#held.delete(state);
  }

  isUnmatched(name: string): boolean {
    return this.#unmatched.has(name);
  }

  noteUnmatched(name: string): void {
    if (this.#unmatched.size >= this.capacity) {
      for (const oldest of this.#unmatched) {
        this.#unmatched.delete(oldest);
        break;
      }
    }
    this.#unmatched.add(name);
  }

  /** A pattern was registered: any name may match now. */
  forgetUnmatched(): void {
    this.#unmatched.clear();
  }
}
