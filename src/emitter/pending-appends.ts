// The emitters' pending log seen from JS (§9, batched mutations; the Wasm
// side is assembly/emitter/pending.ts): `on` writes its append as a record in
// Wasm memory with typed-array stores instead of a call, and `off` of an
// append still logged withdraws it there. The Wasm applies the log before
// anything reads or changes a list: each of its exports does it first, and
// JS calls applyPending (emitter-table.ts) before reading a list's memory.
// The bus's log (bus/pending-log.ts) is the same mechanism with its own records.
//
// One instance for the process, a constant of this module, whose fields are
// set when the table is made: V8 folds the constant into optimized code and
// reads each field with one load, where a module `let` costs a cell load and
// a hole check on every use.

import type { EmitterTableExports } from "../table/backends.js";

export class PendingAppends {
  /** The table's memory as i32 words (replaced when it grows, by emitter-table.ts's refreshViews). */
  i32: Int32Array = new Int32Array(0);
  /** Word index of the first record, and of the count word. */
  at = 0;
  countAt = 0;
  // The record layout (assembly/emitter/pending.ts).
  words = 2;
  list = 0;
  slot = 1;
  /** The list field of a withdrawn record (as i32: -1; no list has that id, so no scan for a list stops there). */
  withdrawn = -1;
  capacity = 0;
  /** The append as a Wasm call, for a full log (emitter-table.ts: it applies the log first). Returns the new length. */
  appendNow: (list: number, slot: number) => number = () => 0;

  /** Reads the log's place and layout from the table, once, when it is made. */
  attach(wasm: EmitterTableExports, appendNow: (list: number, slot: number) => number): void {
    this.at = wasm.emitterPendingAddress() >>> 2;
    this.countAt = wasm.emitterPendingCountAddress() >>> 2;
    this.words = wasm.EMITTER_PENDING_WORDS.value;
    this.list = wasm.EMITTER_PENDING_LIST.value;
    this.slot = wasm.EMITTER_PENDING_SLOT.value;
    this.withdrawn = wasm.EMITTER_PENDING_WITHDRAWN.value | 0;
    this.capacity = wasm.EMITTER_PENDING_CAPACITY.value;
    this.appendNow = appendNow;
  }

  /** Records written since the log was last applied (0 before the table exists). */
  count(): number {
    return this.i32.length === 0 ? 0 : this.i32[this.countAt];
  }

  // ── HOT PATH ── every `on` of an event with a list: three typed-array
  // stores; a call only when the log is full.
  /** Appends `slot` to `list`, which had `length` entries (applied or logged). Returns the new length. */
  append(list: number, slot: number, length: number): number {
    const i32 = this.i32, count = i32[this.countAt];
    if (count === this.capacity) return this.appendNow(list, slot);
    const at = this.at + count * this.words;
    i32[at + this.list] = list;
    i32[at + this.slot] = slot;
    i32[this.countAt] = count + 1;
    return length + 1;
  }

  // ── HOT PATH ── every `off` of an event with a list: the newest record
  // looked at in a few loads (after an `on`, it is that `on`'s append); the
  // scan of the older ones is a call, so that this stays small enough to be
  // inlined with `off` into its caller.
  /**
   * Withdraws the newest logged append to `list` whose function (by slot in
   * `fns`) is `fn` or has `fn` as its `.listener`: the list's last such
   * entry, since logged appends follow every applied one. The newest record
   * leaves the log; an older one is marked withdrawn. Returns its slot, or -1
   * (none logged: the caller applies the log and scans the list).
   */
  withdraw(list: number, fns: readonly (Function | number)[], fn: unknown): number {
    const i32 = this.i32, count = i32[this.countAt]; // a list exists, so does the table
    const newest = this.at + (count - 1) * this.words;
    if (count !== 0 && i32[newest + this.list] === list) {
      const slot = i32[newest + this.slot];
      if (fns[slot] === fn) {
        i32[this.countAt] = count - 1;
        return slot;
      }
    }
    return this.withdrawLogged(list, fns, fn);
  }

  /** withdraw's scan, newest first, of every record (a `.listener` match, or an append older than the newest). */
  private withdrawLogged(list: number, fns: readonly (Function | number)[], fn: unknown): number {
    const i32 = this.i32, words = this.words, count = i32[this.countAt];
    const newest = this.at + (count - 1) * words;
    for (let at = newest; at >= this.at; at -= words) {
      if (i32[at + this.list] !== list) continue; // another list's, or withdrawn
      const slot = i32[at + this.slot];
      const candidate = fns[slot] as Function;
      if (candidate !== fn && (candidate as { listener?: unknown }).listener !== fn) continue;
      if (at === newest) i32[this.countAt] = count - 1;
      else i32[at + this.list] = this.withdrawn;
      return slot;
    }
    return -1;
  }
}
