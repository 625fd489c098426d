// `bus.event(name)`: an EventRef bound to one interned event.

import type { EventRef } from "./types.js";
import type { EventState } from "./event-state.js";
import { loneListenerFailed, loneListenerReturned } from "./dispatch.js";

/** `bus.event(name)`: the state is held directly, so generate skips the name lookup. */
export class EventRefImpl implements EventRef {
  readonly #state: EventState;
  constructor(state: EventState) {
    this.#state = state;
  }
  get name(): string {
    return this.#state.name;
  }
  generate(eventData?: unknown): void {
    // HOT PATH: the event's dispatcher, straight; one listener dispatched
    // here, as in EventBus.generate (duplicated for the same reason).
    const state = this.#state, fn = state.f0, ctx = state.ctx;
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
  }
  listening(): number {
    return this.#state.ctx.table.listenerCount(this.#state.eventId);
  }
}

/**
 * An empty object without a prototype that V8 keeps in fast mode (an object
 * from `Object.create(null)` starts as a dictionary, and a lookup in it cost
 * 2.6x as much as in a fast-mode one; Dec 2026, Node 20). Past some hundred
 * names V8 turns it into a dictionary anyway, as it does every peer's map.
 */
export function nameMap<T>(): Record<string, T | undefined> {
  const map: Record<string, T | undefined> = {};
  Object.setPrototypeOf(map, null);
  return map;
}
