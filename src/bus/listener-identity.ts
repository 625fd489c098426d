// Function identity on one bus's table (§4: a function is registered at
// most once per event; unregister by listener): the duplicate check and
// unregister-by-listener find a function's registration by scanning the
// event's records still in the pending log, then its entries in Wasm memory,
// by slot. No call into Wasm. The memos that make a register/unregister
// churn skip the scan live here too, each a JS cache the Wasm's change
// invalidates (§9). Table (bus-table.ts) extends this class rather than
// owning a helper object: register and unregister read these fields on the
// table itself, with no extra hop, as before they moved here.

import type { Listener } from "./types.js";
import type { Views } from "../table/views.js";
import type { PendingLog } from "./pending-log.js";
import type { LoggedEvent } from "./table-shapes.js";
import { SlotArrays } from "./slot-arrays.js";

/**
 * An event with this many registrations in the pending log has it applied
 * before findListener looks for a function: a record costs more to scan
 * than a list entry (its event is compared too, and others' records are
 * passed over).
 */
const LOG_SCAN_LIMIT = 4;

export abstract class ListenerIdentity extends SlotArrays {
  // The table's memory and layout, which Table (bus-table.ts) sets up.
  abstract readonly views: Views;
  abstract readonly entryWords: number;
  abstract readonly entrySlot: number;
  abstract readonly entryRank: number;
  abstract readonly listEntries: number;
  abstract readonly listLength: number;
  /** Applies the pending log, if it holds anything (Table.flush). */
  abstract flush(): void;

  /** The rank of the entry findListener found last. */
  foundRank = 0;
  /** Where in the pending log the registration findListener found last is (a word index), or -1: applied. */
  foundAt = -1;

  // The functions of one event's Wasm list in list order, kept for the
  // duplicate check once that list was scanned twice unchanged (a register
  // and unregister going round: churn), and let go as soon as it changes
  // (a record of it applied, a removal from it): §9, a JS cache the Wasm's
  // change invalidates. One event per table, so no event pays bytes for it.
  #keptFor: LoggedEvent | undefined = undefined;
  #kept: Function[] = [];
  // The event findListener last scanned in full, and the log's apply count then.
  #scannedFor: LoggedEvent | undefined = undefined;
  #scannedAt = -1;
  // The last function a scan of an event's Wasm list did not find: until a
  // record is applied, a list only loses entries, so the function is still
  // not in it. A register of the function just unregistered (churn) skips
  // the scan. Every Wasm call that can apply the log ends in Table's
  // #afterMutation, which forgets it (forgetAbsent): that is the one guard,
  // and it also means the memo holds that one function only until the next
  // miss or Wasm call (a function unregistered last stays reachable until
  // the bus next registers or changes its table; a WeakRef costs a pair a
  // quarter of its time).
  #absentFrom: LoggedEvent | undefined = undefined;
  #absentFn: Function | undefined = undefined;

  /** @param log - The table's pending log of registrations (pending-log.ts). */
  constructor(protected readonly log: PendingLog) {
    super();
  }

  /**
   * The slot in which `listener` is registered for `state`'s event, or -1
   * (its rank in `foundRank`). A function is in an event's list at most once
   * (the duplicate check sees to it), so the first match is the one. Reads
   * the records this event still has in the pending log, then its entries
   * in Wasm memory: no call. Budget: a load and a compare per entry.
   */
  findListener(state: LoggedEvent, listener: Function): number {
    // ── HOT PATH (register's duplicate check, unregister by listener): kept
    // small so that V8 inlines it; the scans are out of line.
    let applied = this.log.applied();
    if (state.pendingMark !== applied || state.pendingLive >= LOG_SCAN_LIMIT) applied = this.#catchUp(state, applied);
    // The event's registrations still in the log, newest first (an
    // unregister usually names the last one registered).
    if (state.pendingLive !== 0) {
      const slot = this.#findLogged(state, listener);
      if (slot !== -1) return slot;
    }
    if (listener === this.#absentFn && state === this.#absentFrom) return -1;
    return this.#findInList(state, listener, applied);
  }

  /**
   * Brings `state`'s log bookkeeping up to date (settle); if many of its
   * registrations wait in the log (a module registering at load), applies
   * the log: one call costs less than scanning them at this register and
   * every one after. Returns the log's apply count.
   */
  #catchUp(state: LoggedEvent, applied: number): number {
    if (state.pendingMark !== applied) this.settle(state, applied);
    if (state.pendingLive < LOG_SCAN_LIMIT) return applied;
    this.flush();
    applied = this.log.applied();
    this.settle(state, applied);
    return applied;
  }

  /** The slot of `listener`'s registration for `state`'s event still in the log, or -1. */
  #findLogged(state: LoggedEvent, listener: Function): number {
    const at = this.log.find(state.eventId, listener, this.calls, this.onceListeners());
    if (at === -1) return -1;
    this.foundRank = this.log.rankAt(at);
    this.foundAt = at;
    return this.log.slotAt(at);
  }

  /** The slot of `listener` in `state`'s Wasm list, or -1 (remembered as absent until the next Wasm call). */
  #findInList(state: LoggedEvent, listener: Function, applied: number): number {
    const i32 = this.views.i32, calls = this.calls;
    // A `once` registration's calls entry is its wrapper: look in the map too, if any exist.
    const once = this.onceListeners();
    const list = state.listAt, words = this.entryWords, slotField = this.entrySlot, first = i32[list + this.listEntries] >> 2;
    if (state === this.#keptFor) {
      const fns = this.#kept;
      for (let i = 0; i < fns.length; i++) {
        if (fns[i] !== listener) continue;
        const at = first + i * words;
        this.foundRank = i32[at + this.entryRank];
        this.foundAt = -1;
        return i32[at + slotField];
      }
      this.#noteAbsent(state, listener);
      return -1;
    }
    for (let at = first, end = at + i32[list + this.listLength] * words; at < end; at += words) {
      const slot = i32[at + slotField];
      if (calls[slot] !== listener && (once === undefined || once.get(slot) !== listener)) continue;
      this.foundRank = i32[at + this.entryRank];
      this.foundAt = -1;
      return slot;
    }
    this.#noteAbsent(state, listener);
    // The same list scanned twice with none of its records in the log: a
    // register and unregister going round (churn). Keep its functions.
    if (state.pendingLive === 0) {
      if (state === this.#scannedFor && applied === this.#scannedAt) {
        this.#kept = this.#functionsOf(state, once);
        this.#keptFor = state;
      } else {
        this.#scannedFor = state;
        this.#scannedAt = applied;
      }
    }
    return -1;
  }

  /**
   * Brings `state`'s log bookkeeping to the log's apply count `applied`: its
   * records were applied since it last wrote one, and if any was not
   * withdrawn its list changed, so functions kept from it go.
   */
  protected settle(state: LoggedEvent, applied: number): void {
    if (state.pendingLive !== 0) {
      if (state === this.#keptFor) this.#letGoKept();
      state.pendingLive = 0;
    }
    state.pendingMark = applied;
  }

  #noteAbsent(state: LoggedEvent, listener: Function): void {
    this.#absentFrom = state;
    this.#absentFn = listener;
  }

  #letGoKept(): void {
    this.#keptFor = undefined;
    this.#kept = [];
  }

  /** The identity of each registration in `state`'s Wasm list, in list order: its function (for `once`, the listener). */
  #functionsOf(state: LoggedEvent, once: Map<number, Listener> | undefined): Function[] {
    const i32 = this.views.i32, words = this.entryWords, first = i32[state.listAt + this.listEntries] >> 2;
    const fns = new Array<Function>(i32[state.listAt + this.listLength]);
    for (let i = 0; i < fns.length; i++) {
      const slot = i32[first + i * words + this.entrySlot];
      fns[i] = (once !== undefined ? once.get(slot) : undefined) ?? this.calls[slot]!;
    }
    return fns;
  }

  /** A Wasm call changed `state`'s list (a record of it applied, a removal from it): functions kept from it go. */
  protected listChanged(state: LoggedEvent): void {
    if (state === this.#keptFor) this.#letGoKept();
  }

  /**
   * The log may have been applied: a list may have gained the function
   * found absent (let go, so it keeps no function reachable).
   */
  protected forgetAbsent(): void {
    this.#absentFn = undefined;
    this.#absentFrom = undefined;
  }
}
