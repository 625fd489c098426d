// The table's global state: the event directory, the slot records, the handle
// generations and the table version. Every mutation bumps the version; JS
// dispatch caches compare against it. Records indexed by id sit in chunks
// (chunks.ts), so their addresses never change; entry lists are blocks of
// the allocator's size classes (allocator.ts).

import { Entry, EventList, HandleRecord, NIL, NO_HANDLE, SlotRecord } from "./layout";
import { allocateBlock, classBytes, classFor, freeBlock, growBlock } from "./allocator";
import { Chunks, addChunk, recordAddress, recordCapacity } from "./chunks";
import { noteFreedSlot, reserveFreedPair, resetFreedSlots } from "./freed";

// ── Versions ── words at fixed addresses below the heap, so JS can read them
// through any view without a call. The table version is bumped by every
// change that can alter a dispatch (one compare per generate tells "nothing
// changed"); then each event's list version and the handle epoch (bumped when
// handles end, which can make entries of any event stale) tell which
// snapshots really need rebuilding.
const VERSION: usize = memory.data(4);
const HANDLE_EPOCH: usize = memory.data(4);

export function bumpVersion(): void {
  store<u32>(VERSION, load<u32>(VERSION) + 1);
}

/** A change in `list`: bumps its version and the table's. */
export function listChanged(list: EventList): void {
  list.version++;
  bumpVersion();
}

/** Handles ended: entries of any event may be stale now. */
export function handlesEnded(): void {
  store<u32>(HANDLE_EPOCH, load<u32>(HANDLE_EPOCH) + 1);
  bumpVersion();
}

/** Address of the table version word (fixed for the instance's lifetime). */
export function versionAddress(): usize {
  return VERSION;
}

/** Address of the handle epoch word (fixed for the instance's lifetime). */
export function handleEpochAddress(): usize {
  return HANDLE_EPOCH;
}

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
    list.version = 0;
  }
  directoryLength = eventId + 1;
}

export function eventCount(): u32 {
  return directoryLength;
}

/** Address of `eventId`'s list record (created empty if need be): fixed for the instance's lifetime, so JS keeps it. */
export function eventListAddress(eventId: u32): usize {
  resetFreedSlots(); // JS has read the last call's freed list, and a new chunk may be bumped over it
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

/**
 * Room for one more entry in `list` (may move its entries). Blocks go up one
 * size class at a time, and capacity is all that fits: 1, 2, 5, 10, 21, ...
 * entries, so 10 fill a 128-byte block exactly (doubling entry counts from 4,
 * as before, put 10 entries in 192 bytes).
 */
export function reserveEntry(list: EventList): void {
  if (list.length < list.capacity) return;
  let sizeClass: u32;
  if (list.entries == 0) {
    sizeClass = 0;
    list.entries = allocateBlock(sizeClass);
  } else {
    const from = entriesClass(list);
    sizeClass = from + 1;
    list.entries = growBlock(list.entries, from, sizeClass, <usize>list.length * offsetof<Entry>());
  }
  list.capacity = <u32>(classBytes(sizeClass) / offsetof<Entry>());
}

/** Gives an emptied list's block back to the allocator. */
export function releaseIfEmpty(list: EventList): void {
  if (list.length != 0 || list.entries == 0) return;
  freeBlock(list.entries, entriesClass(list));
  list.entries = 0;
  list.capacity = 0;
}

/** The size class of a list's block: the capacity was all that fit in it, so it needs that class. */
function entriesClass(list: EventList): u32 {
  return classFor(<usize>list.capacity * offsetof<Entry>());
}

// ── Slots ── a registration's identity on the JS side, which hands them out
// (its own free list, fed by the freed list) along with a serial, and writes
// both into the pending log. The serial tells a reused slot from the
// registration that had it; 0 means "free".
const SLOTS = changetype<Chunks>(memory.data(offsetof<Chunks>()));
let slotsUsed: u32 = 0; // high-water mark: slots below it have a record

// @ts-ignore: decorator
@inline export function slotRecord(slot: u32): SlotRecord {
  return changetype<SlotRecord>(recordAddress(SLOTS, slot, offsetof<SlotRecord>()));
}

export function slotCount(): u32 {
  return slotsUsed;
}

/** Stamps `slot` (handed out by JS) for a new registration of `eventId`. */
export function placeSlot(slot: u32, eventId: u32, serial: u32, handle: u32, handleGen: u32): void {
  while (slot >= recordCapacity(SLOTS)) addChunk(SLOTS, offsetof<SlotRecord>());
  // Slots JS skipped over (none today: it hands out the high-water mark in
  // order) would hold whatever the chunk's block held: mark them free.
  for (let skipped = slotsUsed; skipped < slot; skipped++) slotRecord(skipped).serial = 0;
  if (slot >= slotsUsed) slotsUsed = slot + 1;
  reserveFreedPair();
  const record = slotRecord(slot);
  record.eventId = eventId;
  record.serial = serial;
  record.handle = handle;
  record.handleGen = handleGen;
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
  // JS has read the last call's freed list, and a new chunk may be bumped over it.
  resetFreedSlots();
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
  const record = slotRecord(entry.slot);
  return isHandleStale(record.handle, record.handleGen);
}

/** A registration's handle is stale once its generation moved on; no handle is never stale (§7). */
export function isHandleStale(handle: u32, handleGen: u32): bool {
  if (handle == NO_HANDLE) return false;
  return handle < handlesUsed ? handleRecord(handle).gen != handleGen : true;
}
