// The table's global state: the event directory, the slot records, the handle
// generations, the table version and the list of slots freed by the last call.
// Every mutation bumps the version; JS dispatch caches compare against it.

import { Entry, EventList, HandleRecord, NIL, NO_HANDLE, SlotRecord } from "./layout";
import { ensureBytes, grownCapacity } from "./growth";

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
let directory: usize = 0;
let directoryLength: u32 = 0;
let directoryCapacity: u32 = 0;

/** Makes sure `eventId` has a list (empty to begin with). May move the directory. */
export function ensureEvent(eventId: u32): void {
  if (eventId < directoryLength) return;
  const needed = eventId + 1;
  if (needed > directoryCapacity) {
    const capacity = grownCapacity(directoryCapacity, needed);
    directory = ensureBytes(directory, 0, <usize>capacity * offsetof<EventList>());
    directoryCapacity = capacity;
  }
  for (let id = directoryLength; id < needed; id++) {
    const list = eventListUnchecked(id);
    list.entries = 0;
    list.length = 0;
    list.capacity = 0;
    list.version = 0;
  }
  directoryLength = needed;
}

export function eventCount(): u32 {
  return directoryLength;
}

/** The list of a known event id; invalid after ensureEvent grows the directory. */
export function eventListUnchecked(eventId: u32): EventList {
  return changetype<EventList>(directory + <usize>eventId * offsetof<EventList>());
}

export function entryAt(list: EventList, index: u32): Entry {
  return changetype<Entry>(list.entries + <usize>index * offsetof<Entry>());
}

/** Room for one more entry in `list` (may move its entries, never the directory). */
export function reserveEntry(list: EventList): void {
  if (list.length < list.capacity) return;
  const capacity = grownCapacity(list.capacity, list.length + 1);
  list.entries = ensureBytes(list.entries, 0, <usize>capacity * offsetof<Entry>());
  list.capacity = capacity;
}

/** Gives an emptied list's memory back to the allocator. */
export function releaseIfEmpty(list: EventList): void {
  if (list.length != 0 || list.entries == 0) return;
  heap.free(list.entries);
  list.entries = 0;
  list.capacity = 0;
}

// ── Slots ── a registration's identity on the JS side. Freed slots are reused
// (free list); the serial tells a reused slot from the registration that had it.
let slots: usize = 0;
let slotsUsed: u32 = 0; // high-water mark
let slotsCapacity: u32 = 0;
let freeSlot: u32 = NIL;
let nextSerial: u32 = 1;
/** The serial of the slot allocateSlot handed out last, at a fixed address for JS. */
const LAST_SERIAL: usize = memory.data(4);

export function lastSerialAddress(): usize {
  return LAST_SERIAL;
}

export function slotRecord(slot: u32): SlotRecord {
  return changetype<SlotRecord>(slots + <usize>slot * offsetof<SlotRecord>());
}

export function slotCount(): u32 {
  return slotsUsed;
}

/** Takes a slot for a new registration and stamps it with a fresh serial. */
export function allocateSlot(eventId: u32, handle: u32, handleGen: u32): u32 {
  let slot: u32;
  if (freeSlot != NIL) {
    slot = freeSlot;
    freeSlot = slotRecord(slot).eventId;
  } else {
    if (slotsUsed == slotsCapacity) {
      const capacity = grownCapacity(slotsCapacity, slotsUsed + 1);
      slots = ensureBytes(slots, 0, <usize>capacity * offsetof<SlotRecord>());
      slotsCapacity = capacity;
    }
    slot = slotsUsed++;
  }
  const record = slotRecord(slot);
  record.eventId = eventId;
  record.serial = nextSerial;
  store<u32>(LAST_SERIAL, nextSerial);
  record.handle = handle;
  record.handleGen = handleGen;
  nextSerial = nextSerial == 0xffffffff ? 1 : nextSerial + 1; // 0 means "free"
  return slot;
}

export function serialOf(slot: u32): u32 {
  return slot < slotsUsed ? slotRecord(slot).serial : 0;
}

/** Returns a slot to the free list and tells JS (through the freed list) to drop its function. */
export function releaseSlot(slot: u32): void {
  const record = slotRecord(slot);
  noteFreedSlot(slot, record.eventId);
  record.serial = 0;
  record.eventId = freeSlot;
  freeSlot = slot;
}

// ── Freed slots ── (slot, event id) pairs the last mutating call released, for
// JS to clear its slot arrays and drop that event's cached snapshot (which
// would otherwise keep the removed function reachable). Reset at the start
// of each mutating call.
// Its length is a word at a fixed address, so JS reads it without a call.
let freed: usize = 0;
const FREED_WORDS: usize = memory.data(4);
let freedCapacity: u32 = 0;

export function resetFreedSlots(): void {
  store<u32>(FREED_WORDS, 0);
}

function noteFreedSlot(slot: u32, eventId: u32): void {
  const freedLength = load<u32>(FREED_WORDS);
  if (freedLength + 2 > freedCapacity) {
    const capacity = grownCapacity(freedCapacity, freedLength + 2);
    freed = ensureBytes(freed, 0, <usize>capacity << 2);
    freedCapacity = capacity;
  }
  store<u32>(freed + (<usize>freedLength << 2), slot);
  store<u32>(freed + (<usize>(freedLength + 1) << 2), eventId);
  store<u32>(FREED_WORDS, freedLength + 2);
}

export function freedSlotsAddress(): usize {
  return freed;
}

/** Address of the word counting the freed list's words: two per freed slot (slot, event id). */
export function freedWordsAddress(): usize {
  return FREED_WORDS;
}

// ── Handles ── generation counters of user-data handles. A handle index is
// reused after release, but its generation only ever grows, so an old handle
// (index, gen) never matches again.
let handles: usize = 0;
let handlesUsed: u32 = 0;
let handlesCapacity: u32 = 0;
let freeHandle: u32 = NIL;

function handleRecord(index: u32): HandleRecord {
  return changetype<HandleRecord>(handles + <usize>index * offsetof<HandleRecord>());
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
  if (handlesUsed == handlesCapacity) {
    const capacity = grownCapacity(handlesCapacity, handlesUsed + 1);
    handles = ensureBytes(handles, 0, <usize>capacity * offsetof<HandleRecord>());
    handlesCapacity = capacity;
  }
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
