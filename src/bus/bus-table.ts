// One bus's Wasm table seen from JS: the raw exports, views on its memory,
// the layout constants, and the slot -> function / user data / module arrays
// (SPEC §9). Every mutation goes through here so that views are refreshed
// and freed slots are cleared right after the Wasm call that changed them.

import type { BusTableExports } from "../table/backends.js";
import type { Listener } from "./types.js";
import { Views } from "../table/views.js";

/**
 * A user-data handle as the table sees it (pools.ts's UserDataImpl): the
 * Wasm handle it names, and the value it holds. The table never imports the
 * pools, which hand it these.
 */
export interface HeldHandle {
  readonly index: number;
  readonly generation: number;
  readonly pool: { readonly tag: string };
  /** The held value (valid while the handle is live). */
  peek(): unknown;
}

/** Reads one event's entries where the Wasm keeps them (one reader per table, reused). */
export class EntryReader {
  u32: Uint32Array = new Uint32Array(0);
  start = 0;
  length = 0;
  constructor(
    readonly words: number,
    readonly slotField: number,
    readonly rankField: number,
  ) {}

  slot(i: number): number {
    return this.u32[this.start + i * this.words + this.slotField];
  }

  rank(i: number): number {
    return this.u32[this.start + i * this.words + this.rankField];
  }
}

export class Table {
  readonly views: Views;
  /** Index of the word counting the freed list's words (two per slot the last mutation freed). */
  readonly freedWordsIndex: number;
  /** Index of the word holding the freed list's address. */
  readonly freedAtIndex: number;
  /** Index of the word holding the serial of the slot handed out last. */
  readonly lastSerialIndex: number;
  readonly entryWords: number;
  readonly entrySlot: number;
  readonly entryRank: number;
  readonly any: number;
  readonly noHandle: number;
  readonly coreRank: number;
  readonly statusDuplicate: number;
  readonly statusStaleHandle: number;
  readonly slotLive: number;
  readonly slotStale: number;

  // Per-slot arrays, filled when the Wasm hands out a slot and cleared when it
  // frees one. Parallel arrays rather than an object per registration: a
  // listener costs a few array elements on the JS heap.
  /** What the dispatcher calls: the listener, or for `once` a wrapper that first removes the registration. */
  readonly calls: (Listener | undefined)[] = [];
  /** Plain user data as registered (undefined past the array's end, and for handles). */
  readonly userData: unknown[] = [];
  /** The UserData handle a registration's user data came as, if it did (sparse like `userData`). */
  readonly handles: (HeldHandle | undefined)[] = [];
  /** Module names by rank (a module's rank is its load order + 1; rank 0, the core, is null). */
  readonly moduleNames: (string | null)[] = [null];
  /** `once` registrations' listeners (their `calls` entry is the wrapper). */
  readonly #onceListeners = new Map<number, Listener>();
  /** Removers of the abort listener of registrations made with a signal. */
  readonly #detachers = new Map<number, () => void>();

  /** Listener function -> the id the Wasm compares. Weak: forgetting a function frees its entry. */
  readonly #listenerIds = new WeakMap<Function, number>();
  #nextListenerId = 1;
  /**
   * The listener of the last successful register and its id: an unregister
   * (or register) that follows usually names the same function, and the
   * WeakMap lookup was the dearest JS step of either. When a registration of
   * it is removed the entry is only marked; a microtask forgets it at the end
   * of the current job unless it was registered again meanwhile, so it keeps
   * no removed listener reachable past the job (README decision 18).
   */
  #recent: Function | undefined = undefined;
  #recentId = 0;
  #recentRemoved = false;
  #forgetScheduled = false;
  readonly #forgetRecent = (): void => {
    this.#forgetScheduled = false;
    if (this.#recentRemoved) this.#recent = undefined;
  };

  /**
   * @param onEventChanged - Called with the event id of each registration a
   *   mutation freed, right after the Wasm call: the bus installs it to drop
   *   that event's dispatcher (the table knows nothing of dispatch).
   */
  constructor(readonly wasm: BusTableExports, onEventChanged: (eventId: number) => void) {
    this.#onEventChanged = onEventChanged;
    this.views = new Views(wasm.memory);
    this.freedWordsIndex = wasm.freedWordsAddress() >>> 2;
    this.freedAtIndex = wasm.freedAtAddress() >>> 2;
    this.lastSerialIndex = wasm.lastSerialAddress() >>> 2;
    this.entryWords = wasm.ENTRY_WORDS.value;
    this.entrySlot = wasm.ENTRY_SLOT.value;
    this.entryRank = wasm.ENTRY_RANK.value;
    // As i32 (-1, a small integer to V8): passed as 0xffffffff, a heap
    // number, every call paid a conversion into Wasm's i32 (Dec 2026, Node 20).
    this.any = wasm.ANY.value | 0;
    this.noHandle = wasm.NO_HANDLE.value | 0;
    this.coreRank = wasm.CORE_RANK.value;
    this.statusDuplicate = wasm.STATUS_DUPLICATE.value;
    this.statusStaleHandle = wasm.STATUS_STALE_HANDLE.value;
    this.slotLive = wasm.SLOT_LIVE.value;
    this.slotStale = wasm.SLOT_STALE.value;
    this.#reader = new EntryReader(this.entryWords, this.entrySlot, this.entryRank);
  }

  /** The id the Wasm compares for `listener`, given on its first registration. */
  listenerId(listener: Function): number {
    if (listener === this.#recent) return this.#recentId;
    let id = this.#listenerIds.get(listener);
    if (id === undefined) this.#listenerIds.set(listener, (id = this.#nextListenerId++));
    return id;
  }

  /** The id of a listener registered before, if any (unregister filters). */
  knownListenerId(listener: Function): number | undefined {
    return listener === this.#recent ? this.#recentId : this.#listenerIds.get(listener);
  }

  /** `listener` was just registered with `id`. */
  remember(listener: Function, id: number): void {
    this.#recent = listener;
    this.#recentId = id;
    this.#recentRemoved = false;
  }

  /** A registration of `listener` was removed: forget it as the recent one at the end of this job. */
  #recentRemovedNow(): void {
    this.#recentRemoved = true;
    if (this.#forgetScheduled) return;
    this.#forgetScheduled = true;
    queueMicrotask(this.#forgetRecent);
  }

  /**
   * Inserts a registration in dispatch order. Returns its slot (>= 0), or
   * `statusDuplicate` / `statusStaleHandle` with nothing changed. Plain
   * `userData` is kept as given; a handle is kept as the handle, and the
   * listener receives the value it holds (§4).
   */
  insert(
    eventId: number, rank: number, listenerId: number, listener: Listener, userData: unknown,
    handle: HeldHandle | undefined, once: boolean,
  ): number {
    const slot = this.wasm.insertListener(
      eventId, rank, listenerId,
      handle === undefined ? this.noHandle : handle.index, handle === undefined ? 0 : handle.generation,
    );
    this.#afterMutation(); // a replaced stale registration freed its slot: clear it before reuse
    if (slot < 0) return slot;
    this.calls[slot] = once ? this.#onceWrapper(slot, this.lastSerial(), listener) : listener;
    if (once) this.#onceListeners.set(slot, listener);
    // Most registrations have no user data: these arrays only grow to the
    // highest slot that had some (reads past their end are undefined).
    const value = handle === undefined ? userData : undefined;
    if (value !== undefined || slot < this.userData.length) this.userData[slot] = value;
    if (handle !== undefined || slot < this.handles.length) this.handles[slot] = handle;
    return slot;
  }


  // §4: `once` removes the registration before its listener runs. The
  // listener is called through a local, so its `this` stays undefined; what
  // it returns is passed on (a promise is watched, §6, or awaited, §14).
  #onceWrapper(slot: number, serial: number, listener: Listener): Listener {
    return (eventData, userData) => {
      this.remove(slot, serial);
      return listener(eventData, userData);
    };
  }

  /** The listener function registered in `slot` (valid while the slot is in use). */
  listenerOf(slot: number): Listener {
    // Most tables hold no `once` registration: skip the map lookup then.
    return (this.#onceListeners.size !== 0 ? this.#onceListeners.get(slot) : undefined) ?? this.calls[slot]!;
  }

  /** The serial of the registration the last successful insert made. */
  lastSerial(): number {
    return this.views.u32[this.lastSerialIndex];
  }

  serialOf(slot: number): number {
    return this.wasm.serialOf(slot);
  }

  /** Unregisters `slot` when `signal` aborts, unless it is removed some other way first. */
  watch(slot: number, serial: number, signal: AbortSignal): void {
    const onAbort = () => this.remove(slot, serial);
    signal.addEventListener("abort", onAbort, { once: true });
    this.#detachers.set(slot, () => signal.removeEventListener("abort", onAbort));
  }

  /** Removes one registration; true if it was live. */
  remove(slot: number, serial: number): boolean {
    const removedLive = this.wasm.removeRegistration(slot, serial);
    this.#afterMutation();
    return removedLive === 1;
  }

  /** Removes every match of the filters (`any` matches anything); returns the live count. */
  removeMatching(eventId: number, rank: number, listenerId: number): number {
    const removedLive = this.wasm.removeMatching(eventId, rank, listenerId);
    this.#afterMutation();
    return removedLive;
  }

  allocateHandle(): number {
    const index = this.wasm.allocateHandle();
    this.views.refresh();
    return index;
  }

  endHandle(index: number): void {
    this.wasm.endHandle(index);
  }

  /** `slotLive`, `slotStale`, or gone. */
  slotState(slot: number, serial: number): number {
    return this.wasm.slotState(slot, serial);
  }

  /** The slots of `eventId`'s entries, in dispatch order (a copy: entries move on mutation). */
  slotsOf(eventId: number): number[] {
    return this.#field(eventId, this.entrySlot);
  }

  /** The module name (null: the core) of each of `eventId`'s entries, in dispatch order. */
  modulesOf(eventId: number): (string | null)[] {
    return this.#field(eventId, this.entryRank).map((rank) => this.moduleNames[rank]);
  }

  /** `eventId`'s entries in dispatch order, read in place: valid until the next mutating call. */
  entriesOf(eventId: number): EntryReader {
    const reader = this.#reader;
    reader.u32 = this.views.u32;
    reader.start = this.wasm.entriesAddress(eventId) >>> 2;
    reader.length = this.wasm.entriesLength(eventId);
    return reader;
  }

  readonly #reader: EntryReader;
  readonly #onEventChanged: (eventId: number) => void;

  #field(eventId: number, field: number): number[] {
    const length = this.wasm.entriesLength(eventId), start = this.wasm.entriesAddress(eventId) >>> 2;
    const u32 = this.views.u32, words = this.entryWords, values: number[] = [];
    for (let i = 0; i < length; i++) values.push(u32[start + i * words + field]);
    return values;
  }

  /** The module name (null: the core) whose registration of `listener` for `eventId` is listed, or null (EEXIST messages). */
  moduleHolding(eventId: number, listener: Function): string | null {
    const slots = this.slotsOf(eventId), modules = this.modulesOf(eventId);
    for (let i = 0; i < slots.length; i++) if (this.listenerOf(slots[i]) === listener) return modules[i];
    return null;
  }

  /** The handle a slot's user data came as, if it came as one. */
  handleOf(slot: number): HeldHandle | undefined {
    return this.handles[slot];
  }

  /** What the listener in `slot` receives: the plain value, or the value its handle holds. */
  valueOf(slot: number): unknown {
    const handle = this.handles[slot];
    return handle === undefined ? this.userData[slot] : handle.peek();
  }

  /** Bytes of Wasm linear memory. */
  get memoryBytes(): number {
    return this.views.bytes;
  }


  #afterMutation(): void {
    this.views.refresh();
    const words = this.views.u32[this.freedWordsIndex];
    if (words === 0) return;
    const u32 = this.views.u32, start = u32[this.freedAtIndex] >>> 2;
    for (let i = 0; i < words; i += 2) {
      const slot = u32[start + i];
      this.#onEventChanged(u32[start + i + 1]); // the bus drops that event's dispatcher (§6)
      if (this.#recent !== undefined && this.listenerOf(slot) === this.#recent) this.#recentRemovedNow();
      // Drop references so removed listeners and their data can be collected.
      this.calls[slot] = undefined;
      if (slot < this.userData.length) this.userData[slot] = undefined;
      if (slot < this.handles.length) this.handles[slot] = undefined;
      // Most registrations have neither `once` nor a signal: skip the map lookups then.
      if (this.#onceListeners.size !== 0) this.#onceListeners.delete(slot);
      if (this.#detachers.size !== 0) {
        const detach = this.#detachers.get(slot);
        if (detach !== undefined) {
          this.#detachers.delete(slot);
          detach();
        }
      }
    }
  }
}
