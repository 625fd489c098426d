// One bus's Wasm table seen from JS: the raw exports, views on its memory,
// the layout constants, the pending log, and its mutations. It extends
// listener-identity.ts (finding a function's registration: the duplicate
// check, unregister by listener), which extends slot-arrays.ts (the slot ->
// function / user data / module arrays, §9). Every mutation goes through
// here so that views are refreshed and freed slots are cleared right after
// the Wasm call that changed them.
//
// The mutation path (README "How it works"): a registration is written into
// the Wasm table's pending log with typed-array stores, no call; the Wasm
// applies the log when anything next reads or changes the table (a removal
// applies it in the same call). Function identity is JS's
// (listener-identity.ts): the event's entries in Wasm memory (and its
// records still in the log) are scanned for the function, by slot.

import type { BusTableExports } from "../table/backends.js";
import type { Listener } from "./types.js";
import { Views } from "../table/views.js";
import { PendingLog } from "./pending-log.js";
import { EntryReader, type HeldHandle, type LoggedEvent } from "./table-shapes.js";
import { ListenerIdentity } from "./listener-identity.js";

export class Table extends ListenerIdentity {
  readonly views: Views;
  /** Index of the word counting the freed list's words (two per slot the last mutation freed). */
  readonly freedWordsIndex: number;
  /** Index of the freed list's first word (a fixed buffer). */
  readonly freedListIndex: number;
  /** Index of the word where removeMatching says which event it stopped at (-1: it finished). */
  readonly #matchingNextIndex: number;
  readonly entryWords: number;
  readonly entrySlot: number;
  readonly entryRank: number;
  readonly listEntries: number;
  readonly listLength: number;
  readonly any: number;
  readonly noHandle: number;
  readonly coreRank: number;
  readonly slotLive: number;
  readonly slotStale: number;

  /**
   * Called after a mutation that freed slots, once every one is handled:
   * pattern registrations finish there what the removal of one of their
   * slots began (patterns/pattern-registry.ts), outside the freed loop.
   */
  afterFreed: (() => void) | undefined = undefined;

  // Slots and serials are handed out here (the Wasm stamps what the log
  // says): slots the Wasm freed (its freed list) first, then the high-water mark.
  // A stack with its own top: Array#pop shrinks the backing store of an
  // array it empties, and the next push allocates a new one, which a
  // register + unregister pair freeing and taking one slot would pay each time.
  readonly #freeSlots: number[] = [];
  #freeCount = 0;
  #slotsUsed = 0;
  #nextSerial = 1;
  /** The serial of the registration the last insert made. */
  lastSerial = 0;
  // The registration insert logged last, while its record is the log's
  // newest (the log holds `#newestCount` records): a register and its
  // unregister in a row (churn) find it here without a search.
  #newestFor: LoggedEvent | undefined = undefined;
  #newestFn: Function | undefined = undefined;
  #newestCount = -1;
  #newestAt = 0;
  #newestSlot = -1;
  #newestRank = 0;

  /**
   * @param events - The interned events by event id (the bus adds to it):
   *   a pending record names its event by id.
   * @param onSlotFreed - Called with the event id and slot of each
   *   registration a mutation freed, right after the Wasm call, and whether
   *   it was in the event's Wasm list (not a record withdrawn from the log):
   *   the bus then drops that event's dispatcher (the table knows nothing of
   *   dispatch); the pattern registrations learn of every freed slot.
   */
  constructor(
    readonly wasm: BusTableExports, events: readonly LoggedEvent[], onSlotFreed: SlotFreed,
  ) {
    const views = new Views(wasm.memory);
    super(new PendingLog(wasm, views));
    this.views = views;
    this.#events = events;
    this.#onSlotFreed = onSlotFreed;
    this.freedWordsIndex = wasm.freedWordsAddress() >>> 2;
    this.freedListIndex = wasm.freedListAddress() >>> 2;
    this.#matchingNextIndex = wasm.matchingNextAddress() >>> 2;
    this.entryWords = wasm.ENTRY_WORDS.value;
    this.entrySlot = wasm.ENTRY_SLOT.value;
    this.entryRank = wasm.ENTRY_RANK.value;
    this.listEntries = wasm.LIST_ENTRIES.value;
    this.listLength = wasm.LIST_LENGTH.value;
    // As i32 (-1, a small integer to V8): passed as 0xffffffff, a heap
    // number, every call paid a conversion into Wasm's i32 (Dec 2026, Node 20).
    this.any = wasm.ANY.value | 0;
    this.noHandle = wasm.NO_HANDLE.value | 0;
    this.coreRank = wasm.CORE_RANK.value;
    this.slotLive = wasm.SLOT_LIVE.value;
    this.slotStale = wasm.SLOT_STALE.value;
    this.#reader = new EntryReader(this.entryWords, this.entrySlot, this.entryRank);
  }

  /** A newly interned event: its list record's address, where findListener reads its entries. */
  attach(state: LoggedEvent): void {
    state.listAt = this.wasm.eventListAddress(state.eventId) >>> 2;
    this.views.refresh();
  }

  /**
   * Applies the pending log, if it holds anything: every query calls this
   * first, so it sees every mutation made before it (§9).
   */
  flush(): void {
    if (this.log.count() === 0) return;
    this.wasm.applyPending();
    this.#afterMutation(); // logged removals freed their slots
  }

  /** Is the registration in `slot` (in use) live? Only one with a UserData handle can be stale (§7). */
  isLive(slot: number): boolean {
    if (slot >= this.handles.length || this.handles[slot] === undefined) return true;
    return this.slotState(slot, this.serialOf(slot)) === this.slotLive;
  }

  /**
   * Registers `listener` for `state`'s event: hands out a slot and a serial
   * (`lastSerial`) and writes the record into the pending log, applying the
   * log first if it is full. The caller has checked everything (§8: nothing
   * can fail from here). Plain `userData` is kept as given; a handle is kept
   * as the handle, and the listener receives the value it holds (§4).
   */
  insert(
    state: LoggedEvent, rank: number, listener: Listener, userData: unknown, handle: HeldHandle | undefined, once: boolean,
  ): number {
    // ── HOT PATH (register): a pop or a bump, seven stores into the log, the slot arrays. No call into Wasm.
    const log = this.log;
    if (log.isFull()) this.flush();
    const slot = this.#freeCount !== 0 ? this.#freeSlots[--this.#freeCount] : this.#slotsUsed++;
    const serial = this.#nextSerial;
    this.#nextSerial = serial === 0xffffffff ? 1 : serial + 1; // 0 means "free" to the Wasm
    const at = log.write(
      state.eventId, rank, slot, serial, handle === undefined ? this.noHandle : handle.index, handle === undefined ? 0 : handle.generation,
    );
    const applied = log.applied();
    if (state.pendingMark !== applied) this.settle(state, applied);
    state.pendingLive++;
    this.lastSerial = serial;
    this.#newestFor = state;
    this.#newestFn = listener;
    this.#newestCount = log.count();
    this.#newestAt = at;
    this.#newestSlot = slot;
    this.#newestRank = rank;

    this.keep(slot, serial, listener, userData, handle, once);
    return slot;
  }

  /**
   * Registers a pattern registration's `listener` for `state`'s event (§13)
   * as `insert` does, with `call` (which passes the event name) in `calls`:
   * snapshots list `listener` (identity: re-entrancy, hook info), call `call`.
   */
  insertPatternSlot(
    state: LoggedEvent, rank: number, listener: Listener, call: Listener, userData: unknown, handle: HeldHandle | undefined,
  ): number {
    const slot = this.insert(state, rank, call, userData, handle, false);
    this.keepPatternListener(slot, listener);
    return slot;
  }

  serialOf(slot: number): number {
    this.flush();
    return this.wasm.serialOf(slot);
  }

  /**
   * Removes one registration; true if it was live. One still in the pending
   * log is withdrawn there (no call: a logged registration is live); any
   * other is removed by the Wasm in one call that applies the log first.
   */
  remove(slot: number, serial: number): boolean {
    if (slot === this.#newestSlot && serial === this.lastSerial && this.log.count() === this.#newestCount) {
      this.#withdraw(this.#newestAt, slot, this.#newestFor!); // the registration logged last: no search
      return true;
    }
    const at = this.log.locate(slot, serial);
    if (at !== -1) {
      if (this.log.isWithdrawn(at)) return false; // removed already
      this.#withdraw(at, slot, this.#events[this.log.eventAt(at)]);
      return true;
    }
    const removedLive = this.wasm.removeRegistration(slot, serial);
    this.#afterMutation();
    return removedLive === 1;
  }

  /**
   * Removes `listener`'s registration for `state`'s event if its module's
   * rank is `rank` (`any`: every module); returns 1 if it was live, else 0.
   */
  removeListener(state: LoggedEvent, rank: number, listener: Function): number {
    // ── HOT PATH (unregister by name and listener): the registration logged
    // last (a register and its unregister in a row) is found without a search.
    // (#newestFn is let go whenever the record stops being the log's newest:
    // at every Wasm call, which may apply the log, and when it is dropped;
    // a later register replaces it. That is this test's one guard.)
    if (listener === this.#newestFn && state === this.#newestFor) {
      if (rank !== this.any && rank !== this.#newestRank) return 0;
      this.#withdraw(this.#newestAt, this.#newestSlot, state);
      return 1;
    }
    const slot = this.findListener(state, listener);
    if (slot === -1 || (rank !== this.any && this.foundRank !== rank)) return 0;
    return this.removeFound(slot, state);
  }

  /** Removes the registration in `slot`, found by findListener last; returns 1 if it was live, else 0. */
  removeFound(slot: number, state: LoggedEvent): number {
    if (this.foundAt !== -1) {
      this.#withdraw(this.foundAt, slot, state);
      return 1;
    }
    return this.removeSlot(slot);
  }

  /** Removes the registration in `slot` (in use) in one call; 1 if it was live, else 0. */
  removeSlot(slot: number): number {
    const removedLive = this.wasm.removeSlot(slot);
    this.#afterMutation();
    return removedLive;
  }

  /**
   * Withdraws the logged registration at `at` (in `slot`, of `state`'s
   * event); its function and data are let go at once. The log's newest
   * record is dropped from it, and its slot is free again; an older one is
   * marked withdrawn with one store (its slot returns to the free list when
   * the Wasm frees it, applying the log: a slot names one registration
   * within a log). Its event's dispatcher is already the rebuild stub: the
   * registration made it so, and a rebuild would have applied the log.
   */
  #withdraw(at: number, slot: number, state: LoggedEvent): void {
    state.pendingLive--;
    this.release(slot);
    // The newest record (a register and its unregister in a row) leaves the
    // log: the Wasm never sees the slot, which is free again at once.
    if (this.log.dropIfNewest(at)) {
      this.#freeSlots[this.#freeCount++] = slot;
      this.#newestCount = -1;
      this.#newestFn = undefined;
    } else {
      this.log.withdraw(at);
    }
  }

  /**
   * Removes every match of the filters (`any` matches anything); returns the
   * live count. The Wasm frees at most a freed list's worth of slots per
   * call (assembly/bus/freed.ts) and says where it stopped: JS reads each
   * batch and calls again until it finished. No user code runs in between.
   */
  removeMatching(eventId: number, rank: number): number {
    let removedLive = 0, from = this.any;
    do {
      removedLive += this.wasm.removeMatching(eventId, rank, from);
      this.#afterMutation();
      from = this.views.i32[this.#matchingNextIndex];
    } while (from !== this.any);
    return removedLive;
  }

  allocateHandle(): number {
    const index = this.wasm.allocateHandle();
    this.views.refresh();
    return index;
  }

  endHandle(index: number): void {
    this.wasm.endHandle(index);
    this.#afterMutation(); // it applied the pending log first
  }

  /** `slotLive`, `slotStale`, or gone. */
  slotState(slot: number, serial: number): number {
    this.flush();
    return this.wasm.slotState(slot, serial);
  }

  /**
   * The serial the next registration will get: a snapshot keeps it (its
   * `mark`) instead of a serial per entry, and entryState tells by it
   * whether a slot still holds the registration it had.
   */
  serialMark(): number {
    return this.#nextSerial;
  }

  /** `slotLive`, `slotStale`, or gone, for a snapshot entry: slot `slot` of a snapshot built at serial mark `mark`. */
  entryState(slot: number, mark: number): number {
    this.flush();
    return this.wasm.entryState(slot, mark);
  }

  /** Live (non-stale) registrations of `eventId` (§4 `listening`). */
  listenerCount(eventId: number): number {
    this.flush();
    return this.wasm.listenerCount(eventId);
  }

  /** `eventId`'s entries in dispatch order, read in place: valid until the next mutating call. */
  entriesOf(eventId: number): EntryReader {
    this.flush();
    const reader = this.#reader;
    reader.start = this.wasm.entriesAddress(eventId) >>> 2;
    reader.length = this.wasm.entriesLength(eventId);
    reader.u32 = this.views.u32;
    return reader;
  }

  readonly #reader: EntryReader;
  readonly #events: readonly LoggedEvent[];
  readonly #onSlotFreed: SlotFreed;

  /** Bytes of Wasm linear memory (with every pending registration applied). */
  get memoryBytes(): number {
    this.flush();
    return this.views.bytes;
  }

  #afterMutation(): void {
    this.views.refresh();
    // The log may have been applied: the registration logged last is no
    // longer its newest record, and a list may have gained the function
    // found absent (both let go, so neither keeps a function reachable).
    this.#newestCount = -1;
    this.#newestFn = undefined;
    this.forgetAbsent();
    const words = this.views.u32[this.freedWordsIndex];
    if (words === 0) return;
    const u32 = this.views.u32, start = this.freedListIndex;
    for (let i = 0; i < words; i += 2) {
      const slot = u32[start + i];
      // A withdrawn record's slot was released when its removal was logged,
      // and its registration was never in a snapshot (a rebuild applies the
      // log first): only a removal from a Wasm list changes a dispatch.
      const inList = this.calls[slot] !== undefined, eventId = u32[start + i + 1];
      if (inList) this.listChanged(this.#events[eventId]); // functions kept from its list go
      this.#onSlotFreed(eventId, slot, inList); // the bus drops that event's dispatcher (§6)
      if (inList) this.release(slot);
      this.#freeSlots[this.#freeCount++] = slot; // the Wasm is done with it: the next registration may take it
    }
    if (this.afterFreed !== undefined) this.afterFreed();
  }
}

/** Told of each slot a mutation freed (see the Table constructor). */
export type SlotFreed = (eventId: number, slot: number, inList: boolean) => void;
