// One bus's Wasm table seen from JS: the raw exports, views on its memory,
// the layout constants, and the slot -> registration array. Every mutation
// goes through here so that views are refreshed and freed slots are cleared
// right after the Wasm call that changed them.

import type { TableExports } from "./wasm.js";
import { Views } from "./views.js";
import type { RegistrationImpl } from "./registration.js";

export class Table {
  readonly views: Views;
  /** Index of the version word in `views.u32`. The address is fixed for the instance. */
  readonly versionIndex: number;
  readonly entryWords: number;
  readonly entrySlot: number;
  readonly any: number;
  readonly noHandle: number;
  readonly coreRank: number;
  readonly statusDuplicate: number;
  readonly statusStaleHandle: number;
  readonly slotLive: number;
  readonly slotStale: number;
  /** slot -> registration, for slots in use; cleared when the Wasm frees a slot. */
  readonly registrations: (RegistrationImpl | undefined)[] = [];

  constructor(readonly wasm: TableExports) {
    this.views = new Views(wasm.memory);
    this.versionIndex = wasm.versionAddress() >>> 2;
    this.entryWords = wasm.ENTRY_WORDS.value;
    this.entrySlot = wasm.ENTRY_SLOT.value;
    this.any = wasm.ANY.value >>> 0;
    this.noHandle = wasm.NO_HANDLE.value >>> 0;
    this.coreRank = wasm.CORE_RANK.value;
    this.statusDuplicate = wasm.STATUS_DUPLICATE.value;
    this.statusStaleHandle = wasm.STATUS_STALE_HANDLE.value;
    this.slotLive = wasm.SLOT_LIVE.value;
    this.slotStale = wasm.SLOT_STALE.value;
  }

  /** The current table version (bumped by the Wasm on every change). */
  version(): number {
    return this.views.u32[this.versionIndex];
  }

  /**
   * Inserts `registration` in dispatch order. Returns its slot (>= 0), or
   * `statusDuplicate` / `statusStaleHandle` with nothing changed.
   */
  insert(registration: RegistrationImpl, eventId: number, rank: number, listenerId: number, handle: number, handleGen: number): number {
    const slot = this.wasm.insertListener(eventId, rank, listenerId, handle, handleGen);
    this.#afterMutation(); // a replaced stale registration freed its slot: clear it before reuse
    if (slot >= 0) this.registrations[slot] = registration;
    return slot;
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

  /** Bytes of Wasm linear memory. */
  get memoryBytes(): number {
    return this.views.bytes;
  }

  #afterMutation(): void {
    this.views.refresh();
    const count = this.wasm.freedSlotsLength();
    if (count === 0) return;
    const u32 = this.views.u32, start = this.wasm.freedSlotsAddress() >>> 2;
    for (let i = 0; i < count; i++) {
      const slot = u32[start + i];
      const registration = this.registrations[slot];
      this.registrations[slot] = undefined;
      registration?.removed();
    }
  }
}
