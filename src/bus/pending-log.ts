// The pending log seen from JS (§9, batched mutations): registrations
// written into Wasm memory with typed-array stores, which the Wasm applies
// (assembly/bus/insert.ts) before anything reads or changes the table. Table
// (bus-table.ts) decides what to write and when to apply; this file only knows
// the records' place and layout. Positions are word indices into
// `views.i32`, valid until the log is next applied.

import type { BusTableExports } from "../table/backends.js";
import type { Views } from "../table/views.js";

export class PendingLog {
  /** Where the records start, the count word, the apply-count word (word indices). */
  readonly #at: number;
  readonly #countIndex: number;
  readonly #appliedIndex: number;
  // The record layout (assembly/layout.ts).
  readonly #words: number;
  readonly #capacity: number;
  readonly #event: number;
  readonly #rank: number;
  readonly #slot: number;
  readonly #serial: number;
  readonly #handle: number;
  readonly #handleGen: number;
  /** The rank field of a withdrawn record (as i32: -1). */
  readonly #withdrawn: number;

  constructor(
    wasm: BusTableExports,
    readonly views: Views,
  ) {
    this.#at = wasm.pendingAddress() >>> 2;
    this.#countIndex = wasm.pendingCountAddress() >>> 2;
    this.#appliedIndex = wasm.appliedAddress() >>> 2;
    this.#words = wasm.PENDING_WORDS.value;
    this.#capacity = wasm.PENDING_CAPACITY.value;
    this.#event = wasm.PENDING_EVENT.value;
    this.#rank = wasm.PENDING_RANK.value;
    this.#slot = wasm.PENDING_SLOT.value;
    this.#serial = wasm.PENDING_SERIAL.value;
    this.#handle = wasm.PENDING_HANDLE.value;
    this.#handleGen = wasm.PENDING_HANDLE_GEN.value;
    this.#withdrawn = wasm.PENDING_WITHDRAWN.value | 0;
  }

  /** Records written since the log was last applied. */
  count(): number {
    return this.views.i32[this.#countIndex];
  }

  isFull(): boolean {
    return this.views.i32[this.#countIndex] === this.#capacity;
  }

  /** How many times the Wasm has applied a non-empty log: a record written now is pending while this stays the same. */
  applied(): number {
    return this.views.i32[this.#appliedIndex];
  }

  /** Appends a registration's record (the log is not full) and returns its position. `handle` is NO_HANDLE (-1) for none. */
  write(eventId: number, rank: number, slot: number, serial: number, handle: number, handleGen: number): number {
    const i32 = this.views.i32, count = i32[this.#countIndex], at = this.#at + count * this.#words;
    i32[at + this.#event] = eventId;
    i32[at + this.#rank] = rank;
    i32[at + this.#slot] = slot;
    i32[at + this.#serial] = serial; // a serial past 2^31 is stored as its i32 bits, which the Wasm reads as u32
    i32[at + this.#handle] = handle;
    i32[at + this.#handleGen] = handle === -1 ? 0 : handleGen;
    i32[this.#countIndex] = count + 1;
    return at;
  }

  /**
   * The newest record of `eventId` whose slot holds `listener` (its call in
   * `calls`, or for `once` its entry in `once`), or -1. Withdrawn records
   * hold no function any more, so they never match.
   */
  find(eventId: number, listener: Function, calls: readonly (Function | undefined)[], once: Map<number, Function> | undefined): number {
    const i32 = this.views.i32, words = this.#words;
    for (let at = this.#at + (i32[this.#countIndex] - 1) * words; at >= this.#at; at -= words) {
      if (i32[at + this.#event] !== eventId) continue;
      const slot = i32[at + this.#slot];
      if (calls[slot] === listener || (once !== undefined && once.get(slot) === listener)) return at;
    }
    return -1;
  }

  /**
   * Where (slot, serial)'s record is, or -1 if it is not in the log (applied,
   * or gone). A slot is not handed out again before the Wasm frees it, so
   * within one log a slot names one registration.
   */
  locate(slot: number, serial: number): number {
    const i32 = this.views.i32, words = this.#words;
    for (let at = this.#at + (i32[this.#countIndex] - 1) * words; at >= this.#at; at -= words) {
      if (i32[at + this.#slot] !== slot) continue;
      return i32[at + this.#serial] === (serial | 0) ? at : -1;
    }
    return -1;
  }

  slotAt(at: number): number {
    return this.views.i32[at + this.#slot];
  }

  rankAt(at: number): number {
    return this.views.i32[at + this.#rank];
  }

  eventAt(at: number): number {
    return this.views.i32[at + this.#event];
  }

  isWithdrawn(at: number): boolean {
    return this.views.i32[at + this.#rank] === this.#withdrawn;
  }

  /** Marks the record at `at` withdrawn: the Wasm inserts nothing for it and frees its slot when it applies the log. */
  withdraw(at: number): void {
    this.views.i32[at + this.#rank] = this.#withdrawn;
  }

  /**
   * Takes the newest record out of the log if it is the one at `at`: the
   * Wasm never sees it, so its slot is JS's to hand out again at once.
   * Returns whether it did (false: an older record, to be withdrawn in place).
   */
  dropIfNewest(at: number): boolean {
    const i32 = this.views.i32, count = i32[this.#countIndex];
    if (at !== this.#at + (count - 1) * this.#words) return false;
    i32[this.#countIndex] = count - 1;
    return true;
  }
}
