// The bus table's global state: the event directory, the slot records and
// the handle generations. Records indexed by id sit in chunks
// (memory/chunks.ts), so their addresses never change; entry lists are
// blocks of the allocator's size classes (memory/block-list.ts). JS learns of
// changes from the freed list (freed.ts) and from its own mutation calls.
// Per listener: its entry (8 bytes in its event's list) and its slot record
// (8 bytes); a registration with a UserData handle adds a SlotHandle.

import { Entry, EventList, HandleRecord, NO_HANDLE, SlotHandle, SlotRecord } from "./layout";
import { BlockList, releaseBlock, reserveEntryIn } from "../memory/block-list";
import {
  Chunks, NIL, addChunk, recordAddress, recordCapacity, sparseRecordAddress, sparseRecordForWrite,
} from "../memory/chunks";
import { noteFreedSlot } from "./freed";

// ── Event directory ── one EventList per interned event id, ids dense from 0.
const DIRECTORY = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let directoryLength: u32 = 0;

/** Makes sure `eventId` has a list (empty to begin with). Lists never move; their entries may. */
export function ensureEvent(eventId: u32): void {
  if (eventId < directoryLength) return;
  for (let id = directoryLength; id <= eventId; id++) {
    if (id == recordCapacity(DIRECTORY)) addChunk(DIRECTORY, offsetof<EventList>());
    const list = eventListUnchecked(id);
    list.entries = 0;
    list.length = 0;
    list.capacity = 0;
  }
  directoryLength = eventId + 1;
}

export function eventCount(): u32 {
  return directoryLength;
}

/** Address of `eventId`'s list record (created empty if need be): fixed for the instance's lifetime, so JS keeps it. */
export function eventListAddress(eventId: u32): usize {
  ensureEvent(eventId);
  return changetype<usize>(eventListUnchecked(eventId));
}

/** The list of a known event id (below eventCount). */
// @ts-ignore: decorator
@inline export function eventListUnchecked(eventId: u32): EventList {
  return changetype<EventList>(recordAddress(DIRECTORY, eventId, offsetof<EventList>()));
}

// @ts-ignore: decorator
@inline export function entryAt(list: EventList, index: u32): Entry {
  return changetype<Entry>(list.entries + <usize>index * offsetof<Entry>());
}

/** Up to this many entries move word by word; longer moves use memory.copy. */
const SHORT_MOVE_ENTRIES: u32 = 32;

/**
 * Moves `count` entries from `src` to `dest`; the ranges may overlap. Short
 * moves (every insert and removal in lists of ordinary length) copy words in
 * a loop: V8 runs `memory.copy` as a call out to C++, which cost more than
 * the rest of an insert and a removal together (a register + unregister
 * pair went from 230 to 160 ns, Dec 2026, Node 20).
 */
export function moveEntries(dest: usize, src: usize, count: u32): void {
  if (count > SHORT_MOVE_ENTRIES) {
    memory.copy(dest, src, <usize>count * offsetof<Entry>());
    return;
  }
  const bytes = <usize>count * offsetof<Entry>();
  if (dest < src) {
    for (let at: usize = 0; at < bytes; at += 4) store<u32>(dest + at, load<u32>(src + at));
  } else {
    for (let at = bytes; at > 0; at -= 4) store<u32>(dest + at - 4, load<u32>(src + at - 4));
  }
}

/** Room for one more entry in `list` (may move its entries). */
export function reserveEntry(list: EventList): void {
  reserveEntryIn(changetype<BlockList>(list), offsetof<Entry>());
}

/** Gives an emptied list's block back to the allocator. */
export function releaseIfEmpty(list: EventList): void {
  if (list.length != 0 || list.entries == 0) return;
  releaseBlock(changetype<BlockList>(list), offsetof<Entry>());
}

// ── Slots ── a registration's identity on the JS side, which hands them out
// (its own free list, fed by the freed list) along with a serial, and writes
// both into the pending log. The serial tells a reused slot from the
// registration that had it; 0 means "free".
const SLOTS = changetype<Chunks>(memory.data(offsetof<Chunks>()));
/** Each slot's SlotHandle, sparse (chunks.ts): a table without user-data handles has no chunk of it. */
const SLOT_HANDLES = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let slotsUsed: u32 = 0; // high-water mark: slots below it have a record

// @ts-ignore: decorator
@inline export function slotRecord(slot: u32): SlotRecord {
  return changetype<SlotRecord>(recordAddress(SLOTS, slot, offsetof<SlotRecord>()));
}

export function slotCount(): u32 {
  return slotsUsed;
}

/** Stamps `slot` (handed out by JS) for a new registration of `eventId`, holding `handle` (NO_HANDLE: none). */
export function placeSlot(slot: u32, eventId: u32, serial: u32, handle: u32, handleGen: u32): void {
  while (slot >= recordCapacity(SLOTS)) addChunk(SLOTS, offsetof<SlotRecord>());
  // Slots JS skipped over (none today: it hands out the high-water mark in
  // order) would hold whatever the chunk's block held: mark them free.
  for (let skipped = slotsUsed; skipped < slot; skipped++) slotRecord(skipped).serial = 0;
  if (slot >= slotsUsed) slotsUsed = slot + 1;
  const record = slotRecord(slot);
  record.eventId = eventId;
  record.serial = serial;
  if (handle != NO_HANDLE) {
    const held = changetype<SlotHandle>(sparseRecordForWrite(SLOT_HANDLES, slot, offsetof<SlotHandle>()));
    held.handle = handle;
    held.gen = handleGen;
  } else {
    // The slot's previous registration may have had one: clear it, if its range has records.
    const held = sparseRecordAddress(SLOT_HANDLES, slot, offsetof<SlotHandle>());
    if (held != 0) changetype<SlotHandle>(held).gen = 0;
  }
}

export function serialOf(slot: u32): u32 {
  return slot < slotsUsed ? slotRecord(slot).serial : 0;
}

/** Frees a slot and tells JS (through the freed list) to drop its function and reuse it. */
export function releaseSlot(slot: u32): void {
  const record = slotRecord(slot);
  noteFreedSlot(slot, record.eventId);
  record.serial = 0;
}

// ── Handles ── generation counters of user-data handles. A handle index is
// reused after release, but its generation only ever grows, so an old handle
// (index, gen) never matches again.
const HANDLES = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let handlesUsed: u32 = 0;
let freeHandle: u32 = NIL;

// @ts-ignore: decorator
@inline function handleRecord(index: u32): HandleRecord {
  return changetype<HandleRecord>(recordAddress(HANDLES, index, offsetof<HandleRecord>()));
}

/**
 * Takes a handle index (its generation is handleGeneration(index)). It may
 * grow memory, which changes no dispatch: JS caches notice growth through
 * their detached views.
 */
export function allocateHandle(): u32 {
  if (freeHandle != NIL) {
    const index = freeHandle;
    freeHandle = handleRecord(index).nextFree;
    return index;
  }
  if (handlesUsed == recordCapacity(HANDLES)) addChunk(HANDLES, offsetof<HandleRecord>());
  const index = handlesUsed++;
  handleRecord(index).gen = 1;
  return index;
}

export function handleGeneration(index: u32): u32 {
  return index < handlesUsed ? handleRecord(index).gen : 0;
}

/** Ends a handle: bumps its generation (so every registration holding it is stale) and frees the index. */
export function releaseHandle(index: u32): void {
  const record = handleRecord(index);
  record.gen = record.gen == 0xffffffff ? 1 : record.gen + 1;
  record.nextFree = freeHandle;
  freeHandle = index;
}

/** Is the entry's registration stale (its user data's pool destroyed)? */
export function isEntryStale(entry: Entry): bool {
  return isSlotStale(entry.slot);
}

/** Is the registration in `slot` (in use) stale? Only one holding a UserData handle can be (§7). */
export function isSlotStale(slot: u32): bool {
  const held = sparseRecordAddress(SLOT_HANDLES, slot, offsetof<SlotHandle>());
  if (held == 0) return false;
  const record = changetype<SlotHandle>(held);
  return record.gen != 0 && isHandleStale(record.handle, record.gen);
}

/** A registration's handle is stale once its generation moved on; no handle is never stale (§7). */
export function isHandleStale(handle: u32, handleGen: u32): bool {
  if (handle == NO_HANDLE) return false;
  return handle < handlesUsed ? handleRecord(handle).gen != handleGen : true;
}
